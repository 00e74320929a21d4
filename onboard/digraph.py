"""A directed graph for the analyses: the part of networkx's `DiGraph` they use (nodes, edges
with attributes, successors, predecessors, degrees, subgraphs) and the algorithms they run on it
(strongly connected components, condensation, topological orders, descendants).

Why not networkx itself: importing it takes 0.09 s, a fifth of a whole run that reads its facts
back from the cache, and the analyses use a dozen of its functions. networkx stays the library's
graph for whoever wants one: `ImportGraph.networkx()` and `CallGraph.graph()` build one (the
tests check these algorithms against networkx's on random graphs).

Every result here is deterministic for a given order of insertion; the analyses sort what they
show, as they did with networkx (whose subgraph views iterate in set order)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from heapq import heapify, heappop, heappush
from typing import Any


class _Edges:
    """`graph.edges`: iterated, the (u, v) pairs; called with `data`, (u, v, attrs) or (u, v,
    attrs[data]); indexed by (u, v), the edge's attributes."""

    __slots__ = ("_succ",)

    def __init__(self, succ: dict) -> None:
        self._succ = succ

    def __iter__(self) -> Iterator[tuple]:
        return ((u, v) for u, after in self._succ.items() for v in after)

    def __call__(self, *, data: bool | str = False, default: Any = None) -> Iterator[tuple]:
        if data is True:
            return ((u, v, attrs) for u, after in self._succ.items() for v, attrs in after.items())
        if data is False:
            return iter(self)
        return ((u, v, attrs.get(data, default)) for u, after in self._succ.items() for v, attrs in after.items())

    def __getitem__(self, edge: tuple) -> dict:
        return self._succ[edge[0]][edge[1]]


class DiGraph:
    """Nodes (any hashable, in insertion order) and directed edges, each with a dict of
    attributes shared by both directions' adjacency."""

    __slots__ = ("_succ", "_pred")

    def __init__(self, edges: Iterable[tuple] = ()) -> None:
        self._succ: dict[Hashable, dict[Hashable, dict]] = {}
        self._pred: dict[Hashable, dict[Hashable, dict]] = {}
        self.add_edges_from(edges)

    def add_node(self, node: Hashable) -> None:
        if node not in self._succ:
            self._succ[node] = {}
            self._pred[node] = {}

    def add_nodes_from(self, nodes: Iterable[Hashable]) -> None:
        succ, pred = self._succ, self._pred
        for node in nodes:  # `add_node` each, inlined
            if node not in succ:
                succ[node], pred[node] = {}, {}

    def add_edge(self, u: Hashable, v: Hashable, **attrs: Any) -> None:
        self.add_node(u)
        self.add_node(v)
        data = self._succ[u].get(v)
        if data is None:
            data = self._succ[u][v] = self._pred[v][u] = {}
        data.update(attrs)

    def add_edges_from(self, edges: Iterable[tuple]) -> None:
        """(u, v) or (u, v, attrs) pairs: `add_edge` each, inlined (Django's import graph: 8,000
        edges, 8 ms through `add_edge`'s keyword arguments)."""
        succ, pred = self._succ, self._pred
        for edge in edges:
            u, v = edge[0], edge[1]
            if u not in succ:
                succ[u], pred[u] = {}, {}
            if v not in succ:
                succ[v], pred[v] = {}, {}
            data = succ[u].get(v)
            if data is None:
                data = succ[u][v] = pred[v][u] = {}
            if len(edge) > 2:
                data.update(edge[2])

    def __contains__(self, node: object) -> bool:
        return node in self._succ

    def __iter__(self) -> Iterator:
        return iter(self._succ)

    def __len__(self) -> int:
        return len(self._succ)

    def number_of_nodes(self) -> int:
        return len(self._succ)

    @property
    def edges(self) -> _Edges:
        return _Edges(self._succ)

    def has_edge(self, u: Hashable, v: Hashable) -> bool:
        return u in self._succ and v in self._succ[u]

    def successors(self, node: Hashable) -> Iterator:
        return iter(self._succ[node])

    def predecessors(self, node: Hashable) -> Iterator:
        return iter(self._pred[node])

    def out_degree(self, node: Hashable) -> int:
        return len(self._succ[node])

    def in_degree(self, node: Hashable) -> int:
        return len(self._pred[node])

    def out_edges(self, node: Hashable, data: bool = False) -> Iterator[tuple]:
        after = self._succ[node]
        return ((node, v, attrs) for v, attrs in after.items()) if data else ((node, v) for v in after)

    def in_edges(self, node: Hashable, data: bool = False) -> Iterator[tuple]:
        before = self._pred[node]
        return ((u, node, attrs) for u, attrs in before.items()) if data else ((u, node) for u in before)

    def subgraph(self, nodes: Iterable[Hashable]) -> DiGraph:
        """A new graph of `nodes` (those in this graph, in this graph's order) and the edges
        between them; the attribute dicts are shared, as in networkx's views."""
        keep = {n for n in nodes if n in self._succ}
        found = DiGraph()
        succ, pred = found._succ, found._pred
        for node in self._succ:
            if node in keep:
                succ[node] = {v: a for v, a in self._succ[node].items() if v in keep}
                pred[node] = {u: a for u, a in self._pred[node].items() if u in keep}
        return found

    def reverse(self) -> DiGraph:
        """The graph with every edge turned round (a copy)."""
        found = DiGraph()
        found.add_nodes_from(self._succ)
        for u, after in self._succ.items():
            for v, attrs in after.items():
                found.add_edge(v, u, **attrs)
        return found


