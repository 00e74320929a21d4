"""What kind of repository this is, decided from evidence and stated with it: a web service, a
worker, a command-line tool, a framework or plugin host, a library (packaged, with none of
those), ML research, another application, a monorepo of several projects, or scripts.

What it finds: the kind from the ways in of the package scope (routes, tasks and DAGs, command
lines and console scripts), the layout, the packaging metadata and a few telling imports (a
plugin manager or an entry-point group read in the package; machine-learning libraries in code
nobody packaged), with the evidence in words. Why it matters: the guide's claims adapt to it; in
a library, the public modules nothing in the package imports are its API, not dead code.
Limits: a repository that is several things at once gets the one with the most ways in (ties:
web service, worker, command-line tool), and an application that also loads plugins keeps its
role (the plugins are said in the evidence); notebooks are not weighed yet.
"""

from __future__ import annotations

from onboard.analyses.objects import EntryPoint
from onboard.frozen import record
from onboard.knowledge import PLUGIN_LOADER_MODULES, PLUGIN_LOADER_NAMES, RESEARCH_LIBRARIES
from onboard.model.repo import Repo

# (kind, the entry-point kinds that make it, how the evidence reads), first match wins
API_NAMES = 10  # a top-level package gathering this many public names is what its users import
_APPLICATIONS = (
    ("web service", ("web_route",), "web routes"),
    ("worker", ("task", "airflow_dag", "lambda_handler"), "tasks, DAGs or handlers"),
    ("command-line tool", ("console_script", "gui_script", "cli_command"), "commands"),
)


@record
class Kind:
    """The kind of repository, with the evidence for it."""

    kind: str
    evidence: tuple[str, ...]

    @property
    def library(self) -> bool:
        """Whether its users import its modules: a library, or a framework they build on."""
        return self.kind in ("library", "framework or plugin host")


def _plugin_loader(repo: Repo) -> str | None:
    """Where the package loads plugins: `pluggy in app.hooks`, or None."""
    for module in sorted((m for m in repo.modules if m.scope == "package"), key=lambda m: m.name):
        for imp in module.facts.imports:
            top = imp.module.split(".")[0]
            if imp.level == 0 and (top in PLUGIN_LOADER_MODULES or (imp.module, imp.name) in PLUGIN_LOADER_NAMES):
                what = top if top in PLUGIN_LOADER_MODULES else f"{imp.module}.{imp.name}"
                return f"loads plugins through {what} in {module.name}"
    return None


def _research(repo: Repo) -> str | None:
    """The machine-learning libraries the code outside the tests imports, in words, or None."""
    found: dict[str, set[str]] = {}
    for module in repo.modules:
        if module.scope in ("tests", "vendored", "docs"):
            continue
        for imp in module.facts.imports:
            top = imp.module.split(".")[0]
            if imp.level == 0 and top in RESEARCH_LIBRARIES:
                found.setdefault(top, set()).add(module.path)
    if not found:
        return None
    files = len(set().union(*found.values()))
    return f"imports {', '.join(sorted(found))} in {files} file{'s' if files != 1 else ''}"


def _public_api(repo: Repo) -> str | None:
    """`luigi re-exports 40 names from its modules`: a top-level package whose `__init__` gathers
    at least `API_NAMES` public names from its own modules and defines fewer than it gathers (a
    facade for its users, as `flask` and `luigi` have), or None."""
    for module in sorted((m for m in repo.modules if m.scope == "package" and m.kind == "module"), key=lambda m: m.name):
        if module.name not in repo.root_packages or not module.path.endswith("__init__.py"):
            continue
        own = (module.name, module.name + ".")
        names = {i.alias or i.name for i in module.facts.imports
                 if i.name and i.name != "*" and not i.lazy and not i.type_checking and not (i.alias or i.name).startswith("_")
                 and (i.level > 0 or i.module == own[0] or i.module.startswith(own[1]))}
        defined = sum(1 for d in module.facts.definitions if d.parent < 0)
        if len(names) >= API_NAMES and defined < len(names):
            return f"{module.name} re-exports {len(names)} names from its modules for its users"
    return None


def repository_kind(repo: Repo, ways_in: tuple[EntryPoint, ...]) -> Kind:
    """The kind of `repo`, from its package-scope ways in, layout, metadata and telling imports."""
    if repo.layout == "monorepo" or len(repo.projects) > 1:
        return Kind("monorepo", (f"{len(repo.projects)} projects: " + ", ".join(repo.projects[:5]),))
    package = [e for e in ways_in if e.scope == "package"]
    counted = [([e for e in package if e.kind in entry_kinds], -rank, kind, words)
               for rank, (kind, entry_kinds, words) in enumerate(_APPLICATIONS)]
    found, _, kind, words = max(counted, key=lambda c: (len(c[0]), c[1]))
    plugins = _plugin_loader(repo)
    api = _public_api(repo) if found and repo.metadata.name else None
    if api:  # built on by its users; its own routes and commands are tools that come with it
        return Kind("library", (api, f"also {len(found)} {words} of its own, e.g. {found[0].name}"))
    if found:
        return Kind(kind, (f"{len(found)} {words} in the package, e.g. {found[0].name}",) + ((plugins,) if plugins else ()))
    has_package = any(m.scope == "package" and m.kind == "module" for m in repo.modules)
    if has_package and plugins:
        return Kind("framework or plugin host", (plugins,) + ((f"packaged as {repo.metadata.name}",) if repo.metadata.name else ()))
    if has_package and repo.metadata.name:
        return Kind("library", (f"packaged as {repo.metadata.name}, with no web route, task or command of its own",))
    research = _research(repo)
    if research:  # models trained and evaluated by code nobody packaged for others
        return Kind("ML research", (research, "not packaged, with no web route, task or command"))
    if has_package:  # code that is not packaged for others to install: an application whose way in onboard does not see
        return Kind("application", ("a package with no packaging metadata and no way in onboard recognises",))
    scripts = [e for e in ways_in if e.kind in ("main_module", "script", "setup_script")]
    return Kind("scripts", (f"{len(scripts)} scripts and no package",))
