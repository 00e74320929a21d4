"""The guide's flows: what each way in touches ("How to run it") with its call chains folded
in `<details>`, and which ways in reach each service and variable ("What it touches")."""

from __future__ import annotations

from onboard.analyses.flow_places import service_name
from onboard.analyses.flows import Flow, Reach
from onboard.report.markdown_structure import _shown_name
from onboard.report.mdtable import folded, table, where
from onboard.report.text import count, md_code
from onboard.results import Report

CHAINS_SHOWN = 40  # ways in whose call chains the guide spells out; the JSON and `onboard trace` have all
REACHED_FROM_SHOWN = 5
_KIND_ORDER = {"service": 0, "entry_point": 1, "env_var": 2}
_ENTRY_WORDS = {"task": "task", "web_route": "route", "cli_command": "command", "lambda_handler": "handler"}


def short(reach: Reach, entries: dict[str, str] | None = None) -> str:
    """`s3`, env `NOTIFY_URL`, task `fulfil_order`; "(maybe)" after a reach that is not certain."""
    if reach.kind == "service":
        category, provider, service = reach.name.split("/")
        text = md_code(next(p for p in (service, provider, category) if p != "-"))
    elif reach.kind == "env_var":
        text = f"env {md_code(reach.name)}"
    else:
        text = f"{_ENTRY_WORDS.get((entries or {}).get(reach.name, ''), 'entry point')} {md_code(reach.name)}"
    return text if reach.certain else f"{text} (maybe)"


def _ordered(flows: tuple[Flow, ...], report: Report) -> list[Flow]:
    """The flows that reach something, in the guide's order of the ways in."""
    rank = {e: i for i, e in enumerate(report.entry_points)}
    return sorted((f for f in flows if f.reaches), key=lambda f: rank.get(f.entry, len(rank)))


def _by_kind(reaches: tuple[Reach, ...]) -> list[Reach]:
    """Services first, then the ways in reached, then the variables."""
    return sorted(reaches, key=lambda r: (_KIND_ORDER[r.kind], r.name))


def _chain(reach: Reach) -> str:
    steps = " → ".join(f"{md_code(s.function)} ({where(s.path, s.line)})" for s in reach.path)
    return f"- {md_code(reach.name)}{'' if reach.certain else ' (maybe)'}: {steps}"


def ways_in_touch(report: Report) -> list[str]:
    """"What each way in touches": one row per way in, then every witness path, folded."""
    flows = _ordered(report.flows, report)
    if not flows:
        return []
    kinds = {e.name: e.kind for e in report.entry_points}
    rows = [[md_code(_shown_name(f.entry)), ", ".join(short(r, kinds) for r in _by_kind(f.reaches))] for f in flows]
    out = ["### What each way in touches", "", "Followed through the call graph, any number of calls deep; *(maybe)*: only through a "
           "call that may go elsewhere (several possible targets, or a function queued or handed to a library). "
           "`onboard trace NAME` prints the chains of one name.", ""]
    out += folded(f"{len(rows)} ways in", table(["Way in", "Touches"], rows)) + [""]
    out += ["<details><summary>Call chains: how each way in gets there</summary>", ""]
    for f in flows[:CHAINS_SHOWN]:
        out += [f"**{md_code(_shown_name(f.entry))}**" + (f" ({where(f.entry.path, f.entry.line)})" if f.entry.path else ""), ""]
        out += [_chain(r) for r in _by_kind(f.reaches)] + [""]
        out += [f"Not followed further: {'; '.join(f.limits)}.", ""] if f.limits else []
    if len(flows) > CHAINS_SHOWN:
        out += [f"… and {count(len(flows) - CHAINS_SHOWN, 'more way')} in (see the JSON report).", ""]
    return out + ["</details>", ""]


def reached_from(report: Report) -> list[str]:
    """Each service and variable with the ways in that reach it; those no way in reaches."""
    if not report.flows:
        return []
    by_target: dict[tuple[str, str], list[str]] = {}
    for f in _ordered(report.flows, report):
        for r in f.reaches:
            by_target.setdefault((r.kind, r.name), []).append(md_code(_shown_name(f.entry)) + ("" if r.certain else " (maybe)"))
    targets = [("service", service_name(u), f"{md_code(service_name(u))}") for u in report.usage if "package" in u.scopes]
    targets += [("env_var", v.name, f"env {md_code(v.name)}") for v in report.env.variables
                if v.name is not None and any(r.scope == "package" for r in v.reads)]
    rows = [[label, ", ".join(by_target[(kind, name)][:REACHED_FROM_SHOWN])
             + (f" and {len(by_target[(kind, name)]) - REACHED_FROM_SHOWN} more" if len(by_target[(kind, name)]) > REACHED_FROM_SHOWN else "")]
            for kind, name, label in targets if (kind, name) in by_target]
    unreached = [label for kind, name, label in targets if (kind, name) not in by_target]
    out = [] if report.usage else ["## What it touches", ""]
    out += ["### Reached from", "", "The ways in that reach each service and variable through the call graph:", ""]
    out += folded(f"{len(rows)} services and variables", table(["Service or variable", "Reached from"], rows)) + [""] if rows else ["None.", ""]
    if unreached:
        out += ["No way in reaches these through the call graph (unused, reached in a way static analysis cannot follow, or "
                "started from outside Python): " + ", ".join(unreached) + ".", ""]
    return out
