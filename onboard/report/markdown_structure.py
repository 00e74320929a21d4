"""The Markdown sections "Architecture" and "Where to start reading"."""

from __future__ import annotations

from onboard.report.diagrams import mermaid
from onboard.report.mdtable import folded, table, where
from onboard.report.text import category, count, md, md_code, only_in
from onboard.results import Report

SHOWN = 10


def _parent(module: str) -> str:
    """The package a module's name puts it in (`a.b.c` -> `a.b`; a top-level name is its own)."""
    return module.rpartition(".")[0] or module


def _links(links) -> str:
    parts = [f"{md_code(link.importer)} imports {md_code(link.imported)} ({where(link.path, link.line)})" for link in links]
    return "; ".join(parts)


def _cycles(report: Report) -> list[str]:
    cycles = report.structure.cycles
    if not cycles:
        red = " (packages can still import each other in a loop through different modules: the red boxes above)" \
            if report.diagram.on_cycle else ""
        return [f"No import cycles between modules of the package{red}.", ""]
    out = [f"### Import cycles ({len(cycles)})", ""]
    for cycle in cycles[:SHOWN]:
        when = "at import time" if cycle.import_time else "only through `TYPE_CHECKING` or imports inside functions"
        loop = " → ".join(md_code(link.importer) for link in cycle.loop) + f" → {md_code(cycle.loop[0].importer)}"
        out.append(f"- {len(cycle.modules)} modules, {when}: {loop}. {_links(cycle.loop)}.")
    if len(cycles) > SHOWN:
        out.append(f"- … and {len(cycles) - SHOWN} more (see the JSON report).")
    return out + [""]


def _layers(report: Report) -> list[str]:
    s = report.structure
    out = ["### Layers", "", "From the foundation (level 0, imports no other package of the project) to the top:", ""]
    out += [f"{layer.level}. " + ", ".join(md_code(p) for p in layer.packages) for layer in s.layers]
    out.append("")
    if s.weakest_links and s.tangled >= 3:
        whole = s.tangled == len(s.packages)
        out += [(f"All {s.tangled} packages import each other" if whole else f"{s.tangled} packages import each other, so they share a "
                 "level") + "; the weakest links, whose removal would restore the layering:", ""]
        out += [f"- {md_code(u)} → {md_code(v)} ({w} import{'s' if w != 1 else ''})" for u, v, w in s.weakest_links[:SHOWN]] + [""]
    if s.inner_layers:
        size = sum(len(layer.packages) for layer in s.inner_layers)
        out += [f"Inside {md_code(s.inner_package)}, the largest of them ({size} modules), from the foundation up:", ""]
        out += [f"{layer.level}. " + ", ".join(md_code(m.removeprefix(s.inner_package + ".")) for m in layer.packages) for layer in s.inner_layers]
        out.append("")
    if s.upward:
        rows = [[md_code(link.importer), md_code(link.imported), where(link.path, link.line)] for link in s.upward]
        out += [f"Imports that go upward, against the layering ({len(rows)}):", ""]
        out += folded(f"{len(rows)} imports", table(["Importer", "Imports", "Where"], rows), SHOWN,
                      [f"from {md_code(_parent(link.importer))}" for link in s.upward]) + [""]
    return out


def _ranked(report: Report) -> list[str]:
    s, out = report.structure, []
    if s.core:
        out += ["### Core modules", "", "The modules the rest of the package depends on most:", ""]
        out += table(["Module", "File", "Imported by", "PageRank"],
                     [[md_code(r.module), where(r.path, None), str(r.fan_in), f"{r.pagerank:.3f}"] for r in s.core]) + [""]
    if s.hubs:
        out += ["### Hubs", "", "The modules that wire the most others together:", ""]
        out += table(["Module", "File", "Imports"], [[md_code(r.module), where(r.path, None), str(r.fan_out)] for r in s.hubs]) + [""]
    if s.orphans:
        out += ["### Likely unused modules", "", "Nothing in the package imports these, no entry point starts them, and "
                "no framework convention names them (likely, not certain: code can be loaded by name at run time):", ""]
        out += folded(f"{len(s.orphans)} modules", [f"- {md_code(o.module)} ({where(o.path, None)})" + (" — imported by tests only" if o.imported_by_tests else "")
                                                   for o in s.orphans], len(s.orphans), [f"in {md_code(_parent(o.module))}" for o in s.orphans]) + [""]
    if s.public_api:
        why = (f"This is a {report.kind.kind} ({'; '.join(report.kind.evidence)}): {len(s.public_api)} public modules that nothing in the "
               "package imports are what its users import, not dead code:") if report.kind.library else (
               f"{len(s.public_api)} public modules that nothing in the package imports need a dependency the project does not require: "
               "optional integrations, imported by users who install it, not dead code:")
        out += ["### Public API", "", why, ""]
        out += folded(f"{len(s.public_api)} modules", [f"- {md_code(m)}" for m in s.public_api], SHOWN, [f"in {md_code(_parent(m))}" for m in s.public_api]) + [""]
    return out


