"""The package diagram: the package-level import graph collapsed to a readable size.

Packages are cut to the deepest dotted prefix that keeps the diagram at `MAX_NODES` or fewer;
edge weights are the number of module imports between two boxes, and boxes on a cycle are
marked. The reporters draw it (Mermaid in Markdown); this module decides what is drawn.
"""

from __future__ import annotations

from collections import Counter

from onboard.digraph import DiGraph, strongly_connected_components
from onboard.frozen import record

MAX_NODES = 30


@record
class Diagram:
    """Boxes (package names, sorted), weighted arrows, and the boxes that sit on a cycle."""

    nodes: tuple[str, ...]
    edges: tuple[tuple[str, str, int], ...]
    on_cycle: frozenset[str]
    depth: int | None  # the prefix depth packages were cut to; None when nothing was cut
    hidden: int = 0  # boxes left out (the least connected) to stay readable
    cycle_edges: frozenset[tuple[str, str]] = frozenset()  # arrows between two boxes of the same cycle


def _cut(name: str, depth: int | None) -> str:
    return name if depth is None else ".".join(name.split(".")[:depth])


def package_diagram(packages: tuple[str, ...], edges: tuple[tuple[str, str, int], ...]) -> Diagram:
    """Collapse `packages` and their weighted `edges` to at most `MAX_NODES` boxes."""
    depth: int | None = None
    deepest = max((p.count(".") + 1 for p in packages), default=1)
    candidates = [None, *range(deepest - 1, 0, -1)]
    for index, candidate in enumerate(candidates):
        depth = candidate
        if len({_cut(p, candidate) for p in packages}) <= MAX_NODES:
            # a cut that leaves a handful of boxes says little: one level deeper, trimmed, says more
            if index > 0 and len({_cut(p, candidate) for p in packages}) < 4:
                depth = candidates[index - 1]
            break
    nodes = sorted({_cut(p, depth) for p in packages})
    total = len(nodes)
    if len(nodes) > MAX_NODES:  # keep the most connected
        degree = Counter()
        for u, v, w in edges:
            degree[_cut(u, depth)] += w
            degree[_cut(v, depth)] += w
        nodes = sorted(sorted(nodes, key=lambda n: (-degree[n], n))[:MAX_NODES])
    keep = set(nodes)
    weights: Counter = Counter()
    for u, v, w in edges:
        cu, cv = _cut(u, depth), _cut(v, depth)
        if cu != cv and cu in keep and cv in keep:
            weights[(cu, cv)] += w
    graph = DiGraph(list(weights))
    component_of = {n: i for i, component in enumerate(strongly_connected_components(graph)) if len(component) > 1 for n in component}
    on_cycle = frozenset((u, v) for u, v in weights if u in component_of and component_of[u] == component_of.get(v))
    return Diagram(tuple(nodes), tuple(sorted((u, v, w) for (u, v), w in weights.items())), frozenset(component_of), depth,
                   total - len(nodes), on_cycle)
