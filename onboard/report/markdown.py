"""The Markdown report: the onboarding document, section by section.

Every piece of repo text goes through `md`/`md_code`, so tables keep their columns and a
docstring cannot open a heading, a link or an HTML tag. Long lists fold into `<details>`.
"""

from __future__ import annotations

from onboard.report.markdown_first import first_screen
from onboard.report.markdown_flows import reached_from, ways_in_touch
from onboard.report.markdown_notebooks import notebooks
from onboard.report.markdown_structure import architecture, configuration, dependencies, how_to_run, reading, touches
from onboard.report.mdtable import folded, linking, table, where
from onboard.report.places import line_in, notebook_places
from onboard.results import Report
from onboard.report.text import count, md, md_code, percent

TOP_UNDOCUMENTED = 10
_LAYOUTS = {"src": "src layout (packages under `src/`)", "flat": "flat layout (packages at the top)",
            "namespace": "namespace packages (no `__init__.py` at the top)", "monorepo": "several projects in one repository",
            "scripts": "loose scripts, no package"}


def _contents(sections: list[str]) -> list[str]:
    """A table of contents of the sections present; all their headings are onboard's own words
    (letters and spaces), so GitHub's anchor is the heading lower-cased with dashes."""
    titles = [line[3:] for line in sections if line.startswith("## ")]
    links = [f"[{title}](#{title.lower().replace(' ', '-')})" for title in titles]
    return ["**Contents**: " + " · ".join(links), ""] if links else []


def _overview(report: Report) -> list[str]:
    repo, meta = report.repo, report.repo.metadata
    out = [f"# {md(repo.name)}", ""] + first_screen(report.first_screen)
    if meta.description:
        out += [f"> {md(meta.description)}", ""]
    if meta.readme:
        out += [f"From {md_code(meta.readme_path)}:", "", f"> {md(meta.readme)}", ""]
    facts = [
        ("Kind", f"{report.kind.kind}" + (f" ({md('; '.join(report.kind.evidence))})" if report.kind.evidence else "")),
        ("Version", md(meta.version) if meta.version else "not declared"),
        ("Python", md(meta.requires_python) if meta.requires_python else "not declared"),
        ("Packages", ", ".join(md_code(p) for p in repo.root_packages) or "none found"),
        ("Source roots", ", ".join(md_code(r or ".") for r in repo.source_roots) or "none"),
        ("Layout", _LAYOUTS.get(repo.layout, md(repo.layout)) + (": " + ", ".join(md_code(p) for p in repo.projects) if repo.projects else "")),
        ("Python files", f"{report.python_files:,} analysed ({count(report.python_lines, 'line')}), {count(report.stub_files, 'stub')}, "
                         f"{len(repo.not_analysed):,} not analysed, {count(sum(e.files for e in repo.excluded), 'file')} excluded"),
    ]
    return out + [f"- **{k}**: {v}" for k, v in facts] + [""]


def _docs(report: Report) -> list[str]:
    docs = report.docs
    scopes = ", ".join(docs.scopes)
    out = ["## Documentation coverage", "",
           f"**{percent(docs.overall.percent)}** of {docs.overall.total:,} modules, classes and functions in scope "
           f"`{md(scopes)}` have a docstring ({docs.overall.documented:,} documented).", ""]
    out += table(["Scope", "Coverage", "Documented", "Total"],
                  [[md(s), percent(c.percent), str(c.documented), str(c.total)] for s, c in docs.by_scope.items()]) + [""]
    if docs.by_package:
        out += ["### By package", ""]
        rows = [[md_code(p), percent(c.percent), str(c.documented), str(c.total)] for p, c in docs.by_package.items()]
        bands = ["below 50%" if c.percent < 50 else "below 80%" if c.percent < 80 else "at 80% or more" for c in docs.by_package.values()]
        out += folded(f"{len(rows)} packages", table(["Package", "Coverage", "Documented", "Total"], rows), 15, bands) + [""]
    if report.doc_priorities:
        out += ["### Most important modules without a docstring", "", "Ranked by how often a newcomer meets them: imports from the rest "
                "of the package, entry points declared, size. The modules whose own docstring is there are left out; their "
                "undocumented classes and functions are listed under 'Undocumented items by module'.", ""]
        for p in report.doc_priorities[:TOP_UNDOCUMENTED]:
            out.append(f"1. {md_code(p.module)} ({where(p.path, None)}): {md(p.reason)}; {p.missing} of {count(p.total, 'item')} undocumented")
        out.append("")
    if report.docstrings_wanted:
        out += ["### Where a docstring would help most", "", "The code behind the ways in, which a newcomer opens first:", ""]
        out += [f"- {md_code(w.target)} ({where(w.path, w.line)}), run as {md(w.how)} {md_code(w.name)}"
                for w in report.docstrings_wanted[:TOP_UNDOCUMENTED]]
        out.append("")
    rows = [[md_code(m.module), where(m.path, None), md(m.scope), f"{m.documented}/{m.total}",
             ", ".join(f"{md_code(x.name)} ({line_in(m.path, x.line)})" for x in m.missing[:8]) + (f" and {len(m.missing) - 8} more" if len(m.missing) > 8 else "")]
            for m in docs.modules if m.missing]
    if rows:
        out += ["### Undocumented items by module", ""]
        groups = [f"in {md_code(m.module.rpartition('.')[0] or m.module)}" for m in docs.modules if m.missing]
        out += folded(f"{len(rows)} modules with undocumented items", table(["Module", "File", "Scope", "Documented", "Missing (line)"], rows), 0, groups) + [""]
    return out


def _problems(report: Report) -> list[str]:
    repo, out = report.repo, ["## Files not analysed", ""]
    if repo.not_analysed:
        rows = [[where(n.path, n.line), md(n.reason), md(n.message)] for n in repo.not_analysed]
        out += folded(f"{len(rows)} files", table(["File", "Reason", "Details"], rows), 30, [md(n.reason) for n in repo.not_analysed]) + [""]
    else:
        out += ["None: every Python file found was analysed.", ""]
    if repo.excluded:
        out += ["## Excluded", ""]
        rows = [[md_code(e.path), f"{e.files:,}", md(e.why)] for e in repo.excluded]
        out += folded(f"{len(rows)} paths", table(["Path", "Files", "Why"], rows), 30) + [""]
    if report.warnings:
        out += ["## Metadata and configuration warnings", ""] + [f"- {where(w.path, w.line)}: {md(w.message)}" for w in report.warnings] + [""]
    return out


def render(report: Report, source_url: str = "") -> str:
    """The Markdown document, ending in a single newline; `path:line` references link to
    `source_url` + path + `#L` + line when a (validated) source URL is given."""
    with linking(source_url), notebook_places(report):
        sections = (how_to_run(report) + ways_in_touch(report) + touches(report) + reached_from(report) + configuration(report) + dependencies(report) + notebooks(report) + architecture(report)
                    + reading(report) + _docs(report) + _problems(report))
        lines = _overview(report) + _contents(sections) + sections
    lines.append(f"<sub>Generated by onboard {md(report.tool_version)}.</sub>")
    return "\n".join(lines).rstrip("\n") + "\n"
