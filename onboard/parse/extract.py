"""`extract`: one file's bytes to its `FileFacts`, with libcst, in one walk of statement blocks.

A pure function: no I/O, no globals, and no exception escapes; every failure is a `Failure`.
Line numbers come from the CPython AST that the guard builds anyway: libcst's PositionProvider
would cost about four times the parse. Definitions and imports are met in source order by both
parsers, so the n-th one libcst visits is the n-th one in the AST; a count that disagrees is
reported rather than guessed.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import sys

import libcst as cst

from onboard.facts import Definition, FileFacts, Failure, Import
from onboard.parse.ast_facts import dynamic_imports, statement_facts
from onboard.parse.call_facts import call_facts
from onboard.parse.env_reads import env_reads
from onboard.parse.service_facts import service_hints
from onboard.parse.summary import summarise
from onboard.parse.guard import check, one_line
from onboard.parse.newer_syntax import parse_newer
from onboard.parse.python2 import python2_sign

_VISIT_RECURSION_LIMIT = 12_000


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


_SUITES = (cst.IndentedBlock, cst.SimpleStatementSuite)
_IMPORTS = (cst.Import, cst.ImportFrom)
# ValueError and SystemError: Python 2's, and early 3's, failed relative import (`from .x import y`
# outside a package), whose handler imports the sibling by bare name.
_OPTIONAL_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException", "ValueError", "SystemError"}


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
            if name is not None and name.rsplit(".", 1)[-1] in _OPTIONAL_IMPORT_ERRORS:
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
        self.lazy = self.type_checking = self.conditional = False

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
        saved = (self.type_checking, self.conditional)
        if isinstance(node, (cst.Try, cst.TryStar)) and _catches_import_errors(node):
            self.conditional = True
        for field in _NESTED_FIELDS.get(type(node), ()):
            value = getattr(node, field)
            if value is None:
                continue
            self.type_checking = saved[0] or (isinstance(node, cst.If) and field == "body" and _is_type_checking(node.test))
            if type(value) in _SUITES:
                self.suite(value, parent)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    self.compound(item, parent)
            else:
                self.compound(value, parent)
        self.type_checking, self.conditional = saved

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
                      alias=asname.value if isinstance(asname, cst.Name) else None)

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


_EXCUSE = "onboard: no-docstring"


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
    """The reason of a `# onboard: no-docstring <reason>` comment ("" when none is given)."""
    if comment is None:
        return None
    text = comment.value.lstrip("#").strip()
    if not text.startswith(_EXCUSE):
        return None
    return one_line(text[len(_EXCUSE):].strip(" :-—"), 160)


def _at(lines: list[int], index: int) -> int:
    return lines[index] if index < len(lines) else 0


def _facts(data: bytes, tree: ast.Module) -> FileFacts | Failure:
    try:
        module = cst.parse_module(data)
    except cst.ParserSyntaxError as error:
        return Failure("parser-limitation", f"libcst cannot parse this valid Python: {one_line(error.message, 120)}", error.raw_line or None)
    def_lines, import_lines, main_guard, def_ends = statement_facts(tree)
    facts = _assemble(data, module, (def_lines, def_ends), import_lines, main_guard, dynamic_imports(tree, data), env_reads(tree, data),
                      service_hints(tree, data), call_facts(tree))
    return _with_summary(facts, tree)


def _with_summary(facts: FileFacts | Failure, tree: ast.Module) -> FileFacts | Failure:
    """The facts with the program model's summary of the same tree."""
    return facts if isinstance(facts, Failure) else dataclasses.replace(facts, scopes=summarise(tree))


def _newer_syntax(data: bytes, failure: Failure) -> FileFacts | Failure:
    parsed = parse_newer(data)
    if parsed is None:
        sign = python2_sign(data)
        if sign is None:
            return failure
        where = "" if sign[1] == failure.line else f" at line {sign[1]}"
        return Failure(failure.reason, f"{failure.message} (Python 2 code: {sign[0]}{where})", failure.line)
    module, def_lines, import_lines, tree, text = parsed
    if tree is None:  # the rewrite for this CPython did not parse: what libcst saw is all there is
        return _assemble(data, module, (def_lines, []), import_lines, None, [], [], [], ((), (), ()))
    def_lines, import_lines, main_guard, def_ends = statement_facts(tree)  # the rewrite keeps every line
    return _with_summary(_assemble(data, module, (def_lines, def_ends), import_lines, main_guard, dynamic_imports(tree, text),
                                   env_reads(tree, text), service_hints(tree, text), call_facts(tree)), tree)


def _assemble(data: bytes, module: cst.Module, defs: tuple[list[int], list[int]], import_lines: list[int], main_guard, dynamic, env,
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
            if tree.reason == "syntax-error":  # perhaps the syntax of a newer Python
                return _with_recursion_limit(_VISIT_RECURSION_LIMIT, _newer_syntax, data, tree)
            return tree
        # libcst visits recursively, a few frames a level: the guard bounds the depth to ~3,000.
        return _with_recursion_limit(_VISIT_RECURSION_LIMIT, _facts, data, tree)
    except RecursionError:
        return Failure("too-deeply-nested", "nesting too deep to analyse safely", None)
    except MemoryError:
        return Failure("out-of-memory", "ran out of memory while parsing", None)
    except Exception as error:  # a bug of ours must cost this file, not the run
        return Failure("internal-error", one_line(f"onboard failed on this file ({type(error).__name__}: {error}); please report it"), None)
