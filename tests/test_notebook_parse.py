"""Notebooks read as one module of their code cells (onboard.parse.notebook, magics, notebook_facts)."""

from __future__ import annotations

import json

import pytest

from onboard.facts import REASONS, Failure, FileFacts
from onboard.parse.magics import neutral
from onboard.parse.notebook import read_notebook
from onboard.parse.notebook_facts import extract_notebook


def nb(*cells, version=4, language="python") -> bytes:
    """A notebook of `cells`: ("md", text), ("code", text) or ("code", text, [tags])."""
    made = []
    for kind, source, *tags in cells:
        cell = {"cell_type": "markdown" if kind == "md" else kind, "metadata": {"tags": tags[0]} if tags else {}, "source": source}
        if kind == "code":
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "OUTPUT-ONLY-TEXT\n"}]
        made.append(cell)
    return json.dumps({"nbformat": version, "nbformat_minor": 5, "cells": made,
                       "metadata": {"kernelspec": {"language": language, "name": "k"}}}).encode()


def facts(data: bytes) -> FileFacts:
    result = extract_notebook(data)
    assert isinstance(result, FileFacts), result
    return result


def test_cells_are_joined_with_a_map_back_to_cell_and_line():
    result = facts(nb(("md", "# Title\nmore"), ("code", ["import os\n", "\n", "x = 1"]), ("code", ""), ("md", "y"),
                      ("code", "def f():\n    return os.environ['HOME']\n")))
    info = result.notebook
    assert (info.cells, info.code_cells, info.cell_starts) == (5, 3, ((1, 2), (4, 5)))
    read = result.env_reads[0]
    assert (read.name, read.line, info.place(read.line)) == ("HOME", 5, (5, 2))
    assert result.definitions[0].line == 4 and info.place(4) == (5, 1)
    assert result.module_summary == "Title" and result.has_module_docstring


def test_magics_shell_and_help_lines_become_neutral_and_keep_their_places():
    result = facts(nb(("code", "%matplotlib inline\n!pip install x\nfiles = !ls\nlen?\n?os\nimport os\nos.getenv('A')"),
                      ("code", "%%time\nimport json\n"), ("code", "%%bash\necho $HOME\n"), ("code", "for i in range(3):\n    %time f(i)\n")))
    info = result.notebook
    assert [i.module for i in result.imports] == ["os", "json"]
    assert info.place(result.env_reads[0].line) == (1, 7)
    assert info.left_out == ((3, "cell-magic", "%%bash cell: not Python"),)
    assert [cell for _, cell in info.cell_starts] == [1, 2, 4]


def test_valid_python_that_looks_like_a_magic_is_left_alone():
    assert neutral("x = '''\n%s\n'''\n") == "x = '''\npass\n'''\n"  # what neutral would do, so it runs only on failing cells
    result = facts(nb(("code", "query = '''\n%(name)s\n'''\nimport os\n")))
    assert result.imports[0].line == 4


def test_a_cell_that_does_not_parse_costs_that_cell_alone():
    result = facts(nb(("code", "import os\n"), ("code", "for x in y\n    pass\n"), ("code", 5), ("code", "import sys\n")))
    assert [i.module for i in result.imports] == ["os", "sys"]
    reasons = {cell: reason for cell, reason, _ in result.notebook.left_out}
    assert reasons == {2: "syntax-error", 3: "cell-source-not-text"}
    assert "line 1" in result.notebook.left_out[0][2]


def test_nbformat_3_a_bom_and_source_strings():
    doc = {"nbformat": 3, "metadata": {}, "worksheets": [{"cells": [
        {"cell_type": "heading", "level": 1, "source": "Exploring"}, {"cell_type": "code", "input": "import numpy\n", "language": "python"}]}]}
    result = facts(b"\xef\xbb\xbf" + json.dumps(doc).encode())
    assert result.imports[0].module == "numpy" and result.module_summary == "Exploring" and result.notebook.place(1) == (2, 1)


def test_parameters_cell_and_its_names():
    result = facts(nb(("code", "import os\n"), ("code", "alpha = 0.5\nname: str = 'x'\nx, y = 1, 2\n", ["parameters"])))
    assert (result.notebook.parameters_cell, result.notebook.parameters) == (2, ("alpha", "name"))


@pytest.mark.parametrize("data, reason", [
    (b"{not json", "invalid-json"), (b"\xff\xfe{}", "invalid-json"), (b'{"a": 1}', "not-a-notebook"), (b"[1, 2]", "not-a-notebook"),
    (b'{"nbformat": 4}', "not-a-notebook"), (b'{"nbformat": true, "cells": []}', "not-a-notebook"),
    (b"[" * 100_000 + b"]" * 100_000, "too-deeply-nested"), (b'{"nbformat": 4, "cells": ' + b"[" * 5000 + b"]" * 5000 + b"}", "too-deeply-nested"),
    (nb(("md", "only prose")), "notebook-without-code"), (nb(("code", "  \n")), "notebook-without-code"),
    (nb(("code", "library(x)"), language="R"), "notebook-not-python"), (nb(("code", "for x in\n")), "notebook-without-code"),
    (b'{"nbformat": 4, "cells": [{"cell_type": "code", "source": 12}]}', "notebook-without-code"),
    (b'{"nbformat": 4, "cells": [{"cell_type": "code", "source": "x = 1\\u0000"}]}', "notebook-without-code"),
    (b'{"nbformat": 4, "cells": [1, null, "x", {"cell_type": "code", "source": "import os"}]}', None),
    (b'{"nbformat": 4, "cells": [{"cell_type": "code", "source": "x = 1"}]}\x00', "invalid-json"),
])
def test_bad_notebooks_get_a_reason_of_their_own(data, reason):
    result = extract_notebook(data)
    if reason is None:
        assert isinstance(result, FileFacts) and result.imports[0].module == "os"
    else:
        assert isinstance(result, Failure) and result.reason == reason, result
        assert result.reason in REASONS


def test_outputs_are_never_read():
    data = nb(("code", "import os\n"))
    result = extract_notebook(data)
    assert "OUTPUT-ONLY-TEXT" in data.decode() and "OUTPUT-ONLY-TEXT" not in repr(result)


def test_many_cells_scale():
    data = json.dumps({"nbformat": 4, "cells": [{"cell_type": "code", "source": f"x{i} = {i}\n" if i % 100 == 0 else ""}
                                                 for i in range(100_000)]}).encode()
    result = facts(data)
    assert result.notebook.cells == 100_000 and len(result.notebook.cell_starts) == 1_000
    assert result.notebook.place(1000) == (99_901, 1)
    assert read_notebook(data).cells[-1].number == 100_000
