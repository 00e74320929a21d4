"""``etl-admin``: maintenance commands for the warehouse tables."""
import argparse
import sys

from etl.config import get_config
from etl.load import bigquery


def show_config(args):
    cfg = get_config()
    print("loaded from: %s" % ", ".join(cfg.loaded_from) or "(defaults)")
    for section in cfg.sections():
        print("[%s]" % section)
        for key, value in cfg.parser.items(section):
            print("  %s = %s" % (key, value))


def truncate_table(args):
    """Drop all rows from a warehouse table. Asks for confirmation unless ``--yes``."""
    if not args.yes:
        answer = input("Really truncate %s? [y/N] " % args.table)
        if answer.lower() != "y":
            return 1
    bigquery.truncate(args.dataset, args.table)
    return 0


# Housekeeping commands, one table per group: a dict is a group of commands, text is help.
HOUSEKEEPING = {
    "partitions": {"help": "Partition upkeep", "compact": "Merge small files", "expire": "Drop old partitions"},
    "vacuum": "Reclaim space",
}


def add_commands(sub, table):
    # a sub-command per key of the table, a group for a nested table
    for name, spec in table.items():
        if isinstance(spec, dict):
            spec = spec.copy()
            group = sub.add_parser(name, help=spec.pop("help", None))
            add_commands(group.add_subparsers(dest=name), spec)
        else:
            sub.add_parser(name, help=spec)


def cli(argv=None):
    parser = argparse.ArgumentParser(prog="etl-admin")
    sub = parser.add_subparsers(dest="cmd")
    sub.add_parser("config").set_defaults(func=show_config)
    t = sub.add_parser("truncate")
    t.add_argument("dataset")
    t.add_argument("table")
    t.add_argument("--yes", action="store_true")
    t.set_defaults(func=truncate_table)
    add_commands(sub, HOUSEKEEPING)
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(cli())
