"""The libcst walk of a file's statement blocks, for the files CPython cannot parse (the syntax of
a newer Python, `newer_syntax`) and to check that it agrees with the CPython walk (`ast_walk`),
which reads every other file. Line numbers come from the CPython AST of the file (or of its
rewrite): definitions and imports are met in source order by both parsers, so the n-th one libcst
visits is the n-th one in the AST; a count that disagrees is reported rather than guessed.
"""

from __future__ import annotations

import inspect

import libcst as cst

from onboard.facts import Definition, FileFacts, Failure, Import
from onboard.parse.ast_walk import OPTIONAL_IMPORT_ERRORS, excuse, summary


def dotted_name(node: cst.BaseExpression) -> str | None:
    """`a.b.c` for a Name or Attribute chain, else None."""
    parts: list[str] = []
    while type(node) is cst.Attribute:  # `type() is`, not isinstance: libcst's nodes are ABCs, slow to test
        parts.append(node.attr.value)
        node = node.value
    if type(node) is not cst.Name:
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
    if type(first) is cst.SimpleStatementLine:
        first = first.body[0] if first.body else None
    if type(first) is not cst.Expr:
        return None
    try:
        value = _string_value(first.value)
    except Exception:  # a literal libcst cannot evaluate is not a docstring we can read
        return None
    return None if value is None else inspect.cleandoc(value)


# Where nested statements live, per compound statement (fields in source order). Definitions and
# imports are statements, so a walk of statement blocks finds them all without visiting every
# expression: libcst's full visitor costs about three quarters of the parse itself.
_NESTED_FIELDS = {
    cst.If: ("body", "orelse"), cst.Else: ("body",), cst.For: ("body", "orelse"),
    cst.While: ("body", "orelse"), cst.With: ("body",), cst.Try: ("body", "handlers", "orelse", "finalbody"),
    cst.TryStar: ("body", "handlers", "orelse", "finalbody"), cst.ExceptHandler: ("body",),
    cst.ExceptStarHandler: ("body",), cst.Finally: ("body",), cst.Match: ("cases",), cst.MatchCase: ("body",),
}


_SUITES = (cst.IndentedBlock, cst.SimpleStatementSuite)
_IMPORTS = (cst.Import, cst.ImportFrom)


def _is_type_checking(test: cst.BaseExpression) -> bool:
    name = dotted_name(test)
    return name is not None and name.rsplit(".", 1)[-1] == "TYPE_CHECKING"


def _catches_import_errors(node: cst.Try | cst.TryStar) -> bool:
    for handler in node.handlers:
        if handler.type is None:
            return True
        types = handler.type.elements if isinstance(handler.type, cst.Tuple) else [handler.type]
        for item in types:
            value = item.value if isinstance(item, cst.Element) else item
            name = dotted_name(value)
            if name is not None and name.rsplit(".", 1)[-1] in OPTIONAL_IMPORT_ERRORS:
                return True
    return False


