"""Configuration: `[tool.onboard]` in the analysed repo's pyproject.toml, or `--config FILE`.

`DEFAULTS` is the schema: a key not in it is an error, and so is a value of another type. The
CLI applies the precedence defaults < config file < command line. A repository's config may not
say where onboard writes (no output or cache paths): only the person running onboard decides that.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass

DEFAULTS: dict[str, object] = {
    "exclude": [],
    "include-dirs": [],
    "use-gitignore": True,
    "max-file-size": 2 * 1024 * 1024,
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
    "ignore-regex": [],
}


class ConfigError(Exception):
    """A configuration problem the user must fix (exit code 2)."""


@dataclass(frozen=True)
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
    else:
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    if not ok:
        want = "a list of strings" if isinstance(default, list) else f"a {type(default).__name__}"
        raise ConfigError(f"{source}: `{key}` must be {want}, not {value!r}")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
        raise ConfigError(f"{source}: `{key}` must not be negative")
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
            raise ConfigError(f"{source}: unknown key `{raw_key}` in [tool.onboard] (known keys: {known})")
        out[key] = _check_type(key, value, source)
    return out


def load(root: str, config_file: str | None) -> Loaded:
    """Settings from `--config FILE` (errors are fatal) or from `root/pyproject.toml` (a
    malformed file is a warning and the defaults apply; a bad `[tool.onboard]` is fatal)."""
    if config_file is not None:
        try:
            with open(config_file, "rb") as handle:
                data = tomllib.load(handle)
        except OSError as error:
            raise ConfigError(f"cannot read config file {config_file}: {error.strerror or error}") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{config_file}: not valid TOML: {error}") from None
        table = data.get("tool", {}).get("onboard", data) if "tool" in data else data
        return Loaded(validate(table, config_file), config_file)
    path = os.path.join(root, "pyproject.toml")
    if not os.path.isfile(path) or os.path.islink(path):
        return Loaded({}, None)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return Loaded({}, None, f"pyproject.toml not read for [tool.onboard] settings: {error}")
    table = (data.get("tool") or {}).get("onboard") if isinstance(data.get("tool"), dict) else None
    if table is None:
        return Loaded({}, None)
    return Loaded(validate(table, "pyproject.toml [tool.onboard]"), "pyproject.toml")
