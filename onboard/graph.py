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
from operator import attrgetter
from typing import NamedTuple

from onboard.digraph import DiGraph
from onboard.facts import Import
from onboard.frozen import maker, record
from onboard.knowledge import STUB_ONLY_STDLIB
from onboard.model.repo import Module, Repo

_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) | {"__future__", "__main__", "__builtin__"} | STUB_ONLY_STDLIB


@record
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


@record
class Unresolved:
    """An import onboard could not map to a module."""

    importer: str
    path: str
    line: int
    target: str
    why: str  # "missing-module" | "not-analysed" (its file exists but could not be analysed) | "beyond-top-level"


@record
class ExternalUse:
    """A top-level name imported from outside the repository."""

    name: str
    stdlib: bool
    modules: tuple[str, ...]  # importers, sorted
    packages: tuple[str, ...]  # the importers' top-level packages, sorted
    path: str  # first use
    line: int


@record
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


_KEYWORDS = frozenset(keyword.kwlist)


def importable(name: str) -> bool:
    """Whether an import statement can name the module: every dotted part an identifier, not a keyword."""
    parts = name.split(".")
    return all(map(str.isidentifier, parts)) and _KEYWORDS.isdisjoint(parts)


def _namespaces(names) -> set[str]:
    """Every dotted prefix of the names that is no name itself: a folder that holds modules."""
    found: set[str] = set()
    for prefix in names:
        while "." in prefix:
            prefix = prefix.rpartition(".")[0]
            if prefix in found:  # and with it every prefix of its own
                break
            found.add(prefix)
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


class _Importer(NamedTuple):
    """What resolving an importer's imports needs to know of it, worked out once an importer."""

    name: str
    is_package: bool  # a relative import counts from the module itself (a package, or a namespace: no module)
    folder: str | None  # where a bare name may be a sibling of the importer (`_Resolver.sibling`); None: nowhere
    fallback_only: bool  # ... but only in an `except ImportError:` fallback


class _Resolver:
    def __init__(self, nodes: dict[str, Module], unanalysed: tuple[str, ...] = ()) -> None:
        self.unanalysed = set(unanalysed)
        self.namespaces = _namespaces(nodes)
        self.known = set(nodes) | self.namespaces
        self.nodes = nodes
        self.tops = _internal_tops(nodes)
        self.packages = {name for name, module in nodes.items() if _is_package(module)}
        self._absolute: dict[tuple[str, str | None], tuple[str | None, str | None]] = {}  # (module, name) -> `target`

    def importer(self, name: str) -> _Importer:
        """A test or script imports the modules beside it by bare name (its folder is on
        `sys.path` when it runs, and pytest puts it there for tests); so does old code's
        `except ImportError:` fallback inside a package (Python 2's implicit relative import).
        What a package module tries first is absolute: `try: from airflow import DAG` in
        `plugins/airflow/utils.py` is the library, not `plugins/airflow/airflow.py`."""
        module = self.nodes.get(name)
        folder = name.rpartition(".")[0]
        is_package = name in self.packages or module is None
        if module is None or not folder or name in self.packages:
            return _Importer(name, is_package, None, False)
        return _Importer(name, is_package, folder, module.scope == "package" or folder in self.packages)

    def sibling(self, importer: _Importer, target: str, fallback: bool) -> str | None:
        """The importer's sibling a bare-name import names, if any (see `importer`)."""
        if importer.folder is None or (importer.fallback_only and not fallback):
            return None
        candidate, top = f"{importer.folder}.{target}", f"{importer.folder}.{target.partition('.')[0]}"
        if top == importer.name:  # `import dropbox` in `contrib/dropbox.py` is the library: a module never imports itself by name
            return None
        return candidate if candidate in self.known or top in self.known else None

    def target(self, importer: _Importer, imp: Import) -> tuple[str | None, str | None]:
        """(the internal module imported, problem); an external import gives (None, None)."""
        if imp.level:
            base = _base(importer.name, importer.is_package, imp.level)
            if base is None:
                return None, "beyond-top-level"
            return self._named(f"{base}.{imp.module}" if imp.module else base, imp.name)
        if importer.folder is not None and imp.module and (imp.fallback or not importer.fallback_only):  # `sibling`'s own first test, made here: most imports have no sibling to look for
            sibling = self.sibling(importer, imp.module, imp.fallback)
            if sibling is not None:
                return self._named(sibling, imp.name)
        # no sibling: what an absolute import names is the same from every importer, so it is
        # kept (Django: 14,300 absolute imports, 3,000 different)
        key = (imp.module, imp.name)
        found = self._absolute.get(key)
        if found is None:
            internal = imp.module.partition(".")[0] in self.tops
            found = self._absolute[key] = self._named(imp.module, imp.name) if internal else (None, None)
        return found

    def _named(self, target: str, name: str | None) -> tuple[str | None, str | None]:
        """What `from target import name` (`import target`: no name) imports of the repository."""
        if name and name != "*" and f"{target}.{name}" in self.known:
            return f"{target}.{name}", None
        if target in self.nodes or (target in self.namespaces and name in (None, "*")):
            return target, None  # a namespace package has no attributes to import
        if target in self.unanalysed or (name and f"{target}.{name}" in self.unanalysed):
            return None, "not-analysed"
        return None, "missing-module"


