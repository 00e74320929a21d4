"""The `flows` section of the JSON report: each way in and what it reaches, with witness paths."""

from __future__ import annotations

from onboard.analyses.flows import Flow, Reach


def _reach(reach: Reach) -> dict:
    return {"kind": reach.kind, "name": reach.name, "certain": reach.certain,
            "path": [{"function": s.function, "path": s.path, "line": s.line} for s in reach.path]}


def flows_section(flows: tuple[Flow, ...]) -> list[dict]:
    """One object per way in the call graph holds, in the analysis' order (kind, name, path, line)."""
    return [{"entry": {"kind": f.entry.kind, "name": f.entry.name, "path": f.entry.path, "line": f.entry.line},
             "reaches": [_reach(r) for r in f.reaches], "limits": list(f.limits)} for f in flows]
