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
    tables: tuple["Table", ...] = ()  # the dicts it can be, by literal key (asked for)


@dataclass(frozen=True)
class Table:
    """A dict made at one place, by its literal string keys in the order they were first stored
    (`d["k"] = v` later included), each with what its value can be (nested dicts as tables, to
    `_TABLE_DEPTH` levels)."""

    items: tuple[tuple[str, Argument], ...]


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
_TABLE_DEPTH = 8
_TABLE_ITEMS = 2000  # items read from the tables of one argument, every level together


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

    def _argument(self, node, tuples: bool = False, tables: int = 0, seen: frozenset = frozenset(), budget: list | None = None) -> Argument:
        """What a node holds; `tables`: how many levels of dicts to read as tables, at most
        `_TABLE_ITEMS` items in all (`budget`)."""
        if node is None or type(node) is tuple:
            return _NONE
        solver = self.program.s
        ids = sorted(solver.pts[node])
        values = [solver.values[v] for v in ids]
        strings = tuple(sorted({v[1] for v in values if v[0] == "str"}))
        objects = tuple(sorted({n for v in values if v[0] in ("fn", "m", "cls") for n in [self.name(v)] if n}))
        items = tuple(self._tuples(ids)) if tuples else ()
        found = tuple(self._tables(ids, tables, seen, [_TABLE_ITEMS] if budget is None else budget)) if tables else ()
        return Argument(strings, objects, items, found) if strings or objects or items or found else _NONE

    def _tables(self, ids: list[int], levels: int, seen: frozenset, budget: list):
        """The dicts among `ids` with their literal keys (a dict that holds itself is cut)."""
        solver = self.program.s
        for box in ids:
            if solver.values[box][:2] != ("box", "dict") or box in seen:
                continue
            items = self._items(box)[:max(budget[0], 0)]
            budget[0] -= len(items)
            yield Table(tuple((key, self._argument(node, tables=levels - 1, seen=seen | {box}, budget=budget)) for key, node in items))

    def _items(self, box: int, depth: int = 0) -> list[tuple[str, int | None]]:
        """(key, node of its value) of a dict's literal keys that hold something. A dict with some items replaced in
        straight-line code (`d["k"] = v` then a read of `d`) is the dict it copies with those."""
        site = self.program.s.values[box][2]
        nodes = self.program.s.node_ids
        if type(site) is tuple and site[0] == "upd" and depth < _TABLE_DEPTH:
            new = {name[2:]: nodes.get(("box", box, name)) for name in site[2] if name.startswith("s:")}
            items = [(key, new.pop(key, node)) for key, node in self._items(site[1], depth + 1)]
            return items + list(new.items())
        pts = self.program.s.pts  # a key that holds nothing is the slot a read (`d["x"]`) made, not an item
        return [(name[2:], node) for name in self.program.slots.get(box, ()) if name.startswith("s:")
                for node in [nodes.get(("box", box, name))] if node is not None and pts[node]]

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

    def sites(self, wanted: Callable[[str], bool], tuples: bool = False, tables: bool = False) -> Iterator[CallSite]:
        """The call sites that can call something `wanted` accepts (by name), in source order;
        with `tuples`, their arguments' tuple items too; with `tables`, the dicts they can be."""
        for (module, scope, line, callee, args, kwargs), names in zip(self.program.sites, self._callees()):
            if not any(wanted(n) for n in names):
                continue
            yield CallSite(module, line, self.program.caller(module, scope), tuple(names),
                           tuple(self._argument(a, tuples, _TABLE_DEPTH if tables else 0) for a in args),
                           tuple((k, self._argument(v, tuples, _TABLE_DEPTH if tables else 0)) for k, v in kwargs if k))

    def popped_keys(self, caller: str) -> frozenset[str]:
        """The literal keys the function `caller` pops (`spec.pop("help", None)`), whatever the
        receiver (the model does not pair a dict's keys with its values in `for k, v in d.items()`)."""
        found = self.program.by_caller.get(caller)
        info = self.program.scopes.get(found) if found is not None else None
        keys = set()
        for callee, args, _, _ in info.scope.calls if info is not None else ():
            if callee is not None and callee[0] == "a" and callee[2] == "pop" and args and args[0] is not None and args[0][0] == "s":
                keys.add(args[0][1])
        return frozenset(keys)

    def variable(self, module: str, scope: str, name: str) -> Argument:
        """What `name` read in `scope` (dotted in the file, "" for the module body) can hold, dicts
        as tables of one level: the innermost scope that binds it, else the module's global."""
        nodes = self.program.s.node_ids
        current = scope
        while True:
            found = nodes.get((module, current, name))
            info = self.program.scopes.get((module, current))
            if found is not None or info is None or info.parent is None:
                break
            current = info.parent
        return self._argument(found if found is not None else nodes.get((module, "", name)), tables=1)

    def class_bases(self, qualified: str) -> tuple[str, ...]:
        """Every class a class of the repository derives from, by name, external ones included
        (`argparse.ArgumentParser`); () for a name that is no class of the repository."""
        module, _, name = qualified.rpartition(".")
        while module and (module, name) not in self.program.scopes:
            module, _, head = module.rpartition(".")
            name = f"{head}.{name}"
        info = self.program.scopes.get((module, name))
        if info is None or info.kind != "class":
            return ()
        return tuple(entry[1] if entry[0] == "ext" else f"{entry[0]}.{entry[1]}" for entry in self.program.mro((module, name))[1:])
