"""The program model's constraints: every scope of every module turned into nodes and edges of
the solver (`solver.Solver`), the way PyCG builds its assignment graph, then solved to a fix
point.

Nodes are named (module, scope, name): a variable, a parameter, a class attribute (`self.x`
lands on the class, as in PyCG), `<ret>` for what a function returns or yields. Values:
  ("fn", module, scope)     a function or lambda      ("cls", module, scope)  a class
  ("inst", module, scope)   an instance of a class    ("mod", module)         a module of the repo
  ("m", module, scope, v)   a method bound to value v ("ext", "pkg.name")     something imported from
                                                                              outside the repo
  ("bi", name)              a builtin                 ("str", text)           a string constant
  ("box", kind, site)       a list, tuple, set or dict made at one place (its items are nodes)
  ("bm", box, method)       a method of such a container
  ("fa", function, attr)    an attribute of a function of the repo (`task.delay`)
  ("super", module, class, node) / ("sm", module, scope, node): `super()` and a method through it
A copy of a known package under a vendoring folder (`pkg/_vendor/click`) is that package.
Attributes, calls, subscripts and loops are watchers (`objects.py`); names, imports and the
rest are here.
"""

from __future__ import annotations

import builtins

from onboard.facts import Scope
from onboard.knowledge import VENDOR_FOLDERS
from onboard.resolve.objects import Objects
from onboard.resolve.solver import Solver

MAX_GUESSES = 2  # classes defining a method, at most, for a call on an unknown receiver to go to them
BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))


def vendored(module: str) -> str | None:
    """`pkg._vendor.click.core` -> `click.core`: the package a vendored copy stands for."""
    parts = module.split(".")
    for index, part in enumerate(parts[1:-1], start=1):
        if part in VENDOR_FOLDERS:
            return ".".join(parts[index + 1:])
    return None


class ScopeInfo:
    """What the resolver needs of one scope, worked out once."""

    def __init__(self, module: str, scope: Scope) -> None:
        self.module, self.scope, self.name, self.kind = module, scope, scope.name, scope.kind
        self.parent = scope.name.rpartition(".")[0] if scope.name else None
        self.globals = frozenset(op[1] for op in scope.ops if op[0] == "glob")
        self.positional = tuple(p for p, kind in scope.params if kind == "p")
        self.keywords = frozenset(p for p, kind in scope.params if kind in ("p", "k"))
        names = {d[1] for d in scope.decorators if d is not None and d[0] == "n"}
        self.binding = "static" if "staticmethod" in names else "class" if "classmethod" in names else "instance"


