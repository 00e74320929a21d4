"""`onboard check --format sarif`: valid SARIF 2.1.0 (the OASIS schema, vendored in tests/data),
within GitHub code scanning's limits, with fingerprints that survive moved lines."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import pathlib
import re
import shutil
from urllib.parse import unquote

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import GOLDEN, SAMPLES
from onboard.analyses.gate import Baseline, Problem, Rules, evaluate
from onboard.cli import main
from onboard.config import merge
from onboard.pipeline import analyse
from onboard.report import sarif
from onboard.settings import build

DATA = pathlib.Path(__file__).resolve().parent / "data"
SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
# RFC 3986 relative reference whose first segment has no ":" (it would read as a scheme)
RELATIVE_URI = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=@]|%[0-9A-F]{2})+(?:/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-F]{2})*)*$")


def validate(log: dict) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(log)


def sarif_of(path, *args) -> dict:
    result = CliRunner().invoke(main, ["check", str(path), "--format", "sarif", *map(str, args)], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    log = json.loads(result.stdout)
    validate(log)
    return log


@pytest.fixture(scope="module")
def flask_report():
    return analyse(str(SAMPLES / "flask_service"), build(merge({}, {}), None))


def test_vendored_schema_is_the_oasis_file():
    digest = hashlib.sha256((DATA / "sarif-schema-2.1.0.json").read_bytes()).hexdigest()
    assert digest in (DATA / "README.md").read_text(encoding="utf-8")  # the source and hash are written down
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    with pytest.raises(jsonschema.ValidationError):  # the schema really constrains: a level SARIF does not know
        validate({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}]})


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.iterdir() if p.is_dir()))
def test_samples_validate_against_the_sarif_schema(sample):
    log = sarif_of(SAMPLES / sample, "--forbid-cycles", "--forbid-undeclared", "--strict")
    run = log["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert ids == ["undocumented", "regression", "cycle", "layer", "undeclared", "not-analysed"]
    for result in run["results"]:
        assert ids[result["ruleIndex"]] == result["ruleId"] and result["level"] in ("error", "warning")
        location = result["locations"][0]["physicalLocation"]  # code scanning rejects a result without one
        assert RELATIVE_URI.match(location["artifactLocation"]["uri"]) and location["region"]["startLine"] >= 1
        assert (pathlib.Path.cwd() / unquote(location["artifactLocation"]["uri"])).is_file()  # relative to the workspace


def test_levels_follow_the_gate(flask_report):
    verdict = evaluate(flask_report, Rules(fail_under=80, forbid_cycles=True, layers=("orderdesk.api", "orderdesk.tasks", "orderdesk.storage")))
    log = json.loads(sarif.render_sarif(verdict))
    validate(log)
    results = log["runs"][0]["results"]
    errors = sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results if r["level"] == "error")
    assert errors == [("cycle", 8), ("layer", 8)]  # what fails the gate, and only that
    warnings = {r["ruleId"] for r in results if r["level"] == "warning"}
    assert warnings == {"undocumented", "undeclared", "not-analysed"}
    undocumented = [r for r in results if r["ruleId"] == "undocumented"]
    assert len(undocumented) == len([p for p in verdict.gaps if p.rule == "undocumented"]) > 10
    relaxed = json.loads(sarif.render_sarif(evaluate(flask_report, Rules(fail_under=0))))["runs"][0]
    assert {r["level"] for r in relaxed["results"] if r["ruleId"] == "cycle"} == {"warning"}  # allowed: still shown
    assert relaxed["invocations"][0]["toolExecutionNotifications"][-1]["level"] == "note"


def test_threshold_failures_are_notifications(flask_report):
    verdict = evaluate(flask_report, Rules(fail_under=80, paths=(("src/orderdesk/api/**", 90.0),)))
    run = json.loads(sarif.render_sarif(verdict))["runs"][0]
    notes = [(n["level"], n["message"]["text"]) for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert notes[0] == ("error", "coverage: docstring coverage 40/92 is below 80%")
    assert notes[1] == ("error", "path-coverage: src/orderdesk/api/**: coverage 4/12 is below 90%")
    assert notes[-1] == ("error", "onboard check: docstring coverage 43.4% (40/92), threshold 80%: FAILED")
    assert run["properties"] == {"passed": False, "coverage": {"percent": 43.47, "total": 92, "documented": 40}}


def _fingerprints(repo) -> dict:
    log = sarif_of(repo, "--baseline", repo.parent / "base.json", "--allow-cycles")
    return {r["partialFingerprints"][sarif.FINGERPRINT]: (r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
            for r in log["runs"][0]["results"]}


def test_fingerprints_survive_moved_lines_and_regressions_are_errors(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLES / "flask_service", repo)
    assert CliRunner().invoke(main, ["baseline", str(repo), "-o", str(tmp_path / "base.json"), "-q"]).exit_code == 0
    models = repo / "src" / "orderdesk" / "models.py"
    models.write_text(models.read_text() + "\n\ndef shiny_new_helper(order):\n    return order\n")
    before = _fingerprints(repo)
    assert [v[:2] for v in before.values() if v[1] == "error"] == [("regression", "error")]
    models.write_text("# moved\n" * 7 + models.read_text())
    after = _fingerprints(repo)
    assert set(after) == set(before) and len(after) > 10
    moved = [key for key, (_, _, line) in before.items() if after[key][2] == line + 7]
    assert len(moved) >= 2  # the same findings, seven lines lower


def test_github_limits(flask_report, monkeypatch):
    long_name = "x" * 3000
    verdict = evaluate(flask_report, Rules(fail_under=0, forbid_cycles=True))
    verdict = dataclasses.replace(verdict, gaps=verdict.gaps + (Problem("undocumented", long_name, "a.py", 3, "k"),))
    monkeypatch.setattr(sarif, "MAX_RESULTS", 5)
    log = json.loads(sarif.render_sarif(verdict))
    validate(log)
    run = log["runs"][0]
    assert len(run["results"]) == 5 and run["results"][0]["level"] == "error"  # what fails the gate is kept first
    left_off = len([p for p in verdict.problems + verdict.gaps if p.path]) - 5
    assert f"{left_off} results left off" in run["invocations"][0]["toolExecutionNotifications"][-2]["message"]["text"]
    monkeypatch.setattr(sarif, "MAX_RESULTS", 25_000)
    texts = [r["message"]["text"] for r in json.loads(sarif.render_sarif(verdict))["runs"][0]["results"]]
    assert max(map(len, texts)) == sarif.MAX_MESSAGE and texts[-1].endswith("…")
    assert all(len(rule[0]) < 255 and len(rule[1]) < 255 for rule in sarif.RULES)


def test_odd_file_names_become_relative_uris(tmp_path):
    names = ["a b:c%é.py", "#frag?q.py", "x\x1by.py"]
    for name in names:
        (tmp_path / name).write_text("def f():\n    pass\n")
    log = sarif_of(tmp_path, "--fail-under", "0")
    uris = sorted({r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]})
    assert all(RELATIVE_URI.match(uri) for uri in uris) and sorted(map(unquote, uris)) == sorted(names)
    assert "\x1b" not in json.dumps(log)


def test_output_is_byte_identical_and_follows_the_workspace(monkeypatch):
    monkeypatch.chdir(SAMPLES.parent)
    args = ["check", "sample_repos/etl_pipeline", "--format", "sarif", "--fail-under", "0"]
    first, second = (CliRunner().invoke(main, args, catch_exceptions=False) for _ in range(2))
    assert first.exit_code == 0 and first.stdout == second.stdout
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(first.stdout)["runs"][0]["results"]]
    assert uris and all(uri.startswith("sample_repos/etl_pipeline/") for uri in uris)


def test_gaps_are_not_problems(flask_report):
    base = evaluate(flask_report, Rules(fail_under=0))
    assert base.passed and {p.rule for p in base.gaps} == {"undocumented", "cycle", "undeclared", "not-analysed"}
    strict = evaluate(flask_report, Rules(fail_under=0, forbid_cycles=True, strict=True, forbid_undeclared=True))
    assert {p.rule for p in strict.gaps} == {"undocumented"} and not strict.passed
    everything_known = Baseline(frozenset(p.key for p in base.gaps if p.rule == "undocumented"), ())
    against = evaluate(flask_report, Rules(fail_under=None, baseline=everything_known))
    assert [p.rule for p in against.problems] == ["new-cycle"] and all(p.key for p in against.gaps)


def test_one_run_writes_several_formats(tmp_path):
    sample = SAMPLES / "flask_service"
    out = tmp_path / "out"
    both = CliRunner().invoke(main, ["check", str(sample), "--format", "github", "-o", f"sarif={out / 'a.sarif'}",
                                     "-o", f"markdown={out / 'summary.md'}", "-q"], catch_exceptions=False)
    assert both.exit_code == 1 and both.stdout.startswith("::error ")  # the format on stdout is still --format's
    assert (out / "a.sarif").read_text(encoding="utf-8") == json.dumps(sarif_of(sample), indent=2, ensure_ascii=False) + "\n"
    assert (out / "summary.md").read_text(encoding="utf-8").startswith("### ❌ onboard: docstring coverage 43.4%")
    bad = CliRunner().invoke(main, ["check", str(sample), "-o", "pdf=x.pdf"])
    assert bad.exit_code == 2 and "FORMAT=FILE" in bad.output


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("check/*.sarif")), ids=lambda p: p.name)
def test_golden_sarif_validates(golden):
    validate(json.loads(golden.read_text(encoding="utf-8")))
