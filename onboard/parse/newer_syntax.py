"""Files that CPython running onboard rejects but libcst parses: syntax of a newer Python.

onboard may run on Python 3.11 while the repository uses 3.12-3.14 syntax (PEP 695 type
parameters and `type` aliases, PEP 701 f-strings, t-strings, `except A, B:`). When the guard's
`ast.parse` reports a plain syntax error, the file gets a second chance: a token scan bounds the
nesting (the guard's job, since there is no AST yet), then libcst parses it. From libcst's tree
and positions comes a text that this CPython parses, with every line where it was: only the
newer constructs are rewritten (type parameter lists and the `type` keyword of an alias dropped,
`except A, B:` parenthesised, `t"..."` read as `f"..."`, an f-string or t-string this CPython
cannot read replaced by an empty string of as many lines), removed text that spanned lines
replaced by as many backslash continuations. The usual AST walks then give the same facts as for
any file (main guard, env reads, calls, dynamic imports), the expressions inside a replaced
string aside. If the rewrite still does not parse, the definitions and imports libcst saw are all
there is. If libcst refuses too, CPython's error stands.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

_MAX_BRACKET_DEPTH = 100
_MAX_TOKENS_PER_LINE = 2_000
_MAX_BYTES = 1024 * 1024


def shallow_enough(data: bytes) -> bool:
    """True when no bracket nests deeper than 100 and no logical line has over 2,000 tokens."""
    if len(data) > _MAX_BYTES:
        return False
    depth = tokens = 0
    try:
        for token in tokenize.tokenize(io.BytesIO(data).readline):
            tokens += 1
            if token.type == tokenize.OP and token.string in "([{":
                depth += 1
                if depth > _MAX_BRACKET_DEPTH:
                    return False
            elif token.type == tokenize.OP and token.string in ")]}":
                depth -= 1
            elif token.type == tokenize.NEWLINE:
                tokens = 0
            if tokens > _MAX_TOKENS_PER_LINE:
                return False
    except (tokenize.TokenError, SyntaxError, UnicodeDecodeError, ValueError):
        return False
    return True


class _Lines(cst.CSTVisitor):
    """The lines of definitions and imports, and the edits that make the text parse on this CPython:
    (start offset, end offset, replacement)."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.starts = [0] + [match.end() for match in re.finditer(r"\r\n|\r|\n", text)]  # where each line starts
        self.defs: list[int] = []
        self.imports: list[int] = []
        self.edits: list[tuple[int, int, str]] = []

    def _line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line

    def _span(self, node: cst.CSTNode, end_node: cst.CSTNode | None = None) -> tuple[int, int]:
        start = self.get_metadata(PositionProvider, node).start
        end = self.get_metadata(PositionProvider, end_node or node)
        end = end.start if end_node is not None else end.end
        return self.starts[start.line - 1] + start.column, self.starts[end.line - 1] + end.column

    def _remove(self, span: tuple[int, int]) -> None:
        """Drop the text, its line breaks kept as backslash continuations."""
        self.edits.append((*span, "\\\n" * self.text[span[0]:span[1]].count("\n")))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.defs.append(self._line(node.name))

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.defs.append(self._line(node.name))

    def visit_Import(self, node: cst.Import) -> None:
        self.imports.append(self._line(node))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.imports.append(self._line(node))

    def visit_TypeParameters(self, node: cst.TypeParameters) -> bool:
        self._remove(self._span(node))
        return False

    def visit_TypeAlias(self, node: cst.TypeAlias) -> None:
        self._remove(self._span(node, node.name))  # `type X = ...` -> `X = ...`

    def _handler(self, node: cst.ExceptHandler | cst.ExceptStarHandler) -> None:
        if isinstance(node.type, cst.Tuple) and not node.type.lpar:  # `except A, B:` (3.14)
            start, end = self._span(node.type)
            self.edits.append((start, end, f"({self.text[start:end]})"))

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        self._handler(node)

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        self._handler(node)

    def _string(self, node: cst.CSTNode, prefix: str) -> bool:
        start, end = self._span(node)
        written = self.text[start:end]
        if prefix is not None:
            written = prefix + written[len(node.prefix):]
        if not _parses(written):
            written = '"""' + "\n" * written.count("\n") + '"""'  # as many lines
        if written != self.text[start:end]:
            self.edits.append((start, end, written))
        return False  # the strings inside it are its own business

    def visit_FormattedString(self, node: cst.FormattedString) -> bool:
        return self._string(node, None)

    def visit_TemplatedString(self, node: cst.TemplatedString) -> bool:
        return self._string(node, node.prefix.replace("t", "f").replace("T", "f"))


def _parses(expression: str) -> bool:
    try:
        ast.parse(f"(\n{expression}\n)", mode="eval")
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


def _rewritten(text: str, edits: list[tuple[int, int, str]]) -> str:
    out, at = [], 0
    for start, end, replacement in sorted(edits):
        if start < at:  # never: the visitor does not descend into what it replaces
            continue
        out += [text[at:start], replacement]
        at = end
    return "".join(out) + text[at:]


def parse_newer(data: bytes) -> tuple[cst.Module, list[int], list[int], ast.Module | None, bytes] | None:
    """The libcst module, the lines of its definitions and imports, and the CPython AST of the
    rewritten text with that text (None and b"" when it does not parse); None when libcst refuses."""
    if not shallow_enough(data):
        return None
    try:
        module = cst.parse_module(data)
    except Exception:
        return None
    text = module.code
    lines = _Lines(text)
    MetadataWrapper(module, unsafe_skip_copy=True).visit(lines)
    rewritten = _rewritten(text, lines.edits)
    try:
        tree = ast.parse(rewritten)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return module, lines.defs, lines.imports, None, b""
    return module, lines.defs, lines.imports, tree, rewritten.encode("utf-8", "surrogatepass")
