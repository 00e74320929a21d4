"""Reading a Jupyter notebook's JSON: its cells, never its outputs.

A pure function of the file's bytes: `read_notebook` gives a `Notebook` (every cell in order,
with its kind, source text and tags) or a `Failure` with a reason of its own (`invalid-json`,
`not-a-notebook`, `notebook-not-python`, `notebook-without-code`, `too-deeply-nested`).
nbformat 4 (`cells`) and 3 (`worksheets[].cells`, a code cell's text in `input`) are read; a
cell's source may be a string or a list of strings; a UTF-8 byte-order mark is allowed. The
JSON parser's depth is bounded, so deeply nested input is a reason, not a crash. Outputs are
decoded with the rest of the JSON (it is one document) but nothing here ever looks at them.
"""

from __future__ import annotations

import json
import sys

from onboard.facts import Failure
from onboard.frozen import record
from onboard.parse.guard import len_of_stack, one_line

# How deep the JSON may nest. A notebook's own structure is 6 levels deep; outputs holding JSON
# data go deeper, rarely past a few dozen.
JSON_DEPTH_LIMIT = 400
_PYTHON_LANGUAGES = ("python", "python2", "python3", "ipython", "ipython2", "ipython3", "pypy", "pypy3")


@record
class Cell:
    """One cell: `number` counts every cell of the notebook from 1, as it appears top to bottom."""

    number: int
    kind: str  # "code" | "markdown" | "raw" | "heading" (nbformat 3) | anything else the file says
    source: str | None  # None: the source is not text (a number, a list of numbers, ...)
    tags: tuple[str, ...] = ()


@record
class Notebook:
    """What onboard reads of a notebook."""

    nbformat: int
    cells: tuple[Cell, ...]


def _loads(text: str):
    """`json.loads` with the nesting bounded: the C decoder counts each level against the
    recursion limit, which is set relative to the current stack so the bound does not depend on
    who calls."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(len_of_stack() + JSON_DEPTH_LIMIT)
    try:
        return json.loads(text)
    finally:
        sys.setrecursionlimit(old)


def _decode(data: bytes) -> object | Failure:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Failure("invalid-json", f"not UTF-8 (byte {data[error.start:error.start + 1]!r} at offset {error.start:,})", None)
    try:
        return _loads(text)
    except RecursionError:
        return Failure("too-deeply-nested", f"JSON nested more than about {JSON_DEPTH_LIMIT} levels deep", None)
    except ValueError as error:  # json.JSONDecodeError
        return Failure("invalid-json", one_line(f"not valid JSON: {getattr(error, 'msg', error)}", 120), getattr(error, "lineno", None))


def _text(source: object) -> str | None:
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(part, str) for part in source):
        return "".join(source)
    return None


def _tags(cell: dict) -> tuple[str, ...]:
    metadata = cell.get("metadata")
    tags = metadata.get("tags") if isinstance(metadata, dict) else None
    return tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else ()


def _cell(number: int, raw: object, version: int) -> Cell:
    if not isinstance(raw, dict):
        return Cell(number, "unknown", None)
    kind = raw.get("cell_type")
    kind = kind if isinstance(kind, str) else "unknown"
    field = "input" if version == 3 and kind == "code" else "source"
    return Cell(number, kind, _text(raw.get(field)), _tags(raw))


def _raw_cells(document: dict, version: int) -> list | None:
    if version >= 4:
        cells = document.get("cells")
        return cells if isinstance(cells, list) else None
    sheets = document.get("worksheets")
    if not isinstance(sheets, list):
        return None
    cells = [sheet.get("cells") for sheet in sheets if isinstance(sheet, dict)]
    return [cell for part in cells if isinstance(part, list) for cell in part]


def _language(document: dict) -> str | None:
    """The kernel's language as the metadata gives it, lower case, or None."""
    metadata = document.get("metadata")
    if not isinstance(metadata, dict):
        return None
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        value = metadata.get(key)
        if isinstance(value, dict) and isinstance(value.get(field), str):
            return value[field].lower()
    return None


def read_notebook(data: bytes) -> Notebook | Failure:
    """The notebook's cells, or why the bytes are not a Python notebook onboard can read."""
    document = _decode(data)
    if isinstance(document, Failure):
        return document
    version = document.get("nbformat") if isinstance(document, dict) else None
    if not isinstance(version, int) or isinstance(version, bool) or version < 3:
        return Failure("not-a-notebook", "JSON, but not a Jupyter notebook of nbformat 3 or later (no `nbformat`)", None)
    raw = _raw_cells(document, version)
    if raw is None:
        return Failure("not-a-notebook", f"nbformat {version}, but no list of cells", None)
    language = _language(document)
    if language is not None and language not in _PYTHON_LANGUAGES:
        return Failure("notebook-not-python", one_line(f"a notebook in {language}, not Python", 120), None)
    cells = tuple(_cell(number, cell, version) for number, cell in enumerate(raw, 1))
    if not any(c.kind == "code" and c.source is not None and c.source.strip() for c in cells):
        return Failure("notebook-without-code", f"no code cell with source among {len(cells):,} cells", None)
    return Notebook(version, cells)
