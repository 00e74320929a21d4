"""The `notebooks` section of the JSON report: each notebook analysed, the modules they use and
the notebooks that could not be analysed (docs/report-schema.md). Nothing of a cell's outputs."""

from __future__ import annotations

from onboard.analyses.notebooks import Notebooks


def notebooks_section(found: Notebooks) -> dict:
    """The section as plain JSON data, in schema order."""
    return {
        "count": len(found.notebooks),
        "notebooks": [
            {"path": n.path, "summary": n.summary, "cells": n.cells, "code_cells": n.code_cells, "uses": list(n.uses),
             "imports": list(n.imports), "services": list(n.services), "env_vars": list(n.env_vars),
             "parameters_cell": n.parameters_cell, "parameters": list(n.parameters),
             "left_out": [{"cell": cell, "reason": reason, "message": message} for cell, reason, message in n.left_out]}
            for n in found.notebooks
        ],
        "used_by": [{"module": u.module, "path": u.path, "notebooks": list(u.notebooks)} for u in found.used_by],
        "not_analysed": [{"path": n.path, "reason": n.reason, "message": n.message} for n in found.not_analysed],
    }
