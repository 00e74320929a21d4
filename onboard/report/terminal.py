"""The terminal summary (rich), rendered to a string; the CLI decides colour and width.

Repo text is passed to rich as `Text`, never as markup, after `clean`, so no control sequence
or `[markup]` from the repository reaches the terminal.
"""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from onboard.analyses.entrypoints import KIND_ORDER
from onboard.results import Report
from onboard.report.places import notebook_places, place
from onboard.report.text import category, clean, count, only_in, percent

TOP = 10


def _t(value: object, style: str = "") -> Text:
    return Text(clean(value), style=style)


def _coverage_style(value: float) -> str:
    return "green" if value >= 80 else "yellow" if value >= 50 else "red"


def _header(report: Report) -> list:
    repo, meta = report.repo, report.repo.metadata
    title = Text.assemble(("onboard: ", "bold"), (clean(repo.name), "bold cyan"))
    if meta.version:
        title.append(f" {clean(meta.version)}")
    lines = [title]
    screen = report.first_screen
    what = screen.what if screen is not None else meta.description
    if what:
        lines.append(_t(what, "italic"))
    if screen is not None:
        lines.append(Text.assemble(("Kind: ", "bold"), (clean(screen.kind), "bold cyan"), _t(f" ({'; '.join(screen.evidence)})" if screen.evidence else "")))
    excluded = sum(e.files for e in repo.excluded)
    lines.append(_t(f"{count(report.python_files, 'Python file')} analysed ({count(report.python_lines, 'line')}, {count(report.stub_files, 'stub')}), "
                    f"{len(repo.not_analysed):,} not analysed, {count(excluded, 'file')} excluded in {count(len(repo.excluded), 'path')}"))
    if repo.root_packages:
        lines.append(_t("Packages: " + ", ".join(repo.root_packages)))
    return lines + [Text("")]


def _first(report: Report) -> list:
    """The first screen's three lists: how to run it, what it touches, where to start reading."""
    screen, parts = report.first_screen, []
    if screen is None:
        return []
    if screen.ways:
        parts.append(Text("How to run it", "bold"))
        for way in screen.ways:
            runs = f"  runs {way.runs}" if way.runs and way.kind != "library" else f"  {way.runs}" if way.runs else ""
            parts.append(Text.assemble("  ", (clean(way.command[:80]), "cyan"), f"  {clean(way.kind)}", (clean(runs[:80]), "dim")))
    if screen.touches:
        parts.append(Text("What it touches", "bold"))
        for touch in screen.touches:
            parts.append(Text.assemble(f"  {clean(category(touch.category))}: ", (clean(touch.label), "cyan"), (clean("  " + ", ".join(touch.variables)) if touch.variables else "", "dim"),
                                       (" (only in optional integrations)" if touch.optional else "", "dim")))
        if screen.services > len(screen.touches):
            parts.append(Text(f"  … and {screen.services - len(screen.touches)} more (below)", "dim"))
    if screen.reading:
        parts.append(Text("Where to start reading", "bold"))
        for i, (module, why) in enumerate(screen.reading, 1):
            parts.append(Text.assemble(f"  {i:>2}. ", (clean(module), "cyan"), "  ", (clean(why), "dim")))
    return parts + [Text(""), Text("Details", "bold underline"), Text("")] if parts else []


def _docs(report: Report, top: int) -> list:
    docs = report.docs
    overall = Text.assemble(("Docstring coverage: ", "bold"), (percent(docs.overall.percent), f"bold {_coverage_style(docs.overall.percent)}"),
                            f" ({docs.overall.documented:,} of {docs.overall.total:,} in {', '.join(docs.scopes)})")
    table = Table(title="Packages with the most undocumented items", title_justify="left", show_edge=False)
    for column in ("package", "coverage", "undocumented"):
        table.add_column(column, justify="left" if column == "package" else "right")
    rows = sorted(docs.by_package.items(), key=lambda kv: (kv[1].documented - kv[1].total, kv[0]))
    for name, c in rows[:top]:
        table.add_row(_t(name), Text(percent(c.percent), _coverage_style(c.percent)), Text(f"{c.total - c.documented} of {c.total}"))
    parts = [overall, Text("")]
    if rows:
        parts += [table] + ([Text(f"  … and {len(rows) - top} more packages (see the Markdown or JSON report)", "dim")] if len(rows) > top else []) + [Text("")]
    if report.doc_priorities:  # the Markdown's list, in its order: most met by a newcomer first
        parts.append(Text("Most important modules without a docstring", "bold"))
        for m in report.doc_priorities[:top]:
            parts.append(Text.assemble("  ", (clean(m.module), "cyan"), f"  {clean(m.path)}  ", (f"{m.missing}/{m.total} undocumented; {clean(m.reason)}", "dim")))
        parts.append(Text(""))
    return parts


