"""Where a docstring would help most: undocumented modules ranked by how much a newcomer meets
them, and the undocumented functions that start the program.

What it finds: the package modules without a module docstring, ranked by fan-in (how many
package modules import them), then by the entry points they declare, then by size, each with
the reason in words (generated migrations left out); and the package's entry points whose
target function or class has no docstring (the start-here ones first, then console scripts,
commands, routes and tasks: the code a newcomer opens first). Why it matters: a docstring on a
module imported by twenty others, or on the function behind `orderdesk serve`, is read by every
newcomer; one on a leaf helper is read by few. Limits: importance counts imports inside the
package only.
"""

from __future__ import annotations

from collections import Counter

from onboard.analyses.docs import DocsResult, ModuleDocs
from onboard.analyses.objects import EntryPoint
from onboard.frozen import record
from onboard.graph import ImportGraph
from onboard.knowledge import FRAMEWORK_DISCOVERED_PACKAGES

MOST = 10
_GENERATED = frozenset({"migrations", "versions"})  # Django and Alembic migrations


@record
class Priority:
    """An undocumented module and why it matters."""

    module: str
    path: str
    missing: int
    total: int
    reason: str


@record
class Wanted:
    """An entry point whose function or class has no docstring."""

    target: str  # module:function
    path: str
    line: int
    how: str  # what kind of way in: "console script", "web route"
    name: str  # its name: "orderdesk", "GET /x", "orderdesk db upgrade"


def _reason(fan_in: int, declared: int, lines: int) -> str:
    parts = []
    if fan_in:
        parts.append(f"imported by {fan_in} module{'s' if fan_in != 1 else ''}")
    if declared:
        parts.append(f"declares {declared} entry point{'s' if declared != 1 else ''}")
    parts.append(f"{lines:,} lines")
    return ", ".join(parts)


def ranked_modules(docs: DocsResult, g: ImportGraph, entry_points: tuple[EntryPoint, ...]) -> tuple[Priority, ...]:
    """The undocumented modules, most met first."""
    declared = Counter(e.path for e in entry_points)
    found = []
    for m in docs.undocumented:
        if FRAMEWORK_DISCOVERED_PACKAGES.intersection(m.module.split(".")[:-1]) & _GENERATED:
            continue  # a generated migration is not where a newcomer needs a docstring
        module = g.modules.get(m.module)
        fan_in = sum(1 for importer in g.graph.predecessors(m.module) if importer in g.modules and g.modules[importer].scope == "package") \
            if m.module in g.graph else 0
        lines = module.facts.lines if module is not None else 0
        found.append(((-fan_in, -declared[m.path], -lines, m.path), Priority(m.module, m.path, len(m.missing), m.total,
                                                                              _reason(fan_in, declared[m.path], lines))))
    return tuple(p for _, p in sorted(found, key=lambda pair: pair[0]))


_KIND_WORDS = {"console_script": "console script", "gui_script": "GUI script", "cli_command": "command", "web_route": "web route",
               "task": "task", "airflow_dag": "Airflow DAG", "lambda_handler": "Lambda handler", "django_command": "management command",
               "entry_point": "plugin"}
_KIND_RANK = {kind: i for i, kind in enumerate(_KIND_WORDS)}


def wanted(docs: DocsResult, entry_points: tuple[EntryPoint, ...]) -> tuple[Wanted, ...]:
    """Entry-point targets without a docstring: start-here first, then by kind, path and line."""
    targets = {e.target.partition(":")[0] for e in entry_points}  # only their modules' items are looked up
    missing: dict[tuple[str, str], tuple[ModuleDocs, int]] = {}
    for m in docs.modules:
        for item in m.missing if m.module in targets else ():
            if item.kind in ("function", "class"):
                missing[(m.module, item.name)] = (m, item.line)
    found: dict[str, tuple[tuple, Wanted]] = {}
    for e in entry_points:
        module, _, function = e.target.partition(":")
        hit = missing.get((module, function)) if e.kind in _KIND_WORDS and function and e.scope == "package" else None
        if hit is None or e.target in found:
            continue
        shown = f"{dict(e.detail).get('program')} {e.name}" if e.kind == "cli_command" and dict(e.detail).get("program") else e.name
        key = (not e.start_here, _KIND_RANK[e.kind], hit[0].path, hit[1])
        found[e.target] = (key, Wanted(e.target, hit[0].path, hit[1], _KIND_WORDS[e.kind], shown))
    return tuple(w for _, w in sorted(found.values(), key=lambda pair: pair[0]))[:MOST * 2]
