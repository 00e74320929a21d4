"""The program model: value flow and the function-level call graph of the whole repository
(its tests left out), from the per-file summaries (`parse.summary`), bounded, between the import graph and the
analyses. `resolve` builds it; the analyses ask it what a name or a call site can hold.

Names follow PyCG: a module's top-level code is the module's name (`pkg.mod`), then
`pkg.mod.func`, `pkg.mod.Class.method`, `pkg.mod.func.<lambda1>`; builtins `<builtin>.len`;
what comes from outside the repository by the name it was imported as (`boto3.client`).

The modules are solved in `parts` that no value can cross (independent projects of a monorepo),
one after the other, and their answers merged. Bounds, each reported in `CallGraph.limits` when
hit: 64 values per node, 4,000,000 propagation steps a part, 200 classes per hierarchy.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from typing import NamedTuple

from onboard.facts import summary_digest
from onboard.frozen import record
from onboard.graph import ImportGraph
from onboard.resolve.objects import MAX_MRO
from onboard.resolve.program import Program
from onboard.resolve.solver import MAX_STEPS, MAX_VALUES, Solver


class Function(NamedTuple):
    """A node of the call graph: a module's top-level code, a function, a method or a lambda.
    (Named tuples, as `CallEdge`: a large project's tens of thousands are read back from the
    cache in a fifth of the time frozen dataclasses take.)"""

    name: str
    path: str
    line: int
    kind: str  # "module" | "function" | "method" | "lambda" | "class"


class CallEdge(NamedTuple):
    """`caller` calls `callee` (first at `line`); kind "passed" when `caller` hands the function
    to code outside the repository (a builtin, a library) that will probably call it."""

    caller: str
    callee: str
    line: int
    kind: str = "call"


@record
class CallGraph:
    """The resolved program: its functions, its call edges and the bounds that were hit;
    `uncertain`: the (caller, callee) edges whose call site may call another function of the
    repository instead (`uncertain_callees`), sorted."""

    functions: tuple[Function, ...]
    edges: tuple[CallEdge, ...]
    limits: tuple[str, ...]
    uncertain: tuple[tuple[str, str], ...] = ()

    def graph(self):
        """The call graph as a `networkx.DiGraph` (edges with their `line` and `kind`)."""
        import networkx as nx

        found = nx.DiGraph()
        found.add_nodes_from(f.name for f in self.functions)
        found.add_edges_from((e.caller, e.callee, {"line": e.line, "kind": e.kind}) for e in self.edges)
        return found


LOOKUP = "[]"  # a call of a container's item picked at run time: `handlers[kind](...)`


def written_name(skeleton) -> str | None:
    """The name a call site calls (`save` for `self.repo.save()`), `LOOKUP` for an item of a
    container under a key that is no literal, None for anything else without a plain name."""
    if not isinstance(skeleton, tuple) or not skeleton:
        return None
    if skeleton[0] in ("n", "a"):
        name = skeleton[1] if skeleton[0] == "n" else skeleton[2]
        return name if isinstance(name, str) else None
    if skeleton[0] == "i" and len(skeleton) == 3:
        key = skeleton[2]
        return None if isinstance(key, tuple) and key and key[0] in ("k", "s") else LOOKUP
    return None


def _written(program: Program) -> dict[tuple[str, int], Counter]:
    """(caller, line) -> how many calls of each name the code there writes (`written_name`)."""
    sites: dict[tuple[str, int], Counter] = defaultdict(Counter)
    for (module, name), info in program.scopes.items():
        caller = f"{module}.{name}" if name else module
        for call in info.scope.calls:
            if isinstance(call, tuple) and len(call) == 4 and isinstance(call[3], int):
                sites[(caller, call[3])][written_name(call[0])] += 1
    return sites


def _names(callee: str) -> tuple[str, ...]:
    """The names a call of `callee` is written with: `save` for `pkg.Repo.save`, also `Repo`
    for `pkg.Repo.__init__` (a class called)."""
    parts = callee.split(".")
    if len(parts) > 1 and parts[-1] in ("__init__", "__new__", "__call__"):
        return (parts[-1], parts[-2])
    return (parts[-1],)


def uncertain_callees(callees: list[str], external: list[str], written: dict[str | None, int]) -> set[str]:
    """Of the repository's `callees` from one (caller, line), those that may come from a call
    site with several candidates: a method of several classes, a parameter or a dictionary item
    bound to several functions. The call graph keeps one line per caller and callee, so a call
    site is told apart from another on the same line by the name it calls (`self.save()`,
    `handlers[kind]()`) as the summary records it (`written`, with the `external` callees of the
    line): more callees of a name than calls of that name on the line, more callees no call on
    the line names than calls without a plain name, or a call of a container's item under a key
    known only at run time, make every such edge uncertain."""
    unnamed = written.get(None, 0) + written.get(LOOKUP, 0)
    named = {n: c for n, c in written.items() if n not in (None, LOOKUP)}
    for name in (n for callee in external for n in _names(callee)[:1]):
        if named.get(name):
            named[name] -= 1  # `json.dumps(...)` on the line is not a call of ours
    by_name: dict[str, list[str]] = defaultdict(list)
    loose = []
    for callee in callees:
        match = next((n for n in _names(callee) if named.get(n)), None)
        (by_name[match] if match else loose).append(callee)
    found = {c for name, group in by_name.items() if len(group) > named[name] for c in group}
    if len(loose) > max(unnamed, 1) or written.get(LOOKUP):
        found.update(loose)
    return found


def _uncertain(program: Program, edges: list[CallEdge], functions: set[str]) -> tuple[tuple[str, str], ...]:
    """`CallGraph.uncertain` of the program's edges."""
    at_line: dict[tuple[str, int], tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for e in edges:
        at_line[(e.caller, e.line)][e.callee not in functions].append(e.callee)
    written = _written(program)
    found = set()
    for (caller, line), (ours, outside) in at_line.items():
        if ours:
            found.update((caller, c) for c in uncertain_callees(ours, outside, written.get((caller, line), {})))
    return tuple(sorted(found))


def _kind(program: Program, module: str, name: str) -> str:
    info = program.scopes[(module, name)]
    if info.kind != "function":
        return info.kind
    owner = program.scopes.get((module, info.parent)) if info.parent is not None else None
    return "method" if owner is not None and owner.kind == "class" else "function"


def _modelled(graph: ImportGraph) -> list[str]:
    return [name for name, m in sorted(graph.modules.items())
            if m is not None and m.kind != "stub" and m.scope not in ("tests", "vendored")]


def _packages(graph: ImportGraph) -> frozenset[str]:
    return frozenset(name for name, m in graph.modules.items() if m is not None and m.path.rsplit("/", 1)[-1].startswith("__init__."))


def model_inputs(graph: ImportGraph) -> str:
    """A digest of all the program model reads (`parts`, `build_program`, `call_graph`): each
    modelled module's name, path, kind, scope and summary, the packages, and the imports between
    modelled modules. An edit the model cannot see (a test module, a README, a comment or a
    docstring that moves no line) leaves it as it was: the answers kept for it still hold."""
    names = _modelled(graph)
    chosen = set(names)
    digest = hashlib.blake2b(digest_size=20)
    for name in names:
        module = graph.modules[name]
        facts = module.facts  # the summary's digest made with it (or now, for facts made elsewhere)
        summary = facts.summary_digest or summary_digest(facts.summary)
        digest.update(repr((name, module.path, module.kind, module.scope, summary)).encode("utf-8", "surrogateescape"))
    edges = [(e.importer, e.imported) for e in graph.edges if e.importer in chosen and e.imported in chosen]
    digest.update(repr((sorted(_packages(graph)), edges)).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def parts(graph: ImportGraph) -> list[list[str]]:
    """The modules the program model reads (`build_program`), in groups no value can cross: a
    module is in its importers' group and in its package's. Solved one at a time, a repository
    of independent projects (a monorepo, examples that import nothing of the package) needs the
    memory of its largest one, not of all. Each group sorted, the groups by their first name."""
    names = _modelled(graph)
    parent = {name: name for name in names}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    def join(a: str, b: str) -> None:
        a, b = root(a), root(b)
        if a != b:
            parent[max(a, b)] = min(a, b)

    for edge in graph.edges:
        if edge.importer in parent and edge.imported in parent:
            join(edge.importer, edge.imported)
    for name in names:
        package = name.rpartition(".")[0]
        while package and package not in parent:
            package = package.rpartition(".")[0]
        if package:
            join(name, package)
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(root(name), []).append(name)
    return sorted(groups.values())


def build_program(graph: ImportGraph, solver: Solver | None = None, modules: list[str] | None = None) -> Program:
    """The solved program model of the analysed modules of the import graph (of `modules` only,
    when given: one of `parts`), tests and vendored copies left out. Test code calls the
    program, the program never calls it, so no way in reaches it, and in a large project it is
    most of the code (two thirds of Django's files, of the model's time and of its memory). A
    vendored copy is the package it copies (`vendored`): the project's calls into it name that
    package, and what it does inside is not the project's (a third of a large ML library's lines)."""
    chosen = _modelled(graph) if modules is None else modules
    found = {name: graph.modules[name].facts.scopes for name in chosen}
    program = Program({name: scopes for name, scopes in found.items() if scopes}, _packages(graph), solver)
    program.build()
    return program


def bounds(program: Program) -> tuple[int, int, bool]:
    """How often the solved `program` hit each bound: names that held too many values, classes
    whose hierarchy was cut, whether the propagation stopped early."""
    return len(program.s.full_nodes), len(program.mro_cut), program.s.cut_steps


def limits(hits: tuple[int, int, bool], max_values: int = MAX_VALUES, max_steps: int = MAX_STEPS) -> tuple[str, ...]:
    """What the report says of the bounds `bounds` counted (summed over the parts)."""
    found = []
    if hits[0]:
        found.append(f"{hits[0]} names could hold more than {max_values} values; the rest were dropped")
    if hits[1]:
        found.append(f"{hits[1]} classes have more than {MAX_MRO} classes in their hierarchy; attributes are looked up in the first {MAX_MRO}")
    if hits[2]:
        found.append(f"value flow stopped after {max_steps} steps")
    return tuple(found)


def call_graph(graph: ImportGraph, program: Program) -> CallGraph:
    """The program's call graph, sorted."""
    functions = []
    for (module, name), info in program.scopes.items():
        if info.kind == "class":
            continue
        qualified = f"{module}.{name}" if name else module
        functions.append(Function(qualified, graph.modules[module].path, info.scope.line or 1, _kind(program, module, name)))
    edges = [CallEdge(caller, callee, line, kind) for (caller, callee), (line, kind) in program.edges.items()]
    found = limits(bounds(program), program.s.max_values, program.s.max_steps)
    doubtful = _uncertain(program, edges, {f.name for f in functions})
    return CallGraph(tuple(sorted(functions, key=lambda f: f.name)), tuple(sorted(edges, key=lambda e: (e.caller, e.callee))), found, doubtful)
