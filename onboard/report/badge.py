"""A coverage badge as a small, deterministic SVG (the shape of the usual shields)."""

from __future__ import annotations

from onboard.report.text import percent

_COLOURS = ((95, "#4c1"), (80, "#97ca00"), (60, "#dfb317"), (40, "#fe7d37"), (0, "#e05d44"))
_CHAR = 6.5  # an approximate glyph width of 11 px Verdana, enough for a label this short


def render_badge(value: float, label: str = "docstrings") -> str:
    """The SVG text for `value` percent; the colour steps at 40/60/80/95."""
    text = percent(value)
    colour = next(c for limit, c in _COLOURS if value >= limit)
    left, right = int(len(label) * _CHAR + 12), int(len(text) * _CHAR + 12)
    width = left + right
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" aria-label="{label}: {text}">\n'
        f"  <title>{label}: {text}</title>\n"
        f'  <rect width="{left}" height="20" fill="#555"/>\n'
        f'  <rect x="{left}" width="{right}" height="20" fill="{colour}"/>\n'
        f'  <g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">\n'
        f'    <text x="{left / 2:.1f}" y="14">{label}</text>\n'
        f'    <text x="{left + right / 2:.1f}" y="14">{text}</text>\n'
        "  </g>\n</svg>\n"
    )
