"""Postgres maintenance for the platform database, run from cron on the bastion host.

    python scripts/maintenance.py vacuum --full
    python scripts/maintenance.py reindex
"""
import argparse
import logging
import os
import sys

from sqlalchemy import create_engine, text

log = logging.getLogger("maintenance")

TABLES = ["users", "items", "outbox"]


def vacuum(engine, args):
    verb = "VACUUM FULL ANALYZE" if args.full else "VACUUM ANALYZE"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in TABLES:
            log.info("%s %s", verb, table)
            conn.execute(text(f"{verb} {table}"))


def run_simple(engine, args):
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in TABLES:
            conn.execute(text(f"{args.command.upper()} {table}"))


def build_parser():
    parser = argparse.ArgumentParser(description="Postgres maintenance")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    sub = parser.add_subparsers(dest="command", required=True)

    vac = sub.add_parser("vacuum", help="VACUUM ANALYZE every table")
    vac.add_argument("--full", action="store_true", help="VACUUM FULL (locks the tables!)")
    vac.set_defaults(func=vacuum)

    for name in ["reindex", "analyze"]:
        cmd = sub.add_parser(name, help=f"{name.upper()} every table")
        cmd.set_defaults(func=run_simple)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if not args.database_url:
        log.error("DATABASE_URL is not set")
        return 2
    args.func(create_engine(args.database_url), args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
