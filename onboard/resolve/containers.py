"""Containers in the program model: lists, tuples, sets and dicts made at one place, their items
kept by literal key ("s:name", "k:0"), under "?" when the key is unknown and all together under
"*"; subscripts, slices, the methods that store or read items, an item replaced in straight-line
code, and strings folded from their parts. A mixin of `objects.Objects`.
"""

from __future__ import annotations

from onboard.resolve.solver import Solver

MAX_STRINGS = 16  # strings one concatenation can give
MAX_TEXT = 300
_CONTAINER_STORES = {"append": -1, "add": -1, "insert": -1, "appendleft": -1}
_CONTAINER_UPDATES = frozenset({"extend", "update", "extendleft"})
_CONTAINER_READS = frozenset({"get", "pop", "setdefault", "popitem", "copy", "values", "items", "keys", "popleft"})
_CONTAINER_NAMES = {"dict": "<**PyDict**>", "list": ""}


class Containers:
    """Items of containers and folded strings over a `Solver` (`self.s`); `self.record` adds a
    call graph edge."""

    s: Solver
    slots: dict[int, list[str]]

    def slot(self, box: int, key) -> int:
        name = self._slot_name(key)
        found = self.s.node_ids.get(("box", box, name))
        if found is None:
            found = self.s.node(("box", box, name))
            self.slots.setdefault(box, []).append(name)
        return found

    def updated(self, base: int, pairs) -> int:
        """Containers like those `base` holds, with the items under `pairs`' keys replaced."""
        result = self.s.fresh()
        replaced = {self._slot_name(key) for key, _ in pairs}

        def on_value(value_id: int) -> None:
            value = self.s.values[value_id]
            if value[0] != "box":
                return
            copy = self.s.value(("box", value[1], ("upd", value_id, tuple(sorted(replaced)))))
            for name in list(self.slots.get(value_id, ())):
                if name not in replaced and name != "*":
                    self.s.edge(self.s.node(("box", value_id, name)), self.slot(copy, (name[0], name[2:])))  # the slot's key again
                    self.s.edge(self.s.node(("box", value_id, name)), self.slot(copy, "*"))
            for key, source in pairs:
                if source is not None:
                    self.put(copy, key, source)
            self.s.add(result, [copy])

        self.s.watch(base, on_value)
        return result

    @staticmethod
    def _slot_name(key) -> str:
        if key == "*":
            return "*"
        if key is None or key[0] not in ("s", "k"):
            return "?"
        return f"{key[0]}:{key[1]}"

    def put(self, box: int, key, source: int) -> None:
        self.s.edge(source, self.slot(box, key))
        self.s.edge(source, self.slot(box, "*"))

    def item(self, base: int | None, key) -> int | None:
        if base is None:
            return None
        result = self.s.fresh()

        def on_value(value_id: int) -> None:
            if self.s.values[value_id][0] != "box":
                return
            if key[0] == "sl" if key is not None else False:
                self.s.add(result, [self.sliced(value_id, key[1], key[2])])
            elif key is not None and key[0] in ("s", "k"):
                self.s.edge(self.slot(value_id, key), result)
                self.s.edge(self.slot(value_id, None), result)
            else:
                self.s.edge(self.slot(value_id, "*"), result)

        self.s.watch(base, on_value)
        return result

    def sliced(self, box: int, start: int | None, stop: int | None) -> int:
        """A slice of a container: the container itself, or, with literal bounds, a new list of
        the items at those places (and any whose place is unknown)."""
        if start is None and stop is None:
            return box
        start = start or 0
        piece = self.s.value(("box", "list", ("slice", box, start, stop)))
        for index in range(start, stop if stop is not None else start + 64):
            if f"k:{index}" not in self.slots.get(box, ()):
                break
            self.put(piece, ("k", index - start), self.slot(box, ("k", index)))
        self.put(piece, None, self.slot(box, None))
        return piece

    def set_item(self, base: int | None, key, source: int) -> None:
        if base is not None:
            self.s.watch(base, lambda v: self.put(v, key, source) if self.s.values[v][0] == "box" else None)

    def elements(self, source: int) -> int:
        result = self.s.fresh()
        self.s.watch(source, lambda v: self.s.edge(self.slot(v, "*"), result) if self.s.values[v][0] == "box" else None)
        return result

    def container_method(self, site: Site, value: tuple) -> None:
        box, method = value[1], value[2]
        kind = self.s.values[box][1]
        prefix = _CONTAINER_NAMES.get(kind, "")
        if prefix:
            self.record(site.caller, f"{prefix}.{method}", site.line)
        args = [a for a in site.args if a is not None and type(a) is not tuple]
        if method in _CONTAINER_STORES and args:
            self.put(box, None, args[-1])
        elif method in _CONTAINER_UPDATES and args:
            self.s.watch(args[0], lambda v: self.s.edge(self.slot(v, "*"), self.slot(box, "*"))
                         if self.s.values[v][0] == "box" else None)
        elif method in _CONTAINER_READS:
            if method in ("items", "keys", "values", "copy"):
                self.s.add(site.result, [box])
            else:
                self.s.edge(self.slot(box, "*"), site.result)

    def concat(self, parts: list) -> int:
        """The strings a concatenation or f-string can give, when every part is a known string."""
        result = self.s.fresh()
        if any(p is None for p in parts):
            return result
        nodes = [p for p in parts if type(p) is int]

        def recompute(_value: int) -> None:
            texts = [""]
            for part in parts:
                if type(part) is tuple:
                    options = [part[1]]
                else:
                    options = sorted(self.s.values[v][1] for v in self.s.pts[part] if self.s.values[v][0] == "str")
                texts = [(t + o)[:MAX_TEXT] for t in texts for o in options][:MAX_STRINGS]
            self.s.add(result, [self.s.value(("str", t)) for t in texts])

        if not nodes:
            recompute(0)
        for node in nodes:
            self.s.watch(node, recompute)
        return result

