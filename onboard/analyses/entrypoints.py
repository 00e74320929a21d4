"""How it runs: the ways the repository's code is started, each with where it lives.

What it finds: console and GUI scripts and every other entry-point group of the packaging
metadata (with the module and line of the target function when the module is in the repo, through
`from x import name` re-exports to the module that defines it),
`setup(scripts=...)` and extension-less Python scripts, `__main__` modules and main guards,
command-line trees (`analyses.commands`), web routes (`analyses.routes`, `analyses.django_urls`),
tasks, DAGs, Lambda handlers, Django commands and developer sessions (`analyses.handlers`),
`Dockerfile` `CMD`/`ENTRYPOINT`, docker-compose `command:`/`entrypoint:`, `Procfile` lines and
developer commands and serverless handlers read from their files (`model.run_files`).
Why it matters: "how is this thing run?" is a newcomer's first question; the two or three
`start_here` ones answer it. Limits: see each analysis module.
"""

from __future__ import annotations

import re
from dataclasses import replace

from onboard.analyses.commands import command_trees
from onboard.analyses.django_urls import django_routes
from onboard.analyses.handlers import handlers
from onboard.analyses.objects import EntryPoint, Objects
from onboard.analyses.dispatch import dispatch_tables
from onboard.analyses.notebooks import notebook_entries
from onboard.analyses.routes import web_routes
from onboard.resolve.query import ProgramModel
from onboard.analyses.symbols import Symbols
from onboard.graph import ImportGraph
from onboard.knowledge import NOT_RUN_BY_PATH, TOOLING_FILES
from onboard.model.modules import folder_scope, package_dirs
from onboard.model.repo import Module, Repo
from onboard.model.run_files import RunCommand
from onboard.model.serverless import handler_files

__all__ = ["EntryPoint", "entry_points"]

# The order kinds are listed in: how a person starts it first, developer commands last.
KIND_ORDER = ("console_script", "gui_script", "main_module", "script", "cli_command", "web_route", "task", "airflow_dag", "lambda_handler",
              "django_command", "entry_point", "setup_script", "container", "process", "notebook", "dev_command")
_GROUP_KINDS = {"console_scripts": "console_script", "gui_scripts": "gui_script"}
_START_LIMIT = 3


def _defined_line(module: Module, name: str) -> int | None:
    """The line of a module-level `def`/`class` `name`, else of the assignment that binds it
    (`app = typer.Typer()`)."""
    line = next((d.line for d in module.facts.definitions if d.parent == -1 and d.name == name), None)
    return line if line is not None else next((c.line for c in module.facts.calls if c.target == name and c.role == "assign"), None)


def _target(symbols: Symbols, module: Module, attr: str) -> tuple[Module, int | None, str]:
    """Where a declared `module:attr` target is defined: the module, the line and, when it is
    re-exported (`from pkg.cli import main` in `pkg/__main__.py`), "pkg.cli:main" for the module
    that defines it (followed a few hops through the repo's own modules). Without a definition
    found, the declared module and the line that imports the name there."""
    dotted = attr.strip().split("[")[0].strip()
    top = dotted.split(".")[0]
    line = _defined_line(module, top) if top else None
    if line is not None or not top:
        return module, line, ""
    ref = symbols.resolve(module.name, dotted)
    home = symbols.module(ref.module) if ref.module and ref.attr and ref.module != module.name else None
    found = _defined_line(home, ref.attr.split(".")[0]) if home is not None else None
    if home is not None and found is not None:
        return home, found, f"{ref.module}:{ref.attr}"
    imported = next((i.line for i in module.facts.imports if (i.alias or i.name) == top and not i.dynamic), None)
    return module, imported, ""


def _metadata_entries(repo: Repo, g: ImportGraph, symbols: Symbols) -> list[EntryPoint]:
    found = []
    source = next((s for s in repo.metadata.sources), None)
    for group, items in sorted(repo.metadata.entry_points.items()):
        kind = _GROUP_KINDS.get(group, "entry_point")
        for name, target in sorted(items.items()):
            module_name, _, attr = target.partition(":")
            module = g.modules.get(module_name.strip())
            detail = [("group", group), ("target_exists", "yes" if module else "no")]
            path, line, scope = source, None, "package"
            if module is not None:
                home, line, defined_in = _target(symbols, module, attr)
                path, scope = home.path, home.scope
                detail += [("defined_in", defined_in)] if defined_in else []
            found.append(EntryPoint(kind, name, target.strip(), path, line, scope, tuple(sorted(detail))))
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
        elif module.facts.main_guard_line and module.path.rsplit("/", 1)[-1] != "setup.py":  # packaging, not a way to run it
            found.append(EntryPoint("main_module", f"python {module.path}", module.name, module.path, module.facts.main_guard_line,
                                    module.scope, (("guard", "if __name__ == '__main__'"),)))
    return found


