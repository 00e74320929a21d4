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


LONG = 15  # a list longer than this opens with a one-line summary by group
GROUPS_SHOWN = 6


def by_group(summary: str, groups: list[str]) -> str:
    """`summary` and how many rows each group has, the largest first (ties by name): `40 web
    routes: 12 in ``a.py``; 9 in ``b.py``; … and 3 more groups.` The groups must be escaped."""
    counts: dict[str, int] = {}
    for group in groups:
        counts[group] = counts.get(group, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = "; ".join(f"{n} {group}" for group, n in ranked[:GROUPS_SHOWN])
    rest = len(ranked) - GROUPS_SHOWN
    return f"{summary}: {shown}" + (f"; and {rest} more group{'s' if rest != 1 else ''}" if rest > 0 else "") + "."


def folded(summary: str, lines: list[str], fold_over: int = 15, groups: list[str] | None = None) -> list[str]:
    """`lines` (a table) inside `<details>` when it has more than `fold_over` rows; with
    `groups` (one escaped label per row, "in ``a.py``"), a list of more than `LONG` rows opens
    with a one-line summary by group."""
    head = [by_group(summary, groups), ""] if groups and len(groups) > LONG else []
    if len(lines) - 2 <= fold_over:
        return head + lines
    return head + [f"<details><summary>{summary}</summary>", "", *lines, "", "</details>"]
