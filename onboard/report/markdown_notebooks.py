"""The guide's "Notebooks" section: how many, what they use from the package, what they touch,
their parameters, and the cells and notebooks that could not be analysed. Never an output."""

from __future__ import annotations

from onboard.report.mdtable import folded, table, where
from onboard.report.text import count, md, md_code
from onboard.results import Report

_ABOUT = ("Each notebook's code cells are read as one module, top to bottom; a place in a notebook is written "
          "`notebook.ipynb:cell 4:12` (the 4th cell, Markdown cells counted, and its 12th line). Outputs are never read.")


def _codes(names) -> str:
    return ", ".join(md_code(n) for n in names)


def _table(report: Report) -> list[str]:
    rows = []
    for nb in report.notebooks.notebooks:
        parameters = f"{_codes(nb.parameters) or '*none*'} (cell {nb.parameters_cell})" if nb.parameters_cell else ""
        rows.append([where(nb.path, None), md(nb.summary), _codes(nb.uses), md("; ".join(nb.services)), _codes(nb.env_vars), parameters])
    header = ["Notebook", "What it says it is", "Uses from the package", "Touches", "Environment", "Parameters (papermill)"]
    return folded(f"{len(rows)} notebooks", table(header, rows), 25) + [""]


def _used_by(report: Report) -> list[str]:
    used = report.notebooks.used_by
    if not used:
        return []
    rows = [[md_code(u.module), where(u.path, None) if u.path else "", f"{count(len(u.notebooks), 'notebook')}: " + ", ".join(md_code(p) for p in u.notebooks[:5])
             + (f" and {len(u.notebooks) - 5} more" if len(u.notebooks) > 5 else "")] for u in used]
    return ["### What the notebooks use from the package", ""] + folded(f"{len(rows)} modules", table(["Module", "File", "Used by"], rows)) + [""]


def _left_out(report: Report) -> list[str]:
    rows = [[md_code(f"{nb.path}:cell {cell}"), md(reason), md(message)] for nb in report.notebooks.notebooks for cell, reason, message in nb.left_out]
    rows += [[where(n.path, None), md(n.reason), md(n.message)] for n in report.notebooks.not_analysed]
    if not rows:
        return []
    return (["### Cells and notebooks not analysed", "", "A `%%bash`-like cell is not Python; a cell that does not parse costs that "
             "cell alone; a notebook that is not one (or not Python, or has no code) is listed with its reason.", ""]
            + folded(f"{len(rows)} cells and notebooks", table(["Where", "Reason", "Details"], rows)) + [""])


def notebooks(report: Report) -> list[str]:
    """The section, or nothing when the repository has no notebook."""
    found = report.notebooks
    if not found.notebooks and not found.not_analysed:
        return []
    head = [f"{count(len(found.notebooks), 'notebook')} analysed, {len(found.not_analysed):,} not analysed. {_ABOUT}", ""]
    body = _table(report) if found.notebooks else []
    return ["## Notebooks", "", *head, *body, *_used_by(report), *_left_out(report)]
