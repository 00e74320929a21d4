"""The solved program model's answers as plain data: what the analyses ask (`query.ProgramModel`)
and the call graph, taken out of the solver once its fix point is reached.

The answers are a pure function of what the program model reads of the facts (the modelled
modules' summaries and layout, `resolve.model_inputs`) and of onboard's own code, so they are
kept under the cache folder, keyed by both (`answers_key`): a run over a tree whose modelled code
has not changed since the last one (a test, a comment or a docs page may have) reads them back
instead of solving again. Entries are pickles of tuples, dicts, strings and numbers read back by
an unpickler that accepts no class (`fs.PlainUnpickler`); a missing, corrupt or foreign entry is
a miss, never an error. The last `_KEPT` entries stay.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
from collections.abc import Mapping
from itertools import repeat

from onboard.frozen import record
from onboard.fs import write_own
from onboard.resolve import CallEdge, CallGraph, Function
from onboard.resolve.chunks import Blob, LazyIndex, LazyMapping, LazySequence, pack_mapping, pack_sequence, valid
from onboard.resolve.program import Program

ANSWERS_FORMAT = 9  # bump when the answers change shape
_KEPT = 4  # entries kept per cache folder, the most recently written (Django's is 12 MB)
_PLACES = 4  # a tuple's first places that the analyses read (`[(r"/", Main), ...]`)
_UPDATES = 8  # in-place copies of a dict followed back to the dict they copy
_NOTHING = -1  # no node: an argument that is not followed (`*args`, a skeleton with no value)


@record
class Answers:
    """The solved program, as plain data. Nodes and values are the solver's ids, kept only where
    an answer needs them."""

    # (module, line, caller, callee names, positional argument nodes, (keyword, node) pairs)
    sites: tuple[tuple[str, int, str, tuple[str, ...], tuple[int, ...], tuple[tuple[str, int], ...]], ...]
    points: dict[int, tuple[int, ...]]  # node -> the values it holds, sorted
    values: dict[int, tuple]  # value id -> value, without the ids of other values (`_plain_value`)
    items: dict[tuple[int, str], int]  # (container value, "*" or "k:<place>") -> the node holding its items
    decorations: dict[tuple[str, str], tuple[str, ...]]  # (module, scope) -> what its decorators can be and give, by name
    owners: dict[str, tuple[str, str]]  # a method's call-graph name -> (module, class)
    calls: CallGraph
    # dict value -> its literal string keys, in the order first stored, each with the node of its value (-1: none)
    tables: dict[int, tuple[tuple[str, int], ...]]
    # (module, scope, name) -> node, for the names some variable of the same module holding a dict has (what `variable` asks)
    variables: dict[tuple[str, str, str], int]
    bases: dict[str, tuple[str, ...]]  # a class of the repo -> every class it derives from, by name
    passed: frozenset[str] = frozenset()  # every string literal the modelled code passes to a call
    # callee name -> the sites that can call it, in order (`ProgramModel.sites`); kept with the
    # answers read back, else made on the first question
    callees: Mapping[str, tuple[int, ...]] | None = None


def value_name(value: tuple) -> str | None:
    """A value's name as the call graph writes it, or None for one that has no name."""
    kind = value[0]
    if kind in ("fn", "m", "sm", "cls"):
        return f"{value[1]}.{value[2]}" if value[2] else value[1]
    if kind == "ext":
        return value[1]
    if kind == "bi":
        return value[1] if value[1].startswith("<") else f"<builtin>.{value[1]}"
    return None


def _items(program: Program, box: int, depth: int = 0) -> list[tuple[str, int]]:
    """(key, node of its value) of a dict's literal string keys that hold something. A dict with
    some items replaced in straight-line code (`d["k"] = v`, then a read of `d`) is the dict it
    copies with those."""
    solver = program.s
    site = solver.values[box][2]
    if type(site) is tuple and site[0] == "upd" and depth < _UPDATES:
        new = {name[2:]: solver.node_ids.get(("box", box, name), _NOTHING) for name in site[2] if name.startswith("s:")}
        items = [(key, new.pop(key, node)) for key, node in _items(program, site[1], depth + 1)]
        return items + list(new.items())
    return [(name[2:], node) for name in program.slots.get(box, ()) if name.startswith("s:")  # an empty one is a read's (`d["x"]`)
            for node in [solver.node_ids.get(("box", box, name))] if node is not None and solver.pts[node]]


