"""Notebooks end to end on the ml_notebooks sample: every fact appears with its notebook place,
and nothing of a cell's outputs reaches any report."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import SAMPLES
from onboard.cli import main

SAMPLE = SAMPLES / "ml_notebooks"
TRAIN = "examples/01_training/train_with_papermill.ipynb"
QUICK = "examples/00_quick_start/quick_start.ipynb"


def _run(tmp_path, *args):
    result = CliRunner().invoke(main, [str(SAMPLE), "-o", str(tmp_path), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_every_fact_has_its_notebook_place(tmp_path):
    _run(tmp_path, "-f", "json")
    report = json.loads((tmp_path / "onboard.json").read_text())
    reads = {(r["path"], r.get("cell"), r["line"]) for v in report["env_vars"] for r in v["reads"] if v["name"]}
    assert {(TRAIN, 7, 4), (TRAIN, 3, 8), ("notebooks/explore.ipynb", 3, 1)} <= reads
    evidence = {(u["service"], e["path"], e.get("cell"), e["line"]) for u in report["usage"] for e in u["evidence"]}
    assert ("storage", TRAIN, 7, 1) in evidence and ("snowflake", "notebooks/explore.ipynb", 2, 4) in evidence
    deps = {d["import"]: d for d in report["dependencies"]}
    assert deps["seaborn"]["status"] == "undeclared" and deps["seaborn"]["scopes"] == ["notebooks"]
    assert (deps["seaborn"]["path"], deps["seaborn"]["cell"], deps["seaborn"]["line"]) == ("notebooks/explore.ipynb", 2, 3)
    functions = {f["name"]: f for f in report["calls"]["functions"]}  # the call graph's rows too
    assert functions["notebooks/explore.ipynb"] == {"name": "notebooks/explore.ipynb", "path": "notebooks/explore.ipynb", "line": 1,
                                                    "kind": "module", "cell": 2}
    notebooks = {n["path"]: n for n in report["notebooks"]["notebooks"]}
    assert notebooks[TRAIN]["parameters_cell"] == 2 and notebooks[TRAIN]["parameters"] == ["alpha", "run_name"]
    assert [(c["cell"], c["reason"]) for c in notebooks[TRAIN]["left_out"]] == [(4, "cell-magic"), (5, "syntax-error")]
    assert notebooks[QUICK]["summary"] == "Quick start" and notebooks[QUICK]["uses"] == ["churn.data", "churn.model"]
    used = {u["module"]: u["notebooks"] for u in report["notebooks"]["used_by"]}
    assert used["churn.data"] == [QUICK, TRAIN]
    failed = {n["path"]: n["reason"] for n in report["notebooks"]["not_analysed"]}
    assert failed == {"notebooks/notes_only.ipynb": "notebook-without-code", "notebooks/scratch_broken.ipynb": "invalid-json"}
    ways = {e["name"]: e for e in report["entry_points"] if e["kind"] == "notebook"}
    assert ways[TRAIN]["detail"]["parameters"] == "alpha, run_name" and ways[TRAIN]["target"].startswith("jupyter nbconvert")
    assert report["files"]["analysed"] == 13 and report["files"]["by_scope"]["notebooks"] == 3  # notebooks are counted apart
    assert report["docs"]["scopes"] == ["package"] and "notebooks" in {s for s in report["docs"]["by_scope"]}


def test_the_guide_starts_with_the_first_example_notebook_and_uses_cell_places(tmp_path):
    _run(tmp_path, "-f", "markdown")
    guide = (tmp_path / "onboard.md").read_text()
    assert f"| 1 | `{QUICK}` |" in guide and "start here: the first of" in guide
    assert f"`{TRAIN}:cell 7:4`" in guide and "## Notebooks" in guide
    assert f"`{TRAIN}:cell 5` | syntax-error" in guide


def test_outputs_never_reach_a_report(tmp_path):
    raw = b"".join(p.read_bytes() for p in SAMPLE.rglob("*.ipynb"))
    assert b"OUTPUT-MARKER-7f3a" in raw and b"sk-live-" in raw
    result = _run(tmp_path, "-f", "markdown", "-f", "json", "-f", "html", "-f", "terminal", "-f", "dot", "-f", "codetour")
    written = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()) + result.output.encode()
    assert b"OUTPUT-MARKER" not in written and b"sk-live-" not in written and b"iVBOR" not in written


def test_notebooks_can_be_their_own_coverage_scope(tmp_path):
    _run(tmp_path, "-f", "json", "--coverage-scope", "notebooks")
    docs = json.loads((tmp_path / "onboard.json").read_text())["docs"]
    assert docs["scopes"] == ["notebooks"] and docs["total"] == 3
