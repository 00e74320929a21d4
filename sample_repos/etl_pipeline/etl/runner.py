"""Command line entry point: ``etl-run <job> --date YYYY-MM-DD``."""
from __future__ import print_function

import argparse
import datetime
import logging
import sys

from etl.config import get_config

log = logging.getLogger("etl.runner")

JOBS = ("orders", "customers", "partners", "all")


def _parse_date(value):
    return datetime.datetime.strptime(value, "%Y-%m-%d").date()


def build_parser():
    """Build the argparse parser with ``run``, ``all`` and ``list`` subcommands."""
    parser = argparse.ArgumentParser(prog="etl-run", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command")

    run = sub.add_parser("run", help="run a single job")
    run.add_argument("job", choices=JOBS[:-1])
    run.add_argument("--date", type=_parse_date, required=True)
    run.add_argument("--dry-run", action="store_true")

    everything = sub.add_parser("all", help="run every job in order")
    everything.add_argument("--date", type=_parse_date, required=True)

    sub.add_parser("list", help="list known jobs")
    return parser


def run_job(name, day, dry_run=False):
    """Run one job for ``day``. Imports are lazy so ``etl-run list`` stays fast."""
    from etl.extract import gcs, postgres, sftp
    from etl.load import bigquery
    from etl.transform import clean

    cfg = get_config()
    if name == "orders":
        df = clean.clean_orders(postgres.fetch_orders(day))
    elif name == "customers":
        df = clean.dedupe_customers(postgres.fetch_customers(day))
    elif name == "partners":
        df = clean.normalise_columns(sftp.fetch_partner_file(day))
    else:
        raise ValueError("unknown job %r" % name)
    if dry_run:
        log.info("dry run: %s would load %d rows", name, len(df))
        return 0
    gcs.upload_snapshot(df, "%s/%s.csv" % (name, day.isoformat()))
    bigquery.load_dataframe(df, cfg.get("bigquery", "dataset", "analytics"), name)
    return len(df)


def main(argv=None):
    """Console script entry point. Returns a process exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)
    if args.command == "list":
        for job in JOBS[:-1]:
            print(job)
        return 0
    if args.command == "run":
        run_job(args.job, args.date, args.dry_run)
    elif args.command == "all":
        for job in JOBS[:-1]:
            run_job(job, args.date)
    else:
        build_parser().print_help()
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main())