def answers(program: Program, calls: CallGraph) -> Answers:
    """The answers of a solved `program` whose call graph is `calls`."""
    solver = program.s
    points: dict[int, tuple[int, ...]] = {}
    items: dict[tuple[int, str], int] = {}
    tables: dict[int, tuple[tuple[str, int], ...]] = {}
    kept: set[int] = set()

    def keep(start: int) -> None:
        stack = [start]
        while stack:
            node = stack.pop()
            if node in kept or node == _NOTHING:
                continue
            kept.add(node)
            points[node] = held = tuple(sorted(solver.pts[node]))
            for value in held:
                shape = solver.values[value]
                if shape[0] != "box":
                    continue
                if shape[1] == "dict" and value not in tables:  # a dict's items by key, kept in turn
                    tables[value] = found = tuple(_items(program, value))
                    stack.extend(node for _, node in found)
                if (value, "*") in items:
                    continue
                every = solver.node_ids.get(("box", value, "*"))  # a container's items, and the first places of those that are containers
                if every is None:
                    continue
                items[(value, "*")] = every
                points.setdefault(every, tuple(sorted(solver.pts[every])))
                for item in points[every]:
                    if solver.values[item][0] != "box":
                        continue
                    for place in range(_PLACES):
                        slot = solver.node_ids.get(("box", item, f"k:{place}"))
                        if slot is not None and (item, f"k:{place}") not in items:
                            items[(item, f"k:{place}")] = slot
                            points.setdefault(slot, tuple(sorted(solver.pts[slot])))

    def argument(node) -> int:
        if node is None or type(node) is tuple:
            return _NOTHING
        keep(node)
        return node

    sites = []
    for module, scope, line, callee, args, kwargs in program.sites:
        names = tuple(sorted({n for v in solver.pts[callee] for n in [value_name(solver.values[v])] if n}))
        if not names:
            continue  # a call of nothing known: no query (`ProgramModel.sites`, by name) can ask for it, nor its arguments
        sites.append((module, line, program.caller(module, scope), names, tuple(argument(a) for a in args),
                      tuple((k, argument(v)) for k, v in kwargs if k)))
    decorations = {}
    for where, pairs in program.decorations.items():
        names = {n for decorator, result in pairs for v in (*solver.pts[decorator], *solver.pts[result])
                 for n in [value_name(solver.values[v])] if n}
        decorations[where] = tuple(sorted(names))
    owners = {}
    for caller, (module, scope) in program.by_caller.items():
        info = program.scopes.get((module, scope))
        owner = program.scopes.get((module, info.parent)) if info is not None and info.parent is not None else None
        if owner is not None and owner.kind == "class":
            owners[caller] = (module, info.parent)
    dicts = frozenset(v for v, shape in enumerate(solver.values) if shape[0] == "box" and shape[1] == "dict")
    variables: dict[tuple[str, str, str], int] = {}
    if dicts:
        by_name: dict[tuple[str, str], list[tuple[tuple[str, str, str], int]]] = {}  # (module, name): `variable` stays in one module
        for key, node in solver.node_ids.items():
            if len(key) == 3 and type(key[1]) is str and type(key[2]) is str and (key[0], key[1]) in program.scopes:
                by_name.setdefault((key[0], key[2]), []).append((key, node))
        pts = solver.pts
        for entries in by_name.values():
            if any(pts[node] and not pts[node].isdisjoint(dicts) for _, node in entries):
                for key, node in entries:
                    variables[key] = node
                    keep(node)
    bases = {}
    for (module, name), info in program.scopes.items():
        if info.kind == "class":
            bases[f"{module}.{name}" if name else module] = tuple(
                entry[1] if entry[0] == "ext" else f"{entry[0]}.{entry[1]}" for entry in program.mro((module, name))[1:])
    values = {v: _plain_value(solver.values[v]) for held in points.values() for v in held}
    passed = frozenset(a[1] for info in program.scopes.values() for _, args, kwargs, _ in info.scope.calls
                       for a in (*args, *(v for _, v in kwargs)) if a is not None and a[0] == "s")
    return Answers(tuple(sites), points, values, items, decorations, owners, calls, tables, variables, bases, passed)


def _plain_value(shape: tuple) -> tuple:
    """A value as the answers keep it: its kind and the names the analyses read, never the id of
    another value (a bound method's receiver, a container's origin), which `merged` could not
    renumber."""
    kind = shape[0]
    if kind == "box":
        return shape[:2]  # ("box", "dict")
    if kind in ("bm", "fa", "super"):
        return shape[:1]
    return shape[:3]


def merged(parts: list[Answers], limits: tuple[str, ...]) -> Answers:
    """The answers of programs solved one part at a time (`resolve.parts`), as one: each part's
    nodes and values renumbered after the previous part's, the sites in module order, the call
    graph sorted again, `limits` for all of them."""
    if len(parts) == 1:
        only = parts[0]
        return only if only.calls.limits == limits else dataclasses.replace(only, calls=dataclasses.replace(only.calls, limits=limits))
    sites, points, values, items, tables, variables = [], {}, {}, {}, {}, {}
    decorations, owners, bases, functions, edges = {}, {}, {}, [], []
    nodes = ids = 0  # the first node and value id of the part
    for part in parts:
        def node(n: int, base: int = nodes) -> int:
            return n if n == _NOTHING else n + base

        points.update((n + nodes, tuple(v + ids for v in held)) for n, held in part.points.items())
        values.update((v + ids, shape) for v, shape in part.values.items())
        items.update(((box + ids, key), node(n)) for (box, key), n in part.items.items())
        tables.update((box + ids, tuple((key, node(n)) for key, n in entries)) for box, entries in part.tables.items())
        variables.update((key, node(n)) for key, n in part.variables.items())
        sites.extend((module, line, caller, names, tuple(node(a) for a in args), tuple((k, node(a)) for k, a in kwargs))
                     for module, line, caller, names, args, kwargs in part.sites)
        decorations.update(part.decorations)
        owners.update(part.owners)
        bases.update(part.bases)
        functions.extend(part.calls.functions)
        edges.extend(part.calls.edges)
        nodes += max(part.points, default=-1) + 1  # every node an answer names is in `points`
        ids += max(part.values, default=-1) + 1
    sites.sort(key=lambda site: site[0])  # stable: each module's sites in the order they were made
    calls = CallGraph(tuple(sorted(functions, key=lambda f: f.name)), tuple(sorted(edges, key=lambda e: (e.caller, e.callee))), limits,
                      tuple(sorted(edge for part in parts for edge in part.calls.uncertain)))
    return Answers(tuple(sites), points, values, items, decorations, owners, calls, tables, variables, bases,
                   frozenset().union(*(part.passed for part in parts)))


