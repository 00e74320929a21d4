"""The `onboard check` verdict in every CI format: text, GitHub annotations, JSON, JUnit XML, a
Markdown summary for a pull-request comment, and SARIF (`onboard.report.sarif`). Each escapes
repo text for its own syntax."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from onboard.report.mdtable import table, where
from onboard.report.sarif import render_sarif
from onboard.report.text import clean, md, percent

if TYPE_CHECKING:
    from onboard.analyses.gate import Problem, Verdict

SHOWN = 20


def _place(problem: Problem) -> str:
    if problem.path is None:
        return ""
    return f"{clean(problem.path)}:{problem.line}: " if problem.line else f"{clean(problem.path)}: "


def headline(verdict: Verdict) -> str:
    """The verdict in one line: coverage, threshold, passed or FAILED."""
    c = verdict.coverage
    state = "passed" if verdict.passed else "FAILED"
    threshold = f", threshold {verdict.fail_under:g}%" if verdict.fail_under is not None else ""
    return f"docstring coverage {percent(c.percent)} ({c.documented}/{c.total}){threshold}: {state}"


def render_text(verdict: Verdict, prefix: str = "") -> str:
    """Plain text: a headline, then one indented line per problem (`path:line: rule: message`).
    Every line after the headline is indented, so no repo text can start a line with `::`,
    which a CI runner would read as a command."""
    lines = [headline(verdict)]
    lines += [f"  {p.pattern}: {percent(p.coverage.percent)} ({p.coverage.documented}/{p.coverage.total}), minimum {p.minimum:g}%"
              + ("" if p.passed else "  FAILED") for p in verdict.paths]
    lines += [f"  {_place(p)}{p.rule}: {clean(p.message)}" for p in verdict.problems]
    if any(p.rule in ("coverage", "path-coverage") for p in verdict.problems):
        lines.append("  most undocumented modules:")
        lines += [f"    {clean(path)}: {missing} of {total} undocumented" for path, missing, total in verdict.worst]
    if verdict.baseline_used:
        lines.append(f"  since the baseline: {_change(verdict)}")
    if verdict.excused:
        lines.append(f"  {len(verdict.excused)} items excused by `# onboard: no-docstring` (not counted)")
    return "\n".join(lines) + "\n"


def _change(verdict: Verdict) -> str:
    new = sum(p.rule == "new-undocumented" for p in verdict.problems)
    text = f"{new} newly undocumented, {verdict.fixed} gaps resolved (documented or removed)"
    if verdict.baseline_coverage is not None:
        text += f", coverage {percent(verdict.baseline_coverage.percent)} -> {percent(verdict.coverage.percent)}"
    return text


def _gh_data(text: str) -> str:
    return clean(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(verdict: Verdict, prefix: str = "") -> str:
    """GitHub Actions workflow commands: an `::error` per problem, on its file and line.
    `prefix` is the analysed folder relative to the workspace, which GitHub's paths start from."""
    lines = []
    for p in verdict.problems:
        props = [f"title={_gh_property('onboard ' + p.rule)}"]
        if p.path is not None:
            props.insert(0, f"file={_gh_property(prefix + p.path)}" + (f",line={p.line}" if p.line else ""))
        lines.append(f"::error {','.join(props)}::{_gh_data(p.message)}")
    level = "notice" if verdict.passed else "error"
    lines.append(f"::{level} title=onboard check::{_gh_data(headline(verdict))}")
    return "\n".join(lines) + "\n"


def render_json(verdict: Verdict, prefix: str = "") -> str:
    """The verdict as JSON data."""
    c = verdict.coverage
    data = {
        "passed": verdict.passed,
        "coverage": {"percent": c.percent, "total": c.total, "documented": c.documented},
        "fail_under": verdict.fail_under,
        "problems": [{"rule": p.rule, "message": clean(p.message), "path": None if p.path is None else clean(p.path), "line": p.line}
                     for p in verdict.problems],
        "paths": [{"pattern": clean(p.pattern), "percent": p.coverage.percent, "total": p.coverage.total,
                   "documented": p.coverage.documented, "minimum": p.minimum, "passed": p.passed} for p in verdict.paths],
        "excused": [{"path": clean(path), "name": clean(x.name), "kind": x.kind, "line": x.line, "reason": clean(x.reason)}
                    for path, x in verdict.excused],
        "baseline": {"used": verdict.baseline_used, "resolved": verdict.fixed,
                     "new": sum(p.rule == "new-undocumented" for p in verdict.problems),
                     "coverage": None if verdict.baseline_coverage is None else {
                         "percent": verdict.baseline_coverage.percent, "total": verdict.baseline_coverage.total,
                         "documented": verdict.baseline_coverage.documented}},
        "rules": list(verdict.rules),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_junit(verdict: Verdict, prefix: str = "") -> str:
    """JUnit XML: one test case per rule that was checked, failing with one line per problem."""
    from xml.sax.saxutils import escape, quoteattr  # imports urllib: only when asked for

    cases: dict[str, list[str]] = {rule: [] for rule in verdict.rules}
    for p in verdict.problems:
        cases.setdefault(p.rule, []).append(f"{_place(p)}{clean(p.message)}")
    failures = sum(1 for items in cases.values() if items)
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<testsuite name="onboard check" tests="{len(cases)}" failures="{failures}" errors="0" skipped="0">']
    for rule, items in cases.items():
        out.append(f"  <testcase classname=\"onboard\" name={quoteattr(rule)}>")
        if items:
            out.append(f"    <failure message={quoteattr(clean(items[0]))}>{escape(chr(10).join(items))}</failure>")
        out.append("  </testcase>")
    out.append(f"  <system-out>{escape(headline(verdict))}</system-out>")
    return "\n".join(out + ["</testsuite>"]) + "\n"


def render_markdown(verdict: Verdict, prefix: str = "") -> str:
    """A short summary for a pull-request comment."""
    mark = "✅" if verdict.passed else "❌"
    out = [f"### {mark} onboard: {md(headline(verdict))}", ""]
    if verdict.baseline_used:
        out += [f"Since the baseline: {md(_change(verdict))}.", ""]
    rows = [[md(p.rule), where(p.path, p.line) if p.path else "", md(p.message)] for p in verdict.problems[:SHOWN]]
    if rows:
        out += table(["Rule", "Where", "Problem"], rows) + [""]
        if len(verdict.problems) > SHOWN:
            out += [f"… and {len(verdict.problems) - SHOWN} more.", ""]
    if verdict.paths:
        out += table(["Path", "Coverage", "Minimum"], [[md(p.pattern), percent(p.coverage.percent), f"{p.minimum:g}%"] for p in verdict.paths]) + [""]
    if verdict.excused:
        out += [f"{len(verdict.excused)} items are excused by `# onboard: no-docstring` and not counted.", ""]
    return "\n".join(out).rstrip("\n") + "\n"


RENDERERS = {"text": render_text, "github": render_github, "json": render_json, "junit": render_junit, "markdown": render_markdown,
             "sarif": render_sarif}
