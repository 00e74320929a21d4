"""Where to start reading: a short, justified path through the package for a newcomer.

What it finds: the modules that start the program (console scripts and other entry points from
the metadata, `__main__` modules, modules with a main guard), then the most imported modules
those reach, listed foundation first (a module before the modules that import it), each with a
one-line reason and its docstring's first line. At most `LIMIT` modules; the rest are counted
per package. Limits: reach follows imports only; code started by a framework (routes, tasks) is
found once the entry-points analysis exists.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from onboard.analyses.structure import package_of
from onboard.graph import ImportGraph
from onboard.model.repo import Repo

LIMIT = 15
ENTRY_LIMIT = 5


@dataclass(frozen=True)
class Step:
    """One module to read, and why."""

    module: str
    path: str
    reason: str
    summary: str  # the docstring's first line, "" when undocumented


@dataclass(frozen=True)
class ReadingOrder:
    """The steps, and how many package modules are left, per package."""

    steps: tuple[Step, ...]
    rest: tuple[tuple[str, int], ...]


def _entries(repo: Repo, g: ImportGraph) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    for group, items in sorted(repo.metadata.entry_points.items()):
        for name, target in sorted(items.items()):
            module = target.split(":")[0].strip()
            if module in g.modules and module not in found:
                kind = "console script" if group == "console_scripts" else f"entry point ({group})"
                found[module] = f"starts the program: {kind} `{name}` -> `{target.strip()}`"
    for name, module in sorted(g.modules.items()):
        if module.scope != "package" or name in found:
            continue
        if module.path.rsplit("/", 1)[-1].startswith("__main__."):
            package = name.rpartition(".")[0]
            found[name] = f"runs as `python -m {package}`" if package else "runs when its folder is run (`python <folder>`)"
        elif module.facts.main_guard_line and not any(part.startswith("_") for part in name.split(".")):
            # a private module's main guard is usually a developer's test harness, not a way in
            found[name] = f"runs as a script (main guard at line {module.facts.main_guard_line})"
    return list(found.items())[:ENTRY_LIMIT]


def _foundation_first(graph: nx.DiGraph, chosen: list[str]) -> list[str]:
    """What is imported before what imports it; alphabetical where the graph does not decide."""
    condensed = nx.condensation(graph.subgraph(chosen).reverse(copy=True))
    order = []
    for scc in nx.lexicographical_topological_sort(condensed, key=lambda s: min(condensed.nodes[s]["members"])):
        order.extend(sorted(condensed.nodes[scc]["members"]))
    return order


def reading_order(repo: Repo, g: ImportGraph) -> ReadingOrder:
    """Entry modules first, then the core they reach, foundation first."""
    package = [n for n, m in g.modules.items() if m.scope == "package" and m.kind != "stub"]
    graph = g.graph.subgraph(set(package) | {n for n in g.graph if n not in g.modules}).copy()
    entries = _entries(repo, g)
    reached: set[str] = set()
    for name, _ in entries:
        reached |= nx.descendants(graph, name) if name in graph else set()
    pool = [n for n in (reached or set(package)) if n in g.modules and n not in dict(entries)]
    pool.sort(key=lambda n: (-graph.in_degree(n), n))
    core = _foundation_first(graph, pool[: LIMIT - len(entries)])
    steps = [Step(n, g.modules[n].path, reason, g.modules[n].facts.module_summary) for n, reason in entries]
    for name in core:
        importers = graph.in_degree(name)
        reason = (f"imported by {importers} module{'s' if importers != 1 else ''}" if importers
                  else "reached from the entry points" if entries else "a module of the package")
        steps.append(Step(name, g.modules[name].path, reason, g.modules[name].facts.module_summary))
    shown = {s.module for s in steps}
    rest = Counter(package_of(n, g.modules[n].path) for n in package if n not in shown)
    return ReadingOrder(tuple(steps), tuple(sorted(rest.items())))
