"""Where to start reading: a short, justified path through the package for a newcomer.

What it finds: the modules that start the program (in a library, its top-level packages, which
its users import; console scripts and other entry points from the metadata, the files the
README's first paragraph names, `__main__` modules, modules with a main guard, then the modules that declare the
most routes, tasks, commands, DAGs or handlers), then the most imported modules those reach,
listed foundation first (a module before the modules that import it), each with a one-line
reason and its docstring's first line. At most `LIMIT` modules; the rest are counted per
package. Limits: reach follows imports only.
"""

from __future__ import annotations

import re
from collections import Counter

from onboard.analyses.objects import EntryPoint
from onboard.analyses.structure import package_of
from onboard.digraph import DiGraph, condensation, descendants, lexicographical_topological_sort
from onboard.frozen import record
from onboard.graph import ImportGraph
from onboard.knowledge import TOOLING_FILES
from onboard.model.repo import Repo

LIMIT = 15
_FILE_NAME = re.compile(r"(?<![\w/.-])(?:\./)?[\w/-]*\w\.py\b")
ENTRY_LIMIT = 6


@record
class Step:
    """One module to read, and why."""

    module: str
    path: str
    reason: str
    summary: str  # the docstring's first line, "" when undocumented
    entry: bool = False  # a way in or what declares ways in, not a module of the core they reach
    importers: int = 0  # package modules that import it


@record
class ReadingOrder:
    """The steps, and how many package modules are left, per package."""

    steps: tuple[Step, ...]
    rest: tuple[tuple[str, int], ...]


_DECLARED_KINDS = {"web_route": ("web route", "web routes"), "task": ("task", "tasks"), "cli_command": ("command", "commands"),
                   "airflow_dag": ("Airflow DAG", "Airflow DAGs"), "lambda_handler": ("Lambda handler", "Lambda handlers"),
                   "django_command": ("management command", "management commands")}


def _declaring(g: ImportGraph, entry_points: tuple[EntryPoint, ...]) -> list[tuple[str, str]]:
    """Package modules that declare routes, tasks, commands, DAGs or handlers, the most first."""
    by_path = {m.path: name for name, m in g.modules.items() if m is not None and m.scope == "package"}
    counts: dict[str, Counter] = {}
    for e in entry_points:
        if e.kind in _DECLARED_KINDS and e.path in by_path:
            counts.setdefault(by_path[e.path], Counter())[e.kind] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    return [(name, "declares " + ", ".join(f"{n} {_DECLARED_KINDS[k][n != 1]}" for k, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))))
            for name, c in ranked]


def _named_in_readme(paragraph: str | None, g: ImportGraph) -> list[str]:
    """The package modules whose file the README's first paragraph names (`train.py`,
    `app/main.py`), in the order it names them; a bare file name counts when one file has it."""
    by_path = {m.path: name for name, m in g.modules.items() if m.scope == "package" and m.kind == "module"}
    by_file: dict[str, list[str]] = {}
    for path, name in by_path.items():
        by_file.setdefault(path.rsplit("/", 1)[-1], []).append(name)
    named = []
    for word in _FILE_NAME.findall(paragraph or ""):
        word = word.removeprefix("./")
        same = [by_path[word]] if word in by_path else by_file.get(word, []) if "/" not in word else []
        name = same[0] if len(same) == 1 else None
        if name and name not in named:
            named.append(name)
    return named


