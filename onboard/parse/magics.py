"""IPython syntax in a code cell turned into neutral Python, line for line (as ruff does).

A line magic (`%matplotlib inline`), a shell line (`!pip install x`, `files = !ls`), a help
request (`?os.path`, `len?`, `obj??`) and their `\\` continuation lines become `pass` at the
same indentation, so the cell keeps its line count and its places. A cell magic (`%%time`)
whose body is Python loses only its first line; any other (`%%bash`, `%%sql`, `%%writefile`,
`%%html`) leaves the whole cell out: its body is not Python. Only cells that do not parse as
they are get here, so a `%` at the start of a line inside a string of valid code is left alone.
"""

from __future__ import annotations

import re

# Cell magics whose body is Python run by IPython.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "python", "python3", "pypy", "pypy3", "tensorflow_version"})
_MAGIC_LINE = re.compile(r"[ \t]*(?:[%!?]|[\w.,\[\] \t()]+=[ \t]*[%!])")
_HELP_LINE = re.compile(r"[ \t]*[\w.\[\]()]+[ \t]*\?{1,2}[ \t]*")


def cell_magic(source: str) -> str | None:
    """The name of the cell magic the cell starts with (`%%bash` -> "bash"), or None."""
    first = source.lstrip("\n").split("\n", 1)[0].strip()
    if not first.startswith("%%"):
        return None
    return first[2:].split(None, 1)[0] if first[2:].strip() else ""


def _magic(line: str) -> bool:
    return _MAGIC_LINE.match(line) is not None or _HELP_LINE.fullmatch(line) is not None


def neutral(source: str) -> str | None:
    """The cell with IPython lines replaced by `pass`, or None when the cell is not Python at
    all (a cell magic other than those of `PYTHON_CELL_MAGICS`)."""
    name = cell_magic(source)
    if name is not None and name not in PYTHON_CELL_MAGICS:
        return None
    lines = source.split("\n")
    first = next(i for i, text in enumerate(lines) if text.strip()) if name is not None else -1
    out, continued = [], False
    for index, line in enumerate(lines):
        if continued or index == first or _magic(line):
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            out.append(indent + "pass" if line.strip() else line)
            continued = line.rstrip().endswith("\\")
        else:
            out.append(line)
    return "\n".join(out)
