"""Making text from the analysed repository safe to show, for every output format.

Repo text (docstrings, names, paths, messages) may hold terminal control sequences, lone
surrogates, Markdown or HTML. `clean` makes it encodable and free of control characters;
`md` escapes it for a Markdown table cell or inline text.
"""

from __future__ import annotations

import math
import re

# C0/C1 controls, line/paragraph separators, bidi overrides, and the noncharacters XML forbids.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
# Inline text never starts a line, so list and ordered-list markers (- + .) need no escape.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&])")


def clean(text: object) -> str:
    """One line, encodable as UTF-8 (lone surrogates become `\\udcxx`), with every control or
    bidi character (newlines and tabs included) shown as an escape such as `\\x0a`."""
    if type(text) is str and text.isascii() and text.isprintable():
        return text  # the common case, and nothing to escape: a tenth of the work
    value = str(text).encode("utf-8", "backslashreplace").decode("utf-8")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", value)


def md(text: object) -> str:
    """Inline Markdown: one line, every character Markdown or HTML gives meaning to escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(clean(text).replace("\t", " ").split()))


def md_code(text: object) -> str:
    """A code span for a path or name. Backticks inside are replaced so the span cannot close
    early, and `|` is escaped, which GFM requires even inside code spans in a table."""
    value = " ".join(clean(text).split()).replace("`", "ʼ").replace("|", "\\|")
    return f"`{value}`" if value else "` `"


def percent(value: float) -> str:
    """A percentage as a report shows it: one decimal, rounded down (never shows 100% early)."""
    return f"{math.floor(value * 10 + 1e-9) / 10:.1f}%"


def count(number: int, word: str, plural: str | None = None) -> str:
    """`1 file`, `2 files`, `1,204 stubs`: a number and its noun, in the right number."""
    return f"{number:,} {word if number == 1 else plural or word + 's'}"


def only_in(scopes: tuple[str, ...]) -> str:
    """`tests only`, `tests and examples only`: for what is seen only outside the package's own
    code; empty when the package shows it (or nothing is known)."""
    if not scopes or "package" in scopes:
        return ""
    return f"{', '.join(scopes[:-1]) + ' and ' if len(scopes) > 1 else ''}{scopes[-1]} only"


_CATEGORY_WORDS = {"http_api": "HTTP APIs"}  # a category id that does not read as a word


def category(name: str) -> str:
    """A service category as a reader's word: `http_api` -> "HTTP APIs"; others are words already."""
    return _CATEGORY_WORDS.get(name, name)
