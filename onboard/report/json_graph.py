"""The `graph` section of the JSON report: modules, edges, and what the structure analysis found."""

from __future__ import annotations

from onboard.analyses.structure import Link, Ranked
from onboard.report.rows import Rows
from onboard.results import Report


def _link(link: Link) -> dict:
    return {"importer": link.importer, "imported": link.imported, "path": link.path, "line": link.line}


def _ranked(row: Ranked) -> dict:
    return {"module": row.module, "path": row.path, "fan_in": row.fan_in, "fan_out": row.fan_out, "pagerank": row.pagerank}


_MODULE = ("name", "path", "scope", "kind")
_EDGE = ("importer", "imported", "lines", "type_checking_only", "conditional", "lazy", "dynamic")


def graph_section(report: Report, rows: bool = False) -> dict:
    """Everything about the import graph, sorted. With `rows`, the modules and edges (thousands)
    are `Rows` (for `dumps`), else their objects."""
    g, s = report.graph, report.structure
    known = g.modules
    modules = Rows(_MODULE, [(name, known[name].path, known[name].scope, known[name].kind) if name in known else (name, None, None, "namespace")
                             for name in sorted(g.graph)])
    edges = Rows(_EDGE, [(e.importer, e.imported, list(e.lines), e.type_checking_only, e.conditional, e.lazy, e.dynamic) for e in g.edges])
    return {
        "modules": modules if rows else modules.objects(),
        "edges": edges if rows else edges.objects(),
        "cycles": [{"modules": list(c.modules), "loop": [_link(link) for link in c.loop], "import_time": c.import_time} for c in s.cycles],
        "layers": [{"level": layer.level, "packages": list(layer.packages)} for layer in s.layers],
        "weakest_links": [{"importer": u, "imported": v, "imports": w} for u, v, w in s.weakest_links],
        "upward_imports": [_link(link) for link in s.upward],
        "package_edges": [{"importer": u, "imported": v, "imports": w} for u, v, w in s.package_graph],
        "core": [_ranked(r) for r in s.core],
        "hubs": [_ranked(r) for r in s.hubs],
        "orphans": [{"module": o.module, "path": o.path, "imported_by_tests": o.imported_by_tests} for o in s.orphans],
        "public_api": list(s.public_api),
        "inner_layers": {"package": s.inner_package, "layers": [{"level": x.level, "modules": list(x.packages)} for x in s.inner_layers]},
        "reading_order": [{"module": r.module, "path": r.path, "reason": r.reason, "summary": r.summary} for r in report.reading.steps],
        "reading_rest": [{"package": p, "modules": n} for p, n in report.reading.rest],
        "unresolved": [{"importer": u.importer, "path": u.path, "line": u.line, "target": u.target, "why": u.why} for u in g.unresolved],
        "external": [
            {"name": x.name, "stdlib": x.stdlib, "importers": len(x.modules), "packages": list(x.packages), "path": x.path, "line": x.line}
            for x in g.external
        ],
    }
