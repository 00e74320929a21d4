"""The CI gate end to end: rules, the baseline round trip, every output format, the badge."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from conftest import GOLDEN, SAMPLES
from onboard.analyses.gate import Baseline, Rules, evaluate, read_baseline
from onboard.cli import main
from onboard.pipeline import analyse
from onboard.report.gate import RENDERERS
from onboard.config import merge
from onboard.settings import build


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def flask_report():
    return analyse(str(SAMPLES / "flask_service"), build(merge({}, {}), None))


def test_rules_on_the_sample(flask_report):
    verdict = evaluate(flask_report, Rules(fail_under=40, paths=(("src/orderdesk/api/**", 90.0), ("src/orderdesk/db.py", 50.0)),
                                           forbid_cycles=True, layers=("orderdesk.api", "orderdesk.tasks", "orderdesk.storage")))
    rules = [(p.rule, p.path, p.line) for p in verdict.problems]
    assert ("path-coverage", None, None) in rules and len([r for r in rules if r[0] == "path-coverage"]) == 1
    assert ("cycle", "src/orderdesk/storage.py", 8) in rules  # storage <-> tasks at import time; db <-> models is TYPE_CHECKING/lazy only
    assert ("layer", "src/orderdesk/storage.py", 8) in rules  # storage (bottom) imports tasks (above it)
    assert not verdict.passed and [p.passed for p in verdict.paths] == [False, True]
    assert evaluate(flask_report, Rules(fail_under=40)).passed


def test_baseline_round_trip(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLES / "flask_service", repo)
    base = tmp_path / "onboard-baseline.json"
    assert run("baseline", repo, "-o", base, "-q").exit_code == 0
    data = json.loads(base.read_text())
    assert read_baseline(data).coverage.documented == 40 and "src/orderdesk/storage.py::" in data["undocumented"]
    assert "src/orderdesk/models.py::Order.to_record" in data["undocumented"] and data["cycles"] == [["orderdesk.storage", "orderdesk.tasks"]]
    assert run("check", repo, "--baseline", base).exit_code == 0  # a legacy repo passes today at 42%

    models = repo / "src" / "orderdesk" / "models.py"
    models.write_text("\n\n\n" + models.read_text() + "\n\ndef shiny_new_helper(order):\n    return order\n\n\ndef _private_helper():\n    pass\n")
    failed = run("check", repo, "--baseline", base)
    assert failed.exit_code == 1
    new = [line for line in failed.output.splitlines() if "new-undocumented" in line]
    assert len(new) == 1 and "shiny_new_helper" in new[0] and "src/orderdesk/models.py:" in new[0]  # lines moved: nothing else is new

    models.write_text(models.read_text().replace("def shiny_new_helper(order):\n", 'def shiny_new_helper(order):\n    """Now documented."""\n'))
    assert run("check", repo, "--baseline", base).exit_code == 0
    (repo / "src" / "orderdesk" / "db.py").write_text((repo / "src" / "orderdesk" / "db.py").read_text() + "\nfrom orderdesk import api  # noqa\n")
    cycle = run("check", repo, "--baseline", base)
    assert cycle.exit_code == 1 and "new-cycle" in cycle.output
    assert run("check", repo, "--baseline", tmp_path / "missing.json").exit_code == 2
    (tmp_path / "bad.json").write_text('{"format": "something else"}')
    assert run("check", repo, "--baseline", tmp_path / "bad.json").exit_code == 2


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_formats_match_golden_files(fmt, flask_report, update_golden):
    verdict = evaluate(flask_report, Rules(fail_under=80, paths=(("src/orderdesk/api/**", 90.0),), forbid_cycles=True))
    got = RENDERERS[fmt](verdict)
    golden = GOLDEN / "check" / f"flask_service.{fmt}"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


def test_formats_escape_repo_text(tmp_path):
    (tmp_path / "a,b:c%\x1b[31m<x>&.py").write_text("def f():\n    pass\n")
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    verdict = evaluate(report, Rules(fail_under=100, baseline=Baseline(frozenset(), ())))  # every gap is new: problems with paths
    github = RENDERERS["github"](verdict)
    assert "\x1b" not in github and "file=a%2Cb%3Ac%25\\x1b[31m<x>&.py" in github
    suite = ET.fromstring(RENDERERS["junit"](verdict))
    assert suite.get("failures") == "2" and "a,b:c%" in "".join(suite.itertext())
    assert json.loads(RENDERERS["json"](verdict))["passed"] is False
    assert "\x1b" not in RENDERERS["text"](verdict) + RENDERERS["markdown"](verdict)


def test_one_missing_item_in_many_fails_100(tmp_path):
    body = "".join(f'def f{i}():\n    """Doc."""\n\n' for i in range(2000))
    (tmp_path / "big.py").write_text('"""Module."""\n' + body + "def last():\n    pass\n")
    result = run("check", tmp_path, "--fail-under", "100")
    assert result.exit_code == 1 and "99.9%" in result.output  # 2001/2002: interrogate would round to 100 and pass


def test_badge_is_deterministic_svg(tmp_path):
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    assert run("badge", SAMPLES / "etl_pipeline", "-o", first, "-q").exit_code == 0
    assert run("badge", SAMPLES / "etl_pipeline", "-o", second, "-q").exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    svg = ET.fromstring(first.read_text())
    assert svg.tag.endswith("svg") and "docstrings: 44.4%" in "".join(svg.itertext())


def test_excuses_are_listed_not_counted(tmp_path):
    (tmp_path / "m.py").write_text('"""Doc."""\n\ndef generated():  # onboard: no-docstring generated by protoc\n    pass\n\ndef real():\n    pass\n')
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    verdict = evaluate(report, Rules(fail_under=60))
    assert (verdict.coverage.total, verdict.coverage.documented) == (2, 1) and not verdict.passed
    assert [(path, x.name, x.reason) for path, x in verdict.excused] == [("m.py", "generated", "generated by protoc")]
    assert "1 items excused" in RENDERERS["text"](verdict)


def test_config_table_and_baseline_key(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLES / "etl_pipeline", repo)
    assert run("baseline", repo, "-o", repo / "onboard-baseline.json", "-q").exit_code == 0
    (repo / "pyproject.toml").write_text('[tool.onboard]\nbaseline = "onboard-baseline.json"\n[tool.onboard.check]\n"etl/transform/**" = 10\n')
    assert run("check", repo).exit_code == 0
    (repo / "pyproject.toml").write_text('[tool.onboard]\nbaseline = "onboard-baseline.json"\n[tool.onboard.check]\n"etl/transform/**" = 90\n')
    strict_path = run("check", repo)
    assert strict_path.exit_code == 1 and "etl/transform/**: coverage 8/18 is below 90%" in strict_path.output
    (repo / "pyproject.toml").write_text('[tool.onboard.check]\n"tests/**" = 50\n"gone/**" = 10\n')
    no_match = run("check", repo, "--fail-under", "0")
    assert no_match.exit_code == 1 and "tests/**: matches no analysed file" in no_match.output  # tests are not in the counted scope
    (repo / "pyproject.toml").write_text('[tool.onboard.check]\n"!" = 10\n')
    assert run("check", repo).exit_code == 2
    (repo / "pyproject.toml").write_text('[tool.onboard.check]\n"etl/**" = 101\n')
    assert run("check", repo).exit_code == 2


def test_machine_formats_ignore_quiet_and_annotations_follow_the_workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(SAMPLES.parent)
    junit = run("check", "sample_repos/flask_service", "--format", "junit", "-q", "--fail-under", "0")
    assert junit.exit_code == 0 and ET.fromstring(junit.output).get("failures") == "0"
    github = run("check", "sample_repos/flask_service", "--format", "github", "--forbid-cycles")
    assert "file=sample_repos/flask_service/src/orderdesk/storage.py,line=8" in github.output


def test_text_lines_never_start_a_runner_command(tmp_path):
    (tmp_path / "::error::pwn.py").write_text("def f():\n    pass\n")
    (tmp_path / "odd\uffffname.py").write_text("def g():\n    pass\n")
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    verdict = evaluate(report, Rules(fail_under=100, baseline=Baseline(frozenset(), ())))
    assert not [line for line in RENDERERS["text"](verdict).splitlines() if line.startswith("::")]
    ET.fromstring(RENDERERS["junit"](verdict))  # U+FFFF is not XML: escaped, so this parses
