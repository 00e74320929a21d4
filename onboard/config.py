"""Configuration: `[tool.onboard]` in the analysed repo's pyproject.toml, or `--config FILE`.

`DEFAULTS` is the schema: a key not in it is an error, and so is a value of another type. The
CLI applies the precedence defaults < config file < command line. A repository's config may not
say where onboard writes (no output or cache paths): only the person running onboard decides that.
"""

from __future__ import annotations

import os
import tomllib
from urllib.parse import quote

from onboard import fs
from onboard.frozen import record
from onboard.fs import Unreadable, printable, read_regular
from onboard.knowledge import USER_ENTRY_KINDS

_CONFIG_LIMIT = 2 * 1024 * 1024
# Inclusive bounds of the numeric settings.
RANGES: dict[str, tuple[float, float]] = {
    "max-file-size": (1, 2**40), "max-notebook-size": (1, 2**40), "file-timeout": (0.1, 86_400), "worker-memory-mb": (0, 2**20),
    "jobs": (0, 1024), "fail-under": (0, 100),
}

DEFAULTS: dict[str, object] = {
    "exclude": [],
    "include-dirs": [],
    "use-gitignore": True,
    "max-file-size": 2 * 1024 * 1024,
    "max-notebook-size": 20 * 1024 * 1024,
    "file-timeout": 20.0,
    "worker-memory-mb": 2048,
    "jobs": 0,
    "fail-under": 80.0,
    "coverage-scopes": ["package"],
    "strict": False,
    "ignore-private": False,
    "ignore-semiprivate": False,
    "ignore-magic": False,
    "ignore-init-method": False,
    "ignore-init-module": False,
    "ignore-module": False,
    "ignore-nested-functions": False,
    "ignore-nested-classes": False,
    "ignore-property-decorators": False,
    "ignore-setters": False,
    "ignore-overloaded-functions": False,
    "ignore-overrides": False,
    "ignore-regex": [],
    "check": {},  # [tool.onboard.check]: path glob -> minimum coverage
    "baseline": "",  # a baseline file, relative to the repository
    "forbid-cycles": False,
    "forbid-undeclared": False,  # fail on third-party imports of the package that nothing declares
    "layers": [],  # package prefixes, top layer first
    "usage": {},  # [tool.onboard.usage]: import prefix -> "category/provider/service" (provider or service may be "-")
    "entry-points": {},  # [tool.onboard.entry-points]: qualified decorator ("mycorp.jobs.job") -> entry-point kind ("task")
    "reuse": True,  # print the last run's reports when nothing it read has changed (onboard.reuse)
    "source-url": "",  # link `path:line` references to this URL + path + "#L" + line (e.g. https://host/org/repo/blob/REF/)
}


_ADDITIVE = ("exclude", "include-dirs", "ignore-regex")


def merge(config: dict[str, object], cli: dict[str, object]) -> dict[str, object]:
    """One value per key: the command line's if given, else the config's, else the default.
    List settings (`exclude`, `include-dirs`, `ignore-regex`) add up across the levels."""
    values = dict(DEFAULTS)
    for layer in (config, cli):
        for key, value in layer.items():
            if key in _ADDITIVE:
                values[key] = [*values[key], *[v for v in value if v not in values[key]]]  # type: ignore[misc]
            else:
                values[key] = value
    return values


class ConfigError(Exception):
    """A configuration problem the user must fix (exit code 2)."""


def source_url(value: str) -> str:
    """A `source-url` checked (http or https, ending in `/`, no query, fragment, space or control
    character) and with characters a Markdown link or an HTML attribute would trip on percent-encoded."""
    if not value:
        return ""
    if (not value.startswith(("https://", "http://")) or not value.endswith("/") or len(value) <= len("https://")
            or any(c in value for c in "?#\\") or any(c.isspace() or not c.isprintable() for c in value)):
        raise ConfigError(f"source-url must start with https:// or http:// and end with / (the file's path and #L<line> are "
                          f"appended), with no ?, # or spaces, e.g. https://github.com/org/repo/blob/main/; not {printable(repr(value))[:120]}")
    return quote(value, safe=":/@!$&+,;=%~")


@record
class Loaded:
    """Validated settings from a file, where they came from, and a non-fatal problem if any."""

    values: dict[str, object]
    source: str | None
    warning: str | None = None


