"""How a repository is started outside Python: `Dockerfile*` `CMD`/`ENTRYPOINT`, docker-compose
`command:`/`entrypoint:`, and `Procfile` lines, read as text with the safe reader (top level only).
"""

from __future__ import annotations

import glob
import json
import os
import re
from dataclasses import dataclass

from onboard import fs
from onboard.fs import Unreadable, read_regular

_LIMIT = 1024 * 1024
_DOCKER = re.compile(r"^\s*(CMD|ENTRYPOINT)\s+(.+?)\s*$", re.I)
_COMPOSE = re.compile(r"^\s*(command|entrypoint)\s*:\s*(.+?)\s*$")
_SERVICE = re.compile(r"^  ([A-Za-z0-9_.-]+)\s*:\s*$")
_PROCFILE = re.compile(r"^([A-Za-z0-9_-]+)\s*:\s*(.+?)\s*$")


@dataclass(frozen=True)
class RunCommand:
    """A command that starts the code: `kind` "container" or "process"."""

    kind: str
    name: str  # "CMD", "ENTRYPOINT", a compose service, a Procfile process type
    command: str
    path: str
    line: int | None  # None: a TOML task whose line could not be found


def _command(text: str) -> str:
    if text.startswith("["):
        try:
            parts = json.loads(text)
            if isinstance(parts, list) and all(isinstance(p, str) for p in parts):
                return " ".join(parts)
        except ValueError:
            pass
    return text.strip("'\"")


def run_commands(root: str) -> tuple[RunCommand, ...]:
    """Every container and process command at the top of `root`, sorted by file and line."""
    root = os.path.realpath(root)
    found = []

    def lines(rel: str):
        data = read_regular(os.path.join(root, rel), _LIMIT, root)
        return [] if isinstance(data, Unreadable) else data.decode("utf-8", "replace").splitlines()

    def top(pattern: str) -> list[str]:
        return sorted(os.path.basename(p) for p in fs.glob(os.path.join(glob.escape(root), pattern)))

    for rel in sorted(set(top("Dockerfile*") + top("*.Dockerfile"))):
        for number, line in enumerate(lines(rel), 1):
            match = _DOCKER.match(line)
            if match:
                found.append(RunCommand("container", match.group(1).upper(), _command(match.group(2))[:300], rel, number))
    for rel in top("*compose*.y*ml"):
        service = ""
        for number, line in enumerate(lines(rel), 1):
            named = _SERVICE.match(line)
            if named:
                service = named.group(1)
            match = _COMPOSE.match(line)
            if match and match.group(2) not in ("", "|", ">"):
                found.append(RunCommand("container", f"{service} {match.group(1)}".strip(), _command(match.group(2))[:300], rel, number))
    if fs.exists(os.path.join(root, "Procfile")):
        for number, line in enumerate(lines("Procfile"), 1):
            match = _PROCFILE.match(line)
            if match and not line.lstrip().startswith("#"):
                found.append(RunCommand("process", match.group(1), match.group(2)[:300], "Procfile", number))
    return tuple(found)
