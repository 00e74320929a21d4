"""The guide as a newcomer reads it (issue 21), on small repositories written here: a tox matrix
is one row that says its size, the first screen answers the four questions first, long lists
open with a summary by group, and a package cycle that swallows the layering is shown as such."""

from __future__ import annotations

from onboard.report import markdown
from test_program_model import run


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


def test_a_package_that_loads_plugins_is_a_plugin_host_and_its_public_modules_are_its_api(tmp_path):
    report = run(tmp_path, {
        "pyproject.toml": '[project]\nname = "hooky"\n',
        "hooky/__init__.py": "from hooky.manager import load\n",
        "hooky/manager.py": "from importlib.metadata import entry_points\n\ndef load():\n    return entry_points(group='hooky')\n",
        "hooky/contrib/__init__.py": "",
        "hooky/contrib/slack.py": "def send():\n    pass\n",
    })
    assert report.kind.kind == "framework or plugin host"
    assert report.kind.evidence == ("loads plugins through importlib.metadata.entry_points in hooky.manager", "packaged as hooky")
    assert report.structure.public_api == ("hooky.contrib.slack",) and report.structure.orphans == ()
    assert "This is a framework or plugin host" in markdown.render(report)


def test_a_command_line_tool_that_loads_plugins_stays_a_tool_and_says_so(tmp_path):
    report = run(tmp_path, {
        "pyproject.toml": '[project]\nname = "hooky"\n[project.scripts]\nhooky = "hooky.cli:main"\n',
        "hooky/__init__.py": "",
        "hooky/cli.py": "import pluggy\n\ndef main():\n    pass\n",
    })
    assert report.kind.kind == "command-line tool"
    assert report.kind.evidence[1] == "loads plugins through pluggy in hooky.cli"


def test_unpackaged_code_that_trains_models_is_ml_research(tmp_path):
    report = run(tmp_path, {
        "train.py": "import torch\nfrom sklearn.metrics import f1_score\n\nif __name__ == '__main__':\n    pass\n",
        "model.py": "import torch.nn as nn\n",
        "tests/test_model.py": "import xgboost\n",
    })
    assert report.kind.kind == "ML research"
    assert report.kind.evidence[0] == "imports sklearn, torch in 2 files"
    packaged = run(tmp_path / "lib", {"setup.py": "from setuptools import setup\nsetup(name='nets')\n", "nets/__init__.py": "import torch\n"})
    assert packaged.kind.kind == "library"  # packaged for others: a library that happens to use torch