def _runs(report: Report, top: int) -> list:
    if not report.entry_points:
        return []
    parts = [Text("How it runs", "bold")]
    # none: nothing stands out (a library), as in the Markdown; the first screen shows them when there is one
    first = [e for e in report.entry_points if e.start_here and report.first_screen is None]
    for entry in first:
        where = place(entry.path, entry.line)
        parts.append(Text.assemble("  start here  ", (clean(entry.name), "cyan"), "  ", clean(entry.target[:80]), "  ", (clean(where), "dim")))
    counts: dict[str, list[int]] = {}
    for entry in report.entry_points:
        count = counts.setdefault(entry.kind, [0, 0])
        count[entry.scope == "package"] += 1
    ordered = sorted(counts.items(), key=lambda kv: KIND_ORDER.index(kv[0]) if kv[0] in KIND_ORDER else len(KIND_ORDER))
    for kind, (elsewhere, package) in ordered[:top]:
        scope = f"{package} in the package" + (f", {elsewhere} elsewhere" if elsewhere else "")
        parts.append(Text.assemble("  ", (clean(kind.replace("_", " ")), "dim"), f"  {package + elsewhere} ({scope})"))
    return parts + [Text("")]


def _touches(report: Report) -> list:
    if not report.usage:
        return []
    by_category: dict[str, list[str]] = {}
    for u in report.usage:
        # nothing more specific than the category: the libraries it is seen through (requests, httpx)
        label = "/".join(x for x in (u.provider, u.service) if x) or ", ".join(sorted({e.detail.split(".")[0] for e in u.evidence}))
        where = only_in(u.scopes)
        by_category.setdefault(category(u.category), []).append(f"{label} ({where})" if where else label)
    parts = [Text("What it touches", "bold")]
    for words, labels in by_category.items():
        parts.append(Text.assemble(f"  {words}: ", clean(", ".join(labels))))
    return parts + [Text("")]


def _configuration(report: Report) -> list:
    named = [v for v in report.env.variables if v.name is not None]
    if not named:
        return []
    required = [v for v in named if v.required]
    undocumented = [v.name for v in required if not v.documented_in]
    line = Text.assemble(("Configuration: ", "bold"), f"{count(len(named), 'environment variable')} read, {len(required)} required")
    parts = [line]
    if undocumented:
        parts.append(Text.assemble("  required but documented nowhere: ", (clean(", ".join(undocumented[:10])), "yellow")))
    return parts + [Text("")]


def _notebooks(report: Report, top: int) -> list:
    found = report.notebooks
    if not found.notebooks and not found.not_analysed:
        return []
    left_out = sum(len(nb.left_out) for nb in found.notebooks)
    parts = [Text.assemble(("Notebooks: ", "bold"), f"{len(found.notebooks):,} analysed ({count(left_out, 'cell')} left out), "
                           f"{len(found.not_analysed):,} not analysed")]
    for used in found.used_by[:top]:
        parts.append(Text.assemble("  ", (clean(used.module), "cyan"), f"  used by {count(len(used.notebooks), 'notebook')}"))
    touched = sorted({label for nb in found.notebooks for label in nb.services})
    if touched:
        parts.append(Text.assemble("  they touch: ", clean(", ".join(touched[:top]))))
    return parts + [Text("")]


