"""Definitions, imports, docstrings and `# onboard: no-docstring` excuses from the CPython AST the
guard already built, with the file's comments read by `tokenize` only when the marker is in it.

This is the same walk of statement blocks as the libcst walker in `extract` (which now reads
only the files CPython cannot parse, in a newer Python's syntax), giving the same facts: a
definition's line is its `def`/`class` line, its end its last line; an import carries the context
it runs in (inside a function, under `if TYPE_CHECKING:`, in a `try` whose handlers catch
ImportError). A comment is a definition's excuse when it ends the line of the colon that closes
its header (`def f():  # onboard: no-docstring generated`); the module's when it stands on a line
of its own above the first statement. Walking the CPython tree instead of a concrete syntax tree
spares the libcst parse, most of the cost of a file.
"""

from __future__ import annotations

import ast
import bisect
import inspect
import io
import tokenize

from onboard.facts import Definition, Import
from onboard.parse.guard import one_line

_MARKER = b"onboard: no-docstring"
_EXCUSE = "onboard: no-docstring"
# ValueError and SystemError: Python 2's, and early 3's, failed relative import (`from .x import y`
# outside a package), whose handler imports the sibling by bare name.
OPTIONAL_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException", "ValueError", "SystemError"}
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_TRIES = (ast.Try, ast.TryStar)
_OPENING, _CLOSING = frozenset("([{"), frozenset(")]}")


def dotted(node: ast.expr) -> str | None:
    """`a.b.c` for a Name or Attribute chain, else None."""
    parts: list[str] = []
    while type(node) is ast.Attribute:
        parts.append(node.attr)
        node = node.value
    if type(node) is not ast.Name:
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def docstring_of(body: list[ast.stmt]) -> str | None:
    """The docstring as `ast.get_docstring` reads it (cleaned), or None."""
    if not body:
        return None
    first = body[0]
    if type(first) is not ast.Expr or type(first.value) is not ast.Constant or type(first.value.value) is not str:
        return None
    return inspect.cleandoc(first.value.value)


def summary(text: str | None) -> str:
    """The first non-empty line of a docstring, folded to one short line."""
    for line in (text or "").splitlines():
        if line.strip():
            return one_line(line, 160)
    return ""


def excuse(comment: str | None) -> str | None:
    """The reason of a `# onboard: no-docstring <reason>` comment ("" when none is given)."""
    if comment is None:
        return None
    text = comment.lstrip("#").strip()
    if not text.startswith(_EXCUSE):
        return None
    return one_line(text[len(_EXCUSE):].strip(" :-—"), 160)


def _is_type_checking(test: ast.expr) -> bool:
    name = dotted(test)
    return name is not None and name.rsplit(".", 1)[-1] == "TYPE_CHECKING"


def _catches_import_errors(node: ast.Try) -> bool:
    for handler in node.handlers:
        if handler.type is None:
            return True
        types = handler.type.elts if type(handler.type) is ast.Tuple else [handler.type]
        for item in types:
            name = dotted(item.value if type(item) is ast.Starred else item)
            if name is not None and name.rsplit(".", 1)[-1] in OPTIONAL_IMPORT_ERRORS:
                return True
    return False


class _Comments:
    """The comments of a file that holds the excuse marker, and where each header's colon is."""

    def __init__(self, data: bytes) -> None:
        self.tokens: list[tokenize.TokenInfo] = []
        try:
            self.tokens = [t for t in tokenize.tokenize(io.BytesIO(data).readline)
                           if t.type in (tokenize.OP, tokenize.COMMENT, tokenize.NAME)]
        except (tokenize.TokenError, SyntaxError, UnicodeDecodeError):
            pass  # a file the tokenizer refuses has no excuse to read
        self.starts = [t.start for t in self.tokens]

    def header(self, line: int, column: int) -> str | None:
        """The comment ending the line of the colon that closes the header starting at
        (line, column): `def f(x):  # here`."""
        depth, colon = 0, None
        for token in self.tokens[bisect.bisect_left(self.starts, (line, column)):]:
            if colon is not None:
                if token.start[0] != colon:
                    return None
                if token.type == tokenize.COMMENT:
                    return token.string
                continue
            if token.type != tokenize.OP:
                continue
            if token.string in _OPENING:
                depth += 1
            elif token.string in _CLOSING:
                depth -= 1
            elif token.string == ":" and depth == 0:
                colon = token.start[0]
        return None

    def above(self, line: int | None) -> list[str]:
        """The comments on lines of their own before `line` (all of them when None)."""
        return [t.string for t in self.tokens if t.type == tokenize.COMMENT and (line is None or t.start[0] < line)]


