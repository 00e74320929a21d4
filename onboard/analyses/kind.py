"""What kind of repository this is, decided from evidence and stated with it: a web service, a
worker, a command-line tool, a library (packaged, with none of those), another application, a
monorepo of several projects, or a collection of scripts.

What it finds: the kind from the ways in of the package scope (routes, tasks and DAGs, command
lines and console scripts) and the layout, with the evidence in words. Why it matters: the
guide's claims adapt to it; in a library, the public modules nothing in the package imports are
its API, not dead code. Limits: a repository that is several things at once gets the one with
the most ways in (ties: web service, worker, command-line tool); notebooks are not weighed.
"""

from __future__ import annotations

from dataclasses import dataclass

from onboard.analyses.objects import EntryPoint
from onboard.model.repo import Repo

# (kind, the entry-point kinds that make it, how the evidence reads), first match wins
_APPLICATIONS = (
    ("web service", ("web_route",), "web routes"),
    ("worker", ("task", "airflow_dag", "lambda_handler"), "tasks, DAGs or handlers"),
    ("command-line tool", ("console_script", "gui_script", "cli_command"), "commands"),
)


@dataclass(frozen=True)
class Kind:
    """The kind of repository, with the evidence for it."""

    kind: str
    evidence: tuple[str, ...]

    @property
    def library(self) -> bool:
        return self.kind == "library"


def repository_kind(repo: Repo, ways_in: tuple[EntryPoint, ...]) -> Kind:
    """The kind of `repo`, from its package-scope ways in, layout and metadata."""
    if repo.layout == "monorepo" or len(repo.projects) > 1:
        return Kind("monorepo", (f"{len(repo.projects)} projects: " + ", ".join(repo.projects[:5]),))
    package = [e for e in ways_in if e.scope == "package"]
    counted = [([e for e in package if e.kind in entry_kinds], -rank, kind, words)
               for rank, (kind, entry_kinds, words) in enumerate(_APPLICATIONS)]
    found, _, kind, words = max(counted, key=lambda c: (len(c[0]), c[1]))
    if found:
        return Kind(kind, (f"{len(found)} {words} in the package, e.g. {found[0].name}",))
    has_package = any(m.scope == "package" and m.kind == "module" for m in repo.modules)
    if has_package and repo.metadata.name:
        return Kind("library", (f"packaged as {repo.metadata.name}, with no web route, task or command of its own",))
    if has_package:  # code that is not packaged for others to install: an application whose way in onboard does not see
        return Kind("application", ("a package with no packaging metadata and no way in onboard recognises",))
    scripts = [e for e in ways_in if e.kind in ("main_module", "setup_script")]
    return Kind("scripts", (f"{len(scripts)} scripts and no package",))
