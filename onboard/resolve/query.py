"""What the analyses ask the program model: the call sites of the repository with what their
callee and arguments can be, once the value flow is solved. No analysis sees nodes or values.

A callee is named as in the call graph (`boto3.client`, `pkg.mod.func`, `<builtin>.len`, a
class as `pkg.mod.Class`); an argument as the strings it can hold (a literal at the site, or
one that flows in: `get_client("batch")` calling `boto3.client(name)` gives "batch" at the
`boto3.client` site), and the functions and classes it can be.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from onboard.facts import FileFacts, Scope
from onboard.frozen import record
from onboard.resolve.answers import Answers, callees, value_name


@record
class Argument:
    """What one argument can hold: strings, and functions or classes of the repo (named)."""

    strings: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    tuples: tuple[tuple["Argument", ...], ...] = ()  # a list's items that are tuples, by position (asked for)
    tables: tuple["Table", ...] = ()  # the dicts it can be, by literal key (asked for)


@record
class Table:
    """A dict made at one place, by its literal string keys in the order they were first stored
    (`d["k"] = v` later included), each with what its value can be (nested dicts as tables, to
    `_TABLE_DEPTH` levels)."""

    items: tuple[tuple[str, Argument], ...]


@record
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


class Summaries:
    """Each function's summary by its call-graph name (`pkg.mod.Class.method`), a module's
    decoded when one of its functions is first asked for (`FileFacts.scopes`)."""

    def __init__(self, modules: dict[str, FileFacts]) -> None:
        self.modules = modules
        self.decoded: dict[str, dict[str, Scope]] = {}

    def get(self, qualified: str) -> Scope | None:
        module, _, name = qualified.rpartition(".")
        rest = [name]
        while module:  # the longest module name that prefixes it
            facts = self.modules.get(module)
            if facts is not None:
                found = self.decoded.get(module)
                if found is None:
                    found = self.decoded[module] = {scope.name: scope for scope in facts.scopes if scope.name}
                return found.get(".".join(reversed(rest)))
            module, _, name = module.rpartition(".")
            rest.append(name)
        return None


class ProgramModel:
    """The solved program (its `Answers`), as the analyses ask it; `summaries`: each function's
    summary by its call-graph name (what its own code does, for `popped_keys`)."""

    def __init__(self, found: Answers, summaries: Summaries | None = None) -> None:
        self.answers = found
        self.summaries = summaries or Summaries({})
        self.by_name: dict[str, tuple[int, ...]] | None = None  # callee name -> the sites that can call it, in order
        self.by_last: dict[str, list[str]] | None = None  # a name's last dotted part -> the callee names

    def _argument(self, node: int | None, tuples: bool = False, tables: int = 0, seen: frozenset = frozenset(),
                  budget: list | None = None) -> Argument:
        """What a node holds; `tables`: how many levels of dicts to read as tables, at most
        `_TABLE_ITEMS` items in all (`budget`)."""
        found = self.answers
        ids = found.points.get(node, ()) if node is not None else ()
        values = [found.values[v] for v in ids]
        strings = tuple(sorted({v[1] for v in values if v[0] == "str"}))
        objects = tuple(sorted({n for v in values if v[0] in ("fn", "m", "cls") for n in [value_name(v)] if n}))
        items = tuple(self._tuples(ids)) if tuples else ()
        dicts = tuple(self._tables(ids, tables, seen, [_TABLE_ITEMS] if budget is None else budget)) if tables else ()
        return Argument(strings, objects, items, dicts) if strings or objects or items or dicts else _NONE

    def _tables(self, ids: tuple[int, ...], levels: int, seen: frozenset, budget: list):
        """The dicts among `ids` with their literal keys (a dict that holds itself is cut)."""
        found = self.answers
        for box in ids:
            if found.values[box][:2] != ("box", "dict") or box in seen:
                continue
            items = found.tables.get(box, ())[:max(budget[0], 0)]
            budget[0] -= len(items)
            yield Table(tuple((key, self._argument(node, tables=levels - 1, seen=seen | {box}, budget=budget)) for key, node in items))

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

    def sites(self, wanted: Callable[[str], bool] | str | frozenset[str], tuples: bool = False, tables: bool = False,
              last: tuple[str, ...] = ()) -> Iterator[CallSite]:
        """The call sites that can call something `wanted` accepts (by name; a string: that name;
        a set: those names), in source order; with `tuples`, their arguments' tuple items too;
        with `tables`, the dicts they can be. `last`: a function `wanted` is asked only of the
        names whose last dotted part is one of these (looked up, not every name asked)."""
        depth = _TABLE_DEPTH if tables else 0
        if self.by_name is None:  # callee name -> its sites: kept with the answers read back, else made once
            self.by_name = self.answers.callees if self.answers.callees is not None else callees(self.answers.sites)
        if isinstance(wanted, str):
            chosen = self.by_name.get(wanted, [])
        elif isinstance(wanted, frozenset):  # looked up, not asked of every name
            chosen = sorted({i for name in wanted for i in self.by_name.get(name, ())})
        else:
            names = self._ending(last) if last else self.by_name
            chosen = sorted({i for name in names if wanted(name) for i in self.by_name[name]})
        found = self.answers.sites
        for module, line, caller, names, args, kwargs in (found[i] for i in chosen):
            yield CallSite(module, line, caller, names, tuple(self._argument(a, tuples, depth) for a in args),
                           tuple((k, self._argument(v, tuples, depth)) for k, v in kwargs))

    def _ending(self, last: tuple[str, ...]) -> list[str]:
        if self.by_last is None:
            by_last: dict[str, list[str]] = defaultdict(list)
            for name in self.by_name or ():
                by_last[name.rpartition(".")[2]].append(name)
            self.by_last = dict(by_last)
        return [name for part in last for name in self.by_last.get(part, ())]

    def popped_keys(self, caller: str) -> frozenset[str]:
        """The literal keys the function `caller` pops (`spec.pop("help", None)`), whatever the
        receiver (the model does not pair a dict's keys with its values in `for k, v in d.items()`)."""
        summary = self.summaries.get(caller)
        keys = set()
        for callee, args, _, _ in summary.calls if summary is not None else ():
            if callee is not None and callee[0] == "a" and callee[2] == "pop" and args and args[0] is not None and args[0][0] == "s":
                keys.add(args[0][1])
        return frozenset(keys)

    def variable(self, module: str, scope: str, name: str) -> Argument:
        """What `name` read in `scope` (dotted in the file, "" for the module body) can hold, dicts
        as tables of one level: the innermost scope that binds it, else the module's global."""
        known = self.answers.variables
        current: str | None = scope
        while current is not None:
            found = known.get((module, current, name))
            if found is not None:
                return self._argument(found, tables=1)
            current = current.rpartition(".")[0] if current else None
        return _NONE

    def class_bases(self, qualified: str) -> tuple[str, ...]:
        """Every class a class of the repository derives from, by name, external ones included
        (`argparse.ArgumentParser`); () for a name that is no class of the repository."""
        return self.answers.bases.get(qualified, ())
