"""Packaging metadata, read statically: pyproject.toml, setup.cfg, setup.py, requirements files.

Nothing is run: `setup.py` is read with `ast` (keyword arguments of the `setup(...)` call that are
literals, or names bound to literals at module level), `setup.cfg` with configparser
(interpolation off). Each problem becomes a `Warning` naming the file; reading goes on.
"""

from __future__ import annotations

import ast
import configparser
import os
import posixpath
import tomllib
from dataclasses import dataclass, field

from onboard import fs
from onboard.frozen import record
from onboard.fs import Unreadable, read_regular
from onboard.model.readme import first_paragraph, title
from onboard.parse.guard import one_line

_MAX_METADATA_BYTES = 2 * 1024 * 1024


@record
class MetadataWarning:
    """A problem in a metadata file."""

    path: str
    message: str
    line: int | None = None


@dataclass
class Metadata:
    """What the packaging files declare. Empty fields mean "not declared"."""

    name: str | None = None
    version: str | None = None
    description: str | None = None
    requires_python: str | None = None
    dependencies: list[str] = field(default_factory=list)
    optional_dependencies: dict[str, list[str]] = field(default_factory=dict)
    entry_points: dict[str, dict[str, str]] = field(default_factory=dict)  # group -> name -> target
    scripts: list[str] = field(default_factory=list)  # setup(scripts=[...])
    py_modules: list[str] = field(default_factory=list)
    package_dirs: list[str] = field(default_factory=list)  # source roots the metadata declares
    requirements: dict[str, list[str]] = field(default_factory=dict)  # file -> requirement lines
    readme: str | None = None  # the README's first paragraph of prose, as plain text
    readme_path: str | None = None
    readme_title: str | None = None  # its first level-1 heading, when it reads as a name
    sources: list[str] = field(default_factory=list)
    warnings: list[MetadataWarning] = field(default_factory=list)

    def merge(self, other: dict) -> None:
        """Fill fields not yet set; lists and dicts are merged."""
        for key, value in other.items():
            current = getattr(self, key)
            if isinstance(current, list):
                current.extend(v for v in value if v not in current)
            elif isinstance(current, dict):
                for k, v in value.items():
                    if isinstance(v, dict):
                        current.setdefault(k, {}).update({a: b for a, b in v.items() if a not in current.get(k, {})})
                    else:
                        current.setdefault(k, v)
            elif current is None and isinstance(value, (str, int, float)) and not isinstance(value, bool) and value != "":
                setattr(self, key, str(value))


def _read(root: str, rel: str, warn=None) -> bytes | None:
    """A metadata file's bytes; None when it is missing or unsafe to read (then `warn` says why)."""
    path = os.path.join(root, rel)
    if not fs.exists(path):
        return None
    data = read_regular(path, _MAX_METADATA_BYTES, root)
    if isinstance(data, Unreadable):
        if warn is not None:
            warn(rel, f"not read ({data.reason}): {data.message}")
        return None
    return data


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip() and not line.strip().startswith("#")]
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if isinstance(v, str)]
    return []


def _ini_entry_points(text: str) -> dict[str, dict[str, str]]:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment]
    parser.read_string(text)
    return {group: dict(parser.items(group)) for group in parser.sections()}


def _entry_point_map(value) -> dict[str, dict[str, str]]:
    """entry_points as a dict of lists/strings, or an ini-format string."""
    if isinstance(value, str):
        return _ini_entry_points(value)
    groups: dict[str, dict[str, str]] = {}
    for group, items in (value or {}).items():
        for item in _strings(items) if not isinstance(items, dict) else [f"{k} = {v}" for k, v in items.items()]:
            name, _, target = item.partition("=")
            if target:
                groups.setdefault(str(group), {})[name.strip()] = " ".join(target.split())
    return groups


def _pyproject(data: dict) -> dict:
    project = data.get("project", {}) or {}
    poetry = (data.get("tool", {}) or {}).get("poetry", {}) or {}
    setuptools = (data.get("tool", {}) or {}).get("setuptools", {}) or {}
    groups = {"console_scripts": project.get("scripts") or {}, "gui_scripts": project.get("gui-scripts") or {}}
    groups.update(project.get("entry-points") or {})
    if poetry.get("scripts"):
        groups["console_scripts"] = {**{k: v for k, v in poetry["scripts"].items() if isinstance(v, str)}, **groups["console_scripts"]}
    for group, items in (poetry.get("plugins") or {}).items():
        groups.setdefault(group, dict(items))
    find = (setuptools.get("packages") or {}).get("find") if isinstance(setuptools.get("packages"), dict) else None
    dirs = list((find or {}).get("where") or []) + [v for k, v in (setuptools.get("package-dir") or {}).items() if k == ""]
    dirs += [p["from"] for p in poetry.get("packages") or [] if isinstance(p, dict) and p.get("from")]
    dynamic = setuptools.get("dynamic") if isinstance(setuptools.get("dynamic"), dict) else {}
    version_spec = dynamic.get("version") if isinstance(dynamic.get("version"), dict) else {}
    version_from = f"attr: {version_spec['attr']}" if isinstance(version_spec.get("attr"), str) else None
    if isinstance(version_spec.get("file"), str):
        version_from = f"file: {version_spec['file']}"
    poetry_deps = [f"{k} {v}".strip() if isinstance(v, str) else k for k, v in (poetry.get("dependencies") or {}).items() if k != "python"]
    return {
        "name": project.get("name") or poetry.get("name"),
        "version": project.get("version") or poetry.get("version") or version_from,
        "description": project.get("description") or poetry.get("description"),
        "requires_python": project.get("requires-python") or (poetry.get("dependencies") or {}).get("python"),
        "dependencies": _strings(project.get("dependencies")) + poetry_deps,
        "optional_dependencies": {k: _strings(v) for k, v in (project.get("optional-dependencies") or {}).items()},
        "entry_points": {g: {str(k): str(v) for k, v in items.items()} for g, items in groups.items() if items},
        "py_modules": _strings(setuptools.get("py-modules")),
        "package_dirs": [str(d) for d in dirs],
    }