def _outside(report: Report) -> list[str]:
    g, out = report.graph, []
    third = [x for x in g.external if not x.stdlib]
    if third:
        rows = [[md_code(x.name), str(len(x.modules)), ", ".join(md_code(p) for p in x.packages), where(x.path, x.line)] for x in third]
        out += ["### Third-party imports", ""] + folded(f"{len(rows)} top-level names", table(["Name", "Importers", "From", "First use"], rows), 15,
                                                         [f"from {md_code(x.packages[0])}" if x.packages else "from elsewhere" for x in third]) + [""]
    if g.unresolved:
        rows = [[where(u.path, u.line), md_code(u.target), md(u.why)] for u in g.unresolved]
        out += ["### Imports that resolve to nothing", ""] + folded(f"{len(rows)} imports", table(["Where", "Import", "Why"], rows), 15,
                                                                    [md(u.why) for u in g.unresolved]) + [""]
    return out


def architecture(report: Report) -> list[str]:
    """Diagram, layers, cycles, core modules, hubs, orphans, outside imports."""
    d = report.diagram
    out = ["## Architecture", ""]
    if d.nodes:
        cut = f" Packages are shown to depth {d.depth}." if d.depth is not None else ""
        if d.hidden:
            cut += f" The {d.hidden} least connected packages are left out."
        out += [f"Packages and how many imports go between them; boxes on a cycle are red.{cut}", ""] + mermaid(d) + [""]
    return out + _layers(report) + _cycles(report) + _ranked(report) + _outside(report)


def reading(report: Report) -> list[str]:
    """The reading order with reasons."""
    steps = report.reading.steps
    if not steps:
        return []
    rows = [[str(i), md_code(s.module), where(s.path, None), md(s.reason), md(s.summary) if s.summary else "*undocumented*"]
            for i, s in enumerate(steps, 1)]
    out = ["## Where to start reading", ""] + table(["#", "Module", "File", "Why", "What it says it is"], rows) + [""]
    if report.reading.rest:
        rest = ", ".join(f"{md_code(p)} ({n})" for p, n in report.reading.rest)
        out += [f"Then, by package (modules left): {rest}.", ""]
    return out


_STATUS = {"declared": "declared", "undeclared": "**imported, not declared**", "python2-stdlib": "Python 2 standard library",
           "unused": "declared, never imported", "runtime-only": "declared, used at run time or by tools"}


def dependencies(report: Report) -> list[str]:
    """Third-party imports against the declared dependencies."""
    deps = report.dependencies
    if not deps:
        return []
    undeclared = [d for d in deps if d.status == "undeclared" and "package" in d.scopes]
    out = ["## Dependencies", ""]
    if undeclared:
        out += [f"{len(undeclared)} third-party imports of the package are not declared: "
                + ", ".join(md_code(d.import_name) for d in undeclared) + ".", ""]
    rows = [[md_code(d.distribution), md_code(d.import_name) if d.import_name else "", _STATUS[d.status],
             ", ".join(md(w) for w in d.declared_in), ", ".join(md(s) for s in d.scopes) + (" (optional)" if d.conditional else "")]
            for d in deps]
    return out + folded(f"{len(rows)} distributions", table(["Distribution", "Import", "Status", "Declared in", "Imported from"], rows), 15,
                        [_STATUS[d.status] for d in deps]) + [""]


def configuration(report: Report) -> list[str]:
    """Environment variables: required and undocumented first."""
    env = report.env
    named = [v for v in env.variables if v.name is not None]
    if not named and not env.documented_unread and not env.variables:
        return []
    out = ["## Configuration", ""]
    missing = [v for v in named if v.required and not v.documented_in]
    if missing:
        out += [f"**{count(len(missing), 'required variable')} {'is' if len(missing) == 1 else 'are'} documented nowhere** (no default, not in `.env.example`, "
                "docker-compose, a Dockerfile or the README): " + ", ".join(md_code(v.name) for v in missing) + ".", ""]
    ordered = sorted(named, key=lambda v: (not v.required, bool(v.documented_in), v.name))
    rows = [[md_code(v.name), "yes" if v.required else "no", (md_code(v.default) if v.default else "empty") if v.default is not None else "",
             ", ".join(md(d) for d in v.documented_in) or "*nowhere*",
             ", ".join(where(r.path, r.line) for r in v.reads[:3]) + (f" and {len(v.reads) - 3} more" if len(v.reads) > 3 else "")]
            for v in ordered]
    if rows:
        groups = ["required" + ("" if v.documented_in else ", documented nowhere") if v.required else "optional" for v in ordered]
        out += folded(f"{len(rows)} variables", table(["Variable", "Required", "Default", "Documented in", "Read at"], rows), 15, groups) + [""]
    dynamic = [v for v in env.variables if v.name is None]
    if dynamic:
        sites = ", ".join(where(r.path, r.line) for r in dynamic[0].reads[:10])
        out += [f"Read with a name computed at run time (not resolvable statically): {sites}.", ""]
    if env.documented_unread:
        out += ["Documented but never read by the code: " + ", ".join(
            f"{md_code(name)} ({', '.join(md(s) for s in sources)})" for name, sources in env.documented_unread) + ".", ""]
    return out


