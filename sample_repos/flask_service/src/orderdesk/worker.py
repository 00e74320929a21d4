import sys

from orderdesk.tasks import celery


def run(argv=None):
    """Entry point for ``orderdesk-worker``; passes arguments through to Celery."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not any(a.startswith("--loglevel") for a in argv):
        argv.append("--loglevel=info")
    celery.worker_main(["worker"] + argv)


if __name__ == "__main__":
    run()