class Walker:
    """Definitions and imports in source order, with the context each import runs in."""

    def __init__(self, comments: _Comments | None) -> None:
        self.comments = comments
        self.definitions: list[Definition] = []
        self.imports: list[Import] = []
        self.lazy = self.type_checking = self.conditional = self.fallback = False

    def block(self, statements: list[ast.stmt], parent: int) -> None:
        for statement in statements:
            kind = type(statement)
            if kind is ast.Import or kind is ast.ImportFrom:
                self.import_statement(statement)
            elif kind in _DEFINITIONS:
                self.definition(statement, parent)
            elif kind is ast.If:
                saved = self.type_checking
                self.type_checking = saved or _is_type_checking(statement.test)
                self.block(statement.body, parent)
                self.type_checking = saved
                self.block(statement.orelse, parent)
            elif kind in _TRIES:
                saved, saved_fallback, catches = self.conditional, self.fallback, _catches_import_errors(statement)
                self.conditional = saved or catches
                self.block(statement.body, parent)
                self.fallback = saved_fallback or catches
                for handler in statement.handlers:
                    self.block(handler.body, parent)
                self.fallback = saved_fallback
                self.block(statement.orelse, parent)
                self.block(statement.finalbody, parent)
                self.conditional = saved
            elif kind is ast.Match:
                for case in statement.cases:
                    self.block(case.body, parent)
            else:  # for, while, with (async too): their bodies and else blocks
                body = getattr(statement, "body", None)
                if body:
                    self.block(body, parent)
                orelse = getattr(statement, "orelse", None)
                if orelse:
                    self.block(orelse, parent)

    def definition(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, parent: int) -> None:
        index = len(self.definitions)
        text = docstring_of(node.body)
        decorators = tuple(dotted(d.func if type(d) is ast.Call else d) or "<expression>" for d in node.decorator_list)
        is_function = type(node) is not ast.ClassDef
        if is_function:
            positional = (*node.args.posonlyargs, *node.args.args)[:2]
            params, bases = tuple(p.arg for p in positional), ()
        else:
            params = ()
            bases = tuple(name for name in (dotted(b.value if type(b) is ast.Starred else b) for b in node.bases) if name)
        reason = excuse(self.comments.header(node.lineno, node.col_offset)) if self.comments is not None else None
        self.definitions.append(Definition(
            node.name, "function" if is_function else "class", node.lineno, parent, type(node) is ast.AsyncFunctionDef,
            decorators, bool(text and text.strip()), summary(text), reason, params, node.end_lineno or node.lineno, bases,
        ))
        saved, self.lazy = self.lazy, self.lazy or is_function
        self.block(node.body, index)
        self.lazy = saved

    def _import(self, module: str, name: str | None, level: int, line: int, alias: str | None = None) -> Import:
        return Import(module, name, level, line, self.type_checking, self.conditional, self.lazy, alias=alias, fallback=self.fallback)

    def import_statement(self, node: ast.Import | ast.ImportFrom) -> None:
        line = node.lineno
        if type(node) is ast.Import:
            self.imports.extend(self._import(a.name, None, 0, line, a.asname) for a in node.names)
            return
        module, level = node.module or "", node.level or 0
        if len(node.names) == 1 and node.names[0].name == "*":
            self.imports.append(self._import(module, "*", level, line))
        else:
            self.imports.extend(self._import(module, a.name, level, line, a.asname) for a in node.names)


def walk(data: bytes, tree: ast.Module) -> tuple[list[Definition], list[Import], str | None, str | None]:
    """(definitions, imports, the module docstring, the module's excuse) of a parsed file."""
    comments = _Comments(data) if _MARKER in data else None
    walker = Walker(comments)
    walker.block(tree.body, -1)
    module_excuse = None
    if comments is not None:
        first = tree.body[0] if tree.body else None
        line = None if first is None else min([first.lineno, *(d.lineno for d in getattr(first, "decorator_list", ()))])
        module_excuse = next((e for e in map(excuse, comments.above(line)) if e is not None), None)
    return walker.definitions, walker.imports, docstring_of(tree.body), module_excuse
