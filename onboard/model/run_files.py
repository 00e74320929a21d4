"""How a repository is started outside Python: Dockerfile `CMD`/`ENTRYPOINT`, docker-compose
`command:`/`entrypoint:` and `Procfile` lines, read as text with the safe reader: Dockerfiles
(`Dockerfile`, `Dockerfile.*`, `*.dockerfile`, any case) and compose files (`compose*.yaml`,
`docker-compose*.yml`) anywhere in the tree that discovery walks (its exclusions apply), the
Procfile at the top. Kubernetes manifests are `model.manifests`' business.

A Dockerfile's command is the one its image runs: the last `CMD` and the last `ENTRYPOINT` of
the last build stage, or of the stage it is built `FROM` when it has none; instructions may run
over several lines (a trailing backslash, or the escape character a `# escape=` directive sets, comment
lines between them dropped), and heredoc bodies (`RUN <<EOF ... EOF`) are not instructions.

A compose command may be a one-line string or flow list, a block list (`- make` items) or a
block scalar (`>` or `|`, its lines joined with spaces, as compose splits them like a shell). A
list, of compose or a Dockerfile exec form, is shown joined with spaces, an item that holds a
space or a quote shell-quoted: `["sh", "-c", "a && b"]` is `sh -c 'a && b'`.
"""

from __future__ import annotations

import json
import os
import re
import shlex

from onboard import fs
from onboard.frozen import record
from onboard.fs import Unreadable, read_regular

_LIMIT = 1024 * 1024
_INSTRUCTION = re.compile(r"^\s*([A-Za-z]+)\s+(.+?)\s*$", re.S)
_ESCAPE = re.compile(r"^#\s*escape\s*=\s*([\\`])\s*$", re.I)
_HEREDOC = re.compile(r"<<-?\s*[\"']?([A-Za-z_][\w-]*)[\"']?")
_COMPOSE_NAME = re.compile(r"(docker-)?compose([._-][\w.-]*)?\.ya?ml", re.I)
_COMPOSE = re.compile(r"^(\s*)(command|entrypoint)\s*:\s*(.*?)\s*$")
_BLOCK_SCALAR = re.compile(r"^[|>][1-9+-]{0,2}(\s+#.*)?$")
_BLOCK_LINES = 200
_SERVICE = re.compile(r"^  ([A-Za-z0-9_.-]+)\s*:\s*$")
_PROCFILE = re.compile(r"^([A-Za-z0-9_-]+)\s*:\s*(.+?)\s*$")


@record
class RunCommand:
    """A command that starts the code: `kind` "container" or "process"."""

    kind: str
    name: str  # "CMD", "ENTRYPOINT", a compose service, a Procfile process type
    command: str
    path: str
    line: int | None  # None: a TOML task whose line could not be found


def joined_words(parts: list[str]) -> str:
    """A command's words joined with spaces, a word that needs it shell-quoted."""
    return " ".join(shlex.quote(p) if not p or any(c.isspace() or c in "'\"" for c in p) else p for p in parts)


def _exec_form(text: str) -> str | None:
    """A JSON array of words, joined; None when the text is not one (a shell form)."""
    if text.startswith("["):
        try:
            parts = json.loads(text)
            if isinstance(parts, list) and all(isinstance(p, str) for p in parts):
                return joined_words(parts)
        except ValueError:
            pass
    return None


def _command(text: str) -> str:
    """A compose command: a flow list, or a string, quoted or not."""
    return _exec_form(text) or text.strip("'\"")