def strongly_connected_components(graph: DiGraph) -> list[list]:
    """The strongly connected components, each a list; every node is in exactly one."""
    return components(graph._succ)


def components(after: Mapping[Hashable, Iterable]) -> list[list]:
    """The strongly connected components of a graph given as node -> successors, every successor
    a key too (Tarjan's algorithm, iterative)."""
    index: dict = {}
    low: dict = {}
    stack: list = []
    on_stack: set = set()
    components = []
    for start in after:
        if start in index:
            continue
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        work = [(start, iter(after[start]))]
        while work:
            node, successors = work[-1]
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = len(index)
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(after[succ])))
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(component)
    return components


class Condensed:
    """A graph's condensation: component `i` holds `members[i]`; `graph` links component to
    component where a member of one links to a member of the other (a DAG of ints)."""

    __slots__ = ("graph", "members")

    def __init__(self, graph: DiGraph, members: list[list]) -> None:
        self.graph = graph
        self.members = members


def condensation(graph: DiGraph) -> Condensed:
    members = strongly_connected_components(graph)
    of = {node: number for number, component in enumerate(members) for node in component}
    found = DiGraph()
    found.add_nodes_from(range(len(members)))
    for u, after in graph._succ.items():
        for v in after:
            if of[u] != of[v]:
                found.add_edge(of[u], of[v])
    return Condensed(found, members)


def topological_sort(graph: DiGraph) -> list:
    """The nodes, each before its successors (Kahn's algorithm); a graph with a cycle is a
    ValueError."""
    waiting = {n: len(before) for n, before in graph._pred.items()}
    ready = [n for n, count in waiting.items() if not count]
    order = []
    while ready:
        node = ready.pop()
        order.append(node)
        for succ in graph._succ[node]:
            waiting[succ] -= 1
            if not waiting[succ]:
                ready.append(succ)
    if len(order) != len(waiting):
        raise ValueError("the graph has a cycle")
    return order


def lexicographical_topological_sort(graph: DiGraph, key: Callable[[Any], Any]) -> list:
    """The topological order that takes, among the nodes ready, the one of the least key first;
    of equal keys, the one added first (as networkx)."""
    waiting = {n: len(before) for n, before in graph._pred.items()}
    added = {n: i for i, n in enumerate(waiting)}
    ready = [(key(n), added[n], n) for n, count in waiting.items() if not count]
    heapify(ready)
    order = []
    while ready:
        node = heappop(ready)[2]
        order.append(node)
        for succ in graph._succ[node]:
            waiting[succ] -= 1
            if not waiting[succ]:
                heappush(ready, (key(succ), added[succ], succ))
    if len(order) != len(waiting):
        raise ValueError("the graph has a cycle")
    return order


def descendants(graph: DiGraph, source: Hashable) -> set:
    """Every node reachable from `source`, without `source` itself (as networkx: even on a cycle)."""
    after = graph._succ
    seen: set = set()
    todo = [source]
    while todo:
        for succ in after[todo.pop()]:
            if succ not in seen:
                seen.add(succ)
                todo.append(succ)
    seen.discard(source)
    return seen
