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

from dataclasses import dataclass

from onboard.analyses.flow_places import MAIN_GUARD, Callers, Places, by_name
from onboard.frozen import record
from onboard.resolve import CallGraph, Function

MAX_DEPTH = 40
MAX_FANOUT = 100
MAX_VISITS = 20_000


@record
class Hit:
    """Where a search met something: the node, the line there, and the path to it as
    (function, line where it goes on) pairs from the start."""

    certain: bool
    path: tuple[tuple[str, int], ...]


# A function's successors in one view of the graph (every edge, or the certain ones), as a walk
# reads them: ((callee, the link a walk records for it: (function, line)), ...), whether callees
# were left out (more than MAX_FANOUT), whether uncertain edges were (the certain view).
View = tuple[list[tuple[str, tuple[str, int]]], bool, bool]


class FlowGraph:
    """The successors of every function in both views, worked out for a function when a search
    first reaches it: the searches of a run reach a fifth to a quarter of a large repository's
    functions, and the rest then cost nothing."""

    def __init__(self, calls: CallGraph, places: Places | None = None) -> None:
        """`places`: the same call graph's places, when they are at hand (their functions by name,
        modules by path and edges by caller are those this graph needs)."""
        self.functions: dict[str, Function]
        if places is None:
            self.functions, self._module_at = by_name(calls)
            self._callers = Callers(calls.edges)
        else:
            self.functions, self._module_at, self._callers = places.functions, places.module_at, places.callers
        self.modules = frozenset(self._module_at.values())
        self._uncertain = frozenset(calls.uncertain)
        self.every: dict[str, View] = {}  # function -> its view, filled by `view`
        self.certain: dict[str, View] = {}

    def view(self, node: str, certain_only: bool) -> View:
        """`node`'s successors (`certain_only`: through certain edges), worked out once."""
        if node not in self.every:
            self.every[node], self.certain[node] = self._views(node)
        return (self.certain if certain_only else self.every)[node]

    def _views(self, node: str) -> tuple[View, View]:
        """`node`'s callees in the repository, the first `MAX_FANOUT` by (name, line), then its
        module's top-level code; and the same without the uncertain edges."""
        functions, uncertain = self.functions, self._uncertain
        own = [(callee, line, kind == "call" and (node, callee) not in uncertain)
               for _, callee, line, kind in self._callers.edges(node) if callee in functions and callee != node]
        crowded = len(own) > MAX_FANOUT
        function = functions.get(node)
        if function is None:
            return ([], crowded, False), ([], crowded, False)
        own = sorted(own)[:MAX_FANOUT]
        module = self._module_at.get(function.path)
        if function.kind != "module" and module is not None:
            own.append((module, function.line, True))
        every = [(callee, (node, line)) for callee, line, _ in own]
        sure = [link for link, edge in zip(every, own) if edge[2]]
        return (every, crowded, False), (sure, crowded, len(sure) != len(every))


@dataclass
class Search:
    """One search's results: the first hit of each wanted key, the bounds it met, and how many
    functions its walks visited."""

    hits: dict
    limits: set[str]
    visited: int = 0


def _walk(graph: FlowGraph, starts: tuple[str, ...], wanted: dict, certain_only: bool) -> tuple[dict, set[str], bool, int]:
    """Breadth-first from `starts`; (key -> (node, line, parents)), the bounds hit, whether an
    uncertain edge was left out, and how many functions were visited."""
    parent: dict[str, tuple[str, int] | None] = {s: None for s in starts}
    hits: dict = {}
    limits: set[str] = set()
    skipped = False
    views, view = graph.certain if certain_only else graph.every, graph.view
    modules, touched = graph.modules, wanted.get  # looked up once: the loop runs per function visited
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
            callees, crowded, doubtful = views.get(node) or view(node, certain_only)
            skipped = skipped or doubtful
            if crowded:
                limits.add("fanout")
            if depth == MAX_DEPTH or len(parent) + len(callees) > MAX_VISITS:  # near a bound: counted edge by edge
                new = [callee for callee, _ in callees if callee not in parent]
                if new and depth == MAX_DEPTH:
                    limits.add("depth")
                    continue
                if len(parent) + len(new) > MAX_VISITS:
                    limits.add("visits")
                    break
            for callee, link in callees:
                if callee not in parent:
                    parent[callee] = link
                    following.append(callee)
        frontier, depth = following, depth + 1
    found = {key: (node, line, _chain(parent, node)) for key, (node, line) in hits.items()}
    return found, limits, skipped, len(parent)


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
    found, limits, skipped, visited = _walk(graph, starts, wanted, True)
    hits = {key: Hit(True, (*chain, (node, line))) for key, (node, line, chain) in found.items()}
    if skipped:
        more, limits_all, _, visited_all = _walk(graph, starts, wanted, False)
        limits |= limits_all
        # counted as it always was: a second walk that visited as many functions as the first is
        # not counted again (the run's budget decides which ways in a report searches)
        visited += visited_all if visited_all != visited else 0
        for key, (node, line, chain) in more.items():
            if key not in hits:
                hits[key] = Hit(False, (*chain, (node, line)))
    return Search(hits, limits, visited)
