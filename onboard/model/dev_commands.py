"""The commands a developer types in a repository: task runners' targets, read as text.

What it finds, at the top of the repository only: `Makefile` rule targets (`make test`),
`justfile` recipes (`just deploy`), tox environments (`tox -e lint`, from `tox.ini`, else
pyproject's `[tool.tox] legacy_tox_ini`, else `setup.cfg`'s `[tox:tox]`: the first found, as tox
does), and the tables of hatch (`hatch run test`, `hatch run docs:build`, also in `hatch.toml`),
poe (`poe lint`), pdm (`pdm run start`) and taskipy (`task test`). Each is a `RunCommand` of kind
"dev_command" whose command is what it runs (the recipe lines joined with ` && `, the script
text, the first tox command), followed by `  # ` and its help text when the file gives one (`##` in a Makefile, a comment or
`[doc]` before a just recipe, `help`, tox `description`).

Limits: no `include`d makefiles, no variable expansion, no conditionals (every branch counts);
targets starting with `.` (special targets, suffix rules, hidden files), pattern rules and
targets built from variables are left out; just `mod`/`import` are not followed; a tox
environment shows the command every environment runs, a factor-conditional line only as a
condition (`if aws: ...`) when no other line runs; a generated tox matrix is one row; tox 4's native TOML (`tox.toml`, `[tool.tox] env_list`) is not
read yet. A TOML entry's line is found by scanning the text for its key or table header, else it
is None. Files are read with the safe reader (regular files, 1 MiB); anything unreadable,
undecodable or malformed gives nothing, never an exception.
"""

from __future__ import annotations

import os
import re
import tomllib

from onboard import fs
from onboard.fs import Unreadable, read_regular
from onboard.model.run_files import RunCommand
from onboard.model.tox import tox_environments

_LIMIT = 1024 * 1024
_MAX = 300
_MAKEFILES = ("GNUmakefile", "makefile", "Makefile")  # make's own order; the first found is used
_JUSTFILES = ("justfile", "Justfile", ".justfile")
_TOOLS = ((("tool", "poe", "tasks"), "poe "), (("tool", "pdm", "scripts"), "pdm run "), (("tool", "taskipy", "tasks"), "task "))
_RUNS = ("cmd", "shell", "script", "call", "expr", "ref", "composite", "sequence")
_MAKE_ASSIGN = re.compile(r"^\s*(?:(?:export|override|private)\s+)*[^\s:#=]+\s*(?::{1,3}=|[?+!]?=)")
_MAKE_DIRECTIVE = re.compile(r"^\s*-?(?:s?include|ifn?eq|ifn?def|else|endif|export|unexport|override|vpath|undefine)(?=[\s(]|$)")
_MAKE_DEFINE = re.compile(r"^\s*(?:(?:export|override)\s+)?define(?=\s|$)")
_MAKE_RULE = re.compile(r"^([^\s:#=][^:#=]*)::?(?!=)(.*)$")  # no nested quantifiers: linear
_JUST_RECIPE = re.compile(r"^@?([A-Za-z_][\w-]*)(\s[^:]*)?:(?!=)(.*)$")
_JUST_DOC = re.compile(r"""doc\(\s*["']([^"']*)["']""")
_KEY = r"""[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'"""
_KEYS = rf"(?:{_KEY})(?:\s*\.\s*(?:{_KEY}))*"
_TOML_HEADER = re.compile(rf"^\s*\[\[?\s*({_KEYS})\s*\]")
_TOML_ASSIGN = re.compile(rf"^\s*({_KEYS})\s*=")


def dev_commands(root: str, pyproject: dict | None = None) -> tuple[RunCommand, ...]:
    """Every developer command at the top of `root`, sorted by file, line and name. `pyproject`
    is the parsed `pyproject.toml` when the caller has it (it is read here otherwise)."""
    root = os.path.realpath(root)
    try:
        names = set(fs.listdir(root))
    except OSError:
        return ()
    text = {name: _read(root, name) for name in ("pyproject.toml", "hatch.toml", "tox.ini", "setup.cfg") if name in names}
    data = pyproject if isinstance(pyproject, dict) else _toml(text.get("pyproject.toml"))
    index = _toml_index(text.get("pyproject.toml"))
    found = _tasks(data, _TOOLS + _hatch(data, ("tool", "hatch", "envs")), "pyproject.toml", index) + _tox(text, data, index)
    hatch = _toml(text.get("hatch.toml"))
    found += _tasks(hatch, _hatch(hatch, ("envs",)), "hatch.toml", _toml_index(text.get("hatch.toml")))
    for files, parse in ((_MAKEFILES, _makefile), (_JUSTFILES, _justfile)):
        name = next((n for n in files if n in names), None)
        found += parse(_read(root, name) or "", name) if name else []
    return tuple(sorted(found, key=lambda c: (c.path, c.line is None, c.line or 0, c.name)))


