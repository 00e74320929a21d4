"""`extract_notebook`: a notebook's bytes to the `FileFacts` of its code cells joined into one
module, with the map back to (cell, line in cell) in `FileFacts.notebook`.

A pure function, like `extract`, which it reuses on the joined source: no second extractor.
The code cells are joined in order, each ending in a newline; empty cells add nothing. When the
joined source does not parse as Python, each cell is tried alone: one that fails is tried again
with its IPython lines made neutral (`parse.magics`), and one that still fails is left out,
reported with its number, so a syntax error costs that cell, not the notebook. The first
Markdown cell is the notebook's docstring; the cell tagged `parameters` is its inputs.
"""

from __future__ import annotations

import ast
import warnings

from onboard.facts import Failure, FileFacts, NotebookFacts
from onboard.parse.extract import extract, summary
from onboard.parse.guard import one_line
from onboard.parse.magics import cell_magic, neutral
from onboard.parse.notebook import Cell, Notebook, read_notebook


def _parses(source: str) -> str | None:
    """None when `source` parses as Python, else the error as "line N: message"."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(source)
        return None
    except SyntaxError as error:
        return one_line(f"line {error.lineno or 1}: {error.msg}", 160)
    except (ValueError, RecursionError, MemoryError) as error:  # a NUL byte, nesting too deep
        return one_line(f"{type(error).__name__}: {error}", 160)


def _normal(source: str) -> str:
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    return source if source.endswith("\n") else source + "\n"


def _cell_code(cell: Cell) -> tuple[str | None, tuple[str, str] | None]:
    """The cell's Python (None: left out) and, when left out, (reason, message)."""
    source = _normal(cell.source or "")
    problem = _parses(source)
    if problem is None:
        return source, None
    cleaned = neutral(source)
    if cleaned is None:
        return None, ("cell-magic", f"%%{cell_magic(source)} cell: not Python")
    problem = _parses(cleaned)
    return (cleaned, None) if problem is None else (None, ("syntax-error", problem))


def _code_cells(notebook: Notebook) -> list[Cell]:
    return [c for c in notebook.cells if c.kind == "code"]


def _code(cells: list[Cell]) -> tuple[dict[int, str], list[tuple[int, str, str]]]:
    """The Python of each code cell with text, by cell number, and the cells left out."""
    texts = {c.number: _normal(c.source) for c in cells if c.source is not None and c.source.strip()}
    left_out = [(c.number, "cell-source-not-text", "the cell's source is not text") for c in cells if c.source is None]
    if _parses("".join(texts.values())) is None:  # no IPython syntax and no error: the common case
        return texts, left_out
    for cell in cells:
        if cell.number in texts:
            code, problem = _cell_code(cell)
            if code is None:
                del texts[cell.number]
                left_out.append((cell.number, *problem))
            else:
                texts[cell.number] = code
    return texts, left_out


def _starts(texts: dict[int, str]) -> tuple[tuple[int, int], ...]:
    """(first line in the joined source, cell number) of each cell, in order."""
    starts, line = [], 1
    for number, text in texts.items():
        starts.append((line, number))
        line += text.count("\n")
    return tuple(starts)


def _parameters(cells: list[Cell], code: dict[int, str]) -> tuple[int | None, tuple[str, ...]]:
    """The cell tagged `parameters` and the names it assigns at its top level."""
    cell = next((c for c in cells if "parameters" in c.tags), None)
    if cell is None or cell.number not in code:
        return (cell.number if cell else None), ()
    names = []
    for node in ast.parse(code[cell.number]).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        names += [t.id for t in targets if isinstance(t, ast.Name)]
    return cell.number, tuple(dict.fromkeys(names))


def _markdown_summary(notebook: Notebook) -> str:
    """The first line of the first Markdown (or nbformat 3 heading) cell with text, heading marks dropped."""
    for cell in notebook.cells:
        if cell.kind in ("markdown", "heading") and cell.source and cell.source.strip():
            return summary("\n".join(line.lstrip("#").strip() for line in cell.source.splitlines()))
    return ""


def _place(info: NotebookFacts, line: int | None) -> str:
    where = info.place(line) if line else None
    return f" (cell {where[0]}, line {where[1]})" if where else ""


def notebook_facts(notebook: Notebook) -> FileFacts | Failure:
    """The facts of a notebook already read: `extract` over its joined code cells."""
    cells = _code_cells(notebook)
    texts, left_out = _code(cells)
    parameters_cell, parameters = _parameters(cells, texts)
    info = NotebookFacts(notebook.nbformat, len(notebook.cells), len(cells), _starts(texts), parameters_cell, parameters,
                         tuple(sorted(left_out)))
    if not texts:
        return Failure("notebook-without-code", f"none of its {len(cells):,} code cells could be analysed", None)
    facts = extract("", "".join(texts.values()).encode("utf-8", "replace"))
    if isinstance(facts, Failure):
        return Failure(facts.reason, facts.message + _place(info, facts.line), None)
    text = _markdown_summary(notebook)
    return facts._replace(notebook=info, has_module_docstring=bool(text), module_summary=text)


def extract_notebook(data: bytes) -> FileFacts | Failure:
    """The facts of a notebook file's bytes, or why it cannot be analysed. Never raises."""
    try:
        notebook = read_notebook(data)
        return notebook if isinstance(notebook, Failure) else notebook_facts(notebook)
    except (RecursionError, MemoryError) as error:  # the JSON's depth is bounded already; this is a last line
        deep = isinstance(error, RecursionError)
        return Failure("too-deeply-nested" if deep else "out-of-memory", "nesting too deep" if deep else "ran out of memory", None)
    except Exception as error:  # a bug of ours must cost this file, not the run
        return Failure("internal-error", one_line(f"onboard failed on this notebook ({type(error).__name__}: {error}); please report it"), None)
