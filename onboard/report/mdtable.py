"""Markdown building blocks: a `path:line` reference, a table, a table folded into `<details>`."""

from __future__ import annotations

from onboard.report.text import md_code


def where(path: str, line: int | None) -> str:
    """`path:line` (or `path`) as a code span."""
    return md_code(f"{path}:{line}" if line else path)


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
