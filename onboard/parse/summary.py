"""Per-file summaries for the program model: what each scope binds, calls, assigns and returns,
as small skeletons of expressions, read from the CPython AST in one walk (no libcst).

A file's summary is a tuple of `Scope`s: the module body first, then every function, method,
lambda and class in source order. The resolver (`onboard.resolve`) joins the summaries of the
whole repository into one assignment graph; nothing here looks beyond the file.

An expression's skeleton is a tuple whose first item says its kind:
  ("n", name)              a name as loaded (the resolver finds the scope that binds it)
  ("a", base, attr)        an attribute of a skeleton
  ("c", index)             the result of the scope's call site `index`
  ("s", text)              a string literal (folded through `+` and f-strings into ("j", parts))
  ("j", parts)             a string built from parts (literals and skeletons)
  ("f", scope)             a function, lambda or class defined in this file (its scope name)
  ("l", items)             a list, tuple or set display, or a comprehension's element
  ("d", pairs)             a dict display: ((key, value), ...), key None for `**spread`
  ("i", base, key)         a subscript
  ("u", options)           one of several (`a or b`, `x if c else y`)
  ("k", number)            an int literal (a subscript key)
  ("upd", base, pairs)     a container with some items replaced (see `replaced`)
None is an expression that gives nothing the resolver follows. Assignment targets use the same
kinds ("n", "a", "i") plus ("t", targets) for unpacking.

Operations, in source order: ("=", target, value), ("ret", value) for `return` and `yield`,
("for", target, iterable, line), ("with", target, value), ("def", name, scope),
("imp", module, name, level, local) for `import` statements, ("glob", name) for `global`,
("raise", value, line) (raising a class makes an instance). A slice key is ("sl", start, stop).

Flow: within the top-level block of a scope (not under `if`, a loop, `try`, `with`), a name
assigned there is read as that assignment: ("n", name, version) on both sides; elsewhere, and
from other scopes, a name holds all its assignments.
Call sites are (callee, args, kwargs, line); an argument `*x` is ("*", x), `**x` the keyword None.

Bounds: an expression nested deeper than 60 levels, or beyond 400 items of a display, is cut
(the calls inside it are not recorded); a string is kept to 300 characters.
"""

from __future__ import annotations

import ast

from onboard.facts import Scope

_MAX_DEPTH = 60
_MAX_ITEMS = 400
_MAX_TEXT = 300


class _Builder:
    """A scope while it is walked."""

    def __init__(self, name: str, kind: str, line: int, parent: "_Builder | None") -> None:
        self.name, self.kind, self.line, self.parent = name, kind, line, parent
        self.params: tuple = ()
        self.defaults: tuple = ()
        self.decorators: tuple = ()
        self.bases: tuple = ()
        self.calls: list = []
        self.ops: list = []
        self.bound: set[str] = set()
        self.attrs: set[str] = set()
        self.lambdas = 0
        self.self_name: str | None = None  # a method's first parameter
        self.nesting = 0  # compound statements around the statement being walked
        self.version: dict[str, int | None] = {}  # a name's assignment that reaches here, None: any
        self.versions = 0

    def child(self, name: str) -> str:
        return f"{self.name}.{name}" if self.name else name

    def freeze(self) -> Scope:
        return Scope(self.name, self.kind, self.line, self.params, self.defaults, self.decorators, self.bases,
                     tuple(self.calls), tuple(self.ops), frozenset(self.bound), frozenset(self.attrs))


def _params(args: ast.arguments) -> tuple:
    found = [(a.arg, "p") for a in (*args.posonlyargs, *args.args)]
    if args.vararg:
        found.append((args.vararg.arg, "*"))
    found += [(a.arg, "k") for a in args.kwonlyargs]
    if args.kwarg:
        found.append((args.kwarg.arg, "**"))
    return tuple(found)