def _structure(report: Report, top: int) -> list:
    s, parts = report.structure, []
    shown = len(report.first_screen.reading) if report.first_screen is not None else 0
    if report.reading.steps[shown:top]:
        parts.append(Text("Then read" if shown else "Where to start reading", "bold"))
        for i, step in enumerate(report.reading.steps[shown:top], shown + 1):
            parts.append(Text.assemble(f"  {i:>2}. ", (clean(step.module), "cyan"), "  ", (clean(step.reason), "dim")))
        parts.append(Text(""))
    parts.append(Text("Architecture", "bold"))
    for layer in s.layers:
        shown = ", ".join(layer.packages[:6]) + (f", … ({len(layer.packages) - 6} more)" if len(layer.packages) > 6 else "")
        parts.append(Text.assemble(f"  level {layer.level}: ", clean(shown)))
    if s.weakest_links and s.tangled >= 3:
        links = ", ".join(f"{u} -> {v} ({w})" for u, v, w in s.weakest_links[:3])
        parts.append(Text(f"  {s.tangled} packages import each other; weakest links: {links}", "yellow"))
    for layer in s.inner_layers[:6]:
        shown = ", ".join(m.removeprefix(s.inner_package + ".") for m in layer.packages[:6]) + (" …" if len(layer.packages) > 6 else "")
        parts.append(Text.assemble(f"    inside {clean(s.inner_package)}, level {layer.level}: ", clean(shown)))
    cycles = [c for c in s.cycles if c.import_time]
    if s.cycles:
        parts.append(Text(f"  {len(s.cycles)} import cycles ({len(cycles)} at import time)", "yellow"))
        for cycle in s.cycles[:3]:
            loop = " -> ".join(link.importer for link in cycle.loop) + f" -> {cycle.loop[0].importer}"
            parts.append(Text.assemble("    ", (clean(loop), "yellow")))
    if s.core:
        parts.append(Text.assemble("  core: ", clean(", ".join(f"{r.module} ({r.fan_in})" for r in s.core[:5]))))
    if s.orphans:
        parts.append(Text.assemble("  likely unused: ", clean(", ".join(o.module for o in s.orphans[:5])),
                                   f" and {len(s.orphans) - 5} more" if len(s.orphans) > 5 else ""))
    undeclared = [d.import_name for d in report.dependencies if d.status == "undeclared" and "package" in d.scopes]
    if undeclared:
        parts.append(Text.assemble("  imported but not declared: ", (clean(", ".join(undeclared[:8])), "yellow")))
    missing = sum(1 for u in report.graph.unresolved if u.why != "not-analysed")
    unanalysed = len(report.graph.unresolved) - missing
    if missing:
        parts.append(Text(f"  {count(missing, 'import')} {'resolves' if missing == 1 else 'resolve'} to nothing (see the reports)", "yellow"))
    if unanalysed:
        parts.append(Text(f"  {count(unanalysed, 'import')} of files that could not be analysed (see the reports)", "yellow"))
    return parts + [Text("")]


def _problems(report: Report, top: int) -> list:
    failed = report.repo.not_analysed
    if not failed:
        return []
    parts = [Text(f"Not analysed ({len(failed)})", "bold yellow")]
    for n in failed[:top]:
        where = place(n.path, n.line)
        parts.append(Text.assemble("  ", (clean(where), "yellow"), f"  {clean(n.reason)}: ", clean(n.message)))
    if len(failed) > top:
        parts.append(Text(f"  … and {len(failed) - top} more (see the Markdown or JSON report)", "dim"))
    return parts


def _warnings(report: Report, top: int) -> list:
    if not report.warnings:
        return []
    parts = [Text(f"Metadata and configuration warnings ({len(report.warnings)})", "bold yellow")]
    for w in report.warnings[:top]:
        where = place(w.path, w.line)
        parts.append(Text.assemble("  ", (clean(where), "yellow"), "  ", clean(w.message)))
    return parts


def render(report: Report, width: int = 100, color: bool = False, top: int = TOP) -> str:
    """The summary as text; with `color`, ANSI styles are included."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None,
                      no_color=not color, highlight=False, emoji=False, markup=False, soft_wrap=False)
    with notebook_places(report):
        console.print(Group(*_header(report), *_first(report), *_runs(report, top), *_touches(report), *_configuration(report),
                            *_notebooks(report, top), *_structure(report, top), *_docs(report, top), *_problems(report, top),
                            *_warnings(report, top)))
    return buffer.getvalue()
