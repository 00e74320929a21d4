"""The guide as a newcomer reads it (issue 21), on small repositories written here: a tox matrix
is one row that says its size, the first screen answers the four questions first, long lists
open with a summary by group, and a package cycle that swallows the layering is shown as such."""

from __future__ import annotations

import textwrap

from onboard.config import merge
from onboard.pipeline import analyse
from onboard.report import markdown, terminal
from onboard.settings import build


def run(tmp_path, files: dict[str, str]):
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return analyse(str(tmp_path), build(merge({}, {}), None))


TOX = """\
    [tox]
    envlist = py3{10,11,12,13,14}-{aws,gcloud,azure,cdh,hdp}

    [testenv]
    commands =
        cdh,hdp: {toxinidir}/scripts/setup_hadoop.sh
        pytest {posargs}
    """


def test_a_tox_matrix_is_one_row_with_its_matrix_and_what_every_environment_runs(tmp_path):
    report = run(tmp_path, {"tox.ini": TOX, "pkg/__init__.py": ""})
    guide = markdown.render(report)
    rows = [line for line in guide.splitlines() if line.startswith("| `tox -e")]
    assert rows == ["| `tox -e py310-aws` | `pytest {posargs}` (one of 25 environments py3\\{10,11,12,13,14\\}-\\{aws,gcloud,azure,cdh,hdp\\}) "
                    "| `tox.ini:2` | package |"]
