"""Discovery on real files made at test time: symlinks, FIFOs, sizes, permissions, excludes."""

from __future__ import annotations

import os
import socket


from onboard.discover import SourceFile, WalkOptions, discover, read_source


def reasons(found) -> dict[str, str]:
    return {s.path: s.reason for s in found.skipped}


def test_python_files_stubs_and_shebang_scripts(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    (tmp_path / "pkg" / "a.pyi").write_text("x: int\n")
    (tmp_path / "run").write_text("#!/usr/bin/env python3\nprint(1)\n")
    (tmp_path / "run.sh").write_text("#!/bin/sh\necho\n")
    (tmp_path / "notes").write_text("#!/bin/bash\n")
    found = discover(str(tmp_path))
    assert [(f.path, f.kind) for f in found.files] == [("pkg/a.py", "module"), ("pkg/a.pyi", "stub"), ("run", "script")]


def test_special_files_are_reported_and_never_opened(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text("SECRET = 'marker'\n")
    repo = tmp_path / "repo"
    (repo / "real").mkdir(parents=True)
    (repo / "real" / "m.py").write_text("x = 1\n")
    os.mkfifo(repo / "fifo.py")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(repo / "sock.py"))
    (repo / "zero.py").symlink_to("/dev/zero")
    (repo / "escape.py").symlink_to(outside / "secret.py")
    (repo / "loop.py").symlink_to(repo / "loop.py")
    (repo / "broken.py").symlink_to(repo / "missing.py")
    (repo / "linked_dir").symlink_to(repo / "real")
    (repo / "alias.py").symlink_to(repo / "real" / "m.py")
    found = discover(str(repo))
    sock.close()
    assert [f.path for f in found.files] == ["real/m.py"]
    assert reasons(found) == {
        "fifo.py": "not-a-regular-file", "sock.py": "not-a-regular-file", "zero.py": "symlink-outside-repo",
        "escape.py": "symlink-outside-repo", "loop.py": "symlink-loop", "broken.py": "broken-symlink",
        "linked_dir": "symlink-not-followed", "alias.py": "symlink-not-followed",
    }


def test_huge_sparse_file_is_refused_from_stat(tmp_path):
    with open(tmp_path / "huge.py", "wb") as handle:
        handle.truncate(1024**3)
    (tmp_path / "ok.py").write_text("x = 1\n")
    found = discover(str(tmp_path), WalkOptions(max_file_size=1024 * 1024))
    assert reasons(found) == {"huge.py": "too-large"} and [f.path for f in found.files] == ["ok.py"]


def test_unreadable_directory_is_reported_not_dropped(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "m.py").write_text("x = 1\n")
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert reasons(discover(str(tmp_path))) == {"locked": "permission-denied"}


def test_unreadable_file_is_reported_at_read_time(tmp_path):
    path = tmp_path / "m.py"
    path.write_text("x = 1\n")
    os.chmod(path, 0)
    source = SourceFile("m.py", str(path), "module", 6)
    result = read_source(source, 100)
    if os.geteuid() == 0:  # root reads anything; still check the file is read whole
        assert result == b"x = 1\n"
    else:
        assert result.reason == "permission-denied"


def test_default_excludes_virtualenvs_gitignore_and_user_patterns(tmp_path):
    for rel in [".venv/lib/x.py", "node_modules/a/b.py", "pkg.egg-info/PKG", "myenv/lib/y.py", "build/lib/z.py",
                "gen/out.py", "src/app.py", "src/local_settings.py", "src/skip_me.py", "src/keep.py"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x = 1\n")
    (tmp_path / "myenv" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / ".gitignore").write_text("gen/\nlocal_settings.py\n*.py\n!src/app.py\n")
    (tmp_path / "src" / ".gitignore").write_text("!keep.py\n")
    found = discover(str(tmp_path), WalkOptions(exclude=("src/skip_me.py",)))
    assert [f.path for f in found.files] == ["src/app.py", "src/keep.py"]
    excluded = {e.path: (e.files, e.why) for e in found.excluded}
    assert excluded == {
        ".venv": (1, "default"), "node_modules": (1, "default"), "pkg.egg-info": (1, "default"),
        "myenv": (2, "virtualenv"), "build": (1, "default"), "gen": (1, "gitignore"),
        "src/local_settings.py": (1, "gitignore"), "src/skip_me.py": (1, "config"),
    }
    again = discover(str(tmp_path), WalkOptions(include_dirs=("build",), use_gitignore=False))
    assert "build/lib/z.py" in [f.path for f in again.files] and "gen/out.py" in [f.path for f in again.files]


def test_undecodable_and_hostile_names_become_printable_paths(tmp_path):
    raw = os.fsencode(str(tmp_path)) + b"/bad\xff name\n<script>\x1b[31m.py"
    with open(raw, "wb") as handle:
        handle.write(b"x = 1\n")
    found = discover(str(tmp_path))
    assert [f.path for f in found.files] == ["bad\\xff name\n<script>\x1b[31m.py"]
    assert read_source(found.files[0], 100) == b"x = 1\n"


def test_bad_gitignore_lines_are_reported_and_the_rest_applies(tmp_path):
    (tmp_path / ".gitignore").write_text("gen/\n!\n\\\nold.py\n[z-a]\n")  # a bad range: pathspec's re.error
    for rel in ("gen/a.py", "old.py", "new.py"):
        (tmp_path / rel).parent.mkdir(exist_ok=True)
        (tmp_path / rel).write_text("x = 1\n")
    found = discover(str(tmp_path))
    assert [f.path for f in found.files] == ["new.py"]
    assert [(path, line) for path, line, _ in found.warnings] == [(".gitignore", 2), (".gitignore", 3), (".gitignore", 5)]


def test_names_stay_distinct_when_printed(tmp_path):
    raw = os.fsencode(str(tmp_path)) + b"/a\xff.py"
    with open(raw, "wb") as handle:
        handle.write(b"x = 1\n")
    (tmp_path / "a\\xff.py").write_text("y = 2\n")
    paths = [f.path for f in discover(str(tmp_path)).files]
    assert len(set(paths)) == 2, paths


def test_a_folder_swapped_for_a_link_after_the_walk_is_not_read_through(tmp_path):
    """The walk saw a real folder; by read time it is a link out of the repository. The file then
    opened is not the one the walk saw, so where it lies is checked again, and it is refused."""
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    (repo / "pkg").mkdir(parents=True)
    (repo / "pkg" / "m.py").write_text("x = 1\n")
    outside.mkdir()
    (outside / "m.py").write_text("SECRET = 1\n")
    (source,) = discover(str(repo)).files
    assert read_source(source, 100, str(repo.resolve())) == b"x = 1\n"
    (repo / "pkg").rename(tmp_path / "moved")
    (repo / "pkg").symlink_to(outside)
    refused = read_source(source, 100, str(repo.resolve()))
    assert refused.reason == "symlink-not-followed"


def test_virtualenvs_are_found_by_listing_at_any_depth_and_come_before_the_patterns(tmp_path):
    # a folder is a virtual environment when its listing holds a `pyvenv.cfg` file: nested ones
    # too, one the gitignore also leaves out is still said to be one, one named in include_dirs
    # is walked like any folder
    for rel in ["tools/py3/lib/a.py", "ignored_env/lib/b.py", "kept_env/lib/c.py", "src/app.py", "src/pyvenv.cfg/d.py"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x = 1\n")
    for folder in ("tools/py3", "ignored_env", "kept_env"):
        (tmp_path / folder / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / ".gitignore").write_text("ignored_env/\n")
    found = discover(str(tmp_path), WalkOptions(include_dirs=("kept_env",)))
    assert {e.path: e.why for e in found.excluded} == {"tools/py3": "virtualenv", "ignored_env": "virtualenv"}
    # `src` holds a folder named pyvenv.cfg, not the file: not a virtual environment
    assert [f.path for f in found.files] == ["kept_env/lib/c.py", "src/app.py", "src/pyvenv.cfg/d.py"]


def test_the_walk_finds_the_same_whether_or_not_it_records_what_it_looked_at(tmp_path):
    """Recording (for the next run's reuse) stats every folder; a run that keeps nothing takes
    folders from the listing's types alone. Both find the same."""
    from onboard import fs

    repo = tmp_path / "repo"
    (repo / "pkg" / "locale").mkdir(parents=True)
    (repo / "pkg" / "a.py").write_text("x = 1\n")
    (repo / "pkg" / "locale" / "django.po").write_text("msgid ''\n")
    (repo / "pkg" / "index.html").write_text("<p>\n")
    (repo / "run").write_text("#!/usr/bin/env python3\nprint(1)\n")
    (repo / "Dockerfile").write_text("FROM python\n")
    (repo / "build").mkdir()
    (repo / "build" / "b.py").write_text("y = 2\n")
    os.mkfifo(repo / "pipe.txt")  # no Python name, and still not a regular file: said either way
    (repo / "data.txt").symlink_to(tmp_path / "elsewhere.txt")
    (repo / "docs").symlink_to(repo / "pkg")
    plain = discover(str(repo))
    with fs.recording() as seen:
        recorded = discover(str(repo))
    assert plain == recorded
    assert str(repo / "pkg" / "locale") in seen and str(repo / "pkg" / "a.py") in seen
    assert [f.path for f in plain.files] == ["pkg/a.py", "run"]
    assert reasons(plain) == {"pipe.txt": "not-a-regular-file", "data.txt": "broken-symlink", "docs": "symlink-not-followed"}
    assert [(e.path, e.why) for e in plain.excluded] == [("build", "default")]
