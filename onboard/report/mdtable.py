"""Markdown building blocks: a `path:line` reference, a table, a table folded into `<details>`.

With a source URL (`--source-url`), every `path:line` links to the hosted file. The URL is set
for the duration of one rendering by `linking`, so every section function links the same way
without threading a parameter through each of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import quote

from onboard.report.places import cell_of, place
from onboard.report.text import clean, md_code

_SOURCE_URL: ContextVar[str] = ContextVar("source_url", default="")


@contextmanager
def linking(source_url: str) -> Iterator[None]:
    """Make `where` link to `source_url` + path + `#L` + line while the block runs ("" for no links)."""
    token = _SOURCE_URL.set(source_url)
    try:
        yield
    finally:
        _SOURCE_URL.reset(token)


def source_link(path: str, line: int | None) -> str:
    """The hosted file's URL (path percent-encoded), or "" when no source URL is set."""
    base = _SOURCE_URL.get()
    if not base:
        return ""
    return base + quote(clean(path), safe="/") + (f"#L{line}" if line and cell_of(path, line) is None else "")


def where(path: str, line: int | None) -> str:
    """`path:line` (or `path`) as a code span, linked to the hosted file when a source URL is set."""
    span = md_code(place(path, line) if line else path)
    url = source_link(path, line)
    return f"[{span}]({url})" if url else span


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A GFM table; the cells must already be escaped."""
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def folded(summary: str, lines: list[str], fold_over: int = 15) -> list[str]:
    """`lines` (a table) inside `<details>` when it has more than `fold_over` rows."""
    if len(lines) - 2 <= fold_over:
        return lines
    return [f"<details><summary>{summary}</summary>", "", *lines, "", "</details>"]
