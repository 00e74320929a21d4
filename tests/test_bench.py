"""benchmarks/bench.py's parts that run without the network or a timed run: the options, the
sdist names and pins, the floor and the parse pool on a tiny repository, `--phases` (the real
extractor, timed), the measured commands' environment, which checkout is measured, and the
target rows of issue 20 from hand-made figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import bench  # noqa: E402  (a script folder, not a package)
import corpora  # noqa: E402
import launcher  # noqa: E402
import modes  # noqa: E402
import phases  # noqa: E402
import report  # noqa: E402
import sdists  # noqa: E402
from common import BenchError  # noqa: E402


def test_rounds_default_named_and_synthetic():
    keys = [("django", None), ("sqlalchemy", None), ("synthetic-django-x3", "django")]
    assert bench._rounds("3", keys) == {"django": 3, "sqlalchemy": 3, "synthetic-django-x3": 3}
    assert bench._rounds("3,django=5,synthetic=1", keys) == {"django": 5, "sqlalchemy": 3, "synthetic-django-x3": 1}
    assert bench._rounds("2,synthetic-django-x3=4", keys)["synthetic-django-x3"] == 4


def test_default_corpora_are_known_and_pinned():
    assert corpora.DEFAULT_CORPORA == ("django", "sqlalchemy", "metaflow")
    for key in corpora.DEFAULT_CORPORA:
        dist, version, sha256 = corpora.KNOWN[key]
        assert len(sha256) == 64 and int(sha256, 16) >= 0
        assert key in corpora.TOUCH
    assert corpora.KNOWN["metaflow"][1].startswith("2.19.")


def test_sdist_names():
    assert sdists._sdist_of("Django-5.1.4.tar.gz") == ("django", "5.1.4")
    assert sdists._sdist_of("sqlalchemy-2.0.36.tar.gz") == ("sqlalchemy", "2.0.36")
    assert sdists._sdist_of("metaflow-2.19.39-py3-none-any.whl") is None


def _sdist(folder, name, files):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.tar.gz"
    source = folder / "src" / name
    for rel, text in files.items():
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / rel).write_text(text)
    with tarfile.open(path, "w:gz") as tar:
        tar.add(source, arcname=name)
    return path


def test_cached_sdist_checked_against_the_pin(tmp_path):
    path = _sdist(tmp_path / "sdists", "demo-1.0", {"demo/__init__.py": "X = 1\n"})
    good = sdists._sha256(path)
    assert sdists.fetch("demo", "1.0", tmp_path / "sdists", good) == path
    with pytest.raises(BenchError, match="pinned"):
        sdists.fetch("demo", "1.0", tmp_path / "sdists", "0" * 64)
    root = sdists.unpack(path, tmp_path / "corpora")
    assert (root / "demo" / "__init__.py").read_text() == "X = 1\n"


def test_unsafe_member_names_refused(tmp_path):
    with pytest.raises(BenchError, match="unsafe"):
        sdists._checked_top(["demo/ok.py", "../evil.py"], tmp_path / "x.tar.gz")


def _repo(tmp_path):
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    (repo / "pkg" / "__init__.py").write_text('"""A package."""\nimport os\n\nHOME = os.environ.get("HOME")\n')
    (repo / "pkg" / "mod.py").write_text("def f(x):\n    return g(x)\n\n\ndef g(y):\n    return y\n")
    (repo / "pkg" / "bad.py").write_text("def broken(:\n")
    (repo / "notes.txt").write_text("not python\n")
    return repo


def test_floor_sends_paths_and_parses_every_py_file(tmp_path, capsys):
    modes.mode_floor(str(_repo(tmp_path)), 2)
    out = json.loads(capsys.readouterr().out)
    assert (out["files"], out["failed"]) == (3, 1)
    assert set(out) == {"discover", "parse", "files", "failed"}


def test_floor_worker_opens_the_file_itself(tmp_path):
    good, bad = tmp_path / "good.py", tmp_path / "bad.py"
    good.write_text("x = 1\n")
    bad.write_text("def (:\n")
    assert modes._floor_parse(str(good)) is True
    assert modes._floor_parse(str(bad)) is False
    assert modes._floor_parse(str(tmp_path / "missing.py")) is False


def test_phases_wrap_the_real_functions_and_restore_them(tmp_path):
    from onboard.parse import extract

    before = {name: getattr(extract, name) for name, _ in phases.PARTS}
    measured = phases.measure_phases(str(_repo(tmp_path)))
    assert {name: getattr(extract, name) for name, _ in phases.PARTS} == before
    assert measured["files"] == 3 and measured["failures"] == 1
    totals, calls = measured["totals"], measured["calls"]
    assert calls["check"] == 3 and calls["summarise"] == 2  # the file that fails stops at the guard
    assert sum(totals[name] for name, _ in phases.PARTS) <= totals["extract"]
    assert totals["read"] > 0
    table = phases.render_phases("demo", measured)
    assert "read (" in table and "guard (parse.guard.check)" in table and "pickle (protocol 5)" in table
    assert "**read + extract + pickle**" in table and "× floor" not in table


def test_measured_commands_cache_bytecode_as_an_installed_onboard_does():
    found = launcher.measured_environment({"PATH": "/bin", "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"})
    assert found == {"PATH": "/bin", "LANG": "C.UTF-8"}


def test_measured_commands_import_what_this_process_imports(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    found = launcher.measured_environment({"PYTHONPATH": f".{os.pathsep}/opt/lib{os.pathsep}src"})
    here = os.getcwd()
    assert found["PYTHONPATH"].split(os.pathsep) == [here, "/opt/lib", os.path.join(here, "src")]


def test_a_launched_command_writes_bytecode_where_this_process_does_not(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setattr(launcher, "has_no_reuse", lambda cwd: True)  # not asked of onboard here
    runner = launcher.Runner(tmp_path, 1)
    result = runner.launch([sys.executable, "-c", "import sys; print(sys.flags.dont_write_bytecode)"])
    assert result["rc"] == 0 and result["wall"] > 0
    assert result["stdout"].read_text().strip() == "0"


def test_pool_mode_runs_the_parse_stage_into_an_empty_cache(tmp_path, capsys):
    cache = tmp_path / "cache"
    modes.mode_pool(str(_repo(tmp_path)), 2, str(cache))
    out = json.loads(capsys.readouterr().out)
    assert (out["files"], out["failed"]) == (3, 1)
    assert set(out) == {"discover", "read", "parse", "files", "failed"}
    assert any(cache.rglob("*.pack"))


class _Runner:
    """Launches nothing: each hidden mode "prints" figures that say which launch it was."""

    jobs = 2

    def __init__(self, work):
        self.work = work
        self.launched = []

    def me(self, *args):
        return list(args)

    def launch(self, cmd):
        self.launched.append(cmd[0])
        out = self.work / f"out{len(self.launched)}"
        figures = {"read": 0.5, "parse": float(len(self.launched))} if cmd[0] == "--_pool" else {"parse": 2.0}
        out.write_text(json.dumps(figures))
        return {"rc": 0, "stdout": out, "wall": 1.0}


def test_pool_against_floor_alternates_after_an_untimed_run_of_each(tmp_path):
    runner = _Runner(tmp_path)
    found = phases.pool_against_floor(tmp_path / "corpus", runner, 2)
    assert runner.launched == ["--_pool", "--_floor"] * 3
    # the timed pools are launches 3 and 5: parse 3.0 and 5.0, each with 0.5 s of reading
    assert (found["parse"], found["read"], found["pool"], found["floor"], found["ratio"]) == (4.0, 0.5, 4.5, 2.0, 2.25)
    measured = {"files": 2, "bytes": 10, "failures": 0, "totals": {"read": 0.2, "extract": 1.0, "pickle": 0.2}, "calls": {},
                "slowest": []}
    assert "**2.25 × floor**" in phases.render_phases("demo", measured, found)


def test_the_checkout_measured_is_the_one_whose_top_folder_onboard_is(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "onboard").mkdir()
    (tmp_path / ".venv" / "site-packages" / "onboard").mkdir(parents=True)
    (tmp_path / "elsewhere" / "onboard").mkdir(parents=True)
    assert report.checkout_of(tmp_path / "onboard") == tmp_path.resolve()
    assert report.checkout_of(tmp_path / ".venv" / "site-packages" / "onboard") is None  # installed in a venv in the checkout
    assert report.checkout_of(tmp_path / "elsewhere" / "onboard") is None


_RATIOS = {"cold/floor": 1.2, "warm/interrogate": 0.12, "warm-facts/interrogate": None, "(incremental-warm-facts-copy)/one-file": 1.1}


def test_target_rows_are_issue_20s():
    rows = report.targets(_RATIOS, 2 * 1024**3)
    assert [(what.split(" (")[0], target, ok) for what, _, target, ok in rows] == [
        ("cold / floor", "≤ 1.25", True),
        ("warm / interrogate", "≤ 0.1", False),
        ("warm-facts / interrogate", "≤ 0.5", None),  # not measured: not a failure
        ("(incremental − warm-facts-copy) / one file, pair by pair", "≤ 1.3", True),
        ("cold peak RSS, tree sum", "≤ 1", False),
    ]
    assert rows[-1][1] == 2.0
    assert report.targets(_RATIOS, None)[-1][3] is None  # no /proc to sample


def test_growth_is_within_n_plus_a_tenth():
    rows = report.growth_targets({"cold": 3.05, "warm": 2.0, "warm-facts": 3.2}, 3, "Django 5.1.4")
    assert rows == [("cold / cold of Django 5.1.4", 3.05, "≤ 3.1", True), ("warm-facts / warm-facts of Django 5.1.4", 3.2, "≤ 3.1", False)]
    assert [target for _, _, target, _ in report.growth_targets({"cold": 2.0}, 2, "x")] == ["≤ 2.1", "≤ 2.1"]


def _measured(scale: float, rounds: int = 2) -> dict:
    """The runs of a corpus whose commands take `scale` times the base's seconds."""
    def run(wall, peak=None, **extra):
        return {"wall": wall * scale, "maxrss": 1, "tree_peak": peak, **extra}

    return {
        "floor": [run(4.0, parse=3.0, discover=0.1) for _ in range(rounds)],
        "cold": [run(4.4, 300 * 1024**2 * scale) for _ in range(rounds)],
        "warm": [run(0.1) for _ in range(rounds)],
        "warm-facts": [run(0.6, 200 * 1024**2 * scale) for _ in range(rounds)],
        "warm-facts-copy": [run(0.6) for _ in range(rounds)],
        "incremental": [run(1.0) for _ in range(rounds)],
        "one-file": [{**run(0.5), "total": 0.5, "import": 0.2, "extract": 0.01} for _ in range(rounds)],
        "interrogate": [run(1.0) for _ in range(rounds)],
    }


