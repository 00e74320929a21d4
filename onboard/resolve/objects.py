"""The watchers of the program model: what an attribute, a call, a subscript or a loop does with
each value that reaches it. Calls bind arguments to parameters and route returns back (and add
an edge to the call graph); attributes of classes and instances follow the class hierarchy
(linearised as Python's MRO, re-resolved when a base becomes known); containers keep their items
by literal key; `super()` looks past the current class.

A method of a function that queues it to run elsewhere (`task.delay(...)`, `actor.send(...)`,
`knowledge.DEFERRED_CALLS`) is an edge of kind "passed" to that function.

A function passed to something outside the repo (a builtin, an external library: `map(f, xs)`,
`Thread(target=f)`, `@app.route("/")`) gets an edge of kind "passed" from the code that passes
it, as PyCG counts it: the callee will probably call it.
"""

from __future__ import annotations

from onboard.knowledge import DEFERRED_CALLS
from onboard.resolve.containers import Containers
from onboard.resolve.solver import Solver

MAX_MRO = 200  # classes in one linearised hierarchy


class Site:
    """One call: its arguments' nodes, where the result goes, who calls, where."""

    __slots__ = ("args", "kwargs", "result", "caller", "line", "passed", "decorates")

    def __init__(self, args, kwargs, result: int, caller: str, line: int) -> None:
        self.args, self.kwargs, self.result, self.caller, self.line = args, kwargs, result, caller, line
        self.passed = False
        self.decorates = False


