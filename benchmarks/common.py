"""What every part of the benchmark shares: the error that ends it with a message, and progress lines."""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


class BenchError(Exception):
    """A problem that ends the benchmark with a message, not a traceback."""


def say(message: str) -> None:
    """A progress line on stderr (the tables go to stdout)."""
    print(message, file=sys.stderr, flush=True)