def test_summary_of_a_scale_point_against_its_base(tmp_path):
    base = corpora.Corpus("django", "Django 5.1.4", tmp_path, [tmp_path], "django/utils/text.py")
    scaled = corpora.Corpus("synthetic-django-x3", "3 x Django 5.1.4", tmp_path, [tmp_path], "copy0/x.py", copies=3, base="django")
    base.runs, scaled.runs = _measured(1.0), _measured(2.9)
    for corpus in (base, scaled):
        corpus.extra["incremental_pairs"] = [(0, 0.4), (1, 0.5)]
    summary = report.summarise([base, scaled])
    rows = {what: (round(value, 2), ok) for what, value, _, ok in summary["synthetic-django-x3"]["targets"]}
    assert rows["cold / floor"] == (1.1, True)
    assert rows["warm / interrogate"] == (0.1, True)
    assert rows["warm-facts / interrogate"] == (0.6, False)
    assert rows["(incremental − warm-facts-copy) / one file, pair by pair"] == (0.9, True)  # 0.4 s and 0.5 s over 0.5 s
    assert rows["cold / cold of Django 5.1.4"] == (2.9, True)
    assert rows["warm-facts / warm-facts of Django 5.1.4"] == (2.9, True)
    info = dict(summary["synthetic-django-x3"]["info"])
    assert round(info["warm / warm of Django 5.1.4 (linear would be 3)"], 2) == 2.9
    assert round(info["cold peak RSS, tree sum / that of Django 5.1.4"], 2) == 2.9
    assert not any("of Django" in what for what, *_ in summary["django"]["targets"])
