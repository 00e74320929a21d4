"""The graph stage: the repository's internal import graph (an `onboard.digraph.DiGraph`;
`ImportGraph.networkx()` gives it as a networkx one), built from the facts.

Nodes are the repo's modules under the model's names, plus namespace packages (folders without
`__init__.py` that hold modules) so that `from app import utils` has somewhere to point. A file
that no import statement can name (a folder `0000-rest-api`, a module `001_initial.py`, a
`run-nightly` script) is no node: its own imports still count as external or unresolved uses,
and the analyses still see it in `modules`, but it has no edges. An edge
importer -> imported keeps every line and whether all its imports are `type_checking_only`,
`conditional`, `lazy` or `dynamic`. Imports of internal-looking modules that do not exist, and
relative imports that climb above the top package, are `Unresolved`; everything else that is not
the repo's own is an external import, recorded by top-level name.
"""

from __future__ import annotations

import keyword
import sys
from collections import defaultdict
from dataclasses import dataclass

from onboard.digraph import DiGraph
from onboard.facts import Import
from onboard.knowledge import STUB_ONLY_STDLIB
from onboard.model.repo import Module, Repo

_FLAGS = ("type_checking", "conditional", "lazy", "dynamic")
_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) | {"__future__", "__main__", "__builtin__"} | STUB_ONLY_STDLIB


@dataclass(frozen=True)
class Edge:
    """One importer -> imported pair, with every line it is imported on."""

    importer: str
    imported: str
    lines: tuple[int, ...]
    type_checking_only: bool
    conditional: bool
    lazy: bool
    dynamic: bool

    @property
    def eager(self) -> bool:
        """Runs at import time (not only for type checkers, not only when a function is called)."""
        return not (self.type_checking_only or self.lazy)


@dataclass(frozen=True)
class Unresolved:
    """An import onboard could not map to a module."""

    importer: str
    path: str
    line: int
    target: str
    why: str  # "missing-module" | "not-analysed" (its file exists but could not be analysed) | "beyond-top-level"


@dataclass(frozen=True)
class ExternalUse:
    """A top-level name imported from outside the repository."""

    name: str
    stdlib: bool
    modules: tuple[str, ...]  # importers, sorted
    packages: tuple[str, ...]  # the importers' top-level packages, sorted
    path: str  # first use
    line: int


@dataclass(frozen=True)
class ExternalImport:
    """One import of a name from outside the repository, where it is and how it runs."""

    module: str  # the dotted name as imported: "google.cloud.storage"
    importer: str
    path: str
    line: int
    conditional: bool  # in try/except ImportError, under TYPE_CHECKING, or inside a function

    @property
    def top(self) -> str:
        return self.module.split(".")[0]


@dataclass
class ImportGraph:
    """The module graph and what did not resolve into it."""

    graph: DiGraph
    modules: dict[str, Module]  # module name -> module (namespace packages have none; see `importable`)
    edges: list[Edge]
    unresolved: list[Unresolved]
    external: list[ExternalUse]
    clashes: list[tuple[str, list[str]]]  # module names given by several files: (name, [used path, others...])
    external_imports: list[ExternalImport]  # every use, sorted by path and line

    def networkx(self):
        """The graph as a `networkx.DiGraph`: the same nodes, and edges with their `edge` attribute."""
        import networkx as nx

        found = nx.DiGraph()
        found.add_nodes_from(self.graph)
        found.add_edges_from(self.graph.edges(data=True))
        return found


def _nodes(repo: Repo) -> tuple[dict[str, Module], list[tuple[str, list[str]]]]:
    """One module per name, as Python would pick it: a package before a module of the same
    name, a `.py` before its stub. Names given by several files are returned as clashes."""
    nodes: dict[str, Module] = {}
    others: dict[str, list[str]] = defaultdict(list)
    order = sorted(repo.modules, key=lambda m: (m.kind == "stub", not _is_package(m), m.path))
    for module in order:
        if module.name in nodes:
            if module.kind != "stub" and nodes[module.name].kind != "stub":
                others[module.name].append(module.path)
            continue
        nodes[module.name] = module
    clashes = [(name, [nodes[name].path, *paths]) for name, paths in sorted(others.items())]
    return nodes, clashes


def importable(name: str) -> bool:
    """Whether an import statement can name the module: every dotted part an identifier, not a keyword."""
    return all(part.isidentifier() and not keyword.iskeyword(part) for part in name.split("."))


def _namespaces(names) -> set[str]:
    found = set()
    for name in names:
        parts = name.split(".")
        found.update(".".join(parts[:i]) for i in range(1, len(parts)))
    return found - set(names)


def _internal_tops(nodes: dict[str, Module]) -> set[str]:
    tops = set()
    for name, module in nodes.items():
        top = name.split(".")[0]
        # A loose script named like a standard module (`logging.py` in tools/) does not shadow it.
        if top in _STDLIB and "." not in name and not module.path.endswith("__init__.py"):
            continue
        tops.add(top)
    return tops


def _is_package(module: Module | None) -> bool:
    return module is None or module.path.rsplit("/", 1)[-1].startswith("__init__.")


def _base(importer: str, is_package: bool, level: int) -> str | None:
    base = importer if is_package else importer.rpartition(".")[0]
    for _ in range(level - 1):
        if not base:
            return None
        base = base.rpartition(".")[0]
    return base or None


