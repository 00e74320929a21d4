"""The `onboard` command end to end on the sample repos and on hostile input, via click's runner
and, where a real process matters, via `python -m onboard`."""

from __future__ import annotations

import json
import re
import os
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from conftest import GOLDEN, SAMPLES
from onboard.cli import main

SAMPLE_NAMES = sorted(p.name for p in SAMPLES.iterdir() if p.is_dir())


def run(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_reports_match_golden_files(name, tmp_path, update_golden):
    strays = sorted(str(p.relative_to(SAMPLES)) for p in (SAMPLES / name).rglob("__pycache__"))
    assert not strays, f"delete these build artefacts first; a clean clone has none and the golden files assume so: {strays}"
    result = run(SAMPLES / name, "-o", tmp_path, "-f", "markdown", "-f", "json", "-j", "2")
    assert result.exit_code == 0, result.output
    assert run(SAMPLES / name, "-o", tmp_path, "-f", "html", "-f", "codetour", "-j", "2").exit_code == 0
    for file in ("onboard.md", "onboard.json", "onboard.html", ".tours/onboard.tour"):
        got = (tmp_path / file).read_text(encoding="utf-8")
        golden = GOLDEN / name / file.replace(".tours/", "")
        if update_golden:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(got, encoding="utf-8")
        assert got == golden.read_text(encoding="utf-8"), f"{file} differs from {golden} (rerun with --update-golden if intended)"


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_two_runs_are_byte_identical_cold_and_warm(name, tmp_path):
    outputs = []
    for i, extra in enumerate([["--no-cache"], ["--cache-dir", tmp_path / "c"], ["--cache-dir", tmp_path / "c"]]):
        out = tmp_path / f"out{i}"
        assert run(SAMPLES / name, "-o", out, "-f", "json", "-f", "markdown", *extra).exit_code == 0
        outputs.append(((out / "onboard.json").read_bytes(), (out / "onboard.md").read_bytes()))
    assert outputs[0] == outputs[1] == outputs[2]


def test_terminal_summary_and_check_gate():
    result = run(SAMPLES / "flask_service")
    assert result.exit_code == 0
    assert "Docstring coverage: 43.4%" in result.output  # 40/92 = 43.47...%, rounded down
    assert "py2_report.py:20" in result.output
    low = run("check", SAMPLES / "flask_service", "--fail-under", "90")
    assert low.exit_code == 1 and "FAILED" in low.output and "src/orderdesk/models.py" in low.output
    assert run("check", SAMPLES / "flask_service", "--fail-under", "43.47").exit_code == 0
    assert run("check", SAMPLES / "flask_service", "--fail-under", "43.48").exit_code == 1  # no rounding up
    strict = run("check", SAMPLES / "flask_service", "--fail-under", "40", "--strict")
    assert strict.exit_code == 1 and "src/orderdesk/legacy/py2_report.py:20: not-analysed: not analysed: syntax-error" in strict.output
    strict_report = run(SAMPLES / "flask_service", "--strict", "-q")  # -q: nothing else printed
    assert strict_report.exit_code == 3  # `report --strict` keeps its own code, and says why
    assert strict_report.output == "onboard: --strict: 1 file could not be analysed (the reports list them, with why); exit 3\n"


def test_config_precedence_and_errors(tmp_path):
    (tmp_path / "m.py").write_text("def f():\n    pass\n")
    (tmp_path / "pyproject.toml").write_text("[tool.onboard]\nfail-under = 10\nignore-module = true\n")
    assert run("check", tmp_path).exit_code == 1  # 0% < 10 (module docstring not counted)
    assert run("check", tmp_path, "--fail-under", "0").exit_code == 0  # the command line wins
    (tmp_path / "pyproject.toml").write_text("[tool.onboard]\nfail_undr = 10\n")
    bad = run("check", tmp_path)
    assert bad.exit_code == 2 and "fail_undr" in bad.output
    (tmp_path / "pyproject.toml").write_text("[tool.onboard]\njobs = 'many'\n")
    assert run(tmp_path).exit_code == 2
    (tmp_path / "pyproject.toml").write_text("[tool.onboard\nbroken")
    broken = run(tmp_path, "-f", "json")
    assert broken.exit_code == 0 and "not valid TOML" in broken.output  # a finding, not fatal
    assert run(tmp_path, "--config", tmp_path / "missing.toml").exit_code == 2
    assert run(tmp_path, "-f", "json", "-f", "markdown").exit_code == 2  # two files need --output


def test_output_is_atomic_and_does_not_follow_symlinks(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    (out / "onboard.json").symlink_to(victim)
    assert run(SAMPLES / "etl_pipeline", "-o", out, "-f", "json").exit_code == 0
    assert victim.read_text() == "keep me" and not (out / "onboard.json").is_symlink()
    assert sorted(os.listdir(out)) == ["onboard.json"]


def test_hostile_directory_is_analysed_to_the_end(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    secret = tmp_path / "secret.py"
    secret.write_text("TOKEN = 'SECRET-MARKER-7731'\n")
    files = {
        "good.py": b'"""Fine."""\n',
        "syntax.py": b"x = 1\ndef (:\n",
        "latin.py": b"x = '\xe9'\n",
        "nest.py": b"x = " + b"(" * 5000 + b")" * 5000 + b"\n",
        "nul.py": b"x = 1\x00\n",
    }
    for name, data in files.items():
        (repo / name).write_bytes(data)
    os.mkfifo(repo / "fifo.py")
    (repo / "zero.py").symlink_to("/dev/zero")
    (repo / "leak.py").symlink_to(secret)
    with open(repo / "sparse.py", "wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "onboard", str(repo), "-o", str(out), "-f", "json", "-f", "markdown"],
                            capture_output=True, text=True, timeout=120, env={**os.environ, "ONBOARD_CACHE_DIR": str(tmp_path / "c")})
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "onboard.json").read_text())
    reasons = {n["path"]: n["reason"] for n in report["files"]["not_analysed"]}
    assert reasons == {
        "syntax.py": "syntax-error", "latin.py": "encoding-error", "nest.py": "too-deeply-nested",
        "nul.py": "nul-bytes", "fifo.py": "not-a-regular-file", "zero.py": "symlink-outside-repo",
        "leak.py": "symlink-outside-repo", "sparse.py": "too-large",
    }
    assert report["files"]["analysed"] == 1
    from test_schema import SCHEMA
    import jsonschema

    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    everything = result.stdout + result.stderr + (out / "onboard.json").read_text() + (out / "onboard.md").read_text()
    assert "SECRET-MARKER-7731" not in everything


def test_version_help_and_bad_path():
    assert run("--version").output.strip() == f"onboard, version {__import__('onboard').__version__}"
    assert "Exit codes" in run("--help").output and "Examples" in run("check", "--help").output
    assert run("/no/such/dir").exit_code == 2


def test_the_command_exits_fast_with_the_same_output_and_exit_codes(tmp_path):
    """`python -m onboard` (and the `onboard` script) end with `cli.entry`: every byte written
    and flushed, click's exit code kept, the last analysis not freed object by object."""
    env = {**os.environ, "ONBOARD_CACHE_DIR": str(tmp_path / "cache")}

    def command(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "onboard", *args], capture_output=True, timeout=120, env=env)

    sample = str(SAMPLES / "flask_service")
    piped = command(sample, "-f", "json", "--no-reuse")
    assert piped.returncode == 0, piped.stderr
    in_process = CliRunner().invoke(main, [sample, "-f", "json", "--no-reuse", "--cache-dir", str(tmp_path / "other")])
    assert piped.stdout == in_process.stdout_bytes and piped.stdout.endswith(b"}\n")
    assert command("/no/such/dir").returncode == 2
    assert command(sample, "--no-such-option").returncode == 2
    failing = command("check", sample, "--fail-under", "100")
    assert failing.returncode == 1 and failing.stdout  # the gate's findings, flushed before the fast exit
    from onboard import cli

    assert [type(r).__name__ for r in cli._LAST] in ([], ["Report"])  # one analysis kept at most (the tests call main often)


