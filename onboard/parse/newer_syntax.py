"""Files that CPython running onboard rejects but libcst parses: syntax of a newer Python.

onboard may run on Python 3.11 while the repository uses 3.12-3.14 syntax (PEP 695 type
parameters, `except*`, t-strings, `except A, B:`). When the guard's `ast.parse` reports a plain
syntax error, the file gets a second chance: a token scan bounds the nesting (the guard's job,
since there is no AST), then libcst parses it alone, with line numbers from its
PositionProvider (slow, but these files are rare). If libcst refuses too, CPython's error stands.
"""

from __future__ import annotations

import io
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
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self) -> None:
        super().__init__()
        self.defs: list[int] = []
        self.imports: list[int] = []

    def _line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.defs.append(self._line(node.name))

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.defs.append(self._line(node.name))

    def visit_Import(self, node: cst.Import) -> None:
        self.imports.append(self._line(node))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.imports.append(self._line(node))


def parse_newer(data: bytes) -> tuple[cst.Module, list[int], list[int]] | None:
    """The libcst module and the lines of its definitions and imports, or None."""
    if not shallow_enough(data):
        return None
    try:
        module = cst.parse_module(data)
    except Exception:
        return None
    lines = _Lines()
    MetadataWrapper(module, unsafe_skip_copy=True).visit(lines)
    return module, lines.defs, lines.imports