class _Resolver:
    def __init__(self, nodes: dict[str, Module], unanalysed: tuple[str, ...] = ()) -> None:
        self.unanalysed = set(unanalysed)
        self.namespaces = _namespaces(nodes)
        self.known = set(nodes) | self.namespaces
        self.nodes = nodes
        self.tops = _internal_tops(nodes)
        self.packages = {name for name, module in nodes.items() if _is_package(module)}

    def _sibling(self, importer: str, target: str, fallback: bool) -> str | None:
        """A test or script imports the modules beside it by bare name (its folder is on
        `sys.path` when it runs, and pytest puts it there for tests); so does old code's
        `except ImportError:` fallback inside a package (Python 2's implicit relative import).
        What a package module tries first is absolute: `try: from airflow import DAG` in
        `plugins/airflow/utils.py` is the library, not `plugins/airflow/airflow.py`."""
        module = self.nodes.get(importer)
        folder = importer.rpartition(".")[0]
        if module is None or not folder or importer in self.packages:
            return None
        if (module.scope == "package" or folder in self.packages) and not fallback:
            return None
        candidate, top = f"{folder}.{target}", f"{folder}.{target.split('.')[0]}"
        if top == importer:  # `import dropbox` in `contrib/dropbox.py` is the library: a module never imports itself by name
            return None
        return candidate if candidate in self.known or top in self.known else None

    def targets(self, importer: str, imp: Import) -> tuple[list[str], str | None]:
        """(internal targets, problem); an external import gives ([], None) with `external` set."""
        target = imp.module
        if imp.level:
            is_package = importer in self.packages or importer not in self.nodes  # no module: a namespace
            base = _base(importer, is_package, imp.level)
            if base is None:
                return [], "beyond-top-level"
            target = f"{base}.{imp.module}" if imp.module else base
        else:
            sibling = self._sibling(importer, target, imp.fallback) if target else None
            if sibling is not None:
                target = sibling
            elif target.split(".")[0] not in self.tops:
                return [], None
        if imp.name and imp.name != "*" and f"{target}.{imp.name}" in self.known:
            return [f"{target}.{imp.name}"], None
        if target in self.nodes or (target in self.namespaces and imp.name in (None, "*")):
            return [target], None  # a namespace package has no attributes to import
        if target in self.unanalysed or (imp.name and f"{target}.{imp.name}" in self.unanalysed):
            return [], "not-analysed"
        return [], "missing-module"


def _edge(importer: str, imported: str, imps: list[Import]) -> Edge:
    """The edge of every import of `imported` by `importer`; a flag holds when it holds for all."""
    if len(imps) == 1:  # most edges: nothing to merge or sort
        imp = imps[0]
        return Edge(importer, imported, (imp.line,), imp.type_checking, imp.conditional, imp.lazy, imp.dynamic)
    flags = {flag: all(getattr(i, flag) for i in imps) for flag in _FLAGS}
    return Edge(importer, imported, tuple(sorted({i.line for i in imps})), flags["type_checking"],
                flags["conditional"], flags["lazy"], flags["dynamic"])


def build_graph(repo: Repo) -> ImportGraph:
    """The internal import graph of `repo`, with unresolved and external imports listed."""
    nodes, clashes = _nodes(repo)
    resolver = _Resolver({n: m for n, m in nodes.items() if m.kind != "notebook"}, repo.unanalysed_modules)
    graph = DiGraph()
    named = {n for n in nodes if importable(n)}
    named |= _namespaces(named)  # a folder that holds only unimportable files is none
    named |= {n for n, m in nodes.items() if m.kind == "notebook"}  # a node that imports, never imported
    graph.add_nodes_from(sorted(named))
    found: dict[tuple[str, str], list[Import]] = defaultdict(list)
    unresolved, external, external_imports = [], defaultdict(list), []
    for importer, module in sorted(nodes.items()):
        for imp in module.facts.imports:
            targets, problem = resolver.targets(importer, imp)
            if problem:
                shown = "." * imp.level + imp.module + (f" ({imp.name})" if imp.name else "")
                unresolved.append(Unresolved(importer, module.path, imp.line, shown, problem))
            elif not targets and imp.level == 0 and imp.module:
                external[imp.module.split(".")[0]].append((importer, module.path, imp.line))
                full = f"{imp.module}.{imp.name}" if imp.name and imp.name != "*" else imp.module
                external_imports.append(ExternalImport(full, importer, module.path, imp.line,
                                                       imp.conditional or imp.type_checking or imp.lazy))
            for target in targets:
                if target != importer and importer in named and target in named:
                    found[(importer, target)].append(imp)
    edges = [_edge(importer, imported, imps) for (importer, imported), imps in sorted(found.items())]
    graph.add_edges_from((edge.importer, edge.imported, {"edge": edge}) for edge in edges)
    uses = [
        ExternalUse(name, name in _STDLIB, tuple(sorted({u[0] for u in found_uses})),
                    tuple(sorted({u[0].split(".")[0] for u in found_uses})), *min((u[1], u[2]) for u in found_uses))
        for name, found_uses in sorted(external.items())
    ]
    unresolved.sort(key=lambda u: (u.path, u.line, u.target))
    external_imports.sort(key=lambda e: (e.path, e.line, e.module))
    return ImportGraph(graph, nodes, edges, unresolved, uses, clashes, external_imports)