def _compose_block(lines: list[str], index: int, indent: str, key: str, value: str) -> str | None:
    """A compose command written over several lines: a block list (its items may sit at the
    key's own indentation) or a block scalar, read with the safe YAML loader; None when it is
    neither, empty or not valid YAML."""
    import yaml  # here, not above: a run without a compose file does not pay its 10 ms import

    block = [f"{key}: {value}"]
    for line in lines[index + 1:index + 1 + _BLOCK_LINES]:
        stripped = line.strip()
        if stripped and not line.startswith(indent + " ") and not (not value and line.startswith(indent + "- ")):
            break
        block.append(line[len(indent):])
    try:
        found = yaml.load("\n".join(block), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    found = found.get(key) if isinstance(found, dict) else None
    if isinstance(found, list) and found and all(isinstance(p, (str, int, float)) for p in found):
        return joined_words([str(p) for p in found])
    if isinstance(found, str) and found.strip():
        return " ".join(line.strip() for line in found.splitlines() if line.strip())
    return None


def _logical_lines(lines: list[str]):
    """A Dockerfile's instructions as (first line number, text), continuations joined, comment
    lines and heredoc bodies left out."""
    escape, heredocs, parts, first = "\\", [], [], 0
    for number, line in enumerate(lines, 1):
        directive = _ESCAPE.match(line) if number <= 5 and not parts else None
        if directive:
            escape = directive.group(1)
            continue
        if heredocs:
            if line.strip() == heredocs[0] or line.strip("\t") == heredocs[0]:
                heredocs.pop(0)
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue  # also inside a continued instruction: Docker drops comment lines there
        if not parts:
            first = number
        if stripped.endswith(escape):
            parts.append(stripped[:-1].strip())
            continue
        text = " ".join(p for p in [*parts, stripped] if p)
        parts = []
        heredocs = _HEREDOC.findall(text) if text.split(None, 1)[0].upper() in ("RUN", "COPY", "ADD") else []
        yield first, text
    if parts:
        yield first, " ".join(p for p in parts if p)


def dockerfile_commands(lines: list[str]) -> list[tuple[str, str, int]]:
    """(instruction, command, line) of what the image runs: the last CMD and ENTRYPOINT of the
    last stage, each inherited from the stage it builds on when that stage sets none."""
    stages: list[dict] = []
    for number, text in _logical_lines(lines):
        match = _INSTRUCTION.match(text)
        if not match:
            continue
        word, rest = match.group(1).upper(), match.group(2)
        if word == "FROM":
            words = [w for w in rest.split() if not w.startswith("--")]
            alias = words[2].lower() if len(words) > 2 and words[1].lower() == "as" else None
            stages.append({"base": words[0].lower() if words else "", "alias": alias})
        elif word in ("CMD", "ENTRYPOINT"):
            if not stages:
                stages.append({"base": "", "alias": None})
            stages[-1][word] = (_exec_form(rest) or rest, number)
    found, stage, seen = {}, stages[-1] if stages else {}, 0
    while stage and seen < len(stages):  # a stage may build on an earlier one: `FROM base AS final`
        for word in ("ENTRYPOINT", "CMD"):
            if word in stage and word not in found:
                found[word] = stage[word]
        stage, seen = next((s for s in stages if s["alias"] and s["alias"] == stage["base"]), None), seen + 1
    return sorted(((word, command, number) for word, (command, number) in found.items()), key=lambda f: f[2])


def _compose_commands(rel: str, text: list[str]) -> list[RunCommand]:
    found, service = [], ""
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
    return found


def run_commands(root: str, files: tuple[str, ...] | list[str] = ()) -> tuple[RunCommand, ...]:
    """Every container and process command: of the Dockerfiles and compose files among `files`
    (repo-relative paths discovery found), and of the top-level Procfile; sorted by file and line."""
    root = os.path.realpath(root)
    found = []

    def lines(rel: str):
        data = read_regular(os.path.join(root, rel), _LIMIT, root)
        return [] if isinstance(data, Unreadable) else data.decode("utf-8", "replace").splitlines()

    for rel in files:
        name = rel.rsplit("/", 1)[-1]
        if _COMPOSE_NAME.fullmatch(name):
            found += _compose_commands(rel, lines(rel))
        elif not name.lower().endswith((".yml", ".yaml")):  # other YAML files: `model.manifests`
            found += [RunCommand("container", word, command[:300], rel, number) for word, command, number in dockerfile_commands(lines(rel))]
    if fs.exists(os.path.join(root, "Procfile")):
        for number, line in enumerate(lines("Procfile"), 1):
            match = _PROCFILE.match(line)
            if match and not line.lstrip().startswith("#"):
                found.append(RunCommand("process", match.group(1), match.group(2)[:300], "Procfile", number))
    return tuple(sorted(found, key=lambda c: (c.path, c.line or 0, c.name)))
