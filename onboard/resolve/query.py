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

from onboard.resolve.program import Program


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
    """The solved program, as the analyses ask it."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self._names: list[tuple[str, ...]] | None = None

    def name(self, value: tuple) -> str | None:
        kind = value[0]
        if kind in ("fn", "m", "sm", "cls"):
            return f"{value[1]}.{value[2]}" if value[2] else value[1]
        if kind == "ext":
            return value[1]
        if kind == "bi":
            return value[1] if value[1].startswith("<") else f"<builtin>.{value[1]}"
        return None

    def _argument(self, node, tuples: bool = False) -> Argument:
        if node is None or type(node) is tuple:
            return _NONE
        solver = self.program.s
        ids = sorted(solver.pts[node])
        values = [solver.values[v] for v in ids]
        strings = tuple(sorted({v[1] for v in values if v[0] == "str"}))
        objects = tuple(sorted({n for v in values if v[0] in ("fn", "m", "cls") for n in [self.name(v)] if n}))
        items = tuple(self._tuples(ids)) if tuples else ()
        return Argument(strings, objects, items) if strings or objects or items else _NONE

    def _tuples(self, ids: list[int]):
        """The items of the containers among `ids` that are containers themselves, each as its
        first four places: `[(r"/", Main), ...]`."""
        solver = self.program.s
        seen = set()
        for box in ids:
            if solver.values[box][0] != "box":
                continue
            every = solver.node_ids.get(("box", box, "*"))
            for item in sorted(solver.pts[every]) if every is not None else ():
                if solver.values[item][0] != "box" or item in seen:
                    continue
                seen.add(item)
                places = [solver.node_ids.get(("box", item, f"k:{i}")) for i in range(4)]
                yield tuple(self._argument(p) for p in places if p is not None)

    def decorators(self, module: str, scope: str) -> tuple[str, ...]:
        """What the decorators of a function or class can be, and what applying them gives, by
        name: `@task(queue="q")` where the project's `task` returns `app.task(...)` gives
        "celery.Celery.task"."""
        solver = self.program.s
        names = set()
        for decorator, result in self.program.decorations.get((module, scope), ()):
            for value in (*solver.pts[decorator], *solver.pts[result]):
                name = self.name(solver.values[value])
                if name:
                    names.add(name)
        return tuple(sorted(names))

    def _callees(self) -> list[tuple[str, ...]]:
        """Each call site's callee names, worked out once."""
        if self._names is None:
            solver = self.program.s
            self._names = [tuple(sorted({n for v in solver.pts[callee] for n in [self.name(solver.values[v])] if n}))
                           for _, _, _, callee, _, _ in self.program.sites]
        return self._names

    def owner_class(self, caller: str) -> tuple[str, str] | None:
        """(module, class) of the class whose method `caller` is, or None."""
        found = self.program.by_caller.get(caller)
        info = self.program.scopes.get(found) if found is not None else None
        owner = self.program.scopes.get((found[0], info.parent)) if info is not None and info.parent is not None else None
        return (found[0], info.parent) if owner is not None and owner.kind == "class" else None

    def sites(self, wanted: Callable[[str], bool], tuples: bool = False) -> Iterator[CallSite]:
        """The call sites that can call something `wanted` accepts (by name), in source order;
        with `tuples`, their arguments' tuple items too."""
        for (module, scope, line, callee, args, kwargs), names in zip(self.program.sites, self._callees()):
            if not any(wanted(n) for n in names):
                continue
            yield CallSite(module, line, self.program.caller(module, scope), tuple(names), tuple(self._argument(a, tuples) for a in args),
                           tuple((k, self._argument(v, tuples)) for k, v in kwargs if k))
