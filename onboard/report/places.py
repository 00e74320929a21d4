"""Places in notebooks as a reader finds them: `nb.ipynb:cell 4:12`, not a line of the joined code.

The facts of a notebook carry the lines of its code cells joined into one source; its
`NotebookFacts` maps each back to (cell, line in cell), cells counted from 1 over every cell of
the notebook, Markdown included. `notebook_places(report)` makes that map current for one
rendering (as `mdtable.linking` does for the source URL), so every `path:line` a reporter
writes goes through `place`. `with_cells` does the same for the JSON data: an object whose
`path` (its own, or that of the object it sits in) is a notebook gets `cell` and the line in it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from onboard.report.rows import Rows

if TYPE_CHECKING:  # the reports' modules import this one; the results pull in the analyses
    from onboard.facts import NotebookFacts
    from onboard.results import Report

_MAPS: ContextVar[dict[str, NotebookFacts]] = ContextVar("notebook_maps", default={})


def cell_maps(report: Report) -> dict[str, NotebookFacts]:
    """Notebook path -> its cell map, for the notebooks analysed."""
    return {m.path: m.facts.notebook for m in report.repo.modules if m.facts.notebook is not None}


@contextmanager
def notebook_places(report: Report) -> Iterator[None]:
    """Make `place` and `line_in` translate the report's notebook lines while the block runs."""
    token = _MAPS.set(cell_maps(report))
    try:
        yield
    finally:
        _MAPS.reset(token)


def cell_of(path: str | None, line: int | None) -> tuple[int, int] | None:
    """(cell, line in cell) when `path` is a notebook of the current report, else None."""
    info = _MAPS.get().get(path or "")
    return info.place(line) if info is not None and line else None


def line_in(path: str | None, line: int) -> str:
    """`cell 4:12` in a notebook, `12` elsewhere."""
    cell = cell_of(path, line)
    return f"cell {cell[0]}:{cell[1]}" if cell else str(line)


def place(path: str | None, line: int | None) -> str:
    """`path:line`, `nb.ipynb:cell 4:12`, or `path` without a line."""
    if not path:
        return ""
    return f"{path}:{line_in(path, line)}" if line else path


def with_cells(value, maps: dict[str, NotebookFacts], path: str | None = None):
    """The JSON data with every notebook place as a `cell` and the `line` in it (in place): an
    object whose `path` (its own, or that of the object it sits in) is a notebook; a row of
    `Rows` is replaced by its object with the cell (`Rows.replaced`)."""
    if maps:
        _cells(value, maps, path)
    return value


_SCALARS = frozenset({str, int, float, bool, type(None)})  # hold no place: not walked (most values)


def _cells(value, maps: dict[str, NotebookFacts], path: str | None) -> None:
    if isinstance(value, dict):
        own = value.get("path")
        if isinstance(own, str):
            path = own
        info = maps.get(path) if path else None
        if info is not None:
            found = _place(info, value.get("line"))
            if found is not None:
                value["cell"], value["line"] = found
        for item in value.values():
            if type(item) not in _SCALARS:
                _cells(item, maps, path)
    elif isinstance(value, list):
        for item in value:
            if type(item) not in _SCALARS:
                _cells(item, maps, path)
    elif isinstance(value, Rows) and "line" in value.keys:
        at_path = value.keys.index("path") if "path" in value.keys else None
        at_line = value.keys.index("line")
        for index, row in enumerate(value.rows):
            own = row[at_path] if at_path is not None else None
            found = _place(maps.get((own if isinstance(own, str) else path) or ""), row[at_line])
            if found is not None:
                obj = dict(zip(value.keys, row))
                obj["cell"], obj["line"] = found
                value.replaced[index] = obj


def _place(info: NotebookFacts | None, line) -> tuple[int, int] | None:
    if info is None or not isinstance(line, int) or isinstance(line, bool):
        return None
    return info.place(line)