class _Summary:
    """The walk: statements of each scope, expressions under them."""

    def __init__(self) -> None:
        self.scopes: list[_Builder] = []

    def scope(self, name: str, kind: str, line: int, parent: _Builder | None) -> _Builder:
        built = _Builder(name, kind, line, parent)
        self.scopes.append(built)
        return built

    # statements
    def block(self, sc: _Builder, statements: list[ast.stmt]) -> None:
        for node in statements:
            handler = getattr(self, "s_" + type(node).__name__, None)
            if handler is not None:
                handler(sc, node)
            else:
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, ast.expr):
                        self.expr(sc, child)
                for field in ("body", "orelse", "finalbody"):
                    self.nested(sc, getattr(node, field, None) or [])

    def nested(self, sc: _Builder, statements: list[ast.stmt]) -> None:
        """A block under a compound statement: it may run many times or not at all."""
        sc.nesting += 1
        self.block(sc, statements)
        sc.nesting -= 1

    def function(self, sc: _Builder, node, kind: str, name: str) -> _Builder:
        fn = self.scope(sc.child(name), kind, node.lineno, sc)
        fn.params = _params(node.args)
        positional = [*node.args.posonlyargs, *node.args.args]
        defaults = list(zip(positional[len(positional) - len(node.args.defaults):], node.args.defaults))
        defaults += [(a, d) for a, d in zip(node.args.kwonlyargs, node.args.kw_defaults) if d is not None]
        fn.defaults = tuple((a.arg, self.expr(sc, d)) for a, d in defaults)
        fn.bound.update(p for p, _ in fn.params)
        if sc.kind == "class" and fn.params and fn.params[0][1] == "p":
            fn.self_name = fn.params[0][0]
        return fn

    def s_FunctionDef(self, sc: _Builder, node: ast.FunctionDef) -> None:
        decorators = tuple(self.expr(sc, d) for d in node.decorator_list)
        fn = self.function(sc, node, "function", node.name)
        fn.decorators = decorators
        self.block(fn, node.body)
        sc.ops.append(("def", node.name, fn.name))
        sc.bound.add(node.name)
        sc.version[node.name] = None

    s_AsyncFunctionDef = s_FunctionDef

    def s_ClassDef(self, sc: _Builder, node: ast.ClassDef) -> None:
        decorators = tuple(self.expr(sc, d) for d in node.decorator_list)
        bases = tuple(self.expr(sc, b) for b in node.bases)
        for keyword in node.keywords:
            self.expr(sc, keyword.value)
        cls = self.scope(sc.child(node.name), "class", node.lineno, sc)
        cls.decorators, cls.bases = decorators, bases
        self.block(cls, node.body)
        cls.attrs |= cls.bound
        sc.ops.append(("def", node.name, cls.name))
        sc.bound.add(node.name)
        sc.version[node.name] = None

    def s_Assign(self, sc: _Builder, node: ast.Assign) -> None:
        value = self.expr(sc, node.value)
        for target in node.targets:
            sc.ops.append(("=", self.target(sc, target), value))
            if isinstance(target, ast.Subscript):
                self.replaced(sc, target.value, ((self.expr(sc, target.slice), value),))

    def replaced(self, sc: _Builder, container: ast.expr, pairs: tuple) -> None:
        """`d["k"] = v` or `d.update({"k": v})` in a scope's top-level block, `d` a name assigned
        there: later reads of `d` in that block see the new item in place of the old one."""
        if sc.nesting or not isinstance(container, ast.Name) or sc.version.get(container.id) is None:
            return
        if not pairs or any(key is None or key[0] not in ("s", "k") for key, _ in pairs):
            return
        old = ("n", container.id, sc.version[container.id])
        sc.versions += 1
        sc.version[container.id] = sc.versions
        sc.ops.append(("=", ("n", container.id, sc.versions), ("upd", old, pairs)))

    def s_AnnAssign(self, sc: _Builder, node: ast.AnnAssign) -> None:
        if node.value is not None:
            sc.ops.append(("=", self.target(sc, node.target), self.expr(sc, node.value)))
        elif isinstance(node.target, ast.Name) and sc.kind == "class":
            sc.bound.add(node.target.id)  # a declared field: `name: str`

    def s_AugAssign(self, sc: _Builder, node: ast.AugAssign) -> None:
        value = self.expr(sc, node.value)
        old = self.expr(sc, node.target)
        options = tuple(o for o in (old, value) if o is not None)
        sc.ops.append(("=", self.target(sc, node.target), ("u", options) if options else None))

    def s_Return(self, sc: _Builder, node: ast.Return) -> None:
        if node.value is not None:
            sc.ops.append(("ret", self.expr(sc, node.value)))

    def s_Raise(self, sc: _Builder, node: ast.Raise) -> None:
        raised = self.expr(sc, node.exc)
        self.expr(sc, node.cause)
        if raised is not None:
            sc.ops.append(("raise", raised, node.lineno))

    def s_Expr(self, sc: _Builder, node: ast.Expr) -> None:
        found = self.expr(sc, node.value)
        call = node.value
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "update" and found is not None:
            args = sc.calls[found[1]][1]
            if len(args) == 1 and args[0] is not None and args[0][0] == "d":
                self.replaced(sc, call.func.value, args[0][1])

    def s_For(self, sc: _Builder, node: ast.For) -> None:
        iterable = self.expr(sc, node.iter)
        sc.nesting += 1
        sc.ops.append(("for", self.target(sc, node.target), iterable, node.lineno))
        sc.nesting -= 1
        self.nested(sc, node.body)
        self.nested(sc, node.orelse)

    s_AsyncFor = s_For

    def s_With(self, sc: _Builder, node: ast.With) -> None:
        for item in node.items:
            value = self.expr(sc, item.context_expr)
            if item.optional_vars is not None:
                sc.ops.append(("with", self.target(sc, item.optional_vars), value))
        self.nested(sc, node.body)

    s_AsyncWith = s_With

    def s_Try(self, sc: _Builder, node: ast.Try) -> None:
        self.nested(sc, node.body)
        for handler in node.handlers:
            if handler.type is not None:
                self.expr(sc, handler.type)
            if handler.name:
                sc.bound.add(handler.name)
                sc.version[handler.name] = None
            self.nested(sc, handler.body)
        self.nested(sc, node.orelse)
        self.nested(sc, node.finalbody)

    s_TryStar = s_Try

    def s_Match(self, sc: _Builder, node) -> None:
        self.expr(sc, node.subject)
        for case in node.cases:
            for sub in ast.walk(case.pattern):
                name = getattr(sub, "name", None)
                if isinstance(name, str):
                    sc.bound.add(name)
                    sc.version[name] = None
            if case.guard is not None:
                self.expr(sc, case.guard)
            self.nested(sc, case.body)

    def s_Import(self, sc: _Builder, node: ast.Import) -> None:
        for alias in node.names:
            local = alias.asname or alias.name.split(".")[0]
            sc.ops.append(("imp", alias.name, None, 0, local))
            sc.bound.add(local)
            sc.version[local] = None

    def s_ImportFrom(self, sc: _Builder, node: ast.ImportFrom) -> None:
        for alias in node.names:
            local = alias.asname or alias.name
            sc.ops.append(("imp", node.module or "", alias.name, node.level, local))
            if alias.name != "*":
                sc.bound.add(local)
                sc.version[local] = None

    def s_Global(self, sc: _Builder, node: ast.Global) -> None:
        sc.ops.extend(("glob", name) for name in node.names)

    s_Nonlocal = s_Global

    # assignment targets
    def target(self, sc: _Builder, node: ast.expr):
        if isinstance(node, ast.Name):
            sc.bound.add(node.id)
            if sc.nesting:
                sc.version[node.id] = None
                return ("n", node.id)
            sc.versions += 1
            sc.version[node.id] = sc.versions
            return ("n", node.id, sc.versions)
        if isinstance(node, ast.Attribute):
            base = self.expr(sc, node.value)
            owner = sc.parent if sc.self_name is not None else None
            if owner is not None and base == ("n", sc.self_name):
                owner.attrs.add(node.attr)  # `self.x = ...` in a method: an attribute of the class
            return ("a", base, node.attr)
        if isinstance(node, ast.Subscript):
            return ("i", self.expr(sc, node.value), self.expr(sc, node.slice))
        if isinstance(node, (ast.Tuple, ast.List)):
            return ("t", tuple(self.target(sc, e) for e in node.elts[:_MAX_ITEMS]))
        if isinstance(node, ast.Starred):
            return self.target(sc, node.value)
        return None

    # expressions
    def expr(self, sc: _Builder, node: ast.expr | None, depth: int = 0):
        if node is None or depth > _MAX_DEPTH:
            return None
        handler = getattr(self, "e_" + type(node).__name__, None)
        if handler is not None:
            return handler(sc, node, depth + 1)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.expr(sc, child, depth + 1)
            elif isinstance(child, ast.comprehension):
                self.comprehension(sc, child, depth + 1)
        return None

    def e_Name(self, sc, node, depth):
        version = sc.version.get(node.id) if not sc.nesting else None
        return ("n", node.id) if version is None else ("n", node.id, version)

    def e_Attribute(self, sc, node, depth):
        base = self.expr(sc, node.value, depth)
        return ("a", base, node.attr) if base is not None else None

    def e_Call(self, sc, node, depth):
        callee = self.expr(sc, node.func, depth)
        args = tuple(("*", self.expr(sc, a.value, depth)) if isinstance(a, ast.Starred) else self.expr(sc, a, depth)
                     for a in node.args[:_MAX_ITEMS])
        kwargs = tuple((k.arg, self.expr(sc, k.value, depth)) for k in node.keywords[:_MAX_ITEMS])
        sc.calls.append((callee, args, kwargs, node.lineno))
        return ("c", len(sc.calls) - 1)

    def e_Constant(self, sc, node, depth):
        value = node.value
        if isinstance(value, str):
            return ("s", value[:_MAX_TEXT])
        if isinstance(value, int) and not isinstance(value, bool):
            return ("k", value)
        return None

    def e_JoinedStr(self, sc, node, depth):
        parts = []
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                if value.format_spec is not None:
                    self.expr(sc, value.format_spec, depth)
                parts.append(self.expr(sc, value.value, depth))
            else:
                parts.append(self.expr(sc, value, depth))
        return ("j", tuple(parts))

    def e_BinOp(self, sc, node, depth):
        left, right = self.expr(sc, node.left, depth), self.expr(sc, node.right, depth)
        if not isinstance(node.op, ast.Add):
            return None
        if any(side is not None and side[0] in ("s", "j") for side in (left, right)):
            return ("j", (left, right))
        if left is not None and right is not None and left[0] == right[0] == "l":
            return ("l", left[1] + right[1])
        options = tuple(side for side in (left, right) if side is not None)
        return ("u", options) if options else None

    def _items(self, sc, elts, depth):
        return tuple(self.expr(sc, e, depth) for e in elts[:_MAX_ITEMS])

    def e_List(self, sc, node, depth):
        return ("l", self._items(sc, node.elts, depth))

    e_Tuple = e_Set = e_List

    def e_Dict(self, sc, node, depth):
        pairs = tuple((self.expr(sc, k, depth), self.expr(sc, v, depth))
                      for k, v in zip(node.keys[:_MAX_ITEMS], node.values[:_MAX_ITEMS]))
        return ("d", pairs)

    def e_Starred(self, sc, node, depth):
        return self.expr(sc, node.value, depth)

    def e_Subscript(self, sc, node, depth):
        base = self.expr(sc, node.value, depth)
        key = self.expr(sc, node.slice, depth) if not isinstance(node.slice, ast.Slice) else self.e_Slice(sc, node.slice, depth)
        return ("i", base, key) if base is not None else None

    def e_Slice(self, sc, node, depth):
        """("sl", start, stop): the bounds when they are int literals (None when absent or not)."""
        bounds = [self.expr(sc, part, depth) for part in (node.lower, node.upper, node.step)]
        start, stop = (b[1] if b is not None and b[0] == "k" else None for b in bounds[:2])
        return ("sl", start, stop) if node.step is None and (node.lower is None or start is not None) else ("sl", None, None)

    def e_IfExp(self, sc, node, depth):
        self.expr(sc, node.test, depth)
        sc.nesting += 1  # a walrus in a branch may not run
        options = tuple(o for o in (self.expr(sc, node.body, depth), self.expr(sc, node.orelse, depth)) if o is not None)
        sc.nesting -= 1
        return ("u", options) if options else None

    def e_BoolOp(self, sc, node, depth):
        first = self.expr(sc, node.values[0], depth)
        sc.nesting += 1
        options = tuple(o for o in (first, *self._items(sc, node.values[1:], depth)) if o is not None)
        sc.nesting -= 1
        return ("u", options) if options else None

    def e_NamedExpr(self, sc, node, depth):
        value = self.expr(sc, node.value, depth)
        sc.ops.append(("=", self.target(sc, node.target), value))
        return value

    def e_Await(self, sc, node, depth):
        return self.expr(sc, node.value, depth)

    def e_Yield(self, sc, node, depth):
        sc.ops.append(("ret", self.expr(sc, node.value, depth)))
        return None

    e_YieldFrom = e_Yield

    def e_Lambda(self, sc, node, depth):
        sc.lambdas += 1
        fn = self.function(sc, node, "lambda", f"<lambda{sc.lambdas}>")
        fn.self_name = None
        fn.ops.append(("ret", self.expr(fn, node.body, depth)))
        return ("f", fn.name)

    def comprehension(self, sc, node: ast.comprehension, depth: int) -> None:
        iterable = self.expr(sc, node.iter, depth)
        sc.nesting += 1  # the element runs once per item (left nested until the comprehension ends)
        sc.ops.append(("for", self.target(sc, node.target), iterable, getattr(node.iter, "lineno", 0)))
        for condition in node.ifs:
            self.expr(sc, condition, depth)

    def e_ListComp(self, sc, node, depth):
        for generator in node.generators:
            self.comprehension(sc, generator, depth)
        element = ("l", (self.expr(sc, node.elt, depth),))
        sc.nesting -= len(node.generators)
        return element

    e_SetComp = e_GeneratorExp = e_ListComp

    def e_DictComp(self, sc, node, depth):
        for generator in node.generators:
            self.comprehension(sc, generator, depth)
        pair = ("d", ((self.expr(sc, node.key, depth), self.expr(sc, node.value, depth)),))
        sc.nesting -= len(node.generators)
        return pair


def summarise(tree: ast.Module) -> tuple[Scope, ...]:
    """The scopes of one module, the module body first, then the others in source order."""
    walker = _Summary()
    module = walker.scope("", "module", 0, None)
    walker.block(module, tree.body)
    return tuple(sorted((s.freeze() for s in walker.scopes), key=lambda s: (s.kind != "module", s.line, s.name)))
