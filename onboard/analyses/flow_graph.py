"""The call graph as the flow searches walk it, and the search: bounded breadth-first walks
that give, for everything a start reaches, one shortest witness path.

Edges: the repository's own call edges (calls of outside code lead nowhere), each marked
certain or not, and one more from every function to its module's top-level code (to run a
function, its module was imported: a module-level client or a variable read at import is in
play). A module's top-level code leads on only from where a search starts (a script's main
guard), never when a module is merely imported on the way, since `if __name__ == "__main__"`
and the functions its decorators register are not run by an import.

An edge is uncertain when it is of kind "passed" (a function handed to outside code or queued:
`task.delay()`, `Thread(target=f)`) or when its call site resolves to several functions of the
repository: a method of several classes, a parameter or a dictionary item bound to several
functions (`CallGraph.uncertain`, worked out with the call graph).

Bounds, said in each flow's `limits` when hit: paths of at most `MAX_DEPTH` calls, at most
`MAX_FANOUT` callees followed from one function (the first by name), at most `MAX_VISITS`
functions visited from one way in. Recursion and cycles end because a function is visited once.
"""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from dataclasses import dataclass

from onboard.analyses.flow_places import MAIN_GUARD
from onboard.resolve import CallGraph

MAX_DEPTH = 40
MAX_FANOUT = 100
MAX_VISITS = 20_000


@dataclass(frozen=True)
class Hit:
    """Where a search met something: the node, the line there, and the path to it as
    (function, line where it goes on) pairs from the start."""

    certain: bool
    path: tuple[tuple[str, int], ...]


class FlowGraph:
    """Successors of every function: (callee, line, certain), sorted by callee."""

    def __init__(self, calls: CallGraph) -> None:
        self.lines: dict[str, tuple[str, int]] = {}
        module_at: dict[str, str] = {}
        for name, path, line, kind in calls.functions:  # one pass, unpacked: tens of thousands on a large repo
            self.lines[name] = (path, line)
            if kind == "module":
                module_at[path] = name
        self.modules = frozenset(module_at.values())
        functions, doubtful = self.lines, frozenset(calls.uncertain)
        successors: dict[str, list[tuple[str, int, bool]]] = {}
        # the edges come sorted by caller: one group a caller, its own edges in one comprehension
        for caller, group in groupby(calls.edges, itemgetter(0)):
            own = [(callee, line, kind == "call" and (caller, callee) not in doubtful)
                   for _, callee, line, kind in group if callee in functions and callee != caller]
            if own:
                successors.setdefault(caller, []).extend(own)
        self.crowded = frozenset(n for n, s in successors.items() if len(s) > MAX_FANOUT)
        self.successors: dict[str, tuple[tuple[str, int, bool], ...]] = {}
        for name, path, line, kind in calls.functions:
            own = sorted(successors.get(name, ()))[:MAX_FANOUT]
            module = module_at.get(path)
            if kind != "module" and module is not None:
                own.append((module, line, True))
            if own:
                self.successors[name] = tuple(own)
        # the same without the uncertain edges, and the functions that have some
        certain = itemgetter(2)
        self.certain = {n: tuple(filter(certain, own)) for n, own in self.successors.items()}
        self.doubtful = frozenset(n for n, own in self.successors.items() if len(own) != len(self.certain[n]))


@dataclass
class Search:
    """One search's results: the first hit of each wanted key, the bounds it met, and how many
    functions its walks visited."""

    hits: dict
    limits: set[str]
    visited: int = 0


def _walk(graph: FlowGraph, starts: tuple[str, ...], wanted: dict, certain_only: bool) -> tuple[dict, set[str], bool]:
    """Breadth-first from `starts`; (key -> (node, line, parents)), the bounds hit, and whether an
    uncertain edge was left out."""
    parent: dict[str, tuple[str, int] | None] = {s: None for s in starts}
    hits: dict = {}
    limits: set[str] = set()
    skipped = False
    successors = (graph.certain if certain_only else graph.successors).get
    modules, doubtful, crowded, touched = graph.modules, graph.doubtful, graph.crowded, wanted.get  # looked up once: the loop runs per function visited
    frontier, depth = list(starts), 0
    while frontier and "visits" not in limits:
        following = []
        for node in frontier:
            for touch in touched(node, ()):
                hits.setdefault((touch.kind, touch.name), (node, touch.line))
            if node in modules:
                if node not in starts:
                    continue
                for touch in touched(node + MAIN_GUARD, ()):  # started as a script: its main guard runs
                    hits.setdefault((touch.kind, touch.name), (node, touch.line))
            skipped = skipped or certain_only and node in doubtful
            if node in crowded:
                limits.add("fanout")
            new = [edge for edge in successors(node, ()) if edge[0] not in parent]
            if new and depth == MAX_DEPTH:
                limits.add("depth")
                continue
            if len(parent) + len(new) > MAX_VISITS:
                limits.add("visits")
                break
            for callee, line, _ in new:
                if callee not in parent:
                    parent[callee] = (node, line)
                    following.append(callee)
        frontier, depth = following, depth + 1
    limits.add(f"visited:{len(parent)}")
    return {key: (node, line, _chain(parent, node)) for key, (node, line) in hits.items()}, limits, skipped


def _chain(parent: dict, node: str) -> list[tuple[str, int]]:
    steps: list[tuple[str, int]] = []
    link = parent[node]
    while link is not None:
        steps.append(link)
        link = parent[link[0]]
    return steps[::-1]


def search(graph: FlowGraph, starts: tuple[str, ...], wanted: dict) -> Search:
    """Everything `wanted` (node -> touches) that `starts` reach, each with one shortest path:
    through certain edges when there is one (then `certain`), else through any."""
    found, limits, skipped = _walk(graph, starts, wanted, True)
    hits = {key: Hit(True, (*chain, (node, line))) for key, (node, line, chain) in found.items()}
    if skipped:
        more, limits_all, _ = _walk(graph, starts, wanted, False)
        limits |= limits_all
        for key, (node, line, chain) in more.items():
            if key not in hits:
                hits[key] = Hit(False, (*chain, (node, line)))
    visited = sum(int(k.split(":")[1]) for k in limits if k.startswith("visited:"))
    return Search(hits, {k for k in limits if not k.startswith("visited:")}, visited)
