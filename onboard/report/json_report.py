"""The JSON report: a documented public interface (docs/report-schema.md, schema/report.schema.json).

Keys are fixed and lists are sorted, so the same input gives byte-identical output.
"""

from __future__ import annotations

from collections.abc import Iterator

from onboard.analyses.docs import Coverage, Missing
from onboard.report.json_flows import flows_section
from onboard.report.json_graph import graph_section
from onboard.report.json_notebooks import notebooks_section
from onboard.report.json_writer import dumps, dumps_utf8, utf8_chunks
from onboard.report.places import cell_maps, with_cells
from onboard.report.rows import Rows
from onboard.resolve import CallEdge, Function
from onboard.results import SCHEMA_VERSION, Report


_EXCUSED = ("name", "kind", "line", "reason")


def _coverage(c: Coverage) -> dict:
    return {"percent": c.percent, "total": c.total, "documented": c.documented}


def _metadata(report: Report) -> dict:
    meta = report.repo.metadata
    groups = meta.entry_points
    return {
        "name": meta.name, "version": meta.version, "description": meta.description,
        "requires_python": meta.requires_python,
        "dependencies": meta.dependencies,
        "optional_dependencies": meta.optional_dependencies,
        "console_scripts": groups.get("console_scripts", {}),
        "gui_scripts": groups.get("gui_scripts", {}),
        "entry_points": {g: v for g, v in groups.items() if g not in ("console_scripts", "gui_scripts")},
        "scripts": meta.scripts,
        "requirements": meta.requirements,
        "sources": meta.sources,
    }


def _repo(report: Report) -> dict:
    repo = report.repo
    return {
        "name": repo.name,
        "root_packages": list(repo.root_packages),
        "source_roots": list(repo.source_roots),
        "layout": repo.layout,
        "projects": list(repo.projects),
        "metadata": _metadata(report),
        "metadata_warnings": [{"path": w.path, "message": w.message, "line": w.line} for w in report.warnings],
        "kind": {"kind": report.kind.kind, "evidence": list(report.kind.evidence)},
    }


def _files(report: Report) -> dict:
    repo = report.repo
    by_scope: dict[str, int] = {}
    for module in repo.modules:
        by_scope[module.scope] = by_scope.get(module.scope, 0) + 1
    return {
        "analysed": report.python_files,
        "stubs": report.stub_files,
        "python_lines": report.python_lines,
        "by_scope": dict(sorted(by_scope.items())),
        "not_analysed": [{"path": n.path, "reason": n.reason, "message": n.message, "line": n.line} for n in repo.not_analysed],
        "excluded": [{"path": e.path, "files": e.files, "why": e.why} for e in repo.excluded],
    }


def _docs(report: Report, rows: bool) -> dict:
    docs = report.docs
    # each module's missing and excused docstrings as `Rows` (Django: 42,000 of them, made and
    # written without a dict each), their objects without `rows`
    made = (lambda found: found) if rows else Rows.objects
    modules = [
        {
            "module": m.module, "path": m.path, "scope": m.scope, "total": m.total, "documented": m.documented,
            "has_module_docstring": m.has_module_docstring, "summary": m.summary,
            "missing": made(Rows(Missing._fields, list(m.missing))),  # named tuples: rows already
            "excused": made(Rows(_EXCUSED, [(x.name, x.kind, x.line, x.reason) for x in m.excused])),
        }
        for m in docs.modules
    ]
    return {
        **_coverage(docs.overall),
        "scopes": list(docs.scopes),
        "by_scope": {k: _coverage(v) for k, v in docs.by_scope.items()},
        "by_package": {k: _coverage(v) for k, v in docs.by_package.items()},
        "modules": modules,
        "undocumented_modules": [{"module": p.module, "path": p.path, "missing": p.missing, "total": p.total, "reason": p.reason}
                                 for p in report.doc_priorities],
        "docstrings_wanted": [{"target": w.target, "path": w.path, "line": w.line, "how": w.how, "name": w.name}
                              for w in report.docstrings_wanted],
    }


def to_dict(report: Report, rows: bool = False) -> dict:
    """The report as plain JSON data, in schema order; later analyses fill the reserved keys. A
    place in a notebook is given as its `cell` and the `line` in that cell. With `rows`, the call
    graph's functions and edges, the import graph's modules and edges and each module's missing
    docstrings are `Rows` (for `dumps`)."""
    maps = cell_maps(report)
    # the call graph's named tuples are rows already: their fields are the keys, in order
    functions = Rows(Function._fields, list(report.calls.functions))
    edges = Rows(CallEdge._fields, list(report.calls.edges))
    return with_cells({
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "onboard", "version": report.tool_version},
        "repo": _repo(report),
        "files": _files(report),
        "docs": _docs(report, rows),
        "entry_points": [
            {"kind": e.kind, "name": e.name, "target": e.target, "path": e.path, "line": e.line, "scope": e.scope,
             "start_here": e.start_here, "detail": dict(e.detail)}
            for e in report.entry_points
        ],
        "usage": [
            {"category": u.category, "provider": u.provider, "service": u.service, "configured_by": list(u.configured_by),
             "scopes": list(u.scopes),
             "evidence": [{"path": e.path, "line": e.line, "scope": e.scope, "via": e.via, "detail": e.detail} for e in u.evidence]}
            for u in report.usage
        ],
        "env_vars": [
            {"name": v.name, "default": v.default, "required": v.required, "documented": bool(v.documented_in),
             "documented_in": list(v.documented_in),
             "reads": [{"path": r.path, "line": r.line, "scope": r.scope, "via": r.via} for r in v.reads]}
            for v in report.env.variables
        ] + [
            {"name": name, "default": None, "required": False, "documented": True, "documented_in": list(sources), "reads": []}
            for name, sources in report.env.documented_unread
        ],
        "dependencies": [
            {"import": d.import_name, "distribution": d.distribution, "declared": d.declared, "declared_in": list(d.declared_in),
             "status": d.status, "scopes": list(d.scopes), "conditional": d.conditional, "files": list(d.files),
             "path": d.first[0] if d.first else None, "line": d.first[1] if d.first else None}
            for d in report.dependencies
        ],
        "graph": graph_section(report, rows),
        "calls": {
            "functions": functions if rows else functions.objects(),
            "edges": edges if rows else edges.objects(),
            "limits": list(report.calls.limits),
        },
        "flows": flows_section(report.flows),
        "notebooks": notebooks_section(report.notebooks),
    }, maps)


def render(report: Report) -> str:
    """The JSON text, UTF-8 safe, two-space indented, ending in a newline."""
    return dumps(to_dict(report, rows=True))


def render_utf8(report: Report) -> bytes:
    """`render(report)` as the UTF-8 bytes the CLI writes, made without the whole text (`dumps_utf8`)."""
    return dumps_utf8(to_dict(report, rows=True))


def render_chunks(report: Report) -> Iterator[bytes]:
    """`render_utf8(report)` in chunks, each encoded when asked for (`utf8_chunks`): what the CLI
    writes as it comes when it keeps nothing for the next run."""
    return utf8_chunks(to_dict(report, rows=True))
