"""The exit codes of the `onboard` command, one place, documented in `--help` and the README."""

import enum


class ExitCode(enum.IntEnum):
    """What the process exit status means; see `MEANING`."""

    OK = 0
    CHECK_FAILED = 1
    USAGE = 2
    NOT_ANALYSED = 3
    INTERNAL = 70


MEANING = {
    ExitCode.OK: "report written (even if some files could not be analysed)",
    ExitCode.CHECK_FAILED: "`check`: a rule failed (coverage, a path minimum, a regression, a cycle, a layer)",
    ExitCode.USAGE: "unusable arguments or configuration, or the output cannot be written",
    ExitCode.NOT_ANALYSED: "with --strict: some files could not be analysed",
    ExitCode.INTERNAL: "a bug in onboard; the traceback is saved to the file named on stderr",
}
