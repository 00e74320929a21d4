"""Checks that run before libcst sees a file, so that bad input becomes a reason, not a crash.

libcst's native parser can kill its process on deeply nested input, and its error positions
are often wrong. CPython's own parser rejects the same input with a catchable error, gives
correct line numbers, and, because AST construction respects the recursion limit, bounds the
nesting depth for free. `check` runs it and returns the tree, or a `Failure` with its reason.
"""

from __future__ import annotations

import ast
import codecs
import io
import sys
import tokenize
import warnings

from onboard.facts import Failure

_UTF16_32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_NESTING_MESSAGES = ("too many nested parentheses", "too many statically nested blocks")
# CPython scales the recursion limit by 3 for AST construction: 1,000 allows about 3,000 levels,
# under the depth at which libcst's parser overflows its stack (measured near 4,000 to 7,000).
_RECURSION_LIMIT = 1000
_MESSAGE_LIMIT = 200
_SMALL_FILE = 1024 * 1024


def one_line(text: str, limit: int = _MESSAGE_LIMIT) -> str:
    """Fold `text` to a single line of at most `limit` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _looks_binary(data: bytes) -> bool:
    """Not UTF-8 text, or control bytes make up more than a tenth of the first 8 KiB."""
    head = data[:8192]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:  # a character cut at the 8 KiB boundary is still text
            return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return len(head) >= 64 and controls * 10 > len(head)


def _check_bytes(data: bytes) -> Failure | None:
    if data.startswith(_UTF16_32_BOMS):
        return Failure("encoding-error", "UTF-16/UTF-32 byte-order mark: Python reads source as UTF-8 or an ASCII-compatible encoding", 1)
    nul = data.find(b"\x00")
    if nul >= 0:
        if _looks_binary(data):
            return Failure("binary-file", "not text: the file holds binary data", None)
        return Failure("nul-bytes", "source contains a NUL byte", _line_of(data, nul))
    return None


def _check_encoding(data: bytes) -> Failure | None:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        if "invalid or missing encoding declaration" not in error.msg:
            return Failure("encoding-error", one_line(error.msg), getattr(error, "lineno", None) or 1)
        encoding = "utf-8"  # undecodable first lines: the decode below says which byte, where
    try:
        text_codec = codecs.lookup(encoding)._is_text_encoding  # type: ignore[attr-defined]
    except LookupError:
        return Failure("encoding-error", f"unknown encoding: {one_line(encoding, 60)}", 1)
    if not text_codec:
        return Failure("encoding-error", f"coding cookie names {one_line(encoding, 60)}, which is not a text encoding", 1)
    try:
        data.decode(encoding)
    except UnicodeDecodeError as error:
        byte = data[error.start:error.start + 1]
        return Failure("encoding-error", f"invalid {encoding} byte {byte!r} (is a coding cookie missing?)", _line_of(data, error.start))
    return None


def _parse(data: bytes) -> ast.Module | Failure:
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_RECURSION_LIMIT + len_of_stack())
    try:
        with warnings.catch_warnings():  # the repo's invalid escapes etc. are not ours to print
            warnings.simplefilter("ignore")
            return ast.parse(data, type_comments=False)
    except SyntaxError as error:
        message = one_line(error.msg)
        reason = "too-deeply-nested" if message.startswith(_NESTING_MESSAGES) else "syntax-error"
        return Failure(reason, message, error.lineno)
    except RecursionError:
        return Failure("too-deeply-nested", "nesting too deep to analyse safely", None)
    except MemoryError:
        # CPython's parser reports an overflow of its own stack as MemoryError too; a small file
        # cannot exhaust the memory budget, so for one it is the nesting.
        if len(data) < _SMALL_FILE:
            return Failure("too-deeply-nested", "the Python parser ran out of stack (nesting too deep)", None)
        return Failure("out-of-memory", f"ran out of memory parsing {len(data):,} bytes", None)
    except ValueError as error:
        return Failure("syntax-error", one_line(str(error)), None)
    finally:
        sys.setrecursionlimit(old_limit)


def len_of_stack() -> int:
    """How many Python frames are below this one; the recursion budget is counted from here."""
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


def check(data: bytes) -> ast.Module | Failure:
    """Return the file's AST, or why it cannot be analysed safely."""
    return _check_bytes(data) or _check_encoding(data) or _parse(data)
