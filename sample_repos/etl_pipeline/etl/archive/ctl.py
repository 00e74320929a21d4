"""``python -m etl.archive.ctl COMMAND``: run one archive operation by hand."""
import sys

from etl.archive import jobs


def cmd_archive(args):
    jobs.archive_day(args[0], args[1:])


def cmd_rebuild(args):
    jobs.submit_rebuild(args[0])


def cmd_crawl(args):
    jobs.crawl_catalogue()


def cmd_status(args):
    from etl.archive.status import make_app
    make_app().listen(8890)


COMMANDS = [
    {"name": "archive", "help": "upload a day's extracts", "run": cmd_archive},
    {"name": "rebuild", "help": "rebuild a month on AWS Batch", "run": cmd_rebuild},
    {"name": "crawl", "help": "refresh the Glue catalogue", "run": cmd_crawl},
    {"name": "status", "help": "serve the status page", "run": cmd_status},
]


def main(argv):
    for command in COMMANDS:
        if command["name"] == argv[0]:
            return command["run"](argv[1:])
    sys.exit("unknown command %r" % argv[0])


if __name__ == "__main__":
    main(sys.argv[1:])