def _run_by_path(repo: Repo, packages: frozenset[str]) -> list[EntryPoint]:
    """Scripts with no main guard, run as `python train.py`: a file outside the packages and the
    tests whose top level does work (`FileFacts.script_line`), unless it is tooling or read by a
    tool or a server (`TOOLING_FILES`, `NOT_RUN_BY_PATH`) or sits in a package folder (an
    example's `flaskr/db.py` is imported by its app, not run); `packages`: the folders with an
    `__init__`."""
    found = []
    for module in repo.modules:
        folder, _, name = module.path.rpartition("/")
        if (module.kind == "module" and module.scope in ("scripts", "examples") and folder not in packages and not module.facts.main_guard_line
                and module.facts.script_line and name not in TOOLING_FILES and name not in NOT_RUN_BY_PATH):
            found.append(EntryPoint("script", f"python {module.path}", module.name, module.path, module.facts.script_line,
                                    module.scope, (("guard", "none: its top-level code runs"),)))
    return found


def _declared_handlers(g: ImportGraph, declared: list[RunCommand], in_code: list[EntryPoint]) -> list[EntryPoint]:
    """Lambda handlers of serverless.yml and SAM templates, placed at the function's `def` when
    its file is in the repo (the code's own `(event, context)` finding of it is then dropped)."""
    by_path = {m.path: m for m in g.modules.values() if m is not None}
    found, placed = [], set()
    for command in declared:
        handler, _, events = command.command.partition("  # ")
        files, function = handler_files(handler)
        module = next((by_path[f] for f in files if f in by_path), None)
        line = next((d.line for d in module.facts.definitions if d.parent == -1 and d.name == function), None) if module else None
        detail = (("declared", f"{command.path}:{command.line}" if command.line else command.path), ("events", events))
        if module is not None and line is not None:
            placed.add((module.path, line))
            found.append(EntryPoint("lambda_handler", command.name, handler, module.path, line, module.scope, tuple(d for d in detail if d[1])))
        else:
            missing = ("resolved", "no: the handler's file or function is not in the repository")
            found.append(EntryPoint("lambda_handler", command.name, handler, command.path, command.line, "package",
                                    tuple(sorted(d for d in (*detail, missing) if d[1]))))
    return found + [e for e in in_code if not (e.kind == "lambda_handler" and (e.path, e.line) in placed)]


def _serving_rank(e: EntryPoint) -> int:
    """A Procfile `web` line, then a Dockerfile CMD, a compose command, other processes, and an
    ENTRYPOINT last (often a wrapper such as `tini --`)."""
    if e.kind == "process":
        return 0 if e.name == "web" else 3
    return 1 if e.name == "CMD" else 4 if "entrypoint" in e.name.lower() else 2


def _start_here(found: list[EntryPoint], repo: Repo) -> set[EntryPoint]:
    """The two or three a newcomer should try first: up to two console scripts, the command that
    serves the app (a Procfile `web` line, a container command), then the top package's
    `python -m` or `manage.py`; with none of those in a repository not packaged for others, up
    to two scripts at its root (`python train.py`; a packaged library's root script is a build
    helper such as `versioneer.py`)."""
    tops = {f"python -m {p}" for p in repo.root_packages} | {"python manage.py"}
    ordered = sorted(found, key=lambda e: (e.path or "", e.line or 0, e.name))
    scripts = sorted((e for e in ordered if e.kind in ("console_script", "gui_script") and e.scope == "package"),
                     key=lambda e: e.kind != "console_script")[:2]
    serving = sorted((e for e in ordered if e.kind in ("process", "container") and e.scope == "package"), key=_serving_rank)[:1]
    mains = [e for e in ordered if e.kind == "main_module" and e.name in tops]
    picked = (scripts + serving + mains)[:_START_LIMIT]
    if not picked and not repo.metadata.name:  # nothing installed or served: the scripts at the root are how it runs
        picked = [e for e in ordered if e.kind in ("main_module", "script") and e.path and "/" not in e.path][:2]
    return set(picked)


