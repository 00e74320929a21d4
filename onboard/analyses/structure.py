"""Structure: cycles, layers, core modules, hubs and likely orphans of the import graph.

What it finds: over the `package` scope (the product, not its tests), the strongly connected
components of the module graph (cycles, each with one shortest concrete loop and its import
lines), the package-level layering (levels by longest path in the condensation DAG, foundation
= 0) with the imports that go upward against it, the modules most depended on (fan-in, then
PageRank), the modules that wire the most together (fan-out), and modules nothing imports.
Why it matters: it is the map a newcomer needs before reading code. Limits: imports hidden in
strings other than `importlib.import_module("literal")` and the dotted names in module-level
constants (Django's settings) are not seen, so an orphan is "likely".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection
from operator import sub

from onboard.analyses.tangle import inner_layers
from onboard.digraph import DiGraph, components, condensation, strongly_connected_components, topological_sort
from onboard.frozen import record
from onboard.graph import Edge, ImportGraph
from onboard.knowledge import FRAMEWORK_DISCOVERED_MODULES, FRAMEWORK_DISCOVERED_PACKAGES
from onboard.model.repo import Repo

CORE_LIMIT = 10


@record
class Link:
    """One import in a cycle or against the layering, where it is written."""

    importer: str
    imported: str
    path: str
    line: int


@record
class Cycle:
    """A strongly connected component of more than one module, with one shortest loop."""

    modules: tuple[str, ...]
    loop: tuple[Link, ...]
    import_time: bool  # False: the cycle closes only through TYPE_CHECKING or lazy imports


@record
class Layer:
    """Packages at one level: level 0 imports no other internal package."""

    level: int
    packages: tuple[str, ...]


@record
class Ranked:
    """A module with its fan-in, fan-out and PageRank in the package-scope graph."""

    module: str
    path: str
    fan_in: int
    fan_out: int
    pagerank: float


@record
class Orphan:
    """A module nothing outside the tests imports, and no convention or metadata starts."""

    module: str
    path: str
    imported_by_tests: bool


@record
class Structure:
    """What the structure analysis reports."""

    cycles: tuple[Cycle, ...]
    layers: tuple[Layer, ...]
    upward: tuple[Link, ...]
    core: tuple[Ranked, ...]
    hubs: tuple[Ranked, ...]
    orphans: tuple[Orphan, ...]
    packages: tuple[str, ...]
    package_graph: tuple[tuple[str, str, int], ...]  # (importer package, imported package, imports)
    weakest_links: tuple[tuple[str, str, int], ...] = ()  # package imports whose removal ends the package cycles
    tangled: int = 0  # packages in the largest group that import each other
    public_api: tuple[str, ...] = ()  # in a library: public modules nothing in the package imports (its users do)
    inner_package: str = ""  # when a package cycle swallows the layering: its largest package,
    inner_layers: tuple[Layer, ...] = ()  # and the module levels inside it (`packages` holds modules)


def package_of(name: str, path: str | None) -> str:
    """`a.b.c` in `a/b/c.py` -> `a.b`; a package (`__init__`) or a namespace is its own."""
    if path is None or path.rsplit("/", 1)[-1].startswith("__init__.") or "." not in name:
        return name
    return name.rpartition(".")[0]


def _scoped(repo: Repo, g: ImportGraph) -> DiGraph:
    keep = {n for n, m in g.modules.items() if m.scope == "package"}
    prefixes: set[str] = set()  # `a` and `a.b` of `a.b.c`
    for name in keep:
        while "." in name:
            name = name.rpartition(".")[0]
            if name in prefixes:  # and so are its own
                break
            prefixes.add(name)
    keep |= {n for n in prefixes if n in g.graph and n not in g.modules}  # their namespace packages
    return g.graph.subgraph(keep)  # in the graph's order


def _link(g: ImportGraph, importer: str, imported: str, eager_only: bool = False) -> Link:
    """Where `importer` imports `imported`: its first import-time line when asked for."""
    edge: Edge = g.graph.edges[importer, imported]["edge"]
    module = g.modules.get(importer)
    line = edge.lines[0]
    if eager_only and module is not None:
        eager = sorted(i.line for i in module.facts.imports if i.line in edge.lines and not (i.type_checking or i.lazy))
        line = eager[0] if eager else line
    return Link(importer, imported, module.path if module else "", line)


def _shortest_loop(sub: DiGraph, start: str) -> list[str]:
    paths = {start: [start]}
    queue = [start]
    while queue:
        nxt = []
        for node in queue:
            for succ in sorted(sub.successors(node)):
                if succ == start:
                    return paths[node] + [start]
                if succ not in paths:
                    paths[succ] = paths[node] + [succ]
                    nxt.append(succ)
        queue = nxt
    return [start]


def cycles(graph: DiGraph, g: ImportGraph) -> tuple[Cycle, ...]:
    """Every module cycle, largest first, each with the shortest loop through its most imported module."""
    found = []
    for component in strongly_connected_components(graph):
        if len(component) < 2:
            continue
        # the import-time edges inside the cycle alone (what follows depends on which nodes and
        # edges there are, not on their order: the loop is searched in sorted order)
        members = set(component)
        eager = {u: [v for _, v, attrs in graph.out_edges(u, data=True) if v in members and attrs["edge"].eager] for u in component}
        eager_cycles = [c for c in components(eager) if len(c) > 1]
        import_time = bool(eager_cycles)
        # show a loop that really closes at import time when there is one
        if import_time:
            closed = set(max(eager_cycles, key=lambda c: (len(c), sorted(c))))
            sub = DiGraph([(u, v) for u in closed for v in eager[u] if v in closed])
        else:
            sub = graph.subgraph(component)
        start = min(sub, key=lambda n: (-sub.in_degree(n), n))
        loop = _shortest_loop(sub, start)
        links = tuple(_link(g, a, b, eager_only=import_time) for a, b in zip(loop, loop[1:]))
        found.append(Cycle(tuple(sorted(component)), links, import_time))
    return tuple(sorted(found, key=lambda c: (-len(c.modules), c.modules)))


def _packages(graph: DiGraph, g: ImportGraph) -> dict[str, str]:
    """Each module of `graph` -> its package (`package_of`), worked out once for every import."""
    return {node: package_of(node, module.path if (module := g.modules.get(node)) else None) for node in graph}


def _package_graph(graph: DiGraph, package: dict[str, str]) -> DiGraph:
    packages = DiGraph()
    packages.add_nodes_from(package[node] for node in graph)
    weight: dict[tuple[str, str], int] = {}  # in the order of the first import: the order the graph has
    for u, v in graph.edges:
        pu, pv = package[u], package[v]
        if pu != pv:
            weight[pu, pv] = weight.get((pu, pv), 0) + 1
    packages.add_edges_from((pu, pv, {"weight": n}) for (pu, pv), n in weight.items())
    return packages


def layers(graph: DiGraph, g: ImportGraph, package: dict[str, str]) -> tuple[tuple[Layer, ...], tuple[Link, ...], DiGraph]:
    """Package levels (longest path to a foundation package) and the imports against them;
    `package`: `_packages(graph, g)`."""
    packages = _package_graph(graph, package)
    condensed = condensation(packages)
    level: dict[int, int] = {}
    for scc in reversed(topological_sort(condensed.graph)):
        level[scc] = 1 + max((level[s] for s in condensed.graph.successors(scc)), default=-1)
    by_level: dict[int, list[str]] = defaultdict(list)
    rank: dict[str, tuple] = {}
    for scc, members in enumerate(condensed.members):
        by_level[level[scc]].extend(members)
        for p in members:  # inside a package cycle, the most depended-on package is lowest
            net = sum(d["weight"] for *_, d in packages.out_edges(p, data=True)) - sum(d["weight"] for *_, d in packages.in_edges(p, data=True))
            rank[p] = (level[scc], net, p)
    upward = []
    for u, v in graph.edges:
        pu, pv = package[u], package[v]
        if pu != pv and rank[pu] < rank[pv]:
            upward.append(_link(g, u, v))
    found = tuple(Layer(n, tuple(sorted(by_level[n]))) for n in sorted(by_level))
    return found, tuple(sorted(upward, key=lambda l: (l.path, l.line, l.imported))), packages


MAX_CUTS = 50


def weakest_links(packages: DiGraph) -> tuple[tuple[str, str, int], ...]:
    """When packages import each other in a cycle, the package imports whose removal restores
    the layering, lightest first (greedy: the import carrying the fewest module imports inside a
    cycle goes, until no cycle is left; at most 50)."""
    # Removing an edge can only split the cycle it was in: each tangle's cycles are found again
    # inside it alone, on plain edge lists (50 rounds of networkx on a large package graph, each
    # over the whole graph, cost a tenth of a second), and only when it may have split.
    tangles = [sorted(edges) for edges in _tangles([(d.get("weight", 1), u, v) for u, v, d in packages.edges(data=True)])]  # an unweighted edge weighs 1
    cut: list[tuple[str, str, int]] = []
    while tangles and len(cut) < MAX_CUTS:
        (weight, u, v), *rest = tangles.pop(min(range(len(tangles)), key=lambda i: tangles[i][0]))  # each lightest first
        cut.append((u, v, weight))
        tangles += [rest] if _reaches(rest, u, v) else [sorted(edges) for edges in _tangles(rest)]
    return tuple(sorted(cut, key=lambda e: (e[2], e[0], e[1])))


def _reaches(edges: list[tuple[int, str, str]], start: str, end: str) -> bool:
    """Whether `start` reaches `end` through `edges`. A cycle that loses the import u -> v stays
    one cycle when u still reaches v: a way through that import goes round instead."""
    after: dict[str, list[str]] = defaultdict(list)
    for _, u, v in edges:
        after[u].append(v)
    seen, todo = {start}, [start]
    while todo:
        for node in after[todo.pop()]:
            if node == end:
                return True
            if node not in seen:
                seen.add(node)
                todo.append(node)
    return False


def _tangles(edges: list[tuple[int, str, str]]) -> list[list[tuple[int, str, str]]]:
    """The edges (weight, importer, imported) inside each cycle of packages: per strongly
    connected component of two packages or more, the edges between its members."""
    after: dict[str, list[str]] = {}
    for _, u, v in edges:
        after.setdefault(u, []).append(v)
        after.setdefault(v, [])
    member = {}
    for number, component in enumerate(components(after)):
        if len(component) > 1:
            member.update(dict.fromkeys(component, number))
    found: dict[int, list[tuple[int, str, str]]] = {}
    for edge in edges:
        number = member.get(edge[1])
        if number is not None and member.get(edge[2]) == number:
            found.setdefault(number, []).append(edge)
    return list(found.values())


def pagerank(graph: DiGraph, damping: float = 0.85, rounds: int = 100) -> dict[str, float]:
    """PageRank by power iteration: importance flows from importer to imported. (networkx's
    own needs scipy; this is the same computation on a sorted node list, deterministic.)"""
    nodes = sorted(graph)
    if not nodes:
        return {}
    number = {n: i for i, n in enumerate(nodes)}
    after = [[number[s] for s in graph.successors(n)] for n in nodes]  # by position: lists, not dicts
    size = len(nodes)
    rank = [1.0 / size] * size
    dangling_nodes = [i for i in range(size) if not after[i]]
    linking = [(i, successors, len(successors)) for i, successors in enumerate(after) if successors]
    for _ in range(rounds):
        # the same sums in the same order as ever (the figures are shown to six decimals)
        dangling = sum(map(rank.__getitem__, dangling_nodes)) / size
        new = [(1 - damping) / size + damping * dangling] * size
        for i, successors, count in linking:
            share = damping * rank[i] / count
            for j in successors:
                new[j] += share
        delta = sum(map(abs, map(sub, new, rank)))
        rank = new
        if delta < 1e-10:
            break
    return {n: round(v, 6) for n, v in zip(nodes, rank)}


def ranked(graph: DiGraph, g: ImportGraph) -> tuple[tuple[Ranked, ...], tuple[Ranked, ...]]:
    """The core (most imported) and the hubs (most importing) modules, ties broken by name."""
    scores = pagerank(graph)
    rows = [
        Ranked(n, g.modules[n].path, graph.in_degree(n), graph.out_degree(n), scores[n])
        for n in graph if n in g.modules
    ]
    core = sorted((r for r in rows if r.fan_in > 0), key=lambda r: (-r.fan_in, -r.pagerank, r.module))
    hubs = sorted((r for r in rows if r.fan_out > 1), key=lambda r: (-r.fan_out, r.module))
    return tuple(core[:CORE_LIMIT]), tuple(hubs[:CORE_LIMIT])


def started_elsewhere(repo: Repo) -> set[str]:
    """Modules that metadata names as an entry point (any group: scripts and plugins)."""
    targets = set()
    for group in repo.metadata.entry_points.values():
        for target in group.values():
            targets.add(target.split(":")[0].strip())
    return targets


def named_by_strings(g: ImportGraph) -> set[str]:
    """Modules that a module-level constant outside the tests names by a dotted string, as
    Django's `MIDDLEWARE`, `INSTALLED_APPS` or `AUTHENTICATION_BACKENDS` do
    (`"shop.middleware.Timing"` names `shop.middleware`): they are loaded by name."""
    found = set()
    for module in g.modules.values():
        if module is None or module.scope == "tests":
            continue
        for _, value in module.facts.constants:
            for text in _strings(value):
                if "." not in text or len(text) > 200 or not _DOTTED.fullmatch(text):
                    continue
                parts = text.split(".")
                name = next((n for n in (text, ".".join(parts[:-1])) if n in g.modules), None)
                if name is not None:
                    found.add(name)
    return found


_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")


def _strings(value: tuple, depth: int = 0):
    """The string values of a constant as the parser keeps it: `("str", s)` or `("list", items)`."""
    kind = value[0] if isinstance(value, tuple) and value else None
    if kind == "str" and isinstance(value[1], str):
        yield value[1]
    elif kind == "list" and depth < 4:
        for item in value[1]:
            yield from _strings(item, depth + 1)


def orphans(repo: Repo, g: ImportGraph, started_by: Collection[str] = ()) -> tuple[Orphan, ...]:
    """Package modules that nothing outside the tests imports and nothing starts by convention
    or names by a dotted string; `started_by`: modules the entry-point analysis found started (a
    route, a container command)."""
    started = started_elsewhere(repo) | set(started_by) | named_by_strings(g)
    found = []
    for name, module in sorted(g.modules.items()):
        if module.scope != "package" or module.kind == "stub" or name not in g.graph:  # not importable by name
            continue
        parts = name.split(".")
        if (module.path.rsplit("/", 1)[-1].startswith(("__init__.", "__main__.")) or module.facts.main_guard_line
                or name in started or parts[-1] in FRAMEWORK_DISCOVERED_MODULES
                or FRAMEWORK_DISCOVERED_PACKAGES.intersection(parts[:-1])):
            continue
        importers = [g.modules[i].scope if i in g.modules else "package" for i in g.graph.predecessors(name)]
        if all(scope == "tests" for scope in importers):
            found.append(Orphan(name, module.path, bool(importers)))
    return tuple(found)


def _public(name: str) -> bool:
    return not any(part.startswith("_") for part in name.split("."))


def structure(repo: Repo, g: ImportGraph, started_by: Collection[str] = (), library: bool = False,
              users_import: Collection[str] = ()) -> Structure:
    """The structure of the package scope of `repo`'s import graph; `started_by` as for `orphans`;
    `users_import`: modules its users import whatever the kind (optional integrations)."""
    graph = _scoped(repo, g)
    package = _packages(graph, g)
    found_layers, upward, packages = layers(graph, g, package)
    core, hubs = ranked(graph, g)
    package_edges = tuple(sorted((u, v, d["weight"]) for u, v, d in packages.edges(data=True)))
    unused = orphans(repo, g, started_by)
    # a library's public modules are its API; so are the optional integrations of any package
    api = tuple(o.module for o in unused if (library or o.module in users_import) and _public(o.module))
    inner, inner_levels = inner_layers(graph, packages, package.__getitem__)
    return Structure(cycles(graph, g), found_layers, upward, core, hubs, tuple(o for o in unused if o.module not in api),
                     tuple(sorted(packages)), package_edges, weakest_links(packages),
                     max((len(c) for c in strongly_connected_components(packages)), default=0), api,
                     inner, tuple(Layer(n, members) for n, members in enumerate(inner_levels)))