def test_repo_text_cannot_break_tables_or_reach_the_terminal(tmp_path):
    name = "a|b <script>[bold red]x\x1b[31m.py"
    (tmp_path / name).write_text('def f():\n    pass\n')
    (tmp_path / "ok.py").write_text("x = 1\n")
    from onboard.pipeline import analyse
    from onboard.report import terminal as terminal_report
    from onboard.config import merge
    from onboard.settings import build

    (tmp_path / "title\x1b]0;PWNED\x07\nfake line.py").write_text("x = 1\n")
    coloured = terminal_report.render(analyse(str(tmp_path), build(merge({}, {}), None)), color=True)
    assert "\x1b[" in coloured  # colour is on, so only onboard's own styles may be escapes
    assert "\x1b]" not in coloured and "\x07" not in coloured and "PWNED\nfake" not in coloured
    assert "[bold red]x" in coloured  # shown as text, not taken as markup
    out = tmp_path / "out"
    assert run(tmp_path, "-o", out, "-f", "markdown", "-f", "json").exit_code == 0
    markdown = (out / "onboard.md").read_text()
    outside_code = re.sub(r"`[^`]*`", "", markdown)
    assert "\x1b" not in markdown and "<script>" not in outside_code and "`a|b <script>" in markdown.replace("\\|", "|")
    for table in markdown.split("\n\n"):
        rows = [line.replace("\\|", "") for line in table.splitlines() if line.startswith("|")]
        assert len({row.count("|") for row in rows}) <= 1, table
    report = json.loads((out / "onboard.json").read_text())
    assert [m["path"] for m in report["docs"]["modules"]] == [
        "a|b <script>[bold red]x\\x1b[31m.py", "ok.py", "title\\x1b]0;PWNED\\x07\\x0afake line.py"]