class Program(Objects):
    """The whole repository's constraints and their solution."""

    def __init__(self, modules: dict[str, tuple[Scope, ...]], packages: frozenset[str], solver: Solver | None = None) -> None:
        super().__init__(solver or Solver())
        self.modules, self.packages = modules, packages
        self.scopes: dict[tuple[str, str], ScopeInfo] = {}
        for module, scopes in sorted(modules.items()):
            for scope in scopes:
                self.scopes[(module, scope.name)] = ScopeInfo(module, scope)
        self.prefixes = frozenset(m.rsplit(".", i)[0] for m in modules for i in range(1, m.count(".") + 1))
        self.stars: dict[str, list[str]] = {}
        self.memo: dict[tuple, int | None] = {}
        self.globals_built: set[tuple[str, str]] = set()
        for (module, name), info in self.scopes.items():
            if info.kind in ("function", "lambda"):
                self.by_caller[f"{module}.{name}"] = (module, name)
        self.decorations: dict[tuple[str, str], list[tuple[int, int]]] = {}  # what each decorator is, and gives
        self.sites: list[tuple[str, str, int, int, tuple, tuple]] = []
        self.method_calls: list[tuple[int, str]] = []  # (callee node, method name) of `x.method(...)` calls
        self.guessed: set[str] = set()  # methods some call reaches only by their name  # (module, scope, line, callee, args, kwargs)

    # names
    def caller(self, module: str, name: str) -> str:
        """The call graph's name of the code that runs a scope's calls: its function, else the module."""
        info = self.scopes[(module, name)]
        while info.kind == "class":
            info = self.scopes[(module, info.parent)]
        return f"{module}.{info.name}" if info.name else module

    def var(self, module: str, scope: str, name: str) -> int:
        return self.s.node((module, scope, name))

    def store(self, module: str, scope: str, name: str) -> int:
        """The node an assignment to `name` in `scope` writes."""
        return self.var(module, "" if name in self.scopes[(module, scope)].globals else scope, name)

    def version(self, module: str, scope: str, name: str, version: int) -> int:
        owner = "" if name in self.scopes[(module, scope)].globals else scope
        return self.s.node((module, owner, name, version))

    def lookup(self, module: str, scope: str, name: str) -> int | None:
        """The node `name` reads in `scope`: the innermost enclosing scope that binds it (class
        bodies are skipped below their own level), else the module's global, star imports, builtins."""
        current, first = scope, True
        while current is not None:
            info = self.scopes[(module, current)]
            if name in info.globals:
                break
            if (first or info.kind != "class") and name in info.scope.bound:
                return self.var(module, current, name)
            current, first = info.parent, False
        return self.global_node(module, name)

    def global_node(self, module: str, name: str, builtin: bool = True, depth: int = 0) -> int | None:
        node = self.var(module, "", name)
        info = self.scopes.get((module, ""))
        if info is None or name in info.scope.bound or (module, name) in self.globals_built:
            return node
        self.globals_built.add((module, name))
        for star in self.stars.get(module, ()):
            if depth < 8 and (star, "") in self.scopes:
                source = self.global_node(star, name, False, depth + 1)
                if source is not None:
                    self.s.edge(source, node)
        if builtin and name in BUILTINS and not self.stars.get(module):
            self.s.add(node, [self.s.value(("bi", name))])
        return node

    # imports
    def absolute(self, module: str, level: int, name: str) -> str | None:
        if not level:
            return name
        base = module if module in self.packages else module.rpartition(".")[0]
        for _ in range(level - 1):
            if not base:
                return None
            base = base.rpartition(".")[0]
        return f"{base}.{name}" if base and name else base or name or None

    def module_value(self, name: str) -> tuple:
        outside = vendored(name)
        if outside is not None:
            return ("ext", outside)
        return ("mod", name) if (name, "") in self.scopes or self._is_namespace(name) else ("ext", name)

    def _is_namespace(self, name: str) -> bool:
        return name in self.prefixes

    def imported(self, module: str, scope: str, op: tuple) -> None:
        _, name, attr, level, local = op
        base = self.absolute(module, level, name)
        if base is None:
            return
        if attr == "*":
            if not scope:
                self.stars.setdefault(module, []).append(base)
            return
        node = self.store(module, scope, local)
        if attr is None:
            target = base if local != base.split(".")[0] else local
            self.s.add(node, [self.s.value(self.module_value(target))])
            return
        value = self.module_value(base)
        outside = vendored(f"{base}.{attr}")
        if value[0] == "ext" or outside is not None:
            self.s.add(node, [self.s.value(("ext", outside or f"{value[1]}.{attr}"))])
            return
        if (f"{base}.{attr}", "") in self.scopes or self._is_namespace(f"{base}.{attr}"):
            self.s.add(node, [self.s.value(("mod", f"{base}.{attr}"))])
        if (base, "") in self.scopes:
            source = self.global_node(base, attr, False)
            if source is not None:
                self.s.edge(source, node)

    # expressions
    def eval(self, module: str, scope: str, skeleton) -> int | None:
        """The node holding what a skeleton can evaluate to in `scope`."""
        if skeleton is None:
            return None
        key = (module, scope, skeleton)
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = None  # a skeleton that refers to itself gives nothing
        self.memo[key] = found = self._eval(module, scope, skeleton)
        return found

    def _eval(self, module: str, scope: str, skeleton) -> int | None:
        kind = skeleton[0]
        if kind == "n":
            if len(skeleton) == 3:  # the one assignment that reaches this read
                return self.version(module, scope, skeleton[1], skeleton[2])
            return self.lookup(module, scope, skeleton[1])
        if kind == "c":
            return self.s.node((module, scope, "#call", skeleton[1]))
        if kind == "f":
            info = self.scopes.get((module, skeleton[1]))
            if info is None:
                return None
            return self.const(("cls" if info.kind == "class" else "fn", module, skeleton[1]))
        if kind == "s":
            return self.const(("str", skeleton[1]))
        if kind == "a":
            return self.attribute(self.eval(module, scope, skeleton[1]), skeleton[2])
        if kind in ("l", "d"):
            return self.display(module, scope, skeleton)
        if kind == "i":
            return self.item(self.eval(module, scope, skeleton[1]), skeleton[2])
        if kind == "u":
            node = self.s.fresh()
            for option in skeleton[1]:
                source = self.eval(module, scope, option)
                if source is not None:
                    self.s.edge(source, node)
            return node
        if kind == "upd":
            base = self.eval(module, scope, skeleton[1])
            pairs = tuple((key, self.eval(module, scope, value)) for key, value in skeleton[2])
            return None if base is None else self.updated(base, pairs)
        if kind == "j":
            return self.concat([self.eval(module, scope, p) if p is None or p[0] != "s" else p for p in skeleton[1]])
        return None

    def const(self, value: tuple) -> int:
        node = self.s.node(("=", value))
        self.s.add(node, [self.s.value(value)])
        return node

    def display(self, module: str, scope: str, skeleton) -> int:
        box = self.s.value(("box", "dict" if skeleton[0] == "d" else "list", (module, scope, len(self.memo))))
        node = self.s.fresh()
        self.s.add(node, [box])
        pairs = skeleton[1] if skeleton[0] == "d" else [(("k", index), item) for index, item in enumerate(skeleton[1])]
        for key, value in pairs:
            source = self.eval(module, scope, value)
            if source is not None:
                self.put(box, key, source)
        return node

    # statements
    def build(self) -> None:
        """Every scope's operations and call sites, then the fix point."""
        for module, scopes in sorted(self.modules.items()):
            for scope in scopes:  # imports first: star imports must be known before names are looked up
                for op in scope.ops:
                    if op[0] == "imp":
                        self.imported(module, scope.name, op)
        for module, scopes in sorted(self.modules.items()):
            for scope in scopes:
                self.scope_ops(module, scope)
        self.s.run(self.refresh_dirty)
        if self.by_method_name():
            self.s.run(self.refresh_dirty)
        for _ in range(3):  # each round may give a decorator chain's next link
            if not self.undecorated():
                break
            self.s.run(self.refresh_dirty)

    def release(self) -> None:
        """Drop what only the solving needed once the fix point is reached: the watchers and
        transforms, the copy edges, the memos of expressions, attributes and bindings. The
        answers read the values, the containers' slots and the class hierarchy, nothing else;
        on a large project this is most of the model's memory."""
        self.s.release()
        self.s.edges.clear()
        self.memo.clear()
        self.attr_memo.clear()
        self.bind_memo.clear()
        self.subs.clear()

    def scope_ops(self, module: str, scope: Scope) -> None:
        name = scope.name
        caller = self.caller(module, name)
        for index, (callee, args, kwargs, line) in enumerate(scope.calls):
            self.call_site(module, name, caller, index, callee, args, kwargs, line)
        for op in scope.ops:
            kind = op[0]
            if kind == "=" or kind == "with":
                self.assign(module, name, op[1], self.eval(module, name, op[2]), op[2])
            elif kind == "ret":
                source = self.eval(module, name, op[1])
                if source is not None:
                    self.s.edge(source, self.var(module, name, "<ret>"))
            elif kind == "for":
                source = self.eval(module, name, op[2])
                if source is not None:
                    self.assign(module, name, op[1], self.iterate(source, caller, op[3]), None)
            elif kind == "def":
                self.define(module, name, caller, op[1], op[2])
            elif kind == "raise":
                source = self.eval(module, name, op[1])
                if source is not None:
                    self.raised(source, caller, op[2])
        info = self.scopes[(module, name)]
        owner = self.scopes.get((module, info.parent)) if info.parent is not None else None
        if owner is not None and owner.kind == "class" and info.positional and info.binding != "static":
            made = ("cls" if info.binding == "class" else "inst", module, owner.name)  # `self` is at least its own class's
            self.s.add(self.var(module, name, info.positional[0]), [self.s.value(made)])
        if scope.kind in ("function", "lambda") and scope.defaults:
            parent = self.scopes[(module, name)].parent or ""
            for param, default in scope.defaults:
                source = self.eval(module, parent, default)
                if source is not None:
                    self.s.edge(source, self.var(module, name, param))

    def call_site(self, module: str, scope: str, caller: str, index: int, callee, args, kwargs, line: int) -> None:
        callee_node = self.eval(module, scope, callee)
        if callee_node is None:
            return
        arg_nodes = tuple(("*", self.eval(module, scope, a[1])) if a is not None and a[0] == "*" else self.eval(module, scope, a)
                          for a in args)
        kwarg_nodes = tuple((k, self.eval(module, scope, v)) for k, v in kwargs)
        result = self.s.node((module, scope, "#call", index))
        self.call(callee_node, arg_nodes, kwarg_nodes, result, caller, line)
        self.sites.append((module, scope, line, callee_node, arg_nodes, kwarg_nodes))
        if callee[0] == "a" and not callee[2].startswith("__") and self.global_receiver(module, scope, callee[1]):
            self.method_calls.append((callee_node, callee[2]))

    def global_receiver(self, module: str, scope: str, base) -> bool:
        """Whether `base` is a module-level name (`cached_provider.get_client(...)`): a parameter
        or local (`event.get(...)`) is too often a dict or a library object to guess at."""
        if base is None or base[0] != "n":
            return False
        current = scope
        while current:
            info = self.scopes[(module, current)]
            if base[1] in info.globals:
                return True
            if info.kind != "class" and base[1] in info.scope.bound:
                return False
            current = info.parent
        return base[1] in self.scopes[(module, "")].scope.bound

    def by_method_name(self) -> bool:
        """A method call on a module-level name the model cannot follow (a class picked from a
        plugin registry at run time) goes to the methods of that name when one or two classes of
        the repo define one; remembered in `guessed`."""
        owners: dict[str, list[tuple[str, str]]] = {}
        for (module, name), info in self.scopes.items():
            if info.kind == "class":
                for op in info.scope.ops:
                    if op[0] == "def" and self.scopes[(module, op[2])].kind == "function":
                        owners.setdefault(op[1], []).append((module, op[2]))
        changed = False
        for node, method in self.method_calls:
            found = owners.get(method, ())
            if self.s.pts[node] or not 0 < len(found) <= MAX_GUESSES:
                continue
            for module, scope in found:
                info = self.scopes[(module, scope)]
                value = ("fn", module, scope)
                if info.binding != "static":
                    owner = ("cls" if info.binding == "class" else "inst", module, info.parent)
                    value = ("m", module, scope, self.s.value(owner))
                self.s.add(node, [self.s.value(value)])
                self.guessed.add(f"{module}.{scope}")
                changed = True
        return changed

    def module_attribute(self, module: str, attr: str, result: int) -> None:
        inner = f"{module}.{attr}"
        if (inner, "") in self.scopes or self._is_namespace(inner):
            self.s.add(result, [self.s.value(("mod", inner))])
        if (module, "") in self.scopes:
            node = self.global_node(module, attr, False)
            if node is not None:
                self.s.edge(node, result)

    def assign(self, module: str, scope: str, target, source: int | None, skeleton) -> None:
        if target is None or source is None:
            return
        kind = target[0]
        if kind == "n":
            self.s.edge(source, self.store(module, scope, target[1]))
            if len(target) == 3:
                self.s.edge(source, self.version(module, scope, target[1], target[2]))
        elif kind == "a":
            self.set_attribute(self.eval(module, scope, target[1]), target[2], source)
        elif kind == "i":
            self.set_item(self.eval(module, scope, target[1]), target[2], source)
        elif kind == "t":
            items = skeleton[1] if skeleton is not None and skeleton[0] == "l" and len(skeleton[1]) == len(target[1]) else None
            for position, sub in enumerate(target[1]):
                if items is not None:
                    self.assign(module, scope, sub, self.eval(module, scope, items[position]), items[position])
                else:
                    self.assign(module, scope, sub, self.elements(source), None)

    def define(self, module: str, scope: str, caller: str, name: str, inner: str) -> None:
        info = self.scopes[(module, inner)]
        value = self.const(("cls" if info.kind == "class" else "fn", module, inner))
        target = self.store(module, scope, name)
        for decorator in reversed(info.scope.decorators):
            node = self.eval(module, scope, decorator)
            if node is None:
                continue
            value = self.decorate(node, value, caller, info.scope.line)
            self.decorations.setdefault((module, inner), []).append((node, value))
        self.s.edge(value, target)
        if info.kind == "class":
            for base in info.scope.bases:
                node = self.eval(module, scope, base)
                if node is not None:
                    self.add_bases((module, inner), node)
