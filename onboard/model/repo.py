"""The repository model: every analysed file as a module with its name, scope and facts."""

from __future__ import annotations

import os

from onboard import fs
from onboard.discover import Discovery, Excluded
from onboard.facts import Failure, FileFacts
from onboard.frozen import maker, record
from onboard.model.metadata import Metadata
from onboard.model.modules import Scopes, module_name, package_dirs, root_of, source_roots


@record
class Module:
    """One analysed Python file, or a Jupyter notebook (kind "notebook", scope "notebooks",
    named by its path: no import can name it)."""

    path: str
    name: str
    scope: str
    kind: str  # "module" | "stub" | "script"
    facts: FileFacts


_module = maker(Module)  # one a file (`onboard.frozen`)


@record
class NotAnalysed:
    """A file (or directory) that could not be analysed, and why."""

    path: str
    reason: str
    message: str
    line: int | None = None


@record
class Repo:
    """What the later stages know about the repository."""

    name: str
    root_packages: tuple[str, ...]
    source_roots: tuple[str, ...]
    metadata: Metadata
    modules: tuple[Module, ...]
    not_analysed: tuple[NotAnalysed, ...]
    excluded: tuple[Excluded, ...]
    layout: str = ""  # "src", "flat", "namespace", "monorepo", "scripts"
    projects: tuple[str, ...] = ()  # folders holding a project of their own (a monorepo's distributions)
    # the module names of Python files that exist but could not be analysed (a syntax error, too
    # large, ...): an import of one is not an import of a missing module
    unanalysed_modules: tuple[str, ...] = ()


def _top_level_modules(paths: list[str], roots: list[str], packages: frozenset[str], meta: Metadata) -> frozenset[str]:
    declared = {m.split(".")[0] for m in meta.py_modules}
    if declared or packages:
        return frozenset(declared)
    # No package at all: the loose modules are the project.
    return frozenset(os.path.basename(p).rsplit(".", 1)[0] for p in paths if "/" not in p)


_PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg")


def _project_dirs(root: str, paths: list[str], packages: frozenset[str]) -> list[str]:
    """Folders below the root that hold a project of their own (a monorepo's distributions):
    their modules are named from there, as that project's installation would name them."""
    folders = set()
    for path in paths:  # every folder above a Python file: `libs/core/` may hold only pyproject.toml and `core/`
        folder = os.path.dirname(path)
        while folder and folder not in folders:
            folders.add(folder)
            folder = os.path.dirname(folder)
    found = []
    for folder in sorted(f for f in folders if f):
        inside_package = _inside_package(folder, packages)
        if not inside_package and any(fs.is_file(os.path.join(root, folder, name)) for name in _PROJECT_FILES):
            found.append(folder)  # a package that ships a pyproject.toml (pandas does) stays a package
    return found


def _inside_package(folder: str, packages: frozenset[str]) -> bool:
    """Whether `folder` is a package or lies below one: `folder.startswith(p + "/")` for some
    package `p`, asked of the folders above it rather than of every package."""
    while folder:
        if folder in packages:
            return True
        folder = os.path.dirname(folder)
    return False


def build_repo(root: str, discovery: Discovery, results: dict[str, FileFacts | Failure], metadata: Metadata) -> Repo:
    """Name, place and label every discovered file; collect what could not be analysed."""
    paths = [f.path for f in discovery.files if f.kind != "notebook"]
    packages = package_dirs(paths)
    projects = _project_dirs(root, paths, packages)
    roots = source_roots(paths, [*metadata.package_dirs, *projects], packages)
    scope_of = Scopes(roots, packages, _top_level_modules(paths, roots, packages, metadata))
    modules, failed = [], [NotAnalysed(s.path, s.reason, s.message) for s in discovery.skipped]
    unanalysed = {module_name(s.path, roots) for s in discovery.skipped if s.path.endswith((".py", ".pyi"))}
    for source in discovery.files:
        result = results[source.path]
        if isinstance(result, Failure):
            failed.append(NotAnalysed(source.path, result.reason, result.message, result.line))
            if source.kind != "notebook":
                unanalysed.add(module_name(source.path, roots))
            continue
        if source.kind == "notebook":
            modules.append(Module(source.path, source.path, "notebooks", "notebook", result))
            continue
        modules.append(_module(source.path, module_name(source.path, roots), scope_of(source.path, source.kind), source.kind, result))
    root_packages = sorted({m.name.split(".")[0] for m in modules if m.scope == "package" and m.kind != "stub"})
    used_roots = sorted({root_of(m.path, roots) for m in modules if m.scope == "package"})
    name = metadata.name or metadata.readme_title or os.path.basename(os.path.realpath(root)) or "repository"
    return Repo(
        name=name,
        root_packages=tuple(root_packages),
        source_roots=tuple(used_roots),
        metadata=metadata,
        modules=tuple(sorted(modules, key=lambda m: m.path)),
        not_analysed=tuple(sorted(failed, key=lambda n: (n.path, n.reason))),
        excluded=tuple(discovery.excluded),
        layout=_layout(projects, used_roots, root_packages, packages, modules),
        projects=tuple(projects),
        unanalysed_modules=tuple(sorted(unanalysed - {m.name for m in modules})),
    )


def _layout(projects: list[str], roots: list[str], root_packages: list[str], packages, modules: list[Module]) -> str:
    """How the code is laid out: several projects (a monorepo), a `src/` folder, packages
    without `__init__.py` (namespace), packages at the top (flat), or loose scripts only."""
    if projects:
        return "monorepo"
    if not root_packages:
        return "scripts"
    if any(r == "src" or r.endswith("/src") for r in roots):
        return "src"
    tops = {m.path.rsplit("/", 1)[0] for m in modules if m.scope == "package" and "/" in m.path and m.name.count(".") == 1}
    return "namespace" if any(top not in packages for top in tops) else "flat"