def _entries(repo: Repo, g: ImportGraph, entry_points: tuple[EntryPoint, ...], started: dict[str, str] | None,
             library: bool = False) -> list[tuple[str, str]]:
    found: dict[str, str] = {}
    by_path = {m.path: name for name, m in g.modules.items() if m is not None}
    for e in entry_points:  # a script to start with, outside the package (`python train.py`): how the code runs
        if (e.start_here and e.kind in ("main_module", "script") and e.scope != "package" and e.path in by_path
                and e.path.rsplit("/", 1)[-1] not in TOOLING_FILES):  # `manage.py` is boilerplate, what it starts is not
            found.setdefault(by_path[e.path], f"start here: {e.name}")
    for name in repo.root_packages if library else ():  # what a library's users import comes first
        module = g.modules.get(name)
        if module is not None and module.scope == "package" and module.kind == "module":
            found[name] = "what its users import: the library's public API"
    for group, items in sorted(repo.metadata.entry_points.items()):
        for name, target in sorted(items.items()):
            module = target.split(":")[0].strip()
            if module in g.modules and module not in found:
                kind = "console script" if group == "console_scripts" else f"entry point ({group})"
                found[module] = f"starts the program: {kind} {name} runs {target.strip()}"
    for name in _named_in_readme(repo.metadata.readme, g):
        found.setdefault(name, "the README names it")
    for name, module in sorted(g.modules.items()):
        if module.scope != "package" or name in found:
            continue
        if module.path.rsplit("/", 1)[-1].startswith("__main__."):
            package = name.rpartition(".")[0]
            found[name] = f"runs as python -m {package}" if package else "runs when its folder is run (python <folder>)"
        elif module.facts.main_guard_line and not any(part.startswith("_") for part in name.split(".")):
            # a private module's main guard is usually a developer's test harness, not a way in
            found[name] = f"runs as a script (main guard at line {module.facts.main_guard_line})"
    for name, how in sorted((started or {}).items()):
        if how.startswith("started by") and g.modules[name].scope == "package":
            found.setdefault(name, how)  # the app a container or process serves: `uvicorn app.main:app`
    for name, reason in _declaring(g, entry_points):
        found.setdefault(name, reason)
    return list(found.items())[:ENTRY_LIMIT]


def _foundation_first(graph: DiGraph, chosen: list[str]) -> list[str]:
    """What is imported before what imports it; in `chosen`'s order (the most imported first)
    where the graph does not decide."""
    rank = {name: i for i, name in enumerate(chosen)}
    condensed = condensation(graph.subgraph(chosen).reverse())
    order = []
    for scc in lexicographical_topological_sort(condensed.graph, key=lambda s: min(rank[m] for m in condensed.members[s])):
        order.extend(sorted(condensed.members[scc]))
    return order


def reading_order(repo: Repo, g: ImportGraph, entry_points: tuple[EntryPoint, ...] = (), started: dict[str, str] | None = None,
                  library: bool = False) -> ReadingOrder:
    """Entry modules first (in a library, its top-level packages), then the core they reach,
    foundation first."""
    package = [n for n, m in g.modules.items() if m.scope == "package" and m.kind != "stub" and n in g.graph]
    graph = g.graph.subgraph(set(package) | {n for n in g.graph if n not in g.modules})
    entries = _entries(repo, g, entry_points, started, library)
    reached: set[str] = set()
    for name, _ in entries:
        if name in graph:
            reached |= descendants(graph, name)
        elif name in g.graph:  # a script outside the package: what of the package it reaches
            reached |= descendants(g.graph, name) & set(package)
    pool = [n for n in reached if n in g.modules and n not in dict(entries)]
    pool = pool or [n for n in package if n in g.modules and n not in dict(entries)]  # the entries reach nothing else
    pool.sort(key=lambda n: (-graph.in_degree(n), n))
    core = _foundation_first(graph, pool[: LIMIT - len(entries)])
    steps = [Step(n, g.modules[n].path, reason, g.modules[n].facts.module_summary, True, graph.in_degree(n) if n in graph else 0)
             for n, reason in entries]
    for name in core:
        importers = graph.in_degree(name)
        reason = (f"imported by {importers} module{'s' if importers != 1 else ''}" if importers
                  else "reached from the entry points" if name in reached else "a module of the package")
        steps.append(Step(name, g.modules[name].path, reason, g.modules[name].facts.module_summary, False, importers))
    shown = {s.module for s in steps}
    rest = Counter(package_of(n, g.modules[n].path) for n in package if n not in shown)
    return ReadingOrder(tuple(steps), tuple(sorted(rest.items())))
