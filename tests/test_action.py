"""The GitHub Action, tested the way it can be without GitHub: `action.yml` against SchemaStore's
schema and the rules GitHub applies to composite actions, and the script its gate step runs,
for real, with the runner's files (step summary, outputs) and a cache folder set."""

from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import jsonschema
import pytest
import yaml

from conftest import ROOT, SAMPLES

DATA = pathlib.Path(__file__).resolve().parent / "data"
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
SCRIPT = ROOT / "action" / "run.py"
STEPS = ACTION["runs"]["steps"]


def test_action_yml_is_a_valid_composite_action():
    schema = json.loads((DATA / "github-action.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(ACTION)
    assert ACTION["runs"]["using"] == "composite" and ACTION["name"] and ACTION["description"]
    assert all(set(spec) >= {"description"} for spec in ACTION["inputs"].values())
    assert set(ACTION["inputs"]) == {"path", "args", "formats", "python-version", "cache"}
    for name, spec in ACTION["outputs"].items():  # a composite action's outputs must say where they come from
        assert re.fullmatch(r"\$\{\{ steps\.check\.outputs\.[\w-]+ \}\}", spec["value"]), name
    for step in STEPS:
        assert ("run" in step) != ("uses" in step), step.get("name")
        if "run" in step:
            assert step["shell"] == "bash"  # GitHub requires a shell on every run step of a composite action
            assert "${{" not in step["run"]  # inputs reach scripts through env, never pasted into them
        else:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"]), step["uses"]


def test_run_steps_are_valid_bash_and_the_gate_step_runs_the_script():
    for step in STEPS:
        if "run" in step:
            subprocess.run(["bash", "-n", "-c", step["run"]], check=True)
    check = next(step for step in STEPS if step.get("id") == "check")
    assert "$GITHUB_ACTION_PATH/action/run.py" in check["run"]
    spec = importlib.util.spec_from_file_location("onboard_action_run", SCRIPT)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.requested(ACTION["inputs"]["formats"]["default"]) == ["summary", "annotations"]
    assert all(name in ACTION["inputs"]["formats"]["description"] for name in script.FORMATS)  # every format is documented
    assert set(check["env"]) >= {"INPUT_PATH", "INPUT_ARGS", "INPUT_FORMATS", "ONBOARD_CACHE_DIR"}
    cache_paths = {step["with"]["path"] for step in STEPS if step.get("uses", "").startswith("actions/cache/")}
    assert cache_paths == {check["env"]["ONBOARD_CACHE_DIR"]}  # restored and saved where onboard looks
    keys = [step["with"]["key"] for step in STEPS if step.get("uses", "").startswith("actions/cache/")]
    restore = next(step["with"]["restore-keys"] for step in STEPS if step.get("uses", "").startswith("actions/cache/restore"))
    assert len(set(keys)) == 1 and keys[0].startswith(restore) and "github.run_id" in keys[0]  # a new entry each run, any earlier one restores


def run_action(tmp_path, **inputs) -> tuple[subprocess.CompletedProcess, dict, str]:
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs"
    summary.write_text("earlier step\n", encoding="utf-8")
    outputs.write_text("", encoding="utf-8")
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(outputs), "RUNNER_TEMP": str(tmp_path),
           "ONBOARD_CACHE_DIR": str(tmp_path / "cache"), **{f"INPUT_{key.upper()}": value for key, value in inputs.items()}}
    done = subprocess.run([sys.executable, str(SCRIPT)], env=env, capture_output=True, text=True, timeout=300)
    pairs = dict(line.split("=", 1) for line in outputs.read_text(encoding="utf-8").splitlines())
    return done, pairs, summary.read_text(encoding="utf-8")


def gate_exit_code(*args) -> int:
    return subprocess.run([sys.executable, "-m", "onboard", "check", *args, "-q"], capture_output=True, timeout=300).returncode


@pytest.fixture
def repo(tmp_path):
    shutil.copytree(SAMPLES / "flask_service", tmp_path / "repo")
    return tmp_path / "repo"


def test_a_failing_gate_publishes_everything_and_fails(tmp_path, repo):
    done, outputs, summary = run_action(tmp_path, path=str(repo), args="--fail-under 80 --forbid-cycles", formats="summary, annotations,sarif,html")
    assert done.returncode == 1 == gate_exit_code(str(repo), "--fail-under", "80", "--forbid-cycles")
    assert outputs["exit-code"] == "1"
    assert summary.startswith("earlier step\n### ❌ onboard: docstring coverage 43.4% (40/92), threshold 80%: FAILED")  # appended
    assert "::error file=src/orderdesk/storage.py,line=8,title=onboard cycle::import cycle" in done.stdout
    sarif = json.loads(pathlib.Path(outputs["sarif-file"]).read_text(encoding="utf-8"))
    assert {r["level"] for r in sarif["runs"][0]["results"]} == {"error", "warning"}
    assert (pathlib.Path(outputs["html-dir"]) / "onboard.html").is_file()
    assert any((tmp_path / "cache").rglob("*")), "the cache folder the action saves is filled"


def test_a_passing_gate_exits_0_and_reuses_the_cache(tmp_path, repo):
    first, outputs, summary = run_action(tmp_path, path=str(repo), args="--fail-under 40")
    assert first.returncode == 0 == gate_exit_code(str(repo), "--fail-under", "40") and outputs == {"exit-code": "0"}
    assert "### ✅ onboard: docstring coverage 43.4% (40/92), threshold 40%: passed" in summary
    cached = sorted(p.relative_to(tmp_path) for p in (tmp_path / "cache").rglob("*"))
    again, _, _ = run_action(tmp_path, path=str(repo), args="--fail-under 40 -v", formats="summary")
    assert again.returncode == 0 and "onboard: 23 files from the cache, 0 parsed" in again.stderr, again.stderr
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "cache").rglob("*")) >= cached


def test_bad_inputs_exit_2_and_say_why(tmp_path, repo):
    done, outputs, summary = run_action(tmp_path, path=str(repo), formats="summary,pdf")
    assert done.returncode == 2 and "unknown format pdf" in done.stderr and outputs == {}
    unusable, outputs, summary = run_action(tmp_path, path=str(repo), args="--fail-under 120")
    assert unusable.returncode == 2 == gate_exit_code(str(repo), "--fail-under", "120") and outputs == {"exit-code": "2"}
    assert "could not give a verdict (exit code 2)" in summary
    quoted, outputs, _ = run_action(tmp_path, path=str(repo), args="--fail-under '40'; touch pwned")
    assert quoted.returncode == 2 and not (tmp_path / "pwned").exists() and not pathlib.Path("pwned").exists()
