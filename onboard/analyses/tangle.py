"""Structure that says something when a package cycle swallows the layering.

What it finds: when the largest group of packages that import each other holds at least half
of the packages (and at least 3), the package-level layers say little (one level holds them
all), so it looks one level down: inside the largest package of that group (by its own
modules, its subpackages not counted), the module-level layers, foundation (level 0: imports no
other module of that package) first, modules on a cycle sharing a level. Why it matters: a
newcomer still gets an order to read that package in. Limits: one package only; the weakest
links between packages are `structure.weakest_links`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from onboard.digraph import DiGraph, condensation, strongly_connected_components, topological_sort


def swallowed(tangled: int, packages: int) -> bool:
    """Whether one package cycle swallows the layering: at least 3 packages, at least half."""
    return tangled >= 3 and 2 * tangled >= packages


def levels(graph: DiGraph) -> tuple[tuple[str, ...], ...]:
    """The nodes of each level, sorted, foundation (level 0) first: levels by longest path to a
    foundation node of the condensation (the nodes of a cycle share a level)."""
    condensed = condensation(graph)
    level: dict[int, int] = {}
    for scc in reversed(topological_sort(condensed.graph)):
        level[scc] = 1 + max((level[s] for s in condensed.graph.successors(scc)), default=-1)
    by_level: dict[int, list[str]] = defaultdict(list)
    for scc, members in enumerate(condensed.members):
        by_level[level[scc]].extend(members)
    return tuple(tuple(sorted(by_level[n])) for n in sorted(by_level))


def inner_layers(modules: DiGraph, packages: DiGraph, package_of: Callable[[str], str]) -> tuple[str, tuple[tuple[str, ...], ...]]:
    """(the largest package of the largest package cycle, its module levels) when that cycle
    swallows the layering, else ("", ())."""
    groups = [set(c) for c in strongly_connected_components(packages) if len(c) > 1]
    group = max(groups, key=lambda c: (len(c), sorted(c)), default=set())
    if not swallowed(len(group), packages.number_of_nodes()):
        return "", ()
    members: dict[str, list[str]] = defaultdict(list)
    for module in modules:
        if package_of(module) in group:
            members[package_of(module)].append(module)
    largest = min(members, key=lambda p: (-len(members[p]), p), default="")
    if len(members.get(largest, ())) < 2:
        return "", ()
    return largest, levels(modules.subgraph(members[largest]))