def _check_type(key: str, value: object, source: str) -> object:
    default = DEFAULTS[key]
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, int):
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        value = float(value) if ok else value  # type: ignore[arg-type]
    elif isinstance(default, str):
        ok = isinstance(value, str)
    elif isinstance(default, dict) and key == "entry-points":
        ok = isinstance(value, dict) and all(isinstance(v, str) and v in USER_ENTRY_KINDS for v in value.values())
    elif isinstance(default, dict) and key == "usage":
        ok = isinstance(value, dict) and all(isinstance(v, str) and len(v.split("/")) == 3 and v.split("/")[0] for v in value.values())
    elif isinstance(default, dict):
        ok = isinstance(value, dict) and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 100 for v in value.values())
        value = {str(k): float(v) for k, v in value.items()} if ok else value  # type: ignore[union-attr]
    else:
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    if not ok:
        want = ("a list of strings" if isinstance(default, list)
                else 'a table of import names to "category/provider/service" strings' if key == "usage"
                else f"a table of decorator names to one of {', '.join(USER_ENTRY_KINDS)}" if key == "entry-points"
                else "a table of path globs to minimum percentages (0 to 100)" if isinstance(default, dict)
                else f"a {type(default).__name__}")
        raise ConfigError(f"{source}: `{key}` must be {want}, not {printable(repr(value))[:80]}")
    low, high = RANGES.get(key, (None, None))
    if low is not None and not low <= value <= high:  # type: ignore[operator]
        raise ConfigError(f"{source}: `{key}` must be between {low:g} and {high:g}, not {value!r}")
    return value


def validate(table: object, source: str) -> dict[str, object]:
    """Check a `[tool.onboard]` table against `DEFAULTS`; keys may use `-` or `_`."""
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [tool.onboard] must be a table")
    out = {}
    for raw_key, value in table.items():
        key = str(raw_key).replace("_", "-")
        if key not in DEFAULTS:
            known = ", ".join(sorted(DEFAULTS))
            raise ConfigError(f"{source}: unknown key {printable(str(raw_key))!r} in [tool.onboard] (known keys: {known})")
        out[key] = _check_type(key, value, source)
    return out


def _parse_toml(data: bytes) -> dict:
    try:
        return tomllib.loads(data.decode("utf-8"))
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _onboard_table(data: dict, whole_file_is_table: bool) -> object:
    tool = data.get("tool")
    if isinstance(tool, dict):
        return tool.get("onboard", {})
    if "tool" in data:
        return None  # `tool` that is not a table: caller reports it
    return data if whole_file_is_table else {}


def load(root: str, config_file: str | None) -> Loaded:
    """Settings from `--config FILE` (errors are fatal) or from `root/pyproject.toml` (a file that
    cannot be read or is not TOML is a warning and the defaults apply; a bad `[tool.onboard]`
    is fatal, as the user asked for those settings)."""
    if config_file is not None:
        data = read_regular(config_file, _CONFIG_LIMIT)
        if isinstance(data, Unreadable):
            raise ConfigError(f"cannot read config file {printable(config_file)}: {data.message}")
        try:
            parsed = _parse_toml(data)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError) as error:
            raise ConfigError(f"{printable(config_file)}: not valid TOML: {error}") from None
        named_pyproject = os.path.basename(config_file) == "pyproject.toml"
        table = _onboard_table(parsed, whole_file_is_table=not named_pyproject)
        if table is None:
            raise ConfigError(f"{printable(config_file)}: `tool` must be a table")
        return Loaded(validate(table, printable(config_file)), printable(config_file))
    path = os.path.join(root, "pyproject.toml")
    if not fs.exists(path):
        return Loaded({}, None)
    data = read_regular(path, _CONFIG_LIMIT, os.path.realpath(root))
    if isinstance(data, Unreadable):
        return Loaded({}, None, f"pyproject.toml not read for [tool.onboard] settings ({data.reason}): {data.message}")
    try:
        parsed = _parse_toml(data)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError) as error:
        return Loaded({}, None, f"pyproject.toml is not valid TOML, [tool.onboard] settings not read: {error}")
    table = _onboard_table(parsed, whole_file_is_table=False)
    if not table:
        return Loaded({}, None)
    return Loaded(validate(table, "pyproject.toml [tool.onboard]"), "pyproject.toml")