def test_internal_error_exits_70_with_a_saved_traceback(monkeypatch, tmp_path):
    import onboard.cli

    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    import onboard.pipeline

    monkeypatch.setattr(onboard.pipeline, "analyse", broken)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    result = CliRunner().invoke(main, [str(SAMPLES / "etl_pipeline")])
    assert result.exit_code == 70
    assert "internal error (RuntimeError: simulated bug)" in result.output
    saved = list(tmp_path.glob("onboard-crash-*.txt"))
    assert len(saved) == 1 and "simulated bug" in saved[0].read_text()


def test_hostile_repository_configuration_never_hangs_or_crashes(tmp_path):
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    (repo / "m.py").write_text("def aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab():\n    pass\n")
    os.mkfifo(repo / ".gitignore")
    (repo / "sub" / ".gitignore").symlink_to("/dev/zero")
    (repo / "setup.cfg").symlink_to("/dev/zero")
    (repo / "pyproject.toml").write_text("[tool.onboard]\nignore-regex = ['(a+)+$']\n")
    started = time.monotonic()
    slow_regex = run(repo)
    assert slow_regex.exit_code == 2 and "ignore-regex" in slow_regex.output
    (repo / "pyproject.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    deep = run(repo, "-f", "json")
    assert deep.exit_code == 0, deep.output
    warnings = {w["path"]: w["message"] for w in json.loads(deep.output)["repo"]["metadata_warnings"]}
    assert set(warnings) == {".gitignore", "sub/.gitignore", "setup.cfg", "pyproject.toml"}
    assert "not-a-regular-file" in warnings[".gitignore"] and "symlink" in warnings["setup.cfg"]
    assert run(repo, "--exclude", "\\").exit_code == 2
    assert time.monotonic() - started < 60


def test_config_file_option_accepts_another_projects_pyproject(tmp_path):
    (tmp_path / "m.py").write_text("x = 1\n")
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "pyproject.toml").write_text("[project]\nname = 'other'\n")
    assert run("check", tmp_path, "--config", shared / "pyproject.toml", "--fail-under", "0").exit_code == 0
    (shared / "pyproject.toml").write_text("[project]\nname = 'other'\n[tool.onboard]\nfail-under = 150\n")
    bad = run("check", tmp_path, "--config", shared / "pyproject.toml")
    assert bad.exit_code == 2 and "between 0 and 100" in bad.output
    (shared / "pyproject.toml").write_text("tool = 1\n")
    assert run(tmp_path, "--config", shared / "pyproject.toml").exit_code == 2


def test_one_format_on_stdout_and_reports_readable_by_the_team(tmp_path):
    assert run(SAMPLES / "etl_pipeline", "-f", "terminal", "-f", "json").exit_code == 2
    out = tmp_path / "out"
    assert run(SAMPLES / "etl_pipeline", "-o", out, "-f", "json").exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert (out / "onboard.json").stat().st_mode & 0o777 == 0o666 & ~umask


def test_unreadable_files_and_directories_are_reported(tmp_path, monkeypatch):
    """Root reads everything, so the denial is faked at the system call, where it would happen."""
    (tmp_path / "locked").mkdir()
    for rel in ("ok.py", "secret.py", "locked/inner.py"):
        (tmp_path / rel).write_text("x = 1\n")
    real_open, real_scandir = os.open, os.scandir

    def deny_open(path, *args, **kwargs):
        if str(path).endswith("secret.py"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    def deny_scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "open", deny_open)
    monkeypatch.setattr(os, "scandir", deny_scandir)
    result = run(tmp_path, "-f", "json", "--no-cache")
    assert result.exit_code == 0
    reasons = {n["path"]: n["reason"] for n in json.loads(result.output)["files"]["not_analysed"]}
    assert reasons == {"locked": "permission-denied", "secret.py": "permission-denied"}


def test_the_collector_is_off_while_the_reports_are_written_and_what_the_run_made_is_frozen(tmp_path, monkeypatch):
    # the run pauses the cyclic garbage collector for the analysis and its reports, then freezes
    # what they made before turning it on again (`pipeline.collector_paused(freeze=True)`)
    import gc

    from onboard.report import json_report

    seen = []

    def render_chunks(report):  # (a run that keeps nothing writes the JSON's chunks as they come)
        seen.append((gc.isenabled(), gc.get_freeze_count()))
        return original(report)

    original = json_report.render_chunks
    monkeypatch.setattr(json_report, "render_chunks", render_chunks)
    assert gc.isenabled()
    result = CliRunner().invoke(main, [str(SAMPLES / "flask_service"), "-f", "json", "--no-cache"], catch_exceptions=False)
    assert result.exit_code == 0 and json.loads(result.output)["schema_version"]
    (enabled, frozen_then), = seen
    assert not enabled and gc.isenabled() and gc.get_freeze_count() > frozen_then
    gc.unfreeze()
