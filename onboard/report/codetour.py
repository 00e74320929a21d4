"""The reading order as a VS Code CodeTour (`--format codetour`, written to `.tours/onboard.tour`).

One step per module of the guide's "Where to start reading", in the same order, with the same
words (why to read it, what its docstring says it is). Each step is anchored to the module's
first top-level definition twice: by `line`, and by `pattern` (a regular expression CodeTour
matches against the file, so the step follows the code when lines move). A module without a
definition is anchored to its first line. Sorted keys, stable order: same report, same bytes,
so a CI job can regenerate the tour instead of letting a hand-written one go stale.
"""

from __future__ import annotations

import json
import re

from onboard.report.text import clean, md, md_code
from onboard.results import Report

SCHEMA = "https://aka.ms/codetour-schema"


def _anchor(report: Report, module: str) -> tuple[int, str | None]:
    """The line and pattern of the module's first top-level class or function."""
    found = report.graph.modules.get(module)
    top = [d for d in found.facts.definitions if d.parent == -1] if found is not None else []
    if not top:
        return 1, None
    first = min(top, key=lambda d: d.line)
    keyword = "class" if first.kind == "class" else "async def" if first.is_async else "def"
    return first.line, rf"^{re.escape(keyword)}\s+{re.escape(first.name)}\b"


def render(report: Report) -> str:
    """The tour as JSON, ending in a newline."""
    steps = []
    total = len(report.reading.steps)
    for number, step in enumerate(report.reading.steps, 1):
        line, pattern = _anchor(report, step.module)
        summary = f"It says: {md(step.summary)}" if step.summary else "It has no docstring yet."
        description = f"**{number}/{total}: {md_code(step.module)}**\n\nWhy read it: {md(step.reason)}.\n\n{summary}"
        entry = {"file": step.path, "line": line, "description": description}
        if pattern is not None:
            entry["pattern"] = pattern
        steps.append(entry)
    tour = {
        "$schema": SCHEMA,
        "title": f"Onboarding: {clean(report.repo.name)}",
        "description": "Where to start reading, from onboard's guide. Regenerate with onboard --format codetour.",
        "isPrimary": True,
        "steps": steps,
    }
    return json.dumps(tour, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
