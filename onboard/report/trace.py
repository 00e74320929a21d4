"""`onboard trace` output: the flows through a name as indented call chains, one tree per way
in (rich's tree on a terminal, plain indented lines when piped), or JSON for tools.

Chains of one way in share their common beginning: the tree branches where they part. Every
piece of repository text goes through `clean` and reaches rich as `Text`, never as markup.
"""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from onboard.analyses.flows import Flow
from onboard.analyses.trace import Traced, shown_name
from onboard.report.json_flows import flows_section
from onboard.report.json_writer import dumps
from onboard.report.text import clean

_LEAF = {"service": "service", "env_var": "env", "entry_point": "way in", "function": "function"}


def _where(path: str | None, line: int | None) -> str:
    return clean(f"{path}:{line}" if path and line else path or "")


def _trie(flow: Flow) -> dict:
    """(label, where) of each step -> the steps after it; a reach's own label ends its chain."""
    root: dict = {}
    for reach in flow.reaches:
        node = root
        for step in reach.path:
            node = node.setdefault((clean(step.function), _where(step.path, step.line)), {})
        leaf = f"{_LEAF.get(reach.kind, reach.kind)} {clean(reach.name)}" + ("" if reach.certain else " (maybe)")
        node.setdefault(("→ " + leaf, ""), {})
    return root


def _title(flow: Flow) -> tuple[str, str]:
    e = flow.entry
    return f"{e.kind.replace('_', ' ')} {clean(shown_name(e))}", _where(e.path, e.line)


def _limits(flow: Flow) -> list[str]:
    return [f"(not followed further: {clean(limit)})" for limit in flow.limits]


def plain(traced: Traced) -> str:
    """Indented lines, two spaces a level: what `grep` and `less` want."""
    out: list[str] = []

    def walk(node: dict, depth: int) -> None:
        for (label, where), children in node.items():
            out.append("  " * depth + label + (f"  {where}" if where else ""))
            walk(children, depth + 1)

    for flow in traced.flows:
        title, where = _title(flow)
        out.append(title + (f"  {where}" if where else ""))
        walk(_trie(flow), 1)
        out += ["  " + limit for limit in _limits(flow)]
    return "\n".join(out) + "\n" if out else ""


def tree(traced: Traced, width: int = 100, color: bool = True) -> str:
    """The same as rich trees, rendered to text (colour only when asked)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None,
                      highlight=False, emoji=False, legacy_windows=False)

    def label(text: str, where: str, style: str) -> Text:
        return Text.assemble((text, style), ("  " + where, "dim") if where else "")

    def grow(branch: Tree, node: dict) -> None:
        for (text, where), children in node.items():
            grow(branch.add(label(text, where, "bold" if text.startswith("→") else "cyan")), children)

    for flow in traced.flows:
        title, where = _title(flow)
        root = Tree(label(title, where, "bold"), guide_style="dim")
        grow(root, _trie(flow))
        for limit in _limits(flow):
            root.add(Text(limit, "yellow"))
        console.print(root)
    return buffer.getvalue()


def render_json(traced: Traced) -> str:
    """{target, matched: [{kind, name}], flows: as the report's `flows`}, for tools."""
    return dumps({"target": traced.target, "matched": [{"kind": k, "name": n} for k, n in traced.matched],
                  "flows": flows_section(traced.flows)})
