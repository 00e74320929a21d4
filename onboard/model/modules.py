"""Module names and scopes: how Python would import each file, and what the file is for.

Handles flat and `src/` layouts, packages with and without `__init__.py` (namespace packages),
several top-level packages, several distributions in one repository, and scripts outside any
package. Scopes (`package`, `tests`, `scripts`, `examples`, `docs`, `vendored`) come from the
tables in `onboard.knowledge`.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterable

from onboard.knowledge import SCOPE_RULES, SOURCE_ROOT_NAMES, TEST_FILE_PATTERNS, TOOLING_FILES


def _dirs_of(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def package_dirs(paths: Iterable[str]) -> frozenset[str]:
    """Folders that hold an `__init__.py` (regular packages)."""
    return frozenset(posixpath.dirname(p) for p in paths if posixpath.basename(p) in ("__init__.py", "__init__.pyi"))


def source_roots(paths: Iterable[str], declared: Iterable[str] = ()) -> list[str]:
    """Folders that Python would put on `sys.path`: the repo root, every `src/` not inside a
    package, and those the metadata declares (`package-dir`, `where`). "" is the repo root."""
    paths = list(paths)
    packages = package_dirs(paths)
    roots = {""} | {d.strip("/") for d in declared if d.strip("/") not in ("", ".")}
    for path in paths:
        for folder in _dirs_of(path):
            if posixpath.basename(folder) in SOURCE_ROOT_NAMES and folder not in packages:
                roots.add(folder)
    return sorted(roots)


def root_of(path: str, roots: list[str]) -> str:
    """The deepest source root that holds `path`."""
    best = ""
    for root in roots:
        if root and path.startswith(root + "/") and len(root) > len(best):
            best = root
    return best


def module_name(path: str, roots: list[str]) -> str:
    """`src/pkg/a.py` -> `pkg.a`; `pkg/__init__.py` -> `pkg`; `bin/tool` -> `bin.tool`."""
    root = root_of(path, roots)
    rel = path[len(root) + 1 :] if root else path
    for suffix in (".pyi", ".py"):
        if rel.endswith(suffix):
            rel = rel[: -len(suffix)]
            break
    parts = rel.split("/")
    if len(parts) > 1 and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _below_package_unimportable(dirs: list[str], packages: frozenset[str]) -> bool:
    """Whether a folder that is no Python name (`0000-rest-api`, `{{project}}`) lies below a
    package: nothing inside can be imported as part of that package, so it is data it ships."""
    inside = False
    for folder in dirs:  # outermost first
        if inside and not posixpath.basename(folder).isidentifier():
            return True
        inside = inside or folder in packages
    return False


def _in_folder_of(dirs: list[str], where: str, names: frozenset[str], packages: frozenset[str]) -> bool:
    return any(posixpath.basename(f) in names and (where == "anywhere" or posixpath.dirname(f) not in packages) for f in dirs)


def folder_scope(path: str, packages: frozenset[str]) -> str:
    """The scope of a file that is not Python (a Dockerfile, a manifest) from its folders alone:
    `tests/Dockerfile` is tests, `examples/app/compose.yaml` examples, anything else package."""
    dirs = _dirs_of(path)
    return next((scope for scope, where, names in SCOPE_RULES if _in_folder_of(dirs, where, names, packages)), "package")


def scope_of(path: str, kind: str, roots: list[str], packages: frozenset[str], top_level_modules: frozenset[str]) -> str:
    """What the file is for; see `onboard.knowledge.SCOPE_RULES`."""
    name = posixpath.basename(path)
    dirs = _dirs_of(path)
    for scope, where, names in SCOPE_RULES:
        if _in_folder_of(dirs, where, names, packages):
            return scope
        if scope == "tests" and any(fnmatch.fnmatchcase(name, p) for p in TEST_FILE_PATTERNS):
            return "tests"
    if kind == "script":
        return "scripts"
    if _below_package_unimportable(dirs, packages):
        return "examples"  # a project skeleton a package ships (chalice's `templates/0000-rest-api/`)
    folder = posixpath.dirname(path)
    if folder not in packages and folder in roots and not folder.endswith(tuple(SOURCE_ROOT_NAMES)):
        # a loose file at the top of a project: a tool script, unless it is the project's module
        stem = name.rsplit(".", 1)[0]
        if name in TOOLING_FILES or stem not in top_level_modules:
            return "scripts"
    return "package"