class _Walker:
    """Collects definitions and imports in source order, the order the AST lines are in, with
    the context each import runs in (function, `if TYPE_CHECKING:`, `try/except ImportError`)."""

    def __init__(self, def_lines: list[int], import_lines: list[int], def_ends: list[int]) -> None:
        self.def_lines, self.import_lines, self.def_ends = def_lines, import_lines, def_ends
        self.definitions: list[Definition] = []
        self.imports: list[Import] = []
        self.import_statements = 0
        self.lazy = self.type_checking = self.conditional = self.fallback = False

    def block(self, statements, parent: int) -> None:
        for statement in statements:
            kind = type(statement)
            if kind is cst.SimpleStatementLine:
                self.small(statement.body)
            elif kind is cst.FunctionDef or kind is cst.ClassDef:
                self.definition(statement, parent)
            else:
                self.compound(statement, parent)

    def compound(self, node, parent: int) -> None:
        saved = (self.type_checking, self.conditional, self.fallback)
        catches = isinstance(node, (cst.Try, cst.TryStar)) and _catches_import_errors(node)
        if catches:
            self.conditional = True
        for field in _NESTED_FIELDS.get(type(node), ()):
            value = getattr(node, field)
            if value is None:
                continue
            self.type_checking = saved[0] or (isinstance(node, cst.If) and field == "body" and _is_type_checking(node.test))
            self.fallback = saved[2] or catches and field == "handlers"
            if type(value) in _SUITES:
                self.suite(value, parent)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    self.compound(item, parent)
            else:
                self.compound(value, parent)
        self.type_checking, self.conditional, self.fallback = saved

    def suite(self, suite: cst.BaseSuite, parent: int) -> None:
        if type(suite) is cst.IndentedBlock:
            self.block(suite.body, parent)
        else:
            self.small(suite.body)

    def small(self, statements) -> None:
        for node in statements:
            if type(node) in _IMPORTS:
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
            _excuse(_header_comment(node.body)), _params(node) if is_function else (), _at(self.def_ends, index),
            () if is_function else _bases(node),
        ))
        saved, self.lazy = self.lazy, self.lazy or is_function
        self.suite(node.body, index)
        self.lazy = saved

    def _import(self, module: str, name: str | None, level: int, line: int, alias: cst.ImportAlias | None = None) -> Import:
        asname = alias.asname.name if alias is not None and alias.asname is not None else None
        return Import(module, name, level, line, self.type_checking, self.conditional, self.lazy,
                      alias=asname.value if isinstance(asname, cst.Name) else None, fallback=self.fallback)

    def import_statement(self, node: cst.Import | cst.ImportFrom) -> None:
        line = _at(self.import_lines, self.import_statements)
        self.import_statements += 1
        if isinstance(node, cst.Import):
            self.imports.extend(self._import(dotted_name(a.name) or "", None, 0, line, a) for a in node.names)
            return
        module = (dotted_name(node.module) if node.module is not None else "") or ""
        level = len(node.relative)
        if isinstance(node.names, cst.ImportStar):
            self.imports.append(self._import(module, "*", level, line))
        else:
            self.imports.extend(self._import(module, dotted_name(a.name) or "", level, line, a) for a in node.names)


def _params(node: cst.FunctionDef) -> tuple[str, ...]:
    """The first two positional parameter names (`(event, context)` marks a Lambda handler)."""
    return tuple(p.name.value for p in (*node.params.posonly_params, *node.params.params)[:2])


def _bases(node: cst.ClassDef) -> tuple[str, ...]:
    """A class's positional bases that are dotted names (`Generic[T]`, `metaclass=` left out)."""
    return tuple(name for name in (dotted_name(b.value) for b in node.bases if b.keyword is None) if name)


def _header_comment(body: cst.BaseSuite) -> cst.Comment | None:
    """The comment at the end of the `def ...:` / `class ...:` line."""
    if isinstance(body, cst.IndentedBlock):
        return body.header.comment
    return body.trailing_whitespace.comment


def _excuse(comment: cst.Comment | None) -> str | None:
    return excuse(comment.value if comment is not None else None)


def _at(lines: list[int], index: int) -> int:
    return lines[index] if index < len(lines) else 0


def assemble(data: bytes, module: cst.Module, defs: tuple[list[int], list[int]], import_lines: list[int], main_guard, dynamic, env,
              services, calls) -> FileFacts | Failure:
    def_lines, def_ends = defs
    walker = _Walker(def_lines, import_lines, def_ends)
    walker.block(module.body, -1)
    if len(walker.definitions) != len(def_lines) or walker.import_statements != len(import_lines):
        return Failure("parser-limitation", "libcst and CPython disagree on this file's structure", None)
    text = docstring(module)
    return FileFacts(
        lines=data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1),
        has_module_docstring=bool(text and text.strip()),
        module_summary=summary(text),
        definitions=tuple(walker.definitions),
        imports=tuple(walker.imports) + tuple(dynamic),
        main_guard_line=main_guard,
        module_excuse=next((e for e in (_excuse(line.comment) for line in module.header) if e is not None), None),
        env_reads=tuple(env),
        service_hints=tuple(services),
        calls=calls[0],
        constants=calls[1],
        constant_lines=calls[2],
    )
