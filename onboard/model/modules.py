"""Module names and scopes: how Python would import each file, and what the file is for.

Handles flat and `src/` layouts, packages with and without `__init__.py` (namespace packages),
several top-level packages, several distributions in one repository, and scripts outside any
package. Scopes (`package`, `tests`, `scripts`, `examples`, `docs`, `vendored`) come from the
tables in `onboard.knowledge`.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterable
from typing import NamedTuple

from onboard.knowledge import SCOPE_RULES, SOURCE_ROOT_NAMES, TEST_FILE_PATTERNS, TOOLING_FILES


def _dirs_of(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _folder_key(path: str) -> str:
    """The path up to and including its last `/` ("" for none): what `_dirs_of` and
    `posixpath.dirname` read of a path, so anything computed from those may be kept per key."""
    return path[: path.rfind("/") + 1]


def _is_init(path: str) -> bool:
    """`posixpath.basename(path) in ("__init__.py", "__init__.pyi")`, without splitting the path."""
    return path.endswith(("/__init__.py", "/__init__.pyi")) or path in ("__init__.py", "__init__.pyi")


def package_dirs(paths: Iterable[str]) -> frozenset[str]:
    """Folders that hold an `__init__.py` (regular packages)."""
    return frozenset(posixpath.dirname(p) for p in paths if _is_init(p))


def source_roots(paths: Iterable[str], declared: Iterable[str] = (), packages: frozenset[str] | None = None) -> list[str]:
    """Folders that Python would put on `sys.path`: the repo root, every `src/` not inside a
    package, and those the metadata declares (`package-dir`, `where`). "" is the repo root.
    `packages`: `package_dirs(paths)`, when the caller has it already."""
    paths = list(paths)
    if packages is None:
        packages = package_dirs(paths)
    roots = {""} | {d.strip("/") for d in declared if d.strip("/") not in ("", ".")}
    folders = set()
    for key in {_folder_key(path) for path in paths}:  # many files a folder: each folder once
        folders.update(_dirs_of(key))
    roots.update(f for f in folders if posixpath.basename(f) in SOURCE_ROOT_NAMES and f not in packages)
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


class _Above(NamedTuple):
    """What the folders down to one folder say of the files inside it."""

    rule: int  # the index in `SCOPE_RULES` of the first rule a folder meets (`len(SCOPE_RULES)`: none)
    inside: bool  # one of them is a package
    # one that is no Python name (`0000-rest-api`, `{{project}}`) lies below a package: nothing
    # inside can be imported as part of that package, so it is data it ships
    unimportable: bool


_TOP = _Above(len(SCOPE_RULES), False, False)  # no folder: a file at the top of the repository


def _down(above: _Above, folder: str, packages: frozenset[str]) -> _Above:
    """`above` (what the folders over `folder` say) with `folder` taken in."""
    name, parent = posixpath.basename(folder), posixpath.dirname(folder)
    met = next((i for i, (_, where, names) in enumerate(SCOPE_RULES)
                if name in names and (where == "anywhere" or parent not in packages)), len(SCOPE_RULES))
    return _Above(min(above.rule, met), above.inside or folder in packages,
                  above.unimportable or (above.inside and not name.isidentifier()))


def folder_scope(path: str, packages: frozenset[str]) -> str:
    """The scope of a file that is not Python (a Dockerfile, a manifest) from its folders alone:
    `tests/Dockerfile` is tests, `examples/app/compose.yaml` examples, anything else package."""
    above = _TOP
    for folder in _dirs_of(path):  # outermost first
        above = _down(above, folder, packages)
    return SCOPE_RULES[above.rule][0] if above.rule < len(SCOPE_RULES) else "package"


_TEST_FILE = re.compile("|".join(fnmatch.translate(p) for p in TEST_FILE_PATTERNS)).match  # `fnmatchcase` of any of them


class Scopes:
    """`scope_of` for the files of one repository. All but a file's name and kind is what its
    folders say (`_Above`), and that is known from what the folder above says and the folder's
    own name: it is worked out once a folder (Django: 2,800 files in 650 folders), and what a
    file's name and kind decide still comes in its place among the rules."""

    def __init__(self, roots: list[str], packages: frozenset[str], top_level_modules: frozenset[str]) -> None:
        self.roots, self.packages, self.top_level_modules = roots, packages, top_level_modules
        self._above: dict[str, _Above] = {}  # folder (one of `_dirs_of`) -> what it and those over it say
        self._files: dict[str, tuple[_Above, bool]] = {}  # `_folder_key` -> (what its folders say, `loose`)

    def _folders(self, key: str) -> tuple[_Above, bool]:
        """What the folders of `key` say, and whether it is loose: at the top of a project, not a
        package nor a `src/`."""
        above = _TOP
        for folder in _dirs_of(key):  # outermost first; a folder above is known already, mostly
            known = self._above.get(folder)
            if known is None:
                known = self._above[folder] = _down(above, folder, self.packages)
            above = known
        folder = posixpath.dirname(key)
        return above, folder not in self.packages and folder in self.roots and not folder.endswith(tuple(SOURCE_ROOT_NAMES))

    def __call__(self, path: str, kind: str) -> str:
        """What the file is for; see `onboard.knowledge.SCOPE_RULES`."""
        key = _folder_key(path)
        known = self._files.get(key)
        if known is None:
            known = self._files[key] = self._folders(key)
        above, loose = known
        name = path[len(key):]
        for index, (scope, _, _) in enumerate(SCOPE_RULES):
            if index == above.rule:
                return scope
            if scope == "tests" and _TEST_FILE(name):
                return "tests"
        if kind == "script":
            return "scripts"
        if above.unimportable:
            return "examples"  # a project skeleton a package ships (chalice's `templates/0000-rest-api/`)
        if loose:
            # a loose file at the top of a project: a tool script, unless it is the project's module
            stem = name.rsplit(".", 1)[0]
            if name in TOOLING_FILES or stem not in self.top_level_modules:
                return "scripts"
        return "package"


def scope_of(path: str, kind: str, roots: list[str], packages: frozenset[str], top_level_modules: frozenset[str]) -> str:
    """What the file is for; see `onboard.knowledge.SCOPE_RULES` (`Scopes`: the same for many files)."""
    return Scopes(roots, packages, top_level_modules)(path, kind)
