"""Reuse of the last run's reports (`onboard.reuse`): only when nothing the run read has changed.

Every change below is one a real repository goes through; after each, the run must analyse again
and print exactly what a run without any cache prints.
"""

from __future__ import annotations

import os
import pickle
import shutil

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from onboard import reuse
from onboard.cli import main

REUSED = "reports reused"


@pytest.fixture
def trusting(monkeypatch):
    """Files written by a test are seconds old at most: trust change times from the run's start on
    (the two-second margin for coarse file-system clocks is tested on its own below)."""
    monkeypatch.setattr(reuse, "_RACY_NS", 0)


def _copy(tmp_path, name="fastapi_platform"):
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLES / name, repo)
    return repo


def _run(repo, cache, *extra):
    result = CliRunner().invoke(main, [str(repo), "-v", "-j", "1", "--cache-dir", str(cache), "-f", "json", *extra])
    assert result.exit_code == 0, result.output
    return result


def _fresh(repo):
    result = CliRunner().invoke(main, [str(repo), "-q", "-j", "1", "--no-cache", "-f", "json"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_an_unchanged_repository_gets_the_same_reports_without_an_analysis(tmp_path, trusting):
    repo, cache = _copy(tmp_path), tmp_path / "cache"
    first = _run(repo, cache)
    assert REUSED not in first.stderr and "parsed" in first.stderr
    second = _run(repo, cache)
    assert REUSED in second.stderr and "parsed" not in second.stderr
    assert second.stdout == first.stdout == _fresh(repo)


def _edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


# Each: a change to the repository that changes what onboard reports.
CHANGES = {
    "python file edited, same size": lambda r: _edit(r / "lambdas/handler.py", 'os.environ["THUMBNAIL_BUCKET"]', 'os.environ["THUMBNAIL_BUCKEX"]'),
    "python file added deep down": lambda r: (r / "src/platform_api/newmod.py").write_text('"""New."""\nimport os\nX = os.environ["NEW_SETTING"]\n'),
    "python file removed": lambda r: (r / "scripts/maintenance.py").unlink(),
    "folder renamed": lambda r: (r / "dags").rename(r / "dags_old"),
    "Dockerfile edited": lambda r: _edit(r / "Dockerfile", "CMD", "ENTRYPOINT"),
    "Procfile created": lambda r: (r / "Procfile").write_text("web: gunicorn platform_api.app:app\n"),
    "Makefile target added": lambda r: (r / "Makefile").write_text((r / "Makefile").read_text() + "\nfresh:  ## new target\n\tpython -m platform_api\n"),
    "pyproject settings changed": lambda r: (r / "pyproject.toml").write_text((r / "pyproject.toml").read_text() + '\n[tool.onboard]\nexclude = ["legacy/"]\n'),
    ".gitignore created": lambda r: (r / ".gitignore").write_text("scripts/\n"),
    "serverless.yml edited": lambda r: _edit(r / "lambdas/serverless.yml", "handler", "handler "),
    "docs page added": lambda r: (r / "docs").mkdir() or (r / "docs/setup.md").write_text("Set the `NEW_SETTING` environment variable before starting.\n"),
    "dotenv example edited": lambda r: (r / ".env.example").write_text((r / ".env.example").read_text() + "ANOTHER_ONE=1\n"),
    "requirements file added": lambda r: (r / "requirements.txt").write_text("boto3==1.34.0\n"),
    "file replaced by a symlink": lambda r: (r / "dags/nightly_export.py").unlink() or (r / "dags/nightly_export.py").symlink_to(r / "scripts/maintenance.py"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_any_change_to_what_the_run_read_means_a_new_analysis(tmp_path, trusting, change):
    repo, cache = _copy(tmp_path), tmp_path / "cache"
    before = _run(repo, cache).stdout
    assert REUSED in _run(repo, cache).stderr
    CHANGES[change](repo)
    after = _run(repo, cache)
    assert REUSED not in after.stderr
    assert after.stdout == _fresh(repo)
    assert after.stdout != before, "the change should show in the report (else this test proves nothing)"
    assert REUSED in _run(repo, cache).stderr  # and the new reports are kept in turn


def test_other_settings_or_formats_are_other_entries(tmp_path, trusting):
    repo, cache = _copy(tmp_path, "flask_service"), tmp_path / "cache"
    _run(repo, cache)
    assert REUSED not in _run(repo, cache, "--ignore-private").stderr
    out = tmp_path / "out"
    first = CliRunner().invoke(main, [str(repo), "-v", "--cache-dir", str(cache), "-o", str(out), "-f", "markdown", "-f", "json"])
    assert REUSED not in first.stderr
    written = (out / "onboard.md").read_bytes(), (out / "onboard.json").read_bytes()
    shutil.rmtree(out)
    again = CliRunner().invoke(main, [str(repo), "-v", "--cache-dir", str(cache), "-o", str(out), "-f", "markdown", "-f", "json"])
    assert REUSED in again.stderr and again.exit_code == 0
    assert ((out / "onboard.md").read_bytes(), (out / "onboard.json").read_bytes()) == written


def test_no_reuse_and_no_cache_analyse_every_time(tmp_path, trusting):
    repo, cache = _copy(tmp_path, "flask_service"), tmp_path / "cache"
    _run(repo, cache)
    assert REUSED not in _run(repo, cache, "--no-reuse").stderr
    assert "0 parsed" in _run(repo, cache, "--no-reuse").stderr  # the facts cache still serves
    (repo / "pyproject.toml").write_text((repo / "pyproject.toml").read_text() + "\n[tool.onboard]\nreuse = false\n")
    _run(repo, cache)
    assert REUSED not in _run(repo, cache).stderr
    nocache = CliRunner().invoke(main, [str(repo), "-v", "--no-cache", "-f", "json"])
    assert REUSED not in nocache.stderr and "cache off" in nocache.stderr


@pytest.mark.parametrize("piece", [7, 1 << 20])
def test_a_run_that_keeps_nothing_writes_the_same_bytes_in_chunks(tmp_path, trusting, monkeypatch, piece):
    """The JSON written as it is encoded (`--no-reuse`, `--no-cache`) is the one kept and reused,
    whatever the size of the pieces each is written in (`cli._SLICE`)."""
    from onboard import cli

    repo, cache = _copy(tmp_path), tmp_path / "cache"
    kept = _run(repo, cache).stdout_bytes
    monkeypatch.setattr(cli, "_SLICE", piece)
    reused = _run(repo, cache)
    assert REUSED in reused.stderr and reused.stdout_bytes == kept
    assert _run(repo, cache, "--no-reuse").stdout_bytes == kept == _fresh(repo).encode("utf-8")
    for flags in ((), ("--no-reuse",)):
        out = tmp_path / f"out{len(flags)}"
        _run(repo, cache, "-o", str(out), *flags)
        assert (out / "onboard.json").read_bytes() == kept


def test_files_changed_just_before_the_run_are_not_trusted(tmp_path):
    """A file edited within the file system's clock tick of the run could change again unseen:
    such a run keeps nothing (the default two-second margin; the sample was copied just now)."""
    repo, cache = _copy(tmp_path, "flask_service"), tmp_path / "cache"
    _run(repo, cache)
    assert REUSED not in _run(repo, cache).stderr
    assert not list(cache.glob("reuse-*/*.pickle"))


def test_a_corrupt_or_tampered_entry_is_a_miss(tmp_path, trusting):
    repo, cache = _copy(tmp_path, "flask_service"), tmp_path / "cache"
    expected = _run(repo, cache).stdout
    (entry,) = cache.glob("reuse-*/*.pickle")
    entry.write_bytes(b"not a pickle")
    assert _run(repo, cache).stdout == expected
    (entry,) = cache.glob("reuse-*/*.pickle")

    class Payload:
        def __reduce__(self):
            return (os.system, ("echo RAN-FROM-THE-ENTRY",))

    entry.write_bytes(pickle.dumps(Payload()))
    result = _run(repo, cache)
    assert REUSED not in result.stderr and "RAN-FROM-THE-ENTRY" not in result.output and result.stdout == expected


def test_strict_exit_code_is_kept(tmp_path, trusting):
    repo, cache = _copy(tmp_path, "flask_service"), tmp_path / "cache"
    (repo / "broken.py").write_text("def (:\n")
    os.utime(repo / "broken.py", (1, 1))
    args = [str(repo), "-q", "--strict", "--cache-dir", str(cache), "-f", "json"]
    assert CliRunner().invoke(main, args).exit_code == 3
    again = CliRunner().invoke(main, [*args[:1], "-v", *args[2:]])
    assert REUSED in again.stderr and again.exit_code == 3


def test_files_sized_up_but_not_read_are_inputs_too(tmp_path, trusting):
    """A Python file over --max-file-size is reported with its size, never read; an empty file
    without an extension is no script until it gets a shebang: edited in place (its folder's
    times do not change), either one means a new analysis."""
    repo, cache = tmp_path / "repo", tmp_path / "cache"
    repo.mkdir()
    (repo / "small.py").write_text('"""Small."""\n')
    (repo / "big.py").write_text("x = 1\n" * 200)
    (repo / "tool").write_text("")
    args = ("--max-file-size", "500")
    before = _run(repo, cache, *args).stdout
    assert REUSED in _run(repo, cache, *args).stderr
    with open(repo / "big.py", "r+") as handle:  # in place: same inode, same folder
        handle.truncate(100)
    with open(repo / "tool", "w") as handle:
        handle.write("#!/usr/bin/env python\nprint('hi')\n")
    after = _run(repo, cache, *args)
    assert REUSED not in after.stderr and after.stdout != before
    fresh = CliRunner().invoke(main, [str(repo), "-q", "--no-cache", "-f", "json", *args])
    assert after.stdout == fresh.stdout


def test_a_fifo_or_a_foreign_shape_in_the_cache_is_a_miss_not_a_hang(tmp_path, trusting):
    repo, cache = _copy(tmp_path, "flask_service"), tmp_path / "cache"
    expected = _run(repo, cache).stdout
    (entry,) = cache.glob("reuse-*/*.pickle")
    head, _ = pickle.loads(entry.read_bytes()), None
    with open(entry, "wb") as handle:  # a well-formed entry whose reports lack the asked format
        pickle.dump(head, handle)
        pickle.dump({"texts": {"markdown": "# wrong\n"}, "screen": None, "not_analysed": 0}, handle)
    result = _run(repo, cache)
    assert REUSED not in result.stderr and result.stdout == expected
    (entry,) = cache.glob("reuse-*/*.pickle")
    entry.unlink()
    os.mkfifo(entry)
    (index,) = cache.glob("facts-*/index.pickle")
    index.unlink()
    os.mkfifo(index)
    result = _run(repo, cache)  # would block forever opening a FIFO for reading
    assert REUSED not in result.stderr and result.stdout == expected


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file to another user")
def test_another_users_entry_is_not_trusted(tmp_path, trusting):
    repo, cache = _copy(tmp_path, "flask_service"), tmp_path / "cache"
    _run(repo, cache)
    (entry,) = cache.glob("reuse-*/*.pickle")
    os.chown(entry, 12345, 12345)
    assert REUSED not in _run(repo, cache).stderr


def test_a_run_that_keeps_nothing_records_nothing_of_what_it_read(tmp_path, monkeypatch):
    """Recording every file's signature is for the next run's reuse: `--no-reuse` (or no cache
    folder) skips it, and reports the same bytes."""
    from onboard import fs

    repo = _copy(tmp_path)
    looked: list[str] = []
    real = fs.signature

    def counting(path):
        looked.append(str(path))
        return real(path)

    monkeypatch.setattr(fs, "signature", counting)
    kept = _run(repo, tmp_path / "cache").stdout
    recorded = [p for p in looked if p.startswith(str(repo))]
    assert len(recorded) > 20  # every file and folder of the walk, for the next run
    looked.clear()
    assert _run(repo, tmp_path / "other", "--no-reuse").stdout == kept
    settings_only = [p for p in looked if p.startswith(str(repo))]  # read before the settings say "no reuse"
    assert settings_only == [str(repo), str(repo / "pyproject.toml")]
    looked.clear()
    assert _fresh(repo) == kept and [p for p in looked if p.startswith(str(repo))] == settings_only


def test_a_path_looked_at_is_recorded_by_its_absolute_normal_form(tmp_path, monkeypatch):
    """The walk's paths (absolute and normal already) are kept as given; any other is made so."""
    from onboard import fs

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a" / ".hidden").mkdir(parents=True)
    base = str(tmp_path)
    spellings = ["a", "./a", f"{base}/a", f"{base}/a/", f"{base}//a", f"{base}/./a", f"{base}/a/.hidden/..", f"{base}/a/.hidden",
                 f"{base}/a/.hidden/.", "a/.hidden", f"{base}/a/../a/.hidden", "/", "missing/x", f"{base}/missing/"]
    with fs.recording() as seen:
        for path in spellings:
            fs.looked_at(path)
    assert sorted(seen) == sorted({os.path.abspath(path) for path in spellings})
    assert seen[f"{base}/a"] == fs.signature(f"{base}/a") and seen[f"{base}/missing"] is None
