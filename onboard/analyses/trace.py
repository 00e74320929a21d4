"""`onboard trace TARGET`: the flows through one name, from the ways in to what they touch.

What it finds: TARGET is matched, exactly, against the entry points' names (`POST /orders/`,
`fulfil_order`, `etl-run`, `etl-run run`), routes' paths (`/orders/`, any method), the
services reached (`storage/aws/s3`, or `s3`), the environment variables and the functions of
the call graph (`pkg.mod.Class.method`). For a way in: its own flow, and the ways in that reach
it. For a service or a variable: every way in that reaches it, with the chain. For a function:
every way in that reaches it, with the chain to it continued by what the function reaches
(or ending at the function when it reaches nothing), and what it reaches when no way in does. An unknown TARGET gives the closest names. Why it
matters: "which job writes to that bucket, who reads `DATABASE_URL`" in one command. Limits:
those of `analyses.flows`.
"""

from __future__ import annotations

import difflib
from dataclasses import replace

from onboard.analyses.flow_places import Touch
from onboard.analyses.flows import Flow, Reach, Tracer
from onboard.analyses.objects import EntryPoint
from onboard.frozen import record
from onboard.results import Report


@record
class Traced:
    """The names TARGET matched (kind, name) and the flows through them; `closest` when none."""

    target: str
    matched: tuple[tuple[str, str], ...]
    flows: tuple[Flow, ...]
    closest: tuple[str, ...] = ()


def shown_name(entry: EntryPoint) -> str:
    """A command with its program (`etl-run run`), any other way in by its name."""
    program = dict(entry.detail).get("program") if entry.kind == "cli_command" else None
    return f"{program} {entry.name}" if program else entry.name


def _route_path(entry: EntryPoint) -> str | None:
    return dict(entry.detail).get("path") if entry.kind == "web_route" else None


def _reached(report: Report, kind: str, names: set[str]) -> list[Flow]:
    """The flows of `report` cut to their reaches of `kind` named in `names`."""
    found = []
    for flow in report.flows:
        kept = tuple(r for r in flow.reaches if r.kind == kind and r.name in names)
        if kept:
            found.append(replace(flow, reaches=kept))
    return found


def _through_function(tracer: Tracer, report: Report, name: str) -> list[Flow]:
    """Every way in that reaches function `name`, its chain continued by what `name` reaches;
    what `name` reaches on its own when no way in reaches it."""
    function = tracer.places.functions[name]
    onward, limits = tracer.reaches((name,))
    wanted = {name: [Touch("function", name, function.line)]}
    found = []
    for entry in sorted(tracer.starts, key=lambda e: (e.kind, e.name, e.path or "", e.line or 0)):
        to_it, cut = tracer.reaches(tracer.starts[entry], wanted)
        if to_it:
            lead = to_it[0]
            chains = tuple(Reach(r.kind, r.name, lead.certain and r.certain, lead.path[:-1] + r.path) for r in onward) or (lead,)
            found.append(Flow(entry, chains, tuple(sorted(set(cut) | set(limits)))))
    if not found:
        itself = EntryPoint("function", name, name, function.path, function.line, "")
        found.append(Flow(itself, onward, limits))
    return found


def _candidates(report: Report, tracer: Tracer) -> dict[str, list[tuple[str, str]]]:
    """Every name TARGET may be -> the (kind, name) pairs it stands for."""
    names: dict[str, list[tuple[str, str]]] = {}

    def add(text: str | None, kind: str, name: str) -> None:
        if text and (kind, name) not in names.setdefault(text, []):
            names[text].append((kind, name))

    for entry in tracer.starts:
        add(entry.name, "entry_point", entry.name)
        add(shown_name(entry), "entry_point", entry.name)
        add(_route_path(entry), "entry_point", entry.name)
    for flow in report.flows:
        for r in flow.reaches:
            if r.kind == "service":
                add(r.name, "service", r.name)
                add(r.name.rsplit("/", 1)[1] if not r.name.endswith("/-") else None, "service", r.name)
            elif r.kind == "env_var":
                add(r.name, "env_var", r.name)
    for v in report.env.variables:
        add(v.name, "env_var", v.name or "")
    for name, function in tracer.places.functions.items():
        if function.kind != "module":
            add(name, "function", name)
    return names


def trace(report: Report, target: str) -> Traced:
    """The flows through TARGET, sorted as the report's flows are (a function's by way in)."""
    tracer = Tracer(report.repo, report.calls, report.entry_points, report.usage, report.env)
    names = _candidates(report, tracer)
    matched = tuple(sorted(set(names.get(target, ()))))
    if not matched:
        return Traced(target, (), (), tuple(difflib.get_close_matches(target, sorted(names), n=5, cutoff=0.6)))
    flows: list[Flow] = []
    for kind, name in matched:
        if kind == "function":
            flows += _through_function(tracer, report, name)
            continue
        if kind == "entry_point":
            flows += [f for f in report.flows if f.entry.name == name]
        flows += _reached(report, kind, {name})
    unique = list(dict.fromkeys(flows))
    return Traced(target, matched, tuple(unique))