def _read(root: str, rel: str) -> str | None:
    data = read_regular(os.path.join(root, rel), _LIMIT, root)
    try:
        return None if isinstance(data, Unreadable) else data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _toml(text: str | None) -> dict:
    try:
        return tomllib.loads(text) if text else {}
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return {}


def _dig(data, path: tuple[str, ...]) -> dict | None:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else None


def _command(text: str, help_text=None) -> str:
    """One line: the first non-empty line of `text`, then `  # help` when there is help."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if isinstance(help_text, str) and help_text.strip():
        first = f"{first}  # {help_text.strip()}".strip()
    return first[:_MAX]


def _logical(text: str) -> list[tuple[int, str]]:
    """Lines with backslash continuations joined, each with its first line number (and an empty
    line at the end, which closes a continuation left open)."""
    out: list[tuple[int, str]] = []
    parts: list[str] = []
    for number, line in enumerate(text.splitlines() + [""], 1):
        parts.append(line.strip() if parts else line)
        if not line.endswith("\\"):
            out.append((number + 1 - len(parts), " ".join(part.removesuffix("\\").rstrip() for part in parts)))
            parts = []
    return out


def _recipe(line: str) -> str | None:
    """A recipe line without make's/just's `@`, `-`, `+` prefixes; None for comments and blanks."""
    line = line.strip()
    return None if not line or line.startswith("#") else re.sub(r"^[@+-]+\s*", "", line)


def _then(recipe: str | None, line: str) -> str | None:
    """A recipe with one more line: every step shows (`ruff check && mypy src`), up to `_MAX`."""
    step = _recipe(line)
    if not step or (recipe and len(recipe) >= _MAX):
        return recipe
    return f"{recipe} && {step}" if recipe else step


def _makefile(text: str, rel: str) -> list[RunCommand]:
    rules: dict[str, list[dict]] = {}
    current: list[dict] = []
    in_define = False
    for number, line in _logical(text):
        if in_define:
            in_define = not line.strip().startswith("endef")
        elif line.startswith("\t"):
            for rule in current:
                rule["recipe"] = _then(rule["recipe"], line)
        elif not line.strip() or line.lstrip().startswith("#"):
            continue
        elif _MAKE_DEFINE.match(line):
            in_define, current = True, []
        elif _MAKE_DIRECTIVE.match(line) or _MAKE_ASSIGN.match(line):
            current = []
        else:
            current = _make_rule(line, number, rules)
    return [command for target, found in rules.items() if (command := _make_command(target, found, rel))]


def _make_rule(line: str, number: int, rules: dict[str, list[dict]]) -> list[dict]:
    match = _MAKE_RULE.match(line)
    if not match:
        return []
    rest, _, help_text = match.group(2).partition("##")  # `test: install ## Run the tests`
    rest, _, inline = rest.partition(";")
    prerequisites = rest.split("#")[0].strip()
    if _MAKE_ASSIGN.match(prerequisites):  # a target-specific variable
        return []
    current = []
    for target in match.group(1).split():  # `a b: deps` defines both
        if target[0] != "." and not set(target) & set("%$&{"):
            rule = {"line": number, "prerequisites": prerequisites, "help": help_text.strip(), "recipe": _recipe(inline)}
            rules.setdefault(target, []).append(rule)
            current.append(rule)
    return current


def _make_command(target: str, rules: list[dict], rel: str) -> RunCommand | None:
    """A target defined by several rules: the first with a recipe, else the first with
    prerequisites (what `make target` then runs); a target with neither is left out."""
    rule = next((r for r in rules if r["recipe"]), None) or next((r for r in rules if r["prerequisites"]), None)
    if rule is None:
        return None
    command = _command(rule["recipe"] or f"make {rule['prerequisites']}", next((r["help"] for r in rules if r["help"]), None))
    return RunCommand("dev_command", f"make {target}", command, rel, rule["line"])


def _justfile(text: str, rel: str) -> list[RunCommand]:
    found: list[dict] = []
    recipe, doc, private = None, None, False
    for number, line in _logical(text):
        stripped = line.strip()
        if line[:1] in (" ", "\t") and stripped:
            if recipe:
                recipe["command"] = _then(recipe["command"], line)
            continue
        recipe = None
        if stripped.startswith("[") and stripped.endswith("]"):  # attributes: [private], [doc("...")]
            private = private or bool(re.search(r"\bprivate\b", stripped))
            documented = _JUST_DOC.search(stripped)
            doc = documented.group(1) if documented else doc
            continue
        if stripped.startswith("#") and not stripped.startswith("#!"):
            doc = stripped.lstrip("#").strip() or None
            continue
        match = _JUST_RECIPE.match(line)
        if match and not private and not match.group(1).startswith("_"):  # `deploy env="prod": build`
            recipe = {"name": match.group(1), "line": number, "doc": doc, "command": None, "deps": match.group(3).split("#")[0].strip()}
            found.append(recipe)
        doc, private = None, False
    made = [(r, _command(r["command"] or (f"just {r['deps']}" if r["deps"] else ""), r["doc"])) for r in found]
    return [RunCommand("dev_command", f"just {r['name']}", command, rel, r["line"]) for r, command in made]


def _toml_index(text: str | None) -> dict[tuple[str, ...], int]:
    """Where each table header and key of a TOML text is (first occurrence), by full key path."""
    index: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    in_string = False
    for number, line in enumerate((text or "").splitlines(), 1):
        quotes = line.count('"""') + line.count("'''")
        if not in_string and (header := _TOML_HEADER.match(line)):
            table = _key_path(header.group(1))
            index.setdefault(table, number)
        elif not in_string and (assign := _TOML_ASSIGN.match(line)):
            path = table + _key_path(assign.group(1))  # `test.cmd = ...` also defines `test`
            for end in range(len(table) + 1, len(path) + 1):
                index.setdefault(path[:end], number)
        in_string = in_string != (quotes % 2 == 1)
    return index


