"""`extract`: one file's bytes to its `FileFacts`, with libcst, in one batched pass.

A pure function: no I/O, no globals, and no exception escapes; every failure is a `Failure`.
Line numbers come from the CPython AST that the guard builds anyway: libcst's PositionProvider
would cost about four times the parse. Definitions and imports are met in source order by both
parsers, so the n-th one libcst visits is the n-th one in the AST; a count that disagrees is
reported rather than guessed.
"""

from __future__ import annotations

import ast
import inspect
import sys

import libcst as cst

from onboard.facts import Definition, FileFacts, Failure, Import
from onboard.parse.guard import check, one_line

_DEF_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_IMPORT_NODES = (ast.Import, ast.ImportFrom)
_BODY_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")
_VISIT_RECURSION_LIMIT = 12_000


def _statement_lines(tree: ast.Module) -> tuple[list[int], list[int]]:
    """Lines of the definitions and of the imports, in source order (statements only)."""
    defs: list[tuple[int, int]] = []
    imports: list[tuple[int, int]] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        for field in _BODY_FIELDS:
            for child in getattr(node, field, None) or ():
                if isinstance(child, _DEF_NODES):
                    defs.append((child.lineno, child.col_offset))
                elif isinstance(child, _IMPORT_NODES):
                    imports.append((child.lineno, child.col_offset))
                stack.append(child)
    return [line for line, _ in sorted(defs)], [line for line, _ in sorted(imports)]


def dotted_name(node: cst.BaseExpression) -> str | None:
    """`a.b.c` for a Name or Attribute chain, else None."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def _string_value(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        if "b" in node.prefix.lower():
            return None
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        left, right = _string_value(node.left), _string_value(node.right)
        return None if left is None or right is None else left + right
    return None


def docstring(body: cst.BaseSuite | cst.Module) -> str | None:
    """The docstring as `ast.get_docstring` reads it (cleaned), or None."""
    statements = body.body
    if not statements:
        return None
    first = statements[0]
    if isinstance(first, cst.SimpleStatementLine):
        first = first.body[0] if first.body else None
    if not isinstance(first, cst.Expr):
        return None
    try:
        value = _string_value(first.value)
    except Exception:  # a literal libcst cannot evaluate is not a docstring we can read
        return None
    return None if value is None else inspect.cleandoc(value)


def summary(text: str | None) -> str:
    """The first non-empty line of a docstring, folded to one short line."""
    for line in (text or "").splitlines():
        if line.strip():
            return one_line(line, 160)
    return ""


class _Definitions(cst.BatchableCSTVisitor):
    def __init__(self, lines: list[int]) -> None:
        super().__init__()
        self.lines, self.found, self.stack = lines, [], [-1]

    def _enter(self, node: cst.FunctionDef | cst.ClassDef, kind: str, is_async: bool) -> None:
        index = len(self.found)
        text = docstring(node.body)
        decorators = tuple(
            dotted_name(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator) or "<expression>"
            for d in node.decorators
        )
        line = self.lines[index] if index < len(self.lines) else 0
        self.found.append(
            Definition(node.name.value, kind, line, self.stack[-1], is_async, decorators,
                       bool(text and text.strip()), summary(text))
        )
        self.stack.append(index)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._enter(node, "function", node.asynchronous is not None)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.stack.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._enter(node, "class", False)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.stack.pop()


class _Imports(cst.BatchableCSTVisitor):
    def __init__(self, lines: list[int]) -> None:
        super().__init__()
        self.lines, self.count, self.found = lines, 0, []

    def _line(self) -> int:
        self.count += 1
        return self.lines[self.count - 1] if self.count <= len(self.lines) else 0

    def visit_Import(self, node: cst.Import) -> None:
        line = self._line()
        for alias in node.names:
            self.found.append(Import(dotted_name(alias.name) or "", None, 0, line))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        line = self._line()
        module = dotted_name(node.module) if node.module is not None else ""
        level = len(node.relative)
        if isinstance(node.names, cst.ImportStar):
            self.found.append(Import(module or "", "*", level, line))
            return
        for alias in node.names:
            self.found.append(Import(module or "", dotted_name(alias.name) or "", level, line))


def _facts(data: bytes, tree: ast.Module) -> FileFacts | Failure:
    try:
        module = cst.parse_module(data)
    except cst.ParserSyntaxError as error:
        return Failure("parser-limitation", f"libcst cannot parse this valid Python: {one_line(error.message, 120)}", error.raw_line or None)
    def_lines, import_lines = _statement_lines(tree)
    definitions, imports = _Definitions(def_lines), _Imports(import_lines)
    cst.visit_batched(module, [definitions, imports])
    if len(definitions.found) != len(def_lines) or imports.count != len(import_lines):
        return Failure("parser-limitation", "libcst and CPython disagree on this file's structure", None)
    text = docstring(module)
    return FileFacts(
        lines=data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1),
        has_module_docstring=bool(text and text.strip()),
        module_summary=summary(text),
        definitions=tuple(definitions.found),
        imports=tuple(imports.found),
    )


def _with_recursion_limit(limit: int, function, *args):
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, limit))
    try:
        return function(*args)
    finally:
        sys.setrecursionlimit(old)


def extract(path: str, data: bytes) -> FileFacts | Failure:
    """The facts of one Python file, or why it cannot be analysed. Never raises.

    `path` is used for nothing but diagnostics by callers; the result depends on `data` alone,
    which is what lets the cache key it by content hash.
    """
    try:
        tree = check(data)
        if isinstance(tree, Failure):
            return tree
        # libcst visits recursively, a few frames a level: the guard bounds the depth to ~3,000.
        return _with_recursion_limit(_VISIT_RECURSION_LIMIT, _facts, data, tree)
    except RecursionError:
        return Failure("too-deeply-nested", "nesting too deep to analyse safely", None)
    except MemoryError:
        return Failure("out-of-memory", "ran out of memory while parsing", None)
    except Exception as error:  # a bug of ours must cost this file, not the run
        return Failure("internal-error", one_line(f"onboard failed on this file ({type(error).__name__}: {error}); please report it"), None)
