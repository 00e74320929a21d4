"""`extract`: one file's bytes to its `FileFacts`, with libcst, in one walk of statement blocks.

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


# Where nested statements live, per compound statement (fields in source order). Definitions and
# imports are statements, so a walk of statement blocks finds them all without visiting every
# expression: libcst's full visitor costs about three quarters of the parse itself.
_NESTED_FIELDS = {
    cst.If: ("body", "orelse"), cst.Else: ("body",), cst.For: ("body", "orelse"),
    cst.While: ("body", "orelse"), cst.With: ("body",), cst.Try: ("body", "handlers", "orelse", "finalbody"),
    cst.TryStar: ("body", "handlers", "orelse", "finalbody"), cst.ExceptHandler: ("body",),
    cst.ExceptStarHandler: ("body",), cst.Finally: ("body",), cst.Match: ("cases",), cst.MatchCase: ("body",),
}


class _Walker:
    """Collects definitions and imports in source order, the order the AST lines are in."""

    def __init__(self, def_lines: list[int], import_lines: list[int]) -> None:
        self.def_lines, self.import_lines = def_lines, import_lines
        self.definitions: list[Definition] = []
        self.imports: list[Import] = []
        self.import_statements = 0

    def block(self, statements, parent: int) -> None:
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                self.small(statement.body)
            elif isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
                self.definition(statement, parent)
            else:
                self.compound(statement, parent)

    def compound(self, node, parent: int) -> None:
        for field in _NESTED_FIELDS.get(type(node), ()):
            value = getattr(node, field)
            if value is None:
                continue
            if isinstance(value, cst.BaseSuite):
                self.suite(value, parent)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    self.compound(item, parent)
            else:
                self.compound(value, parent)

    def suite(self, suite: cst.BaseSuite, parent: int) -> None:
        if isinstance(suite, cst.IndentedBlock):
            self.block(suite.body, parent)
        else:
            self.small(suite.body)

    def small(self, statements) -> None:
        for node in statements:
            if isinstance(node, (cst.Import, cst.ImportFrom)):
                self.import_statement(node)

    def definition(self, node: cst.FunctionDef | cst.ClassDef, parent: int) -> None:
        index = len(self.definitions)
        text = docstring(node.body)
        decorators = tuple(
            dotted_name(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator) or "<expression>"
            for d in node.decorators
        )
        is_function = isinstance(node, cst.FunctionDef)
        self.definitions.append(Definition(
            node.name.value, "function" if is_function else "class", _at(self.def_lines, index), parent,
            is_function and node.asynchronous is not None, decorators, bool(text and text.strip()), summary(text),
        ))
        self.suite(node.body, index)

    def import_statement(self, node: cst.Import | cst.ImportFrom) -> None:
        line = _at(self.import_lines, self.import_statements)
        self.import_statements += 1
        if isinstance(node, cst.Import):
            self.imports.extend(Import(dotted_name(a.name) or "", None, 0, line) for a in node.names)
            return
        module = (dotted_name(node.module) if node.module is not None else "") or ""
        level = len(node.relative)
        if isinstance(node.names, cst.ImportStar):
            self.imports.append(Import(module, "*", level, line))
        else:
            self.imports.extend(Import(module, dotted_name(a.name) or "", level, line) for a in node.names)


def _at(lines: list[int], index: int) -> int:
    return lines[index] if index < len(lines) else 0


def _facts(data: bytes, tree: ast.Module) -> FileFacts | Failure:
    try:
        module = cst.parse_module(data)
    except cst.ParserSyntaxError as error:
        return Failure("parser-limitation", f"libcst cannot parse this valid Python: {one_line(error.message, 120)}", error.raw_line or None)
    def_lines, import_lines = _statement_lines(tree)
    walker = _Walker(def_lines, import_lines)
    walker.block(module.body, -1)
    if len(walker.definitions) != len(def_lines) or walker.import_statements != len(import_lines):
        return Failure("parser-limitation", "libcst and CPython disagree on this file's structure", None)
    text = docstring(module)
    return FileFacts(
        lines=data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1),
        has_module_docstring=bool(text and text.strip()),
        module_summary=summary(text),
        definitions=tuple(walker.definitions),
        imports=tuple(walker.imports),
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