def touches(report: Report) -> list[str]:
    """Services and tools by category, with the files that use them."""
    if not report.usage:
        return []
    rows = []
    for u in report.usage:
        places = sorted({e.path for e in u.evidence})
        package = [e for e in u.evidence if e.scope == "package"]
        first = (package or list(u.evidence))[0]
        service = md_code(u.service) if u.service else "*not named*" if u.provider else \
            ", ".join(md_code(lib) for lib in sorted({e.detail.split(".")[0] for e in u.evidence}))
        outside = only_in(u.scopes)
        rows.append([md(category(u.category)), md(u.provider or ""), f"{service} ({md(outside)})" if outside else service,
                     ", ".join(md_code(name) for name in u.configured_by),
                     ", ".join(sorted({md(e.via) for e in u.evidence})),
                     where(first.path, first.line) + (f" and {count(len(places) - 1, 'more file')}" if len(places) > 1 else "")])
    return ["## What it touches", ""] + folded(f"{len(rows)} services and tools", table(["Category", "Provider", "Service", "Configured by", "Evidence", "Where"], rows), 25,
                                               [md(category(u.category)) for u in report.usage]) + [""]


_KINDS = {"console_script": "Console scripts", "gui_script": "GUI scripts", "main_module": "Run as a module or script",
          "script": "Scripts (top-level code, no main guard)", "cli_command": "Command-line commands", "web_route": "Web routes", "task": "Background tasks", "airflow_dag": "Airflow DAGs",
          "lambda_handler": "Serverless handlers", "django_command": "Django management commands",
          "entry_point": "Plugins and other entry points", "setup_script": "Installed scripts", "container": "Containers",
          "process": "Processes (Procfile)", "notebook": "Notebooks (`jupyter nbconvert --execute`, papermill)", "dev_command": "Developer commands"}


def _shown_name(entry) -> str:
    program = dict(entry.detail).get("program") if entry.kind == "cli_command" else None
    return f"{program} {entry.name}" if program else entry.name


def _runs(entry) -> str:
    """What an entry runs, with its help when the file gives one (a tox matrix says its size here)."""
    help_text = dict(entry.detail).get("help")
    return md_code(entry.target) + (f" ({md(help_text)})" if help_text else "")


def how_to_run(report: Report) -> list[str]:
    """Entry points: the start-here ones first, then the rest by kind, developer commands last."""
    entries = report.entry_points
    if not entries:
        return []
    out = ["## How to run it", ""]
    first = [e for e in entries if e.start_here]
    if first:
        out += ["**Start here**:", ""] + [f"1. {md_code(_shown_name(e))} runs {md_code(e.target)}" + (f" ({where(e.path, e.line)})" if e.path else "")
                                          for e in first] + [""]
    kinds: dict[str, list] = {}
    for entry in entries:
        kinds.setdefault(entry.kind, []).append(entry)
    for kind, items in sorted(kinds.items(), key=lambda kv: list(_KINDS).index(kv[0]) if kv[0] in _KINDS else len(_KINDS)):
        package = sum(1 for e in items if e.scope == "package")
        out += [f"### {_KINDS.get(kind, md(kind))} ({package} in the package, {len(items) - package} elsewhere)", ""]
        rows = [[md_code(_shown_name(e)), _runs(e), where(e.path, e.line) if e.path else "", md(e.scope)] for e in items]
        out += folded(f"{len(rows)} entries", table(["Name", "Runs", "Where", "Scope"], rows), 15,
                      [f"in {md_code(e.path)}" if e.path else "declared nowhere" for e in items]) + [""]
        unresolved = [e for e in items if any(k in ("resolved", "mounted") for k, _ in e.detail)]
        if unresolved:
            verb = "is" if len(unresolved) == 1 else "are"
            out += [f"{len(unresolved)} of these {verb} only partly known statically: " + "; ".join(
                f"{md_code(_shown_name(e))} ({md(next(v for k, v in e.detail if k in ('resolved', 'mounted')))})" for e in unresolved[:5])
                + (f"; and {len(unresolved) - 5} more" if len(unresolved) > 5 else "") + ".", ""]
    return out