_MODULE_IN_COMMAND = re.compile(r"(?<![\w./-])([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*):[A-Za-z_]\w*")


def started_modules(entries: tuple[EntryPoint, ...], g: ImportGraph) -> dict[str, str]:
    """Module name -> how it is started, for the modules that host an entry point or that a
    container, process or developer command names (`uvicorn platform_api.main:app`)."""
    by_path = {m.path: name for name, m in g.modules.items() if m is not None}
    found: dict[str, str] = {}
    for e in entries:
        if e.kind in ("container", "process", "dev_command"):
            for module in _MODULE_IN_COMMAND.findall(e.target):
                if module in g.modules:
                    found.setdefault(module, f"started by {e.path}: {e.target[:80]}")
        elif e.path in by_path:
            found.setdefault(by_path[e.path], f"{e.kind.replace('_', ' ')} {e.name}")
    return found


def _run_command(command: RunCommand, packages: frozenset[str]) -> EntryPoint:
    """A container, process or developer command, scoped by its file's folders (a Dockerfile
    under `tests/` is tests); a developer command's help (`## Run the tests` in a Makefile, a
    poe `help`) goes to `detail.help`."""
    text, help_text = command.command, ""
    if command.kind == "dev_command" and "  # " in text:
        text, _, help_text = text.partition("  # ")
    return EntryPoint(command.kind, command.name, text, command.path, command.line, folder_scope(command.path, packages),
                      (("help", help_text),) if help_text else ())


def _guarded(problems: list[str], name: str, finder, *args) -> list[EntryPoint]:
    """One finder's entry points; a bug of ours in it (a shape of code nobody foresaw) costs
    that finder's results, said as a problem, not the whole report."""
    try:
        return finder(*args)
    except Exception as error:  # noqa: BLE001 - RecursionError included; reported, never silent
        problems.append(f"onboard could not finish looking for {name} ({type(error).__name__}: {str(error)[:160]}); please report it")
        return []


def entry_points(repo: Repo, g: ImportGraph, commands: tuple[RunCommand, ...],
                 user: dict[str, str] | None = None, model: ProgramModel | None = None) -> tuple[tuple[EntryPoint, ...], tuple[str, ...]]:
    """Every way in, sorted: start-here first, then by kind, package scope first, path and line;
    and the problems met (a finder that failed)."""
    symbols = Symbols(g)
    objects = Objects(symbols)
    problems: list[str] = []
    packages = package_dirs(m.path for m in repo.modules)
    found = _metadata_entries(repo, g, symbols) + _scripts(repo) + _main_modules(repo) + _run_by_path(repo, packages)
    found += [_run_command(c, packages) for c in commands if c.kind != "lambda_handler"]
    scripts = [e for e in found if e.kind in ("console_script", "gui_script")]
    programs = {e.target.replace(" ", ""): e.name for e in scripts}  # and where a re-exported target is defined:
    programs.update({dict(e.detail)["defined_in"]: e.name for e in scripts if "defined_in" in dict(e.detail)})
    found += _guarded(problems, "command-line commands", command_trees, symbols, objects, programs, model)
    found += _guarded(problems, "dispatch tables", dispatch_tables, repo)
    found += _guarded(problems, "web routes", web_routes, symbols, objects, model)
    found += _guarded(problems, "Django routes", django_routes, symbols, objects)
    in_code = _guarded(problems, "tasks and handlers", handlers, symbols, objects, user or {}, model)
    found += _declared_handlers(g, [c for c in commands if c.kind == "lambda_handler"], in_code)
    found += notebook_entries(repo)
    first = _start_here(found, repo)
    found = [replace(e, start_here=True) if e in first else e for e in found]
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}

    def key(e: EntryPoint):
        return (not e.start_here, order.get(e.kind, len(order)), e.kind, e.scope != "package", e.path or "", e.line or 0, e.name, e.target,
                e.scope, e.detail)

    return tuple(sorted(set(found), key=key)), tuple(problems)
