"""The JSON report: a documented public interface (docs/report-schema.md, schema/report.schema.json).

Keys are fixed and lists are sorted, so the same input gives byte-identical output.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring as _quote  # the C function when there is one, as json.dumps

from onboard.analyses.docs import Coverage
from onboard.report.json_flows import flows_section
from onboard.report.json_graph import graph_section
from onboard.report.json_notebooks import notebooks_section
from onboard.report.places import cell_maps, with_cells
from onboard.results import SCHEMA_VERSION, Report
from onboard.report.text import clean


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


def _docs(report: Report) -> dict:
    docs = report.docs
    modules = [
        {
            "module": m.module, "path": m.path, "scope": m.scope, "total": m.total, "documented": m.documented,
            "has_module_docstring": m.has_module_docstring, "summary": m.summary,
            "missing": [{"name": x.name, "kind": x.kind, "line": x.line} for x in m.missing],
            "excused": [{"name": x.name, "kind": x.kind, "line": x.line, "reason": x.reason} for x in m.excused],
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


def to_dict(report: Report) -> dict:
    """The report as plain JSON data, in schema order; later analyses fill the reserved keys. A
    place in a notebook is given as its `cell` and the `line` in that cell."""
    return with_cells({
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "onboard", "version": report.tool_version},
        "repo": _repo(report),
        "files": _files(report),
        "docs": _docs(report),
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
        "graph": graph_section(report),
        "calls": {
            "functions": [{"name": f.name, "path": f.path, "line": f.line, "kind": f.kind} for f in report.calls.functions],
            "edges": [{"caller": e.caller, "callee": e.callee, "line": e.line, "kind": e.kind} for e in report.calls.edges],
            "limits": list(report.calls.limits),
        },
        "flows": flows_section(report.flows),
        "notebooks": notebooks_section(report.notebooks),
    }, cell_maps(report))


def _cleaned(value):
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean(k): _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


class _Unusual(Exception):
    """A value the fast encoder leaves to `json.dumps` (a tuple, a non-finite float, ...)."""


class _Writer:
    """`json.dumps(_cleaned(value), indent=2, ensure_ascii=False)` in one walk, strings cleaned on
    the way, each distinct string and object key written once (names repeat by the thousand)."""

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}
        self.keys: dict[str, str] = {}  # keys that clean into themselves -> their text and ": "

    def encoded(self, value, indent: str) -> str:
        """`value` at the depth `indent` (a newline and the spaces)."""
        kind = type(value)
        if kind is str:
            text = self.strings.get(value)
            if text is None:
                text = self.strings[value] = _quote(clean(value))
            return text
        if kind is dict:
            return self.object(value, indent)
        if kind is list:
            return self.array(value, indent)
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if kind is int:
            return int.__repr__(value)
        return self.other(value, indent)

    def other(self, value, indent: str) -> str:
        """The subclasses `json.dumps` accepts, in its order of checks; anything else is unusual."""
        if isinstance(value, str):
            return _quote(clean(value))
        if isinstance(value, int):
            return int.__repr__(value)
        if isinstance(value, float) and value - value == 0:  # finite: NaN and infinities are unusual
            return float.__repr__(value)
        if isinstance(value, dict):
            return self.object(value, indent)
        if isinstance(value, list):
            return self.array(value, indent)
        raise _Unusual(type(value).__name__)

    def object(self, value: dict, indent: str) -> str:
        if not value:
            return "{}"
        inner, keys, items = indent + "  ", self.keys, []
        for key, item in value.items():
            text = keys.get(key) if type(key) is str else None
            if text is None:
                if type(key) is not str or clean(key) is not key:  # keys that clean into one merge, as in `_cleaned`
                    merged = {clean(k): v for k, v in value.items()}
                    items = [f"{_quote(k)}: {self.encoded(v, inner)}" for k, v in merged.items()]
                    break
                text = keys[key] = _quote(key) + ": "
            items.append(text + self.encoded(item, inner))
        return "{" + inner + ("," + inner).join(items) + indent + "}"

    def array(self, value: list, indent: str) -> str:
        if not value:
            return "[]"
        inner = indent + "  "
        return "[" + inner + ("," + inner).join([self.encoded(item, inner) for item in value]) + indent + "]"


def dumps(data) -> str:
    """`json.dumps(_cleaned(data), indent=2, ensure_ascii=False)` and a newline, byte for byte.
    The standard library's indenting encoder is pure Python and `_cleaned` is a second walk; the
    one walk above, writing each distinct string once, writes the same bytes in a third of the
    time on Django's report, and a value it does not expect goes to `json.dumps` itself."""
    try:
        return _Writer().encoded(data, "\n") + "\n"
    except _Unusual:
        return json.dumps(_cleaned(data), indent=2, ensure_ascii=False) + "\n"


def render(report: Report) -> str:
    """The JSON text, UTF-8 safe, two-space indented, ending in a newline."""
    return dumps(to_dict(report))
