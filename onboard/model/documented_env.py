"""Where a repository documents its environment variables, read as text with the safe reader:
`.env.example`-style files, `docker-compose` files (`environment:`), `Dockerfile` `ENV`/`ARG`,
the README and the prose pages of `docs/` or `doc/` (`.md`, `.rst`, `.txt`, two levels deep; see
`prose_env` for which names a page declares and which it only mentions). Other files are read at
the top of the repository only.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable

from onboard import fs
from onboard.frozen import record
from onboard.fs import Unreadable, read_regular
from onboard.memo import Memo
from onboard.model.prose_env import prose_env

_LIMIT = 1024 * 1024
_ENV_FILES = (".env.example", ".env.sample", ".env.template", ".env.dist", ".env.defaults", "env.example", "env.template",
              "example.env", "sample.env", ".env.test.example")
_DOTENV = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=", re.M)
_COMPOSE = re.compile(r"""^\s*-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)\s*(?:[:=]|["']?\s*$)""")
_DOC_PAGES = 200
_DOCKER = re.compile(r"^\s*(?:ENV|ARG)\s+(.+)$", re.M | re.I)


@record
class DocumentedEnv:
    """Name -> the files (sorted) that document it: `declared`, with evidence that it is an
    environment variable (configuration files, or prose that says so); `mentioned`, a name in code
    form in a prose page, which documents a variable only when the code reads it."""

    declared: dict[str, tuple[str, ...]]
    mentioned: dict[str, tuple[str, ...]]


def _data(root: str, rel: str) -> bytes | None:
    data = read_regular(os.path.join(root, rel), _LIMIT, root)
    return None if isinstance(data, Unreadable) else data


def _text(root: str, rel: str) -> str | None:
    data = _data(root, rel)
    return None if data is None else data.decode("utf-8", "replace")


def _prose(data: bytes) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A prose page's names in code form, and those it declares environment variables."""
    in_code_form, said_to_be = prose_env(data.decode("utf-8", "replace"))
    return tuple(sorted(in_code_form)), tuple(sorted(said_to_be))


def prose_findings(found: object) -> bool:
    """Whether a kept finding has `_prose`'s shape: two tuples of names (a memo's check)."""
    return (type(found) is tuple and len(found) == 2
            and all(type(names) is tuple and all(type(n) is str and n.isidentifier() for n in names) for names in found))


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


def _sorted(found: dict[str, set[str]]) -> dict[str, tuple[str, ...]]:
    return {name: tuple(sorted(sources)) for name, sources in sorted(found.items())}


def documented_env(root: str, memo: Memo | None = None) -> DocumentedEnv:
    """Every variable the repository's configuration files and prose pages document; `memo`:
    the prose pages' findings kept from earlier runs, by their bytes."""
    root = os.path.realpath(root)
    declared: dict[str, set[str]] = {}
    mentioned: dict[str, set[str]] = {}

    def add(names: Iterable[str], source: str, found: dict[str, set[str]]) -> None:
        for name in names:
            found.setdefault(name, set()).add(source)

    def top(pattern: str) -> list[str]:
        return sorted(os.path.basename(p) for p in fs.glob(os.path.join(glob.escape(root), pattern)))

    readers = [(rel, lambda text: set(_DOTENV.findall(text))) for rel in _ENV_FILES if fs.exists(os.path.join(root, rel))]
    readers += [(rel, _compose_names) for rel in top("*compose*.y*ml")]
    readers += [(rel, _docker_names) for rel in top("Dockerfile*") + top("*.Dockerfile")]
    for rel, names in readers:
        text = _text(root, rel)
        if text is not None:
            add(names(text), rel, declared)
    for rel in top("README*") + _doc_pages(root):
        data = _data(root, rel)
        if data is not None:
            in_code_form, said_to_be = memo.found(data, _prose) if memo is not None else _prose(data)
            add(in_code_form, rel, mentioned)
            add(said_to_be, rel, declared)
    return DocumentedEnv(_sorted(declared), _sorted(mentioned))
