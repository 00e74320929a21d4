"""Name patterns from the user (`ignore-regex`), matched with a time limit.

A repository's own config may hold a regular expression that backtracks for ever on some name
(`(a+)+$`). Python's `re` engine checks for signals, so each match runs under a short timer in
the main thread; a pattern that runs out of time is a configuration error, not a hang.
"""

from __future__ import annotations

import re
import signal
import threading

from onboard.config import ConfigError

_BUDGET_SECONDS = 0.5


class _OutOfTime(Exception):
    pass


def _interrupt(signum, frame):
    raise _OutOfTime


class NamePatterns:
    """`matches(name)`: does any pattern match at the start of `name` (like `re.match`)?"""

    def __init__(self, patterns: tuple[str, ...] | list[str]) -> None:
        self.sources = tuple(patterns)
        self.compiled = [re.compile(p) for p in self.sources]
        self.memo: dict[str, bool] = {}

    def __bool__(self) -> bool:
        return bool(self.compiled)

    def matches(self, name: str) -> bool:
        if not self.compiled:
            return False
        if name not in self.memo:
            self.memo[name] = any(self._match(pattern, name) for pattern in self.compiled)
        return self.memo[name]

    @staticmethod
    def _match(pattern: re.Pattern, name: str) -> bool:
        if threading.current_thread() is not threading.main_thread():
            return pattern.match(name) is not None
        previous = signal.signal(signal.SIGALRM, _interrupt)
        signal.setitimer(signal.ITIMER_REAL, _BUDGET_SECONDS)
        try:
            return pattern.match(name) is not None
        except _OutOfTime:
            raise ConfigError(f"ignore-regex {pattern.pattern!r} took over {_BUDGET_SECONDS:g} s on the name {name[:60]!r}; "
                              "rewrite it without nested repetition") from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
