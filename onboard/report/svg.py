"""The package diagram as inline SVG, for the HTML guide (no JavaScript, no Mermaid renderer).

Boxes are placed in rows by layer, the top layer first and the foundation (level 0) at the
bottom, as the structure analysis computes the layers; a box holding several packages sits at
the highest level among them. Arrows go from importer to imported, labelled with the number of
imports; arrows and boxes on a cycle are drawn in the `cycle` class. Every label is escaped and
styled by class only (the page's Content-Security-Policy allows no `style` attributes), so the
same diagram always gives the same bytes.
"""

from __future__ import annotations

from html import escape

from onboard.analyses.diagram import Diagram
from onboard.analyses.structure import Layer
from onboard.report.text import clean

CHAR_WIDTH = 7.6  # px per character of the 13px monospace label
BOX_HEIGHT = 30
ROW_GAP = 70  # vertical space between two rows of boxes
COLUMN_GAP = 28
MAX_WIDTH = 1000  # a layer wider than this wraps onto a second row
MAX_LABEL = 44
MARGIN = 16
TOP = 44  # room above the first row for arcs between boxes of one row
GUTTER = 64  # the "level N" labels left of the rows


def _label(name: str) -> str:
    text = clean(name)
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def _level(box: str, layers: tuple[Layer, ...]) -> int:
    levels = [layer.level for layer in layers for p in layer.packages if p == box or p.startswith(box + ".")]
    return max(levels, default=0)


def _rows(diagram: Diagram, layers: tuple[Layer, ...]) -> list[tuple[int, list[str]]]:
    """(level, boxes) by row: highest level first, each layer wrapped to `MAX_WIDTH`, names sorted."""
    by_level: dict[int, list[str]] = {}
    for box in diagram.nodes:
        by_level.setdefault(_level(box, layers), []).append(box)
    rows: list[tuple[int, list[str]]] = []
    for level in sorted(by_level, reverse=True):
        row: list[str] = []
        for box in sorted(by_level[level]):
            if row and _row_width([*row, box]) > MAX_WIDTH:
                rows.append((level, row))
                row = []
            row.append(box)
        rows.append((level, row))
    return rows


def _box_width(box: str) -> float:
    return round(len(_label(box)) * CHAR_WIDTH + 24, 1)


def _row_width(row: list[str]) -> float:
    return sum(_box_width(b) for b in row) + COLUMN_GAP * (len(row) - 1)


def _clip(cx: float, cy: float, w: float, h: float, tx: float, ty: float) -> tuple[float, float]:
    """Where the line from the centre of a w×h box at (cx, cy) towards (tx, ty) leaves the box."""
    dx, dy = tx - cx, ty - cy
    if dx == 0 and dy == 0:
        return cx, cy
    scale = min((w / 2) / abs(dx) if dx else float("inf"), (h / 2) / abs(dy) if dy else float("inf"))
    return cx + dx * scale, cy + dy * scale


def _arrow(u: tuple[float, float, float], v: tuple[float, float, float], weight: int, cycle: bool, bend: bool) -> str:
    """A path from box `u` to box `v` (centre x, centre y, width): straight, or curved when both
    boxes share a row (over the top) or when the opposite arrow exists (bowed to one side)."""
    (ux, uy, uw), (vx, vy, vw) = u, v
    if uy == vy:  # left to right over the top, right to left underneath
        side = -1 if vx > ux else 1
        sx, ex = ux - side * 8, vx + side * 8
        sy = ey = uy + side * BOX_HEIGHT / 2
        mx, my = (sx + ex) / 2, sy + side * (22 + min(abs(ex - sx) / 10, 18))
    else:
        (sx, sy), (ex, ey) = _clip(ux, uy, uw, BOX_HEIGHT, vx, vy), _clip(vx, vy, vw, BOX_HEIGHT, ux, uy)
        mx, my = (sx + ex) / 2 + (24 if bend else 0), (sy + ey) / 2
    lx, ly = (sx + 2 * mx + ex) / 4, (sy + 2 * my + ey) / 4  # the curve's midpoint
    kind = "arrow cycle" if cycle else "arrow"
    return (f'<path class="{kind}" d="M{sx:.1f},{sy:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}" '
            f'marker-end="url(#{kind.replace(" ", "-")}-head)"/>'
            f'<text class="weight" x="{lx + 4:.1f}" y="{ly - 3:.1f}">{weight}</text>')


def _marker(name: str) -> str:
    return (f'<marker id="{name}-head" viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" '
            f'orient="auto-start-reverse"><path class="{name}-head" d="M0,0 L10,5 L0,10 z"/></marker>')


def package_svg(diagram: Diagram, layers: tuple[Layer, ...]) -> str:
    """The diagram as one `<svg>` element, or "" when there is nothing to draw."""
    if not diagram.nodes:
        return ""
    rows = _rows(diagram, layers)
    inner = max(_row_width(row) for _, row in rows)
    width = GUTTER + inner + 2 * MARGIN
    height = TOP + len(rows) * BOX_HEIGHT + (len(rows) - 1) * ROW_GAP + 40
    centres: dict[str, tuple[float, float, float]] = {}
    boxes = []
    for r, (level, row) in enumerate(rows):
        x = MARGIN + GUTTER + (inner - _row_width(row)) / 2
        y = TOP + r * (BOX_HEIGHT + ROW_GAP)
        if r == 0 or rows[r - 1][0] != level:
            boxes.append(f'<text class="level" x="{MARGIN}" y="{y + BOX_HEIGHT / 2 + 4:.1f}">level {level}</text>')
        for box in row:
            w = _box_width(box)
            centres[box] = (x + w / 2, y + BOX_HEIGHT / 2, w)
            cls = "box cycle" if box in diagram.on_cycle else "box"
            boxes.append(f'<g class="{cls}"><title>{escape(clean(box))}</title>'
                         f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{BOX_HEIGHT}" rx="5"/>'
                         f'<text x="{x + w / 2:.1f}" y="{y + BOX_HEIGHT / 2 + 4.5:.1f}">{escape(_label(box))}</text></g>')
            x += w + COLUMN_GAP
    pairs = {(u, v) for u, v, _ in diagram.edges}
    arrows = []
    for u, v, weight in diagram.edges:
        arrows.append(_arrow(centres[u], centres[v], weight, (u, v) in diagram.cycle_edges, (v, u) in pairs and u > v))
    return (f'<svg class="diagram" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Package import diagram" '
            f'width="{width:.0f}" height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}">'
            f"<defs>{_marker('arrow')}{_marker('arrow-cycle')}</defs>"
            + "".join(arrows) + "".join(boxes) + "</svg>")
