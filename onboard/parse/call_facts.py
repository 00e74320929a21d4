"""Calls that may declare a way in: decorators, statement-level calls, `with` items and the
elements of list literals whose callee's last name is in `knowledge.ENTRY_CALL_NAMES`
(`@app.route("/x")`, `app.include_router(r, prefix="/v1")`, `urlpatterns = [path(...)]`,
`sub.add_parser("name")`, `with DAG("id"):`), with their literal arguments; and module-level
constants (`API_PREFIX = "/api"`, `COMMANDS = ["a", "b"]`). Found in the CPython AST by a walk of
statements only (expressions are looked at only under a recorded statement), so the cost is a
fraction of the parse. The analyses interpret the calls through the module's imports.

An argument is a small tuple `(kind, value)`: ("str", text), ("name", "a.b"), ("list", args),
("call", Call), ("each", strings) for a loop variable over a literal list or dict, ("concat", parts) for
`NAME + "/x"` and `f"{NAME}/x"`, ("other", ""). A loop over a name that is not a literal
(`for name, spec in table.items()`, `table` a parameter) is kept in `Call.loops` as ("name",
"table"): the analysis asks the program model what `table` holds.
"""

from __future__ import annotations

import ast

from onboard.facts import Call
from onboard.knowledge import ENTRY_CALL_NAMES, HTTP_METHOD_NAMES

_DEPTH = 5
_MAX_ITEMS = 200
_MAX_TEXT = 300
_OTHER = ("other", "")
_BODY_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")
_LIST_METHODS = {"append", "extend", "insert"}
_PARTS = ("str", "name", "concat")
# Decorators that never declare a way in: not recorded.
_PLAIN_DECORATORS = frozenset({"property", "staticmethod", "classmethod", "setter", "getter", "deleter", "wraps", "overload",
                               "abstractmethod", "cached_property", "lru_cache", "cache", "dataclass", "total_ordering",
                               "override", "fixture", "parametrize", "skip", "skipif", "xfail", "mark", "contextmanager",
                               "asynccontextmanager", "singledispatch", "register", "validator", "field_validator",
                               "root_validator", "model_validator", "pass_context", "pass_obj", "option", "argument",
                               "version_option", "login_required", "unique", "final", "runtime_checkable"})


def _plain(value: tuple) -> bool:
    """A constant worth keeping: strings, names, and lists of them or of calls (a handler list
    imported by another module: `handlers = [(r"/", Main), url(r"/x", X)]`)."""
    kind, inner = value
    if kind == "list":
        return all(_plain(v) or v[0] == "call" for v in inner)
    return kind in _PARTS


