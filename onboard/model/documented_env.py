"""Where a repository documents its environment variables, read as text with the safe reader:
`.env.example`-style files, `docker-compose` files (`environment:`), `Dockerfile` `ENV`/`ARG`,
the README and the prose pages of `docs/` or `doc/` (`.md`, `.rst`, `.txt`, two levels deep; names
in code form: `NAME`, NAME=, $NAME). Other files are read at the top of the repository only.
"""

from __future__ import annotations

import glob
import os
import re

from onboard import fs
from onboard.fs import Unreadable, read_regular

_LIMIT = 1024 * 1024
_ENV_FILES = (".env.example", ".env.sample", ".env.template", ".env.dist", ".env.defaults", "env.example", "env.template",
              "example.env", "sample.env", ".env.test.example")
_DOTENV = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=", re.M)
_COMPOSE = re.compile(r"""^\s*-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)\s*(?:[:=]|["']?\s*$)""")
_DOC_PAGES = 200
_DOCKER = re.compile(r"^\s*(?:ENV|ARG)\s+(.+)$", re.M | re.I)
# In a README, a variable counts as documented in code form: `NAME`, NAME=..., $NAME or ${NAME}.
_WORD = re.compile(r"`([A-Z][A-Z0-9_]{2,})`|\b([A-Z][A-Z0-9_]{2,})=|\$\{?([A-Z][A-Z0-9_]{2,})\b")


def _text(root: str, rel: str) -> str | None:
    data = read_regular(os.path.join(root, rel), _LIMIT, root)
    return None if isinstance(data, Unreadable) else data.decode("utf-8", "replace")


def _compose_names(text: str) -> set[str]:
    names, inside, indent = set(), False, 0
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        depth = len(line) - len(line.lstrip())
        if stripped.rstrip(":") in ("environment",) and stripped.endswith(":"):
            inside, indent = True, depth
            continue
        if inside and (depth < indent or depth == indent and not stripped.startswith("-")):
            inside = False
        if inside:
            match = _COMPOSE.match(line)
            if match:
                names.add(match.group(1))
    return names


def _docker_names(text: str) -> set[str]:
    names = set()
    text = re.sub(r"\\[ \t]*\r?\n", " ", text)  # `ENV A=1 \` continued on the next line
    for declaration in _DOCKER.findall(text):
        for part in declaration.split():
            name = part.split("=", 1)[0]
            if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                names.add(name)
            if "=" not in part:
                break  # `ENV NAME value`: one name, then its value
    return names


def _doc_pages(root: str) -> list[str]:
    """Prose pages of a `docs/` (or `doc/`) folder, two levels deep at most, first `_DOC_PAGES`."""
    found = []
    for folder in ("docs", "doc"):
        for depth in ("*", "*/*"):
            for ext in ("md", "rst", "txt"):
                found += fs.glob(os.path.join(glob.escape(root), folder, f"{depth}.{ext}"))
    return sorted(os.path.relpath(p, root).replace(os.sep, "/") for p in found)[:_DOC_PAGES]


def documented_env(root: str) -> dict[str, tuple[str, ...]]:
    """Variable name -> the files that mention it (sorted)."""
    root = os.path.realpath(root)
    found: dict[str, set[str]] = {}

    def add(names: set[str], source: str) -> None:
        for name in names:
            found.setdefault(name, set()).add(source)

    def top(pattern: str) -> list[str]:
        return sorted(os.path.basename(p) for p in fs.glob(os.path.join(glob.escape(root), pattern)))

    for rel in [n for n in _ENV_FILES if fs.exists(os.path.join(root, n))]:
        text = _text(root, rel)
        if text is not None:
            add(set(_DOTENV.findall(text)), rel)
    for rel in top("*compose*.y*ml"):
        text = _text(root, rel)
        if text is not None:
            add(_compose_names(text), rel)
    for rel in top("Dockerfile*") + top("*.Dockerfile"):
        text = _text(root, rel)
        if text is not None:
            add(_docker_names(text), rel)
    for rel in top("README*") + _doc_pages(root):
        text = _text(root, rel)
        if text is not None:
            add({next(g for g in groups if g) for groups in _WORD.findall(text)}, rel)
    return {name: tuple(sorted(sources)) for name, sources in sorted(found.items())}
