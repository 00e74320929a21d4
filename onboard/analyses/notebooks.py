"""What the repository's Jupyter notebooks are and what they feed: a pure analysis over the model.

What it finds: each notebook analysed (its summary, the package modules it imports, its
third-party imports, the services and environment variables it touches, the cell tagged
`parameters` and the names it sets, the code cells left out), the package modules the notebooks
use ("used by 17 notebooks"), each notebook as a way in (`jupyter nbconvert --execute`, or
papermill with its parameters), and, for a library whose examples are notebooks, the notebook
to start with.
Why it matters: ML teams keep half their logic in notebooks; what they import from the package
is its real API, and what they touch needs credentials too.
Example: `examples/00_quick_start/x.ipynb` imports `pkg.data` and reads `DATA_BUCKET` at
`x.ipynb:cell 3:2`.
Limits: the code cells are read as one module in order, as "Run all" runs them; a cell magic
other than `%%time`-like ones is left out, and so is what `!shell` lines and `%run` do.
"""

from __future__ import annotations

import re

from onboard.analyses.env_vars import EnvReport
from onboard.analyses.objects import EntryPoint
from onboard.analyses.reading import ReadingOrder, Step
from onboard.analyses.usage import Usage
from onboard.frozen import record
from onboard.graph import ImportGraph
from onboard.model.repo import Module, NotAnalysed, Repo

# Folders whose notebooks are a library's examples (the first one is where a reader starts).
EXAMPLE_FOLDERS = frozenset({"examples", "example", "tutorials", "tutorial", "notebooks", "docs", "doc", "demo", "demos",
                             "quickstart", "getting_started", "cookbook", "samples"})


@record
class Notebook:
    """One analysed notebook and what it touches."""

    path: str
    summary: str  # the first line of its first Markdown cell
    cells: int
    code_cells: int
    uses: tuple[str, ...]  # package modules it imports
    imports: tuple[str, ...]  # top-level names of what it imports from outside the repository
    services: tuple[str, ...]  # "category: provider service" with evidence in the notebook
    env_vars: tuple[str, ...]
    parameters_cell: int | None
    parameters: tuple[str, ...]
    left_out: tuple[tuple[int, str, str], ...]  # (cell, reason, message) of code cells not analysed


@record
class UsedBy:
    """A module of the repository that notebooks import, and which."""

    module: str
    path: str
    notebooks: tuple[str, ...]


@record
class Notebooks:
    """The notebooks section of the report."""

    notebooks: tuple[Notebook, ...] = ()
    used_by: tuple[UsedBy, ...] = ()  # most used first
    not_analysed: tuple[NotAnalysed, ...] = ()


def _label(u: Usage) -> str:
    return f"{u.category}: " + (" ".join(x for x in (u.provider, u.service) if x) or "?")


def _notebook(module: Module, g: ImportGraph, services: tuple[Usage, ...], env: EnvReport) -> Notebook:
    info = module.facts.notebook
    uses = tuple(sorted(g.graph.successors(module.name))) if module.name in g.graph else ()
    stdlib = {u.name for u in g.external if u.stdlib}
    external = tuple(sorted({e.top for e in g.external_imports if e.path == module.path and e.top not in stdlib}))
    touched = tuple(sorted({_label(u) for u in services if any(e.path == module.path for e in u.evidence)}))
    names = tuple(sorted({v.name or "(name not literal)" for v in env.variables if any(r.path == module.path for r in v.reads)}))
    return Notebook(module.path, module.facts.module_summary, info.cells, info.code_cells, uses, external, touched, names,
                    info.parameters_cell, info.parameters, info.left_out)


def notebooks(repo: Repo, g: ImportGraph, services: tuple[Usage, ...], env: EnvReport) -> Notebooks:
    """The notebooks, the modules they use and the notebooks that could not be analysed."""
    found = tuple(_notebook(m, g, services, env) for m in repo.modules if m.kind == "notebook" and m.facts.notebook is not None)
    users: dict[str, list[str]] = {}
    for notebook in found:
        for name in notebook.uses:
            users.setdefault(name, []).append(notebook.path)
    used_by = tuple(sorted((UsedBy(name, g.modules[name].path if g.modules.get(name) else "", tuple(paths)) for name, paths in users.items()),
                           key=lambda u: (-len(u.notebooks), u.module)))
    failed = tuple(n for n in repo.not_analysed if n.path.endswith(".ipynb"))
    return Notebooks(found, used_by, failed)


def notebook_entries(repo: Repo) -> list[EntryPoint]:
    """Each notebook as a way in: executed top to bottom by nbconvert, or by papermill with the
    values of its `parameters` cell overridden (`detail.parameters`, `detail.parameters_cell`)."""
    entries = []
    for module in repo.modules:
        info = module.facts.notebook if module.kind == "notebook" else None
        if info is None:
            continue
        detail = [("papermill", f"papermill {module.path} out.ipynb" + "".join(f" -p {name} …" for name in info.parameters))]
        if info.parameters_cell is not None:
            detail += [("parameters", ", ".join(info.parameters) or "(none assigned)"), ("parameters_cell", str(info.parameters_cell))]
        entries.append(EntryPoint("notebook", module.path, f"jupyter nbconvert --to notebook --execute {module.path}", module.path, None,
                                  module.scope, tuple(sorted(detail))))
    return entries


def _natural(path: str) -> tuple:
    """Sort key: `2_x` before `10_x`, folders before their subfolders' names."""
    return tuple(int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", path))


def first_notebook(found: Notebooks, library: bool) -> Step | None:
    """For a library whose examples are notebooks, the example notebook to start with: among
    those that import the package, the first by name in an examples-like folder."""
    if not library:
        return None
    candidates = [nb for nb in found.notebooks if nb.uses and set(nb.path.split("/")[:-1]) & EXAMPLE_FOLDERS]
    if not candidates:
        return None
    first = min(candidates, key=lambda nb: _natural(nb.path))
    reason = (f"start here: the first of {len(candidates)} example notebook{'s' if len(candidates) > 1 else ''} by name; "
              f"it uses {', '.join(first.uses[:3])}{' and more' if len(first.uses) > 3 else ''}")
    return Step(first.path, first.path, reason, first.summary, True)


def with_first_notebook(order: ReadingOrder, step: Step | None) -> ReadingOrder:
    """The reading order with the example notebook to start with put first."""
    return order if step is None else ReadingOrder((step, *order.steps), order.rest)