def dotted(node: ast.AST) -> str | None:
    """`a.b.c` for a Name or Attribute chain, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


class _Calls:
    def __init__(self, aliases: frozenset[str] = frozenset()) -> None:
        self.names = ENTRY_CALL_NAMES | aliases
        self.found: list[Call] = []
        self.constants: dict[str, tuple] = {}
        self.constant_lines: dict[str, tuple[int, ...]] = {}
        self.loops: list[dict[str, tuple[str, ...]]] = []
        self.sources: list[tuple[str, str]] = []  # (loop variable, the name it iterates), innermost last
        self.local = False  # inside a function or class body

    def arg(self, node: ast.AST, depth: int = 0) -> tuple:
        if depth > _DEPTH:
            return _OTHER
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return ("str", node.value[:_MAX_TEXT])
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return ("list", tuple(self.arg(e, depth + 1) for e in node.elts[:_MAX_ITEMS]))
        if isinstance(node, ast.Dict):
            return ("list", tuple(self.arg(k, depth + 1) for k in node.keys[:_MAX_ITEMS] if k is not None))
        if isinstance(node, ast.Call):
            call = self.call(node, "element", "", depth + 1)
            return ("call", call) if call is not None else _OTHER
        if isinstance(node, ast.JoinedStr) and all(isinstance(v, ast.Constant) or isinstance(v, ast.FormattedValue)
                                                   and v.conversion == -1 and v.format_spec is None for v in node.values):
            parts = tuple(self.arg(v if isinstance(v, ast.Constant) else v.value, depth + 1) for v in node.values)
            if all(p[0] in _PARTS for p in parts):  # f"{API_PREFIX}/v1"
                return ("concat", parts) if len(parts) != 1 else parts[0]
            return _OTHER
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.arg(node.left, depth + 1), self.arg(node.right, depth + 1)
            if left[0] == right[0] == "str":
                return ("str", (left[1] + right[1])[:_MAX_TEXT])
            if left[0] == right[0] == "list":
                return ("list", left[1] + right[1])
            if left[0] in _PARTS and right[0] in _PARTS:  # `API_PREFIX + "/v1"`: the analysis resolves names
                return ("concat", (left, right))
            return _OTHER
        name = dotted(node)
        if name is not None:
            for loop in reversed(self.loops):
                if name in loop:
                    return ("each", loop[name])
            return ("name", name)
        return _OTHER

    def call(self, node: ast.Call, role: str, target: str, depth: int = 0) -> Call | None:
        callee = dotted(node.func)
        if callee is None and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Call):
            inner = dotted(node.func.value.func)  # `View.as_view().x` is rare; `Router().get` -> "Router().get"
            callee = f"{inner}().{node.func.attr}" if inner else None
        if callee is None:
            return None
        args = tuple(self.arg(a, depth) for a in node.args[:_MAX_ITEMS] if not isinstance(a, ast.Starred))
        kwargs = tuple((k.arg, self.arg(k.value, depth)) for k in node.keywords if k.arg)
        return Call(callee, node.lineno, args, kwargs, role, target, self.local, tuple(reversed(self.sources)))

    def interesting(self, node: ast.AST, decorator: bool = False) -> bool:
        func = node.func if isinstance(node, ast.Call) else node
        last = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if last not in self.names:
            return False
        if decorator or last not in HTTP_METHOD_NAMES or not isinstance(node, ast.Call):
            return True
        first = node.args[0] if node.args else None  # `client.get(url)` is not a route
        return isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.startswith("/")

    def record(self, node: ast.AST, role: str, target: str) -> None:
        if not isinstance(node, ast.Call):
            return
        if isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Call):
            self.record(node.func.value, "call", "")  # `sub.add_parser("x").set_defaults(...)`: the inner call too
        if self.interesting(node):
            call = self.call(node, role, target)
            if call is not None:
                self.found.append(call)

    def elements(self, node: ast.AST, target: str) -> None:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            self.elements(node.left, target)
            self.elements(node.right, target)
        elif isinstance(node, (ast.List, ast.Tuple)):
            for element in node.elts[:_MAX_ITEMS * 10]:
                self.record(element, "element", target)
        else:
            self.record(node, "assign", target)

    def decorators(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        for decorator in node.decorator_list:
            if not self.interesting(decorator, decorator=True):
                # any other decorator, with its literal keywords only: an alias (`from rq.decorators
                # import job as rq_job`) or the user's own decorator may still mean a way in
                func = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = dotted(func)
                if name and name.rsplit(".", 1)[-1] not in _PLAIN_DECORATORS:
                    keywords = decorator.keywords if isinstance(decorator, ast.Call) else ()
                    kwargs = tuple((k.arg, ("str", k.value.value[:_MAX_TEXT])) for k in keywords
                                   if k.arg and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str))
                    self.found.append(Call(name, node.lineno, (), kwargs, "decorator", node.name, self.local))
                continue
            if isinstance(decorator, ast.Call):
                call = self.call(decorator, "decorator", node.name)
            else:
                name = dotted(decorator)
                call = Call(name, node.lineno, (), (), "decorator", node.name, self.local) if name else None
            if call is not None:
                self.found.append(Call(call.callee, node.lineno, call.args, call.kwargs, "decorator", node.name, self.local))

    def statement(self, node: ast.stmt, module_level: bool) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.decorators(node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            target = dotted(targets[0]) or ""
            if module_level and isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(targets[0], ast.Name):
                value = self.arg(node.value)
                if value[0] != "other" and _plain(value):
                    self.constants[target] = value
                    lines = _item_lines(node.value)
                    if value[0] == "list" and len(lines) == len(value[1]):
                        self.constant_lines[target] = lines
                    else:
                        self.constant_lines.pop(target, None)
            self.elements(node.value, target)
            if module_level and target and isinstance(node.value, ast.Call) and not self.interesting(node.value):
                callee = dotted(node.value.func)  # what a module-level name is bound to: `thing = Thing()`
                if callee:
                    self.found.append(Call(callee, node.lineno, (), (), "assign", target, self.local))
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Call):
            self.record(node.value, "call", "")
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Attribute) and func.attr in _LIST_METHODS and dotted(func.value):
                for value in node.value.args:
                    self.elements(value, dotted(func.value) or "")
            else:
                self.record(node.value, "call", "")
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                target = dotted(item.optional_vars) if item.optional_vars is not None else None
                self.record(item.context_expr, "with", target or "")

    def loop_values(self, node: ast.For) -> dict[str, tuple[str, ...]]:
        """`for name in ["a", "b"]` / `in COMMANDS` / `in COMMANDS.items()`: the names the loop
        variable (or the first of a tuple target) takes, when they are literal strings."""
        source = node.iter
        if isinstance(source, ast.Call) and isinstance(source.func, ast.Attribute) and source.func.attr in ("items", "keys") and not source.args:
            source = source.func.value
        value = self.arg(source)
        if value[0] == "name":
            value = self.constants.get(value[1], _OTHER)
        if value[0] != "list" or not value[1] or any(v[0] != "str" for v in value[1]):
            return {}
        target = node.target.elts[0] if isinstance(node.target, ast.Tuple) and node.target.elts else node.target
        return {target.id: tuple(v[1] for v in value[1])} if isinstance(target, ast.Name) else {}

    def loop_source(self, node: ast.For) -> tuple[str, str] | None:
        """`for name, spec in table.items()` / `in table` / `in table.keys()` over a name that is
        not a literal list or dict: (the loop variable, or the first of a tuple, "table")."""
        source = node.iter
        if isinstance(source, ast.Call) and isinstance(source.func, ast.Attribute) and source.func.attr in ("items", "keys") and not source.args:
            source = source.func.value
        name = dotted(source)
        target = node.target.elts[0] if isinstance(node.target, ast.Tuple) and node.target.elts else node.target
        return (target.id, name) if name and isinstance(target, ast.Name) else None

    def block(self, statements: list[ast.stmt], module_level: bool) -> None:
        for node in statements:
            self.local = not module_level
            self.statement(node, module_level)
            loop = self.loop_values(node) if isinstance(node, (ast.For, ast.AsyncFor)) else {}
            source = self.loop_source(node) if isinstance(node, (ast.For, ast.AsyncFor)) and not loop else None
            if source is not None:
                self.sources.append(source)
            self.loops.append(loop)
            nested = module_level and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            for field in _BODY_FIELDS:
                children = getattr(node, field, None) or ()
                for child in children:
                    if isinstance(child, ast.stmt):
                        self.block([child], nested)
                    else:  # an except handler or a match case: its own body
                        self.block(getattr(child, "body", []), nested)
            self.loops.pop()
            if source is not None:
                self.sources.pop()


def _item_lines(node: ast.AST) -> tuple[int, ...]:
    """The line of each item of a list literal, in the order `_Calls.arg` lists them."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return tuple(e.lineno for e in node.elts[:_MAX_ITEMS])
    if isinstance(node, ast.Dict):
        return tuple(k.lineno for k in node.keys[:_MAX_ITEMS] if k is not None)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _item_lines(node.left) + _item_lines(node.right)
    return ()


def _aliases(tree: ast.Module) -> frozenset[str]:
    """Local names given to interesting names at import (`from flask import Blueprint as BP`),
    at module level, in `try`/`if` blocks included."""
    found, stack = set(), list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.ImportFrom):
            found.update(a.asname for a in node.names if a.asname and a.name in ENTRY_CALL_NAMES)
        elif isinstance(node, (ast.Try, ast.If, ast.With)) or type(node).__name__ == "TryStar":
            stack.extend(child for field in _BODY_FIELDS for child in getattr(node, field, None) or ())
        elif isinstance(node, ast.ExceptHandler):
            stack.extend(node.body)
    return frozenset(found)


def call_facts(tree: ast.Module) -> tuple[tuple[Call, ...], tuple[tuple[str, tuple], ...], tuple[tuple[str, tuple[int, ...]], ...]]:
    """The recorded calls in source order, the module-level constants and the lines of the items
    of the list constants, both sorted by name."""
    walker = _Calls(_aliases(tree))
    walker.block(tree.body, True)
    return tuple(walker.found), tuple(sorted(walker.constants.items())), tuple(sorted(walker.constant_lines.items()))
