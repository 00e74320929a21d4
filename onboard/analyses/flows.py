"""Flows: what each way in reaches through the call graph, with one witness path each.

What it finds: for every entry point the program model can place (console scripts, command-line
commands, routes, tasks, handlers, main guards, scripts; `analyses.flow_places`), the services
(the `usage` items), environment variables and other entry points it reaches through the call
graph (`analyses.flow_graph`), including the top-level code of the modules of the functions on
the way. Each reach has one shortest witness path: the chain of functions, each with the
`path:line` where it goes on (the call of the next one; at the end the evidence, the read, or
the `def` of the way in reached). Why it matters: it answers "what does `POST /orders` do, which
job writes to that bucket, who reads `DATABASE_URL`" with evidence. Example: a route calls a
service function, which saves through a repository method, which gets an S3 client from a
factory in a third module: the route reaches `storage/aws/s3` through those four functions.
Limits: a reach is `certain` only along calls that resolve to one function of the repository
(see `flow_graph` for what makes an edge uncertain and for the bounds of one search; all the
searches of a run together stop after `MAX_TOTAL_VISITS` functions, and the ways in left
say so); what the call graph
misses (a call through a value it cannot follow) flows miss too; ways in declared outside
Python (containers, Procfile, developer commands) are not followed into the code.
"""

from __future__ import annotations

from collections import defaultdict

from onboard.analyses.env_vars import EnvReport
from onboard.analyses.flow_graph import MAX_DEPTH, MAX_FANOUT, MAX_VISITS, FlowGraph, Hit, search
from onboard.analyses.flow_places import Places, touches
from onboard.analyses.objects import EntryPoint
from onboard.analyses.usage import Usage
from onboard.frozen import record
from onboard.model.repo import Repo
from onboard.resolve import CallGraph

MAX_TOTAL_VISITS = 1_000_000  # for all the ways in of one run, searched in order

LIMITS = {
    "depth": f"paths longer than {MAX_DEPTH} calls were not followed",
    "fanout": f"a function calls more than {MAX_FANOUT} functions; only the first {MAX_FANOUT} by name were followed",
    "visits": f"the search stopped after {MAX_VISITS:,} functions",
    "budget": f"not searched: the run had visited {MAX_TOTAL_VISITS:,} functions for the ways in before this one",
}


@record
class Step:
    """One function of a witness path and the line in `path` where it goes on."""

    function: str
    path: str
    line: int


@record
class Reach:
    """A service (`storage/aws/s3`), an environment variable or an entry point a way in reaches."""

    kind: str  # "entry_point" | "env_var" | "service"
    name: str
    certain: bool
    path: tuple[Step, ...]


@record
class Flow:
    """A way in and everything it reaches, sorted by kind and name; the bounds its search met."""

    entry: EntryPoint
    reaches: tuple[Reach, ...]
    limits: tuple[str, ...] = ()


class Tracer:
    """The call graph with everything placed on it, ready for searches from any function."""

    def __init__(self, repo: Repo, calls: CallGraph, entries: tuple[EntryPoint, ...], usage: tuple[Usage, ...],
                 env: EnvReport) -> None:
        self.places = Places(repo, calls)
        self.graph = FlowGraph(calls, self.places)
        self.starts = {e: s for e in entries if (s := self.places.starts(e))}
        self.touches = touches(self.places, usage, env, self.starts)
        self.visited = 0  # by all searches so far
        self._found: dict[tuple, tuple[tuple[Reach, ...], tuple[str, ...], int]] = {}  # (starts, skip) -> what `reaches` found
        self.started_at: dict[str, set[tuple[str, str]]] = defaultdict(set)  # function -> the ways in that start there
        for e, s in self.starts.items():
            for node in s:
                self.started_at[node].add(("entry_point", e.name))

    def steps(self, hit: Hit) -> tuple[Step, ...]:
        return tuple(Step(node, self.graph.functions[node].path, line) for node, line in hit.path)

    def reaches(self, starts: tuple[str, ...], wanted: dict | None = None, skip: frozenset = frozenset()) -> tuple[tuple[Reach, ...], tuple[str, ...]]:
        """What `starts` reach (of `wanted`, default everything placed), minus the `skip` keys.
        Ways in that start at the same functions (a command and a route to the same view) share
        one search of everything placed; each counts its visits against the budget all the same."""
        if wanted is None:
            key = (starts, skip)
            if key not in self._found:
                self._found[key] = self._search(starts, self.touches, skip)
            reaches, limits, visited = self._found[key]
        else:
            reaches, limits, visited = self._search(starts, wanted, skip)
        self.visited += visited
        return reaches, limits

    def _search(self, starts: tuple[str, ...], wanted: dict, skip: frozenset) -> tuple[tuple[Reach, ...], tuple[str, ...], int]:
        found = search(self.graph, starts, wanted)
        reaches = tuple(Reach(kind, name, hit.certain, self.steps(hit))
                        for (kind, name), hit in sorted(found.hits.items()) if (kind, name) not in skip)
        return reaches, tuple(LIMITS[k] for k in sorted(found.limits)), found.visited

    def flow(self, entry: EntryPoint) -> Flow:
        """One way in's flow; the ways in that start where it starts are not reached by it."""
        if self.visited >= MAX_TOTAL_VISITS:
            return Flow(entry, (), (LIMITS["budget"],))
        starts = self.starts[entry]
        same = frozenset().union(*(self.started_at[node] for node in starts))
        reaches, limits = self.reaches(starts, skip=same)
        return Flow(entry, reaches, limits)


def flows(repo: Repo, calls: CallGraph, entries: tuple[EntryPoint, ...], usage: tuple[Usage, ...], env: EnvReport) -> tuple[Flow, ...]:
    """Every placed way in with what it reaches, sorted by kind, name, path and line."""
    tracer = Tracer(repo, calls, entries, usage, env)
    ordered = sorted(tracer.starts, key=lambda e: (e.kind, e.name, e.path or "", e.line or 0, e.target))
    return tuple(tracer.flow(e) for e in ordered)
