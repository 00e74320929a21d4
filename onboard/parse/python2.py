"""Whether a file that Python 3 refuses is Python 2 code, and the first sign of it.

Legacy repositories often keep Python 2 files beside the rest (an old script, a vendored
module). CPython's message for them ("Missing parentheses in call to 'print'", "multiple
exception types must be parenthesized", "Function parameters cannot be parenthesized") does not
always say so; the report adds the first Python 2 statement found, read from the tokens, so that
words inside strings and docstrings never count. Only called for a file that failed to parse.
"""

from __future__ import annotations

import io
import tokenize

_STARTS = frozenset({tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING})
_IGNORED = frozenset({tokenize.NL, tokenize.COMMENT})
_MAX_BYTES = 2 * 1024 * 1024  # beyond that, no hint: the scan must stay cheap
_WINDOW = 64  # tokens of a statement looked at


def python2_sign(data: bytes) -> tuple[str, int] | None:
    """(what, line) of the first Python 2 statement in `data`, or None: a `print` or `exec`
    statement, `except E, name:`, `raise E, "message"` or a backquote."""
    if len(data) > _MAX_BYTES:
        return None
    previous: tokenize.TokenInfo | None = None
    window: list[tokenize.TokenInfo] = []  # the significant tokens of the current statement so far
    try:
        for token in tokenize.tokenize(io.BytesIO(data).readline):
            if token.type in _IGNORED:
                continue
            if token.type == tokenize.ERRORTOKEN and token.string == "`":
                return "a backquote (repr)", token.start[0]
            start = previous is None or previous.type in _STARTS or (previous.type == tokenize.OP and previous.string == ";")
            if start:
                window = []
            previous = token
            if len(window) < _WINDOW:  # a long statement: its sign would have come by now
                window.append(token)
                found = _statement_sign(window)
                if found:
                    return found, window[0].start[0]
    except (tokenize.TokenError, SyntaxError, UnicodeDecodeError, ValueError):
        return None
    return None


def _statement_sign(window: list[tokenize.TokenInfo]) -> str | None:
    first = window[0]
    if first.type != tokenize.NAME or len(window) < 2:
        return None
    second = window[1]
    if first.string in ("print", "exec") and len(window) == 2:
        if second.type in (tokenize.STRING, tokenize.NAME, tokenize.NUMBER) or (first.string == "print" and second.string == ">>"):
            return f"{'an' if first.string == 'exec' else 'a'} `{first.string}` statement"
        return None
    if first.string == "except" and window[-1].string == ":" and len(window) >= 5:
        body = window[1:-1]  # `E, name` or `(A, B), name`: a comma at depth 0, then one name
        commas = [index for index, token in enumerate(body) if token.string == "," and _depth(body[:index]) == 0]
        comma = commas[-1] if commas else None
        if comma is not None and comma == len(body) - 2 and body[-1].type == tokenize.NAME:
            return "`except E, name:`"
        return None
    if first.string == "raise" and len(window) >= 3 and window[-1].string == "," and _depth(window[1:-1]) == 0:
        return "`raise E, message`"  # Python 3's `raise` has no comma outside brackets
    return None


def _depth(tokens: list[tokenize.TokenInfo]) -> int:
    depth = 0
    for token in tokens:
        if token.type == tokenize.OP:
            depth += token.string in "([{"
            depth -= token.string in ")]}"
    return depth
