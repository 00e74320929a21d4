"""How a repository is started outside Python: `Dockerfile*` `CMD`/`ENTRYPOINT`, docker-compose
`command:`/`entrypoint:`, and `Procfile` lines, read as text with the safe reader (top level only).

A compose command may be a one-line string or flow list, a block list (`- make` items) or a
block scalar (`>` or `|`, its lines joined with spaces, as compose splits them like a shell). A
list, of compose or a Dockerfile exec form, is shown joined with spaces, an item that holds a
space or a quote shell-quoted: `["sh", "-c", "a && b"]` is `sh -c 'a && b'`.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shlex
from dataclasses import dataclass

import yaml

from onboard import fs
from onboard.fs import Unreadable, read_regular

_LIMIT = 1024 * 1024
_DOCKER = re.compile(r"^\s*(CMD|ENTRYPOINT)\s+(.+?)\s*$", re.I)
_COMPOSE = re.compile(r"^(\s*)(command|entrypoint)\s*:\s*(.*?)\s*$")
_BLOCK_SCALAR = re.compile(r"^[|>][1-9+-]{0,2}(\s+#.*)?$")
_BLOCK_LINES = 200
_YAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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


def _joined(parts: list[str]) -> str:
    """A command's words joined with spaces, a word that needs it shell-quoted."""
    return " ".join(shlex.quote(p) if not p or any(c.isspace() or c in "'\"" for c in p) else p for p in parts)


def _command(text: str) -> str:
    if text.startswith("["):
        try:
            parts = json.loads(text)
            if isinstance(parts, list) and all(isinstance(p, str) for p in parts):
                return _joined(parts)
        except ValueError:
            pass
    return text.strip("'\"")


def _compose_block(lines: list[str], index: int, indent: str, key: str, value: str) -> str | None:
    """A compose command written over several lines: a block list (its items may sit at the
    key's own indentation) or a block scalar, read with the safe YAML loader; None when it is
    neither, empty or not valid YAML."""
    block = [f"{key}: {value}"]
    for line in lines[index + 1:index + 1 + _BLOCK_LINES]:
        stripped = line.strip()
        if stripped and not line.startswith(indent + " ") and not (not value and line.startswith(indent + "- ")):
            break
        block.append(line[len(indent):])
    try:
        found = yaml.load("\n".join(block), Loader=_YAML)
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    found = found.get(key) if isinstance(found, dict) else None
    if isinstance(found, list) and found and all(isinstance(p, (str, int, float)) for p in found):
        return _joined([str(p) for p in found])
    if isinstance(found, str) and found.strip():
        return " ".join(line.strip() for line in found.splitlines() if line.strip())
    return None


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
        text = lines(rel)
        for number, line in enumerate(text, 1):
            named = _SERVICE.match(line)
            if named:
                service = named.group(1)
            match = _COMPOSE.match(line)
            if not match:
                continue
            indent, key, value = match.groups()
            block = not value or _BLOCK_SCALAR.match(value)
            command = _compose_block(text, number - 1, indent, key, value) if block else _command(value)
            if command:
                found.append(RunCommand("container", f"{service} {key}".strip(), command[:300], rel, number))
    if fs.exists(os.path.join(root, "Procfile")):
        for number, line in enumerate(lines("Procfile"), 1):
            match = _PROCFILE.match(line)
            if match and not line.lstrip().startswith("#"):
                found.append(RunCommand("process", match.group(1), match.group(2)[:300], "Procfile", number))
    return tuple(found)
