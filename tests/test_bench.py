"""benchmarks/bench.py's parts that run without the network or a timed run: the options, the
sdist names and pins, the floor on a tiny repository and `--phases` (the real extractor, timed)."""

from __future__ import annotations

import json
import sys
import tarfile

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import bench  # noqa: E402  (a script folder, not a package)
import corpora  # noqa: E402
import modes  # noqa: E402
import phases  # noqa: E402
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
    table = phases.render_phases("demo", measured)
    assert "guard (parse.guard.check)" in table and "pickle (protocol 5)" in table and "**extract + pickle**" in table


def test_measured_commands_cache_bytecode_as_an_installed_onboard_does():
    from launcher import measured_environment

    found = measured_environment({"PATH": "/bin", "PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"})
    assert found == {"PATH": "/bin", "LANG": "C.UTF-8"}