def callees(sites) -> dict[str, tuple[int, ...]]:
    """Each callee name of the `sites` (`Answers.sites`) -> the indices of the sites that can call it, in order."""
    found: dict[str, list[int]] = {}
    for index, site in enumerate(sites):
        for name in site[3]:  # distinct and sorted (`answers`)
            found.setdefault(name, []).append(index)
    return {name: tuple(indices) for name, indices in found.items()}


def answers_key(model: str, code: str) -> str:
    """The entry name for the answers of a program model whose inputs' digest is `model`
    (`resolve.model_inputs`), solved by onboard's code of fingerprint `code`."""
    material = repr((ANSWERS_FORMAT, model, code))
    return hashlib.blake2b(material.encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()


def _folder(cache_dir: str) -> str:
    return os.path.join(cache_dir, f"answers-{ANSWERS_FORMAT}")


def load(cache_dir: str, name: str) -> Answers | None:
    """The kept answers of entry `name`, or None."""
    from onboard.fs import PlainUnpickler, open_own

    try:
        handle = open_own(os.path.join(_folder(cache_dir), f"{name}.pickle"))
        if handle is None:
            return None
        with handle:
            if os.fstat(handle.fileno()).st_uid != os.geteuid():
                return None  # another user's entry is not to be trusted
            entry = PlainUnpickler(handle).load()
        if entry[0] != ANSWERS_FORMAT:
            return None
        (_, names, crc, data, by_name, sites, points, values, items, decorations, owners, functions, edges, limits, uncertain, tables,
         variables, bases, passed) = entry
        if not valid(data, crc):
            return None
        blob = Blob(data)
        if not set(map(len, functions)) <= {len(Function._fields)} or not set(map(len, edges)) <= {len(CallEdge._fields)}:
            return None
        # `tuple.__new__` makes the named tuples from the plain ones (of the length checked above)
        # in C: half the time of `_make` on Django's 45,000 edges
        calls = CallGraph(tuple(map(tuple.__new__, repeat(Function), functions)), tuple(map(tuple.__new__, repeat(CallEdge), edges)),
                          tuple(limits), uncertain)
        return Answers(LazySequence(blob, *sites), LazyMapping(blob, *points), LazyMapping(blob, *values), items, decorations, owners,
                       calls, tables, variables, bases, frozenset(passed), LazyIndex(names, LazySequence(blob, *by_name)))
    except Exception:  # noqa: BLE001 - a bad entry is a miss
        return None


def save(cache_dir: str, name: str, found: Answers) -> None:
    """Keep `found` as entry `name` (written aside, then renamed); failures are silent: the
    answers are only ever a shortcut."""
    folder = _folder(cache_dir)
    calls = found.calls
    blob = Blob()
    by_name = callees(found.sites)
    names = pack_sequence(blob, tuple(by_name.values()))
    sites = pack_sequence(blob, found.sites)
    points = (pack_mapping(blob, found.points), len(found.points))
    values = (pack_mapping(blob, found.values), len(found.values))
    data, crc = blob.joined()
    entry = (ANSWERS_FORMAT, tuple(by_name), crc, data, names, sites, points, values, found.items, found.decorations, found.owners,
             tuple((f.name, f.path, f.line, f.kind) for f in calls.functions),
             tuple((e.caller, e.callee, e.line, e.kind) for e in calls.edges), calls.limits, calls.uncertain, found.tables, found.variables,
             found.bases, tuple(sorted(found.passed)))
    try:
        os.makedirs(folder, exist_ok=True)
        if not write_own(os.path.join(folder, f"{name}.pickle"), lambda handle: pickle.dump(entry, handle, protocol=pickle.HIGHEST_PROTOCOL)):
            return
        kept = sorted((e for e in os.scandir(folder) if e.name.endswith(".pickle")), key=lambda e: e.stat().st_mtime_ns, reverse=True)
        for old in kept[_KEPT:]:
            os.unlink(old.path)
    except OSError:
        pass
