"""tox environments read from ini text (`tox.ini`, a `[tox:tox]` section of setup.cfg, or the
`legacy_tox_ini` string of pyproject.toml): the names of `envlist`/`env_list` and of
`[testenv:NAME]` sections, generative names expanded (`py{38,39}-django{4,5}`, `py3{10-12}`,
at most 256 names, a name with more than 8 brace groups kept as written), each with its
commands, description and line; the environments one generative name makes are one row (its
first environment, the matrix as written in the description), whose commands are those its
environments run (factor-conditional lines resolved against their names: a line for every
member is plain, for some a condition, for none dropped). Used by `dev_commands`.
"""

from __future__ import annotations

import configparser
import itertools
import re

_BRACES = re.compile(r"\{([^{}]*)\}")
_ENV_ITEM = re.compile(r"(?:[^,\n{]|\{[^}]*\}?)+")
_INI_LINE = re.compile(r"^(?:\[([^\]]+)\]|([A-Za-z_][\w.-]*)\s*[=:])")


def tox_environments(text: str, rel: str, core: str, offset: int | None) -> list[tuple[str, str, str | None, int | None]]:
    """(environment, its commands, its description, line) for each environment of a tox ini
    text (`core` is its main section: `tox`, or `tox:tox` in setup.cfg; line numbers start after
    `offset` lines, None when unknown)."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except (configparser.Error, ValueError):
        return []
    if rel == "setup.cfg" and not parser.has_section(core):
        return []
    lines = _ini_lines(text, offset)
    envs: dict[str, tuple[int | None, str, str]] = {}  # name -> (line, section, the generative name it comes from)
    for key in ("envlist", "env_list"):
        for item in _items(parser.get(core, key, fallback="")):
            for env in _expand(item):
                envs.setdefault(env, (lines.get((core, key)), "testenv", item))
    for section in parser.sections():
        name = section[len("testenv:"):].strip()
        for env in _expand(name) if section.startswith("testenv:") else ():  # a generative section is one row too
            envs[env] = (lines.get((section, None)), section, envs[env][2] if env in envs else name)
    found, seen = [], set()
    for env, (line, section, item) in envs.items():
        members = [e for e, (_, _, i) in envs.items() if i == item]
        if item in seen:
            continue
        seen.add(item)
        commands = for_members(parser.get(section, "commands", fallback=None) or parser.get("testenv", "commands", fallback=""), members)
        described = parser.get(section, "description", fallback=None) or parser.get("testenv", "description", fallback=None)
        if len(members) > 1:  # a generated matrix: one row, its first environment, the matrix as written
            matrix = f"one of {len(members)} environments {item}"
            described = f"{described}; {matrix}" if described else matrix
        found.append((env, commands, described, line))
    return found


def _ini_lines(text: str, offset: int | None) -> dict[tuple[str, str | None], int | None]:
    """Each section header's line, key (section, None), and each key's line, key (section, key)."""
    lines: dict[tuple[str, str | None], int | None] = {}
    section = None
    for number, line in enumerate(text.splitlines(), 1):
        match = _INI_LINE.match(line)
        if match and match.group(1):
            section = match.group(1).strip()
        if match:
            lines.setdefault((section, None if match.group(1) else match.group(2).lower()), None if offset is None else number + offset)
    return lines


def _items(value: str) -> list[str]:
    """A tox envlist's names as written, split on commas and newlines outside braces."""
    return [item for item in (found.split("#")[0].strip() for found in _ENV_ITEM.findall(value)) if item]


def _expand(name: str, limit: int = 256) -> list[str]:
    """A generative name: `py{38,39}-django{4,5}`, `py3{10-12}` (ranges); at most `limit` names,
    and a name with more than 8 brace groups is kept as written."""
    names = [name] if name else []
    while names and name.count("{") <= 8 and _BRACES.search(names[0]):
        expanded = (n[: m.start()] + choice + n[m.end():] for n in names if (m := _BRACES.search(n)) for choice in _choices(m.group(1), limit))
        names = list(itertools.islice(expanded, limit))
    return names


def _choices(group: str, limit: int) -> list[str]:
    choices = []
    for part in group.split(","):
        span = re.fullmatch(r"\s*(\d+)-(\d+)\s*", part)
        low = int(span.group(1)) if span else 0
        choices += [str(n) for n in range(low, min(int(span.group(2)), low + limit) + 1)] if span else [part.strip()]
    return choices



_CONDITION = re.compile(r"^\s*(!?[\w.]+(?:-!?[\w.]+)*(?:\s*,\s*!?[\w.]+(?:-!?[\w.]+)*)*)\s*:\s+(\S.*)$")


def _applies(condition: str, env: str) -> bool:
    """tox's factor condition: `a,b` is a or b, `a-b` is a and b, `!a` is not a; factors are the
    parts of the environment name between dashes."""
    factors = set(env.split("-"))
    return any(all((part[1:] not in factors) if part.startswith("!") else (part in factors) for part in alternative.strip().split("-"))
               for alternative in condition.split(","))


def for_members(commands: str, members: list[str]) -> str:
    """The command lines of a row that stands for `members`: a factor-conditional line that holds
    for every member is plain, one that holds for some stays a condition (`cdh,hdp: ...`), one
    that holds for none is dropped."""
    out = []
    for line in commands.splitlines():
        found = _CONDITION.match(line)
        if not found or not members:
            out.append(line)
            continue
        holds = [_applies(found.group(1), env) for env in members]
        if all(holds):
            out.append(found.group(2))
        elif any(holds):
            out.append(line)
    return "\n".join(out)