def _key_path(keys: str) -> tuple[str, ...]:
    return tuple(part[1:-1] if part[0] in "\"'" else part for part in re.findall(_KEY, keys))


def _line(index: dict[tuple[str, ...], int], table: tuple[str, ...], key: str) -> int | None:
    """The line of `key` in `table`, else of the table itself (an inline table), else None."""
    return index.get(table + (key,), index.get(table))


def _script(value, depth: int = 0) -> str:
    """What a task runs: a string, a list run in sequence, or a table with `cmd`, `shell`, ..."""
    if isinstance(value, str) or depth > 4:
        return _command(value) if isinstance(value, str) else ""
    if isinstance(value, list):
        return " && ".join(part for part in (_script(v, depth + 1) for v in value[:20]) if part)
    if not isinstance(value, dict):
        return ""
    run = next((value[key] for key in _RUNS if key in value), None)
    if isinstance(run, list) and value.get("cmd") is run:  # an argument vector
        text = " ".join(part for part in run if isinstance(part, str))
    else:
        text = _script(run, depth + 1)
    return _command(text, value.get("help"))


def _tasks(data: dict, tables, rel: str, index: dict[tuple[str, ...], int]) -> list[RunCommand]:
    """The tasks of each (table path, what is typed before a name) of `tables`; names starting
    with `_` are left out (poe's hidden tasks, pdm's shared options)."""
    found = []
    for table, typed in tables:
        for name, value in (_dig(data, table) or {}).items():
            if isinstance(name, str) and not name.startswith("_"):
                found.append(RunCommand("dev_command", typed + name, _script(value), rel, _line(index, table, name)))
    return found


def _hatch(data: dict, envs: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], str], ...]:
    """hatch's script tables, one per environment: `hatch run test`, `hatch run docs:build`."""
    names = [env for env in (_dig(data, envs) or {}) if isinstance(env, str)]
    return tuple((envs + (env, "scripts"), "hatch run " if env == "default" else f"hatch run {env}:") for env in names)


def _tox(text: dict[str, str | None], data: dict, index: dict[tuple[str, ...], int]) -> list[RunCommand]:
    """tox's own order: tox.ini, then pyproject's [tool.tox] (its legacy ini), then setup.cfg."""
    if text.get("tox.ini") is not None:
        return _tox_ini(text["tox.ini"], "tox.ini", "tox", 0)
    tox = _dig(data, ("tool", "tox"))
    if tox is not None:
        legacy = tox.get("legacy_tox_ini")  # lines assume the string opens at the end of its key's line
        return _tox_ini(legacy, "pyproject.toml", "tox", index.get(("tool", "tox", "legacy_tox_ini"))) if isinstance(legacy, str) else []
    return _tox_ini(text.get("setup.cfg") or "", "setup.cfg", "tox:tox", 0)


def _tox_ini(text: str, rel: str, core: str, offset: int | None) -> list[RunCommand]:
    return [RunCommand("dev_command", f"tox -e {env}", _command(_unconditional(commands), described), rel, line)
            for env, commands, described, line in tox_environments(text, rel, core, offset)]


_FACTOR_CONDITION = re.compile(r"^\s*!?[\w.-]+(?:\s*,\s*!?[\w.-]+)*\s*:\s+\S")


def _unconditional(commands: str) -> str:
    """tox commands with the lines that every environment runs first: a factor-conditional line
    (`aws,gcloud: pytest tests/aws`) is shown as a condition, `if aws,gcloud: ...`, and only when
    no line is unconditional."""
    lines = [line for line in commands.splitlines() if line.strip()]
    plain = [line for line in lines if not _FACTOR_CONDITION.match(line)]
    if plain:
        return "\n".join(plain)
    return "\n".join(f"if {line.strip()}" for line in lines)