def _setup_cfg(text: str) -> dict:
    parser = configparser.ConfigParser(interpolation=None, strict=False)  # a repeated option: the last wins
    parser.read_string(text)
    meta = dict(parser.items("metadata")) if parser.has_section("metadata") else {}
    options = dict(parser.items("options")) if parser.has_section("options") else {}
    groups = {}
    if parser.has_section("options.entry_points"):
        groups = _entry_point_map({k: v for k, v in parser.items("options.entry_points")})
    extras = dict(parser.items("options.extras_require")) if parser.has_section("options.extras_require") else {}
    package_dir = options.get("package_dir", "")
    dirs = [part.split("=", 1)[1].strip() for part in package_dir.splitlines() if part.strip().startswith("=")]
    if parser.has_section("options.packages.find") and parser.has_option("options.packages.find", "where"):
        dirs.append(parser.get("options.packages.find", "where").strip())
    return {
        "name": meta.get("name"), "version": meta.get("version"), "description": meta.get("description"),
        "requires_python": options.get("python_requires"),
        "dependencies": _strings(options.get("install_requires", "")),
        "optional_dependencies": {k: _strings(v) for k, v in extras.items()},
        "entry_points": groups, "scripts": _strings(options.get("scripts", "")),
        "py_modules": _strings(options.get("py_modules", "")), "package_dirs": dirs,
    }


def read_metadata(root: str) -> Metadata:
    """Everything the packaging files at the top of `root` declare, with warnings."""
    from onboard.model.requirements import read_requirements, requirement_files
    from onboard.model.setup_py import setup_call_keywords, to_metadata

    meta = Metadata()

    def warn(path: str, message: str, line: int | None = None) -> None:
        meta.warnings.append(MetadataWarning(path, one_line(message), line))

    readers = (
        ("pyproject.toml", lambda data: _pyproject(tomllib.loads(data.decode("utf-8")))),
        ("setup.cfg", lambda data: _setup_cfg(data.decode("utf-8", "replace"))),
        ("setup.py", lambda data: to_metadata(setup_call_keywords(data)[0], _entry_point_map)),
    )
    root = os.path.realpath(root)
    for rel, reader in readers:
        data = _read(root, rel, warn)
        if data is None:
            continue
        try:
            found = reader(data)
            if rel == "setup.py" and found.get("entry_points") and "setup.cfg" in meta.sources and meta.entry_points:
                # setuptools takes setup()'s keyword over setup.cfg's option: the cfg's scripts are never installed
                warn("setup.cfg", "[options.entry_points] is ignored: setup.py passes entry_points=, which setuptools uses instead")
                meta.entry_points = {}
            meta.merge(found)
            meta.sources.append(rel)
        except tomllib.TOMLDecodeError as error:
            warn(rel, f"not valid TOML: {error}", getattr(error, "lineno", None))
        except configparser.Error as error:
            warn(rel, f"not a valid setup.cfg: {error}", getattr(error, "lineno", None))
        except SyntaxError as error:
            warn(rel, f"not valid Python, metadata not read: {error.msg}", error.lineno)
        except (ValueError, TypeError, AttributeError, UnicodeDecodeError, RecursionError, MemoryError) as error:
            warn(rel, f"metadata not read: {type(error).__name__}: {error}")
    for rel in requirement_files(root):
        meta.requirements.update(read_requirements(root, rel, lambda r: _read(root, r, warn), warn))
    meta.readme_path, meta.readme, meta.readme_title = _readme(root)
    if meta.version and meta.version.startswith(("attr:", "file:")):
        meta.version = _resolve_version(root, meta.version, meta.package_dirs)
    meta.warnings = sorted(set(meta.warnings), key=lambda w: (w.path, w.line or 0, w.message))
    return meta


def _resolve_version(root: str, directive: str, package_dirs: list[str]) -> str | None:
    """setuptools' `attr: pkg.__version__` and `file: VERSION`, read statically; None if the
    value is computed (then the version is simply not known)."""
    kind, _, target = directive.partition(":")
    target = target.strip()
    if kind == "file":
        data = _read(root, target.split(",")[0].strip())
        return data.decode("utf-8", "replace").strip() or None if data is not None else None
    module, _, name = target.rpartition(".")
    for folder in [*package_dirs, "", "src", "lib"]:
        base = posixpath.join(folder, *module.split("."))
        for rel in (base + "/__init__.py", base + ".py"):
            data = _read(root, rel.lstrip("/"))
            if data is None:
                continue
            try:
                tree = ast.parse(data)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                return None
            for node in tree.body:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
                if any(isinstance(t, ast.Name) and t.id == name for t in targets) and node.value is not None:
                    try:
                        value = ast.literal_eval(node.value)
                    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
                        return None
                    return value if isinstance(value, str) else None
            return None
    return None


_README_NAMES = ("README.md", "README.rst", "README.txt", "README", "readme.md", "Readme.md")


def _readme(root: str) -> tuple[str | None, str | None, str | None]:
    """The README's path, first paragraph of prose and title (see `model.readme` for what is
    skipped)."""
    for rel in _README_NAMES:
        data = _read(root, rel)
        if data is None:
            continue
        text = data.decode("utf-8", "replace")
        paragraph = first_paragraph(text)
        return rel, one_line(paragraph, 600) if paragraph else None, title(text)
    return None, None, None
