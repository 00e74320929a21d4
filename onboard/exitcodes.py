"""The exit codes of the `onboard` command, one place, documented in `--help` and the README."""

import enum


class ExitCode(enum.IntEnum):
    """What the process exit status means."""

    OK = 0
    """The report was written (even if some files could not be analysed)."""
    CHECK_FAILED = 1
    """`onboard check`: documentation coverage is below the threshold."""
    USAGE = 2
    """Unusable arguments or configuration, or the output cannot be written."""
    NOT_ANALYSED = 3
    """`--strict`: the report was written but some files could not be analysed."""
    INTERNAL = 70
    """A bug in onboard itself; the traceback is saved to a file named in the message."""