class Objects(Containers):
    """Calls, attributes, classes and containers over a `Solver`."""

    def __init__(self, solver: Solver) -> None:
        self.s = solver
        self.edges: dict[tuple[str, str], tuple[int, str]] = {}
        self.bases: dict[tuple[str, str], list[int]] = {}
        self.children: dict[tuple[str, str], set[tuple[str, str]]] = {}
        self.subs: dict[tuple[str, str], list[tuple[str, int, int, int]]] = {}
        self.dynamic: dict[tuple[str, str], set[str]] = {}
        self.attr_memo: dict[tuple[int, str], int] = {}
        self.bind_memo: dict[tuple[str, int], int] = {}
        self.slots: dict[int, list[str]] = {}
        self.mro_cut: set[tuple[str, str]] = set()  # classes whose hierarchy was longer than MAX_MRO
        # classes whose bases grew since their lookups were made -> the attributes that may now
        # resolve differently (None: any, when an external base came in)
        self.dirty: dict[tuple[str, str], set[str] | None] = {}
        self.base_log: list[tuple] = []  # every base added, in order: the MRO memo's generation
        self.mro_memo: dict[tuple[str, str], list] = {}
        self.mro_generation = 0  # a container's slot names, in the order they were made
        self.scopes: dict = {}
        self.by_caller: dict[str, tuple[str, str]] = {}
        self.decorated: list[tuple[int, int, int]] = []

    # the call graph
    def record(self, caller: str, callee: str, line: int, kind: str = "call") -> None:
        old = self.edges.get((caller, callee))
        if old is None or (kind == "call" and old[1] != "call") or (kind == old[1] and line < old[0]):
            self.edges[(caller, callee)] = (line, kind)

    # calls
    def call(self, callee: int, args, kwargs, result: int, caller: str, line: int, passes: bool = True) -> Site:
        site = Site(args, kwargs, result, caller, line)
        site.passed = site.decorates = not passes
        self.s.watch(callee, lambda v: self.on_callee(site, v))
        return site

    def on_callee(self, site: Site, value_id: int) -> None:
        value = self.s.values[value_id]
        kind = value[0]
        if kind == "fn":
            self.enter(site, value[1], value[2])
        elif kind == "m":
            self.enter(site, value[1], value[2], self_value=value[3])
        elif kind == "sm":
            self.enter(site, value[1], value[2], self_node=value[3])
        elif kind == "cls":
            self.construct(site, value_id, value)
        elif kind == "inst":
            self.method_call(value_id, "__call__", site)
        elif kind == "ext":
            self.record(site.caller, value[1], site.line)
            if not site.decorates:  # a decorated name keeps its function (`decorate`)
                self.s.add(site.result, [value_id])
            self.passed(site)
        elif kind == "fa":
            if value[2] in DEFERRED_CALLS:  # `task.delay(...)`: the function runs later, elsewhere
                function = self.s.values[value[1]]
                self.record(site.caller, f"{function[1]}.{function[2]}", site.line, "passed")
        elif kind == "bi":
            name = value[1]
            if site.decorates:  # `@staticmethod`, `@property`: no call worth an edge
                self.s.edge(site.args[0], site.result)
                return
            self.record(site.caller, name if name.startswith("<") else f"<builtin>.{name}", site.line)
            if name == "super":
                self.super_value(site)
            self.passed(site)
        elif kind == "bm":
            self.container_method(site, value)

    def enter(self, site: Site, module: str, name: str, self_value: int | None = None, self_node: int | None = None) -> None:
        info = self.scopes.get((module, name))
        if info is None or info.kind == "class":
            return
        self.record(site.caller, f"{module}.{name}" if name else module, site.line)
        positional = info.positional
        if self_value is not None or self_node is not None:
            if positional:
                first = self.s.node((module, name, positional[0]))
                if self_value is not None:
                    self.s.add(first, [self_value])
                else:
                    self.s.edge(self_node, first)
            positional = positional[1:]
        for index, arg in enumerate(site.args):
            if arg is None or type(arg) is tuple or index >= len(positional):
                continue
            self.s.edge(arg, self.s.node((module, name, positional[index])))
        for keyword, arg in site.kwargs:
            if arg is not None and keyword in info.keywords:
                self.s.edge(arg, self.s.node((module, name, keyword)))
        self.s.edge(self.s.node((module, name, "<ret>")), site.result)

    def passed(self, site: Site) -> None:
        """Functions handed to a callee outside the repo: an edge of kind "passed" to each."""
        if site.passed:
            return
        site.passed = True
        nodes = [a[1] if type(a) is tuple else a for a in site.args] + [a for _, a in site.kwargs]
        for node in nodes:
            if node is not None:
                self.s.watch(node, lambda v, site=site: self._passed(site, v))

    def _passed(self, site: Site, value_id: int) -> None:
        value = self.s.values[value_id]
        if value[0] in ("fn", "m", "sm"):
            self.record(site.caller, f"{value[1]}.{value[2]}", site.line, "passed")

    def construct(self, site: Site, class_id: int, value: tuple) -> None:
        instance = self.s.value(("inst", value[1], value[2]))
        self.s.add(site.result, [instance])
        init = Site(site.args, site.kwargs, self.s.fresh(), site.caller, site.line)
        self.method_call(instance, "__init__", init, external_too=True)

    def raised(self, source: int, caller: str, line: int) -> None:
        """`raise Error`: a class of the repo raised without a call is instantiated."""
        def on_value(value_id: int) -> None:
            value = self.s.values[value_id]
            if value[0] == "cls":
                self.construct(Site((), (), self.s.fresh(), caller, line), value_id, value)

        self.s.watch(source, on_value)

    def method_call(self, instance: int, attr: str, site: Site, external_too: bool = False) -> None:
        value = self.s.values[instance]
        target = self.s.fresh()
        self.class_attr((value[1], value[2]), attr, target, self.binder("i", instance))
        self.s.watch(target, lambda v: self.on_callee(site, v) if external_too or self.s.values[v][0] != "ext" else None)

    def super_value(self, site: Site) -> None:
        """`super()` in a method: the method's class, looked past, bound to its first parameter."""
        found = self.by_caller.get(site.caller)
        info = self.scopes.get(found) if found is not None else None
        if info is None or not info.positional or info.parent is None:
            return
        owner = self.scopes.get((found[0], info.parent))
        if owner is not None and owner.kind == "class":
            first = self.s.node((found[0], found[1], info.positional[0]))
            self.s.add(site.result, [self.s.value(("super", found[0], info.parent, first))])

    # classes
    def add_bases(self, key: tuple[str, str], node: int) -> None:
        self.s.watch(node, lambda v: self.new_base(key, v))

    def new_base(self, key: tuple[str, str], value_id: int) -> None:
        value = self.s.values[value_id]
        if value[0] not in ("cls", "ext"):
            return
        found = self.bases.setdefault(key, [])
        if value_id in found:
            return
        found.append(value_id)
        self.base_log.append((key, value_id))
        if value[0] == "cls":
            self.children.setdefault((value[1], value[2]), set()).add(key)
        attrs = self._attributes((value[1], value[2])) if value[0] == "cls" else None
        old = self.dirty.get(key, set())
        self.dirty[key] = None if old is None or attrs is None else old | attrs

    def _attributes(self, key: tuple[str, str]) -> set[str] | None:
        """Every attribute a class and its bases define, None when one of them is external."""
        found: set[str] = set()
        for entry in self.mro(key):
            info = self.scopes.get(entry) if entry[0] != "ext" else None
            if info is None:
                return None
            found |= info.scope.attrs | self.dynamic.get(entry, set())
        return found

    def refresh_dirty(self) -> bool:
        """Attribute lookups of classes whose bases grew, again, once per class and batch, for
        the attributes the new bases bring."""
        if not self.dirty:
            return False
        dirty, self.dirty = self.dirty, {}
        for root in sorted(dirty):
            self.refresh(root, dirty[root])
        return True

    def refresh(self, key: tuple[str, str], attrs: set[str] | None = None) -> None:
        seen, stack = set(), [key]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            for attr, destination, transform, skip in list(self.subs.get(current, ())):
                if attrs is None or attr in attrs:
                    self.resolve_attr(current, attr, destination, transform, skip)
            stack.extend(sorted(self.children.get(current, ())))

    def mro(self, key: tuple[str, str]) -> list:
        """The class and its bases, Python's order for the usual hierarchies (each base's order
        after the class, keeping the last occurrence of a class); external bases as ("ext",
        name). Remembered until a base is added anywhere; a cycle of bases is cut."""
        if self.mro_generation != len(self.base_log):
            self.mro_memo.clear()
            self.mro_generation = len(self.base_log)
        found = self.mro_memo.get(key)
        if found is None:
            self.mro_memo[key] = [key]  # while it is worked out: a cycle of bases ends here
            order = [key]
            for base in self.bases.get(key, ()):
                value = self.s.values[base]
                order.extend(self.mro((value[1], value[2])) if value[0] == "cls" else [value])
            last = {item: index for index, item in enumerate(order)}
            found = [item for index, item in enumerate(order) if last[item] == index]
            if len(found) > MAX_MRO:
                self.mro_cut.add(key)
                found = found[:MAX_MRO]
            self.mro_memo[key] = found
        return found

    def class_attr(self, key, attr: str, destination: int, transform: int, skip: int = 0) -> None:
        self.subs.setdefault(key, []).append((attr, destination, transform, skip))
        self.resolve_attr(key, attr, destination, transform, skip)

    def resolve_attr(self, key, attr: str, destination: int, transform: int, skip: int) -> None:
        for entry in self.mro(key)[skip:]:
            if entry[0] == "ext":
                self.s.add(destination, [self.s.value(("ext", f"{entry[1]}.{attr}"))])
                return
            info = self.scopes.get(entry)
            if info is not None and (attr in info.scope.attrs or attr in self.dynamic.get(entry, ())):
                self.s.edge(self.s.node((entry[0], entry[1], attr)), destination, transform)
                return

    def binder(self, how: str, bound: int) -> int:
        """A transform that binds methods read through an instance ("i"), a class ("c") or
        `super()` ("s", `bound` the node of the caller's first parameter)."""
        key = (how, bound)
        if key not in self.bind_memo:
            bound_values: dict[int, int | None] = {}  # value -> what binding it gives, worked out once

            def bind(v: int) -> int | None:
                found = bound_values.get(v, -1)
                if found == -1:
                    found = bound_values[v] = self._bind(how, bound, v)
                return found

            self.bind_memo[key] = self.s.transform(bind)
        return self.bind_memo[key]

    def _bind(self, how: str, bound: int, value_id: int) -> int | None:
        value = self.s.values[value_id]
        if value[0] != "fn":
            return value_id
        info = self.scopes.get((value[1], value[2]))
        owner = self.scopes.get((value[1], info.parent)) if info is not None and info.parent is not None else None
        if owner is None or owner.kind != "class" or info.binding == "static":
            return value_id
        if how == "s":
            return self.s.value(("sm", value[1], value[2], bound))
        if how == "c" and info.binding != "class":
            return value_id
        if how == "i" and info.binding == "class":
            instance = self.s.values[bound]
            return self.s.value(("m", value[1], value[2], self.s.value(("cls", instance[1], instance[2]))))
        return self.s.value(("m", value[1], value[2], bound))

    # attributes
    def attribute(self, base: int | None, attr: str) -> int | None:
        if base is None:
            return None
        key = (base, attr)
        if key not in self.attr_memo:
            result = self.attr_memo[key] = self.s.fresh()
            self.s.watch(base, lambda v: self.on_attribute(v, attr, result))
        return self.attr_memo[key]

    def on_attribute(self, value_id: int, attr: str, result: int) -> None:
        value = self.s.values[value_id]
        kind = value[0]
        if kind == "mod":
            self.module_attribute(value[1], attr, result)
        elif kind in ("cls", "inst"):
            self.class_attr((value[1], value[2]), attr, result, self.binder("c" if kind == "cls" else "i", value_id))
        elif kind == "super":
            self.class_attr((value[1], value[2]), attr, result, self.binder("s", value[3]), skip=1)
        elif kind == "ext" and value[1].count(".") < 12:
            self.s.add(result, [self.s.value(("ext", f"{value[1]}.{attr}"))])
        elif kind == "str":
            self.s.add(result, [self.s.value(("bi", f"<**PyStr**>.{attr}"))])
        elif kind == "box":
            self.s.add(result, [self.s.value(("bm", value_id, attr))])
        elif kind == "fn":
            self.s.add(result, [self.s.value(("fa", value_id, attr))])

    def module_attribute(self, module: str, attr: str, result: int) -> None:
        """Overridden by the program, which knows the modules."""

    def set_attribute(self, base: int | None, attr: str, source: int) -> None:
        if base is not None:
            self.s.watch(base, lambda v: self.on_set_attribute(v, attr, source))

    def on_set_attribute(self, value_id: int, attr: str, source: int) -> None:
        value = self.s.values[value_id]
        if value[0] == "mod":
            self.s.edge(source, self.s.node((value[1], "", attr)))
        elif value[0] in ("cls", "inst"):
            key = (value[1], value[2])
            owner = next((e for e in self.mro(key) if e[0] != "ext" and e in self.scopes and
                          (attr in self.scopes[e].scope.attrs or attr in self.dynamic.get(e, ()))), None)
            if owner is None:
                owner = key
                self.dynamic.setdefault(key, set()).add(attr)
                self.refresh(key, {attr})
            self.s.edge(source, self.s.node((owner[0], owner[1], attr)))

    def iterate(self, source: int, caller: str, line: int) -> int:
        """What a `for` loop's variable takes: a container's items, what a class's `__next__`
        returns (with edges to `__iter__` and `__next__`), other values themselves (a generator's
        result holds what it yields)."""
        result = self.s.fresh()

        def on_value(value_id: int) -> None:
            kind = self.s.values[value_id][0]
            if kind == "box":
                self.s.edge(self.slot(value_id, "*"), result)
            elif kind == "inst":
                self.method_call(value_id, "__iter__", Site((), (), self.s.fresh(), caller, line))
                self.method_call(value_id, "__next__", Site((), (), result, caller, line))
            elif kind != "cls":
                self.s.add(result, [value_id])

        self.s.watch(source, on_value)
        return result

    def decorate(self, decorator: int, value: int, caller: str, line: int) -> int:
        """What a decorated name holds: what a decorator of the repo returns; the function
        itself when the decorator comes from outside (`@app.route(...)`) or is unknown."""
        result = self.s.fresh()
        self.decorated.append((decorator, result, value))
        self.call(decorator, (value,), (), result, caller, line, passes=False)
        self.s.watch(decorator, lambda v: self.s.edge(value, result) if self.s.values[v][0] == "ext" else None)
        return result

    def undecorated(self) -> bool:
        """A decorated name whose decorator is unknown, or returns no function or class of the
        repo (`return functools.update_wrapper(inner, f)`), keeps the decorated function."""
        changed = False
        for decorator, result, value in self.decorated:
            held = [self.s.values[v][0] for v in self.s.pts[result]]
            if not self.s.pts[decorator] or not any(kind in ("fn", "m", "cls") for kind in held):
                if (result, 0) not in self.s.edges.get(value, {}):
                    self.s.edge(value, result)
                    changed = True
        return changed
