"""The fix point of the assignment graph: a worklist that propagates abstract values along copy
edges (Andersen's inclusion constraints, as PyCG does over every identifier) and hands each new
value of a watched node to the constraints that watch it (a call, an attribute load, ...), which
may add edges and values in turn.

Values and nodes are small ints, interned in the order they are first met; every set is walked
in sorted order, so the same program gives the same result and the same cuts, whatever the hash
seed. Bounds, each reported when hit: `max_values` values per node (further ones are dropped)
and `max_steps` propagations in all (the rest of the worklist is dropped).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable


MAX_VALUES = 64  # values a node holds, at most
MAX_STEPS = 4_000_000  # propagation steps of one solve, at most


class Solver:
    """Nodes hold sets of values; edges copy them, optionally through a transform; watchers react."""

    def __init__(self, max_values: int = MAX_VALUES, max_steps: int = MAX_STEPS) -> None:
        self.max_values, self.max_steps = max_values, max_steps
        self.node_ids: dict[Hashable, int] = {}
        self.value_ids: dict[tuple, int] = {}
        self.values: list[tuple] = []
        self.pts: list[set[int]] = []
        self.edges: dict[int, dict[tuple[int, int], None]] = {}  # node -> (destination, transform), in insertion order
        self.watchers: dict[int, list[Callable[[int], None]]] = {}
        self.queue: deque[tuple[int, tuple[int, ...]]] = deque()
        self.steps = 0
        self.full_nodes: set[int] = set()  # nodes that hit max_values
        self.cut_steps = False
        self.transforms: list[Callable[[int], int | None]] = [lambda v: v]

    def node(self, key: Hashable) -> int:
        found = self.node_ids.get(key)
        if found is None:
            found = self.node_ids[key] = len(self.pts)
            self.pts.append(set())
        return found

    def fresh(self) -> int:
        """A node no key names (an intermediate result)."""
        return self.node(("#", len(self.pts)))

    def value(self, value: tuple) -> int:
        found = self.value_ids.get(value)
        if found is None:
            found = self.value_ids[value] = len(self.values)
            self.values.append(value)
        return found

    def transform(self, function: Callable[[int], int | None]) -> int:
        self.transforms.append(function)
        return len(self.transforms) - 1

    def add(self, node: int, values) -> None:
        held = self.pts[node]
        if len(values) == 1:
            if values[0] in held:
                return
            new = values
        else:
            new = [v for v in values if v not in held]
        if not new:
            return
        room = self.max_values - len(held)
        if len(new) > room:
            self.full_nodes.add(node)
            new = sorted(new)[:max(room, 0)]
            if not new:
                return
        held.update(new)
        self.queue.append((node, tuple(new)))  # callers pass values in a deterministic order

    def edge(self, source: int, destination: int, transform: int = 0) -> None:
        key = (destination, transform)
        out = self.edges.get(source)
        if out is None:
            out = self.edges[source] = {}
        elif key in out:
            return
        if source == destination and not transform:
            return
        out[key] = None
        if self.pts[source]:
            self._copy(sorted(self.pts[source]), destination, transform)

    def watch(self, node: int, watcher: Callable[[int], None]) -> None:
        """Call `watcher` with every value `node` holds, now and later."""
        self.watchers.setdefault(node, []).append(watcher)
        for value in sorted(self.pts[node]):
            watcher(value)

    def release(self) -> None:
        """Drop the watchers and transforms once the answers are read: they are closures over
        the constraints that hold this solver, cycles the garbage collector would otherwise have
        to find among a few million objects."""
        self.watchers.clear()
        del self.transforms[1:]

    def _copy(self, values, destination: int, transform: int) -> None:
        if transform:
            function = self.transforms[transform]
            values = [t for t in (function(v) for v in values) if t is not None]
        self.add(destination, values)

    def run(self, idle: Callable[[], bool] | None = None) -> None:
        """Propagate until nothing changes; `idle`, called when the worklist is empty, may add
        work (returning True) before the run ends."""
        while True:
            self._drain()
            if self.cut_steps or idle is None or not idle():
                return

    def _drain(self) -> None:
        queue, edges, watchers_of, pts, add = self.queue, self.edges, self.watchers, self.pts, self.add
        while queue:
            if self.steps >= self.max_steps:
                self.cut_steps = True
                queue.clear()
                return
            node, new = queue.popleft()
            self.steps += len(new)
            out = edges.get(node)
            if out:
                for destination, transform in list(out):
                    if transform:
                        self._copy(new, destination, transform)
                        continue
                    held = pts[destination]  # `add`, inlined: most copies bring nothing new
                    if len(new) == 1:
                        if new[0] in held:
                            continue
                    elif all(v in held for v in new):
                        continue
                    add(destination, new)
            watchers = watchers_of.get(node)
            if watchers:
                for watcher in list(watchers):
                    for value in new:
                        watcher(value)
