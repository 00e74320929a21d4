"""`requirements*.txt`: requirement lines, following `-r` includes without escapes; a loop of
includes is followed once and reported (pip itself fails on it)."""

from __future__ import annotations

import glob
import os
import posixpath

from onboard import fs
from onboard.fs import inside

_CANDIDATES = ("requirements*.txt", "requirements/*.txt", "requirements/*.in", "requirements*.in")


def requirement_files(root: str) -> list[str]:
    """Requirement files at the top of the repository, repo-relative, sorted."""
    found = set()
    for pattern in _CANDIDATES:
        for path in fs.glob(os.path.join(glob.escape(root), pattern)):
            if fs.is_file(path) and inside(os.path.realpath(root), os.path.abspath(path)):
                found.add(os.path.relpath(path, root).replace(os.sep, "/"))
    return sorted(found)


def read_requirements(root: str, start: str, read, warn) -> dict[str, list[str]]:
    """Requirement lines of `start` and every file it includes, keyed by repo-relative path.

    `read(rel) -> bytes | None` reads a repo file; `warn(path, message, line)` records a problem."""
    out: dict[str, list[str]] = {}
    stack: list[tuple[str, str | None, int | None, tuple[str, ...]]] = [(start, None, None, ())]
    while stack:
        rel, parent, parent_line, chain = stack.pop()
        if rel in chain:
            loop = " -> ".join((*chain[chain.index(rel):], rel))
            warn(parent or rel, f"-r includes loop back ({loop}): pip stops with an error on this file", parent_line)
            continue
        if rel in out:
            continue
        if not fs.exists(os.path.join(root, rel)):
            warn(parent or rel, f"cannot read requirements file {rel}: it does not exist", parent_line)
            continue
        data = read(rel)
        if data is None:
            continue
        lines = out.setdefault(rel, [])
        for number, raw in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
            line = raw.split(" #", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            for flag in ("-r ", "--requirement ", "-r", "--requirement="):
                if line.startswith(flag):
                    target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), line[len(flag):].strip()))
                    if target.startswith("../") or target.startswith("/"):
                        warn(rel, f"include outside the repository not followed: {target}", number)
                    else:
                        stack.append((target, rel, number, (*chain, rel)))
                    break
            else:
                if not line.startswith("-") or line.startswith(("-e ", "--editable")):
                    lines.append(line)
    return out