_LINE, _TYPE_CHECKING, _CONDITIONAL, _LAZY, _DYNAMIC = map(attrgetter, ("line", "type_checking", "conditional", "lazy", "dynamic"))
_edge_of = maker(Edge)  # thousands a run (`onboard.frozen`)
_external_import = maker(ExternalImport)


def _edge(importer: str, imported: str, imps: list[Import]) -> Edge:
    """The edge of every import of `imported` by `importer`; a flag holds when it holds for all."""
    if len(imps) == 1:  # most edges: nothing to merge or sort
        imp = imps[0]
        return _edge_of(importer, imported, (imp.line,), imp.type_checking, imp.conditional, imp.lazy, imp.dynamic)
    return _edge_of(importer, imported, tuple(sorted(set(map(_LINE, imps)))), all(map(_TYPE_CHECKING, imps)),
                    all(map(_CONDITIONAL, imps)), all(map(_LAZY, imps)), all(map(_DYNAMIC, imps)))


def build_graph(repo: Repo) -> ImportGraph:
    """The internal import graph of `repo`, with unresolved and external imports listed."""
    nodes, clashes = _nodes(repo)
    resolver = _Resolver({n: m for n, m in nodes.items() if m.kind != "notebook"}, repo.unanalysed_modules)
    graph = DiGraph()
    named = {n for n in nodes if importable(n)}
    named |= _namespaces(named)  # a folder that holds only unimportable files is none
    named |= {n for n, m in nodes.items() if m.kind == "notebook"}  # a node that imports, never imported
    graph.add_nodes_from(sorted(named))
    edges: list[Edge] = []
    unresolved, external, external_imports = [], defaultdict(list), []
    for name, module in sorted(nodes.items()):  # the edges come out sorted: by importer, then (below) imported
        importer, found, is_node = resolver.importer(name), {}, name in named
        for imp in module.facts.imports:
            target, problem = resolver.target(importer, imp)
            if target is not None:
                if is_node and target != name and target in named:
                    found.setdefault(target, []).append(imp)
            elif problem:
                shown = "." * imp.level + imp.module + (f" ({imp.name})" if imp.name else "")
                unresolved.append(Unresolved(name, module.path, imp.line, shown, problem))
            elif imp.level == 0 and imp.module:
                external[imp.module.partition(".")[0]].append((name, module.path, imp.line))
                full = f"{imp.module}.{imp.name}" if imp.name and imp.name != "*" else imp.module
                external_imports.append(_external_import(full, name, module.path, imp.line,
                                                         imp.conditional or imp.type_checking or imp.lazy))
        edges.extend(_edge(name, imported, imps) for imported, imps in sorted(found.items()))
    graph.add_edges_from((edge.importer, edge.imported, {"edge": edge}) for edge in edges)
    uses = [
        ExternalUse(name, name in _STDLIB, tuple(sorted({u[0] for u in found_uses})),
                    tuple(sorted({u[0].split(".")[0] for u in found_uses})), *min((u[1], u[2]) for u in found_uses))
        for name, found_uses in sorted(external.items())
    ]
    unresolved.sort(key=lambda u: (u.path, u.line, u.target))
    external_imports.sort(key=lambda e: (e.path, e.line, e.module))
    return ImportGraph(graph, nodes, edges, unresolved, uses, clashes, external_imports)
