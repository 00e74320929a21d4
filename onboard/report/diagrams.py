"""Drawing graphs as text: Mermaid (for the Markdown report) and Graphviz DOT (`--format dot`).

Names can hold anything a file name can, so every label is escaped for its language and node
identifiers are generated (`n0`, `n1`, ...), never taken from the repository.
"""

from __future__ import annotations

from onboard.analyses.diagram import Diagram
from onboard.report.text import clean
from onboard.results import Report

_MERMAID_ESCAPES = (("#", "#35;"), ("&", "#38;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;"), ("|", "#124;"))


def mermaid_label(text: str) -> str:
    """Text safe inside a quoted Mermaid label."""
    value = clean(text)
    for raw, entity in _MERMAID_ESCAPES:
        value = value.replace(raw, entity)
    return value


def mermaid(diagram: Diagram) -> list[str]:
    """A Mermaid flowchart, one line per statement, inside a ```mermaid fence."""
    ids = {name: f"n{i}" for i, name in enumerate(diagram.nodes)}
    lines = ["```mermaid", "flowchart LR"]
    lines += [f'    {ids[name]}["{mermaid_label(name)}"]' for name in diagram.nodes]
    lines += [f"    {ids[u]} -->|{w}| {ids[v]}" for u, v, w in diagram.edges]
    if diagram.on_cycle:
        lines.append("    classDef cycle fill:#fde2e2,stroke:#c0392b,stroke-width:2px")
        lines.append("    class " + ",".join(ids[n] for n in sorted(diagram.on_cycle)) + " cycle")
    return lines + ["```"]


def _dot_string(*lines: str) -> str:
    """A quoted DOT string; several lines are joined with DOT's own `\\n`."""
    return '"' + "\\n".join(clean(line).replace("\\", "\\\\").replace('"', '\\"') for line in lines) + '"'


def render_dot(report: Report) -> str:
    """The module graph in Graphviz DOT: solid = import time, dashed = lazy, dotted = TYPE_CHECKING
    only; namespace packages dashed boxes; modules outside the package scope say their scope."""
    g = report.graph
    lines = ["digraph imports {", "    rankdir=LR;", '    node [shape=box, fontname="Helvetica"];']
    for name in sorted(g.graph):
        module = g.modules.get(name)
        label = _dot_string(name) if module is None or module.scope == "package" else _dot_string(name, f"({module.scope})")
        style = ", style=dashed" if module is None else ""
        lines.append(f"    {_dot_string(name)} [label={label}{style}];")
    for edge in g.edges:
        style = "dotted" if edge.type_checking_only else "dashed" if edge.lazy else "solid"
        lines.append(f"    {_dot_string(edge.importer)} -> {_dot_string(edge.imported)} [style={style}];")
    return "\n".join(lines) + "\n}\n"
