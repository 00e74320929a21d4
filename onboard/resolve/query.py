"""What the analyses ask the program model: the call sites of the repository with what their
callee and arguments can be, once the value flow is solved. No analysis sees nodes or values.

A callee is named as in the call graph (`boto3.client`, `pkg.mod.func`, `<builtin>.len`, a
class as `pkg.mod.Class`); an argument as the strings it can hold (a literal at the site, or
one that flows in: `get_client("batch")` calling `boto3.client(name)` gives "batch" at the
`boto3.client` site), and the functions and classes it can be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from onboard.resolve.answers import Answers, value_name


@dataclass(frozen=True)
class Argument:
    """What one argument can hold: strings, and functions or classes of the repo (named)."""

    strings: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    tuples: tuple[tuple["Argument", ...], ...] = ()  # a list's items that are tuples, by position (asked for)


@dataclass(frozen=True)
class CallSite:
    """One call in the repository, resolved."""

    module: str
    line: int
    caller: str  # the call graph's name of the calling function (or module)
    callees: tuple[str, ...]
    args: tuple[Argument, ...]
    kwargs: tuple[tuple[str, Argument], ...]

    def argument(self, position: int, keyword: str | None) -> Argument | None:
        """The argument at `position` (-1: the last positional) or given as `keyword`."""
        for name, value in self.kwargs:
            if name == keyword:
                return value
        if self.args and -len(self.args) <= position < len(self.args):
            return self.args[position]
        return None


_NONE = Argument()


class ProgramModel:
    """The solved program (its `Answers`), as the analyses ask it."""

    def __init__(self, found: Answers) -> None:
        self.answers = found

    def _argument(self, node: int, tuples: bool = False) -> Argument:
        found = self.answers
        ids = found.points.get(node, ())
        values = [found.values[v] for v in ids]
        strings = tuple(sorted({v[1] for v in values if v[0] == "str"}))
        objects = tuple(sorted({n for v in values if v[0] in ("fn", "m", "cls") for n in [value_name(v)] if n}))
        items = tuple(self._tuples(ids)) if tuples else ()
        return Argument(strings, objects, items) if strings or objects or items else _NONE

    def _tuples(self, ids: tuple[int, ...]):
        """The items of the containers among `ids` that are containers themselves, each as its
        first four places: `[(r"/", Main), ...]`."""
        found = self.answers
        seen = set()
        for box in ids:
            if found.values[box][0] != "box":
                continue
            every = found.items.get((box, "*"))
            for item in found.points.get(every, ()) if every is not None else ():
                if found.values[item][0] != "box" or item in seen:
                    continue
                seen.add(item)
                places = [found.items.get((item, f"k:{i}")) for i in range(4)]
                yield tuple(self._argument(p) for p in places if p is not None)

    def decorators(self, module: str, scope: str) -> tuple[str, ...]:
        """What the decorators of a function or class can be, and what applying them gives, by
        name: `@task(queue="q")` where the project's `task` returns `app.task(...)` gives
        "celery.Celery.task"."""
        return self.answers.decorations.get((module, scope), ())

    def owner_class(self, caller: str) -> tuple[str, str] | None:
        """(module, class) of the class whose method `caller` is, or None."""
        return self.answers.owners.get(caller)

    def sites(self, wanted: Callable[[str], bool], tuples: bool = False) -> Iterator[CallSite]:
        """The call sites that can call something `wanted` accepts (by name), in source order;
        with `tuples`, their arguments' tuple items too."""
        for module, line, caller, names, args, kwargs in self.answers.sites:
            if not any(wanted(n) for n in names):
                continue
            yield CallSite(module, line, caller, names, tuple(self._argument(a, tuples) for a in args),
                           tuple((k, self._argument(v, tuples)) for k, v in kwargs))
