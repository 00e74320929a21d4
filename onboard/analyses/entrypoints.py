"""How it runs: the ways the repository's code is started, each with where it lives.

What it finds: console and GUI scripts and every other entry-point group of the packaging
metadata (with the module and line of the target function when the module is in the repo),
`setup(scripts=...)` and extension-less Python scripts, `__main__` modules and main guards,
`Dockerfile` `CMD`/`ENTRYPOINT`, docker-compose `command:`/`entrypoint:` and `Procfile` lines.
Why it matters: "how is this thing run?" is a newcomer's first question. Limits: CLI command
trees, web routes, tasks and serverless handlers are not found yet (issue #4 goes on).
"""

from __future__ import annotations

from dataclasses import dataclass

from onboard.graph import ImportGraph
from onboard.model.repo import Repo
from onboard.model.run_files import RunCommand

START_HERE = ("console_script", "gui_script", "main_module")
_GROUP_KINDS = {"console_scripts": "console_script", "gui_scripts": "gui_script"}


@dataclass(frozen=True)
class EntryPoint:
    """One way the code is started."""

    kind: str
    name: str
    target: str
    path: str | None
    line: int | None
    scope: str
    detail: tuple[tuple[str, str], ...] = ()


def _metadata_entries(repo: Repo, g: ImportGraph) -> list[EntryPoint]:
    found = []
    source = next((s for s in repo.metadata.sources), None)
    for group, items in sorted(repo.metadata.entry_points.items()):
        kind = _GROUP_KINDS.get(group, "entry_point")
        for name, target in sorted(items.items()):
            module_name, _, attr = target.partition(":")
            module = g.modules.get(module_name.strip())
            detail = [("group", group), ("target_exists", "yes" if module else "no")]
            path, line = source, None
            if module is not None:
                path = module.path
                top = attr.strip().split(".")[0].split("[")[0].strip()
                line = next((d.line for d in module.facts.definitions if d.parent == -1 and d.name == top), None)
            found.append(EntryPoint(kind, name, target.strip(), path, line, module.scope if module else "package", tuple(detail)))
    return found


def _scripts(repo: Repo) -> list[EntryPoint]:
    found, seen = [], set()
    for script in repo.metadata.scripts:
        seen.add(script)
        found.append(EntryPoint("setup_script", script.rsplit("/", 1)[-1], script, script, None, "scripts", (("declared", "setup(scripts=...)"),)))
    for module in repo.modules:
        if module.kind == "script" and module.path not in seen:
            found.append(EntryPoint("setup_script", module.path.rsplit("/", 1)[-1], module.path, module.path, 1, module.scope, (("declared", "shebang"),)))
    return found


def _main_modules(repo: Repo) -> list[EntryPoint]:
    found = []
    for module in repo.modules:
        if module.kind == "stub":
            continue
        if module.path.rsplit("/", 1)[-1] == "__main__.py":
            package = module.name.rpartition(".")[0]
            name = f"python -m {package}" if package else "python <folder>"
            found.append(EntryPoint("main_module", name, module.name, module.path, 1, module.scope))
        elif module.facts.main_guard_line:
            found.append(EntryPoint("main_module", f"python {module.path}", module.name, module.path, module.facts.main_guard_line,
                                    module.scope, (("guard", "if __name__ == '__main__'"),)))
    return found


def entry_points(repo: Repo, g: ImportGraph, commands: tuple[RunCommand, ...]) -> tuple[EntryPoint, ...]:
    """Every way in, sorted: start-here kinds first, then by kind, scope, path and line."""
    found = _metadata_entries(repo, g) + _scripts(repo) + _main_modules(repo)
    found += [EntryPoint(c.kind, c.name, c.command, c.path, c.line, "package") for c in commands]
    order = {kind: i for i, kind in enumerate(START_HERE)}

    def key(e: EntryPoint):
        return (order.get(e.kind, len(order)), e.kind, e.scope != "package", e.path or "", e.line or 0, e.name)

    return tuple(sorted(found, key=key))
