"""The HTML guide: the Markdown guide rendered to one self-contained page (`--format html`).

Same sections in the same order as `onboard.md`, because the page *is* that Markdown, rendered
by markdown-it-py (CommonMark and tables). Safety does not rest on the Markdown escaping alone:
raw HTML passes only for the exact tags onboard itself writes (`<details><summary>`, `<sub>`),
every other HTML fragment is shown as text, links go only to `#anchors` of the page or to the
`--source-url`, and images are dropped. The Mermaid block becomes an inline SVG drawn in Python.
The page loads nothing: a Content-Security-Policy meta tag forbids scripts, fetches, fonts and
frames, and allows only the page's own stylesheet by its hash. Same report, same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from onboard.report import markdown
from onboard.report.html_style import STYLE
from onboard.report.svg import package_svg
from onboard.report.text import clean
from onboard.results import Report

_SUMMARY = re.compile(r"<details><summary>([^<>&\n]*)</summary>\n?")
_INLINE_TAGS = {"<sub>", "</sub>"}


def _html_block(self, tokens: list[Token], idx: int, options, env) -> str:
    content = tokens[idx].content
    found = _SUMMARY.fullmatch(content)
    if found:
        return f"<details><summary>{escape(found.group(1))}</summary>\n"
    if content.strip() == "</details>":
        return "</details>\n"
    return f"<p>{escape(content)}</p>\n"


def _html_inline(self, tokens: list[Token], idx: int, options, env) -> str:
    content = tokens[idx].content
    return content if content in _INLINE_TAGS else escape(content)


def _image(self, tokens: list[Token], idx: int, options, env) -> str:
    return escape(tokens[idx].content)


def _slug(text: str, seen: dict[str, int]) -> str:
    """GitHub's heading anchor (lower case, punctuation dropped, spaces to dashes), numbered when repeated."""
    base = re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")
    count = seen.get(base, 0)
    seen[base] = count + 1
    return base if count == 0 else f"{base}-{count}"


def _unlink(children: list[Token], allowed) -> list[Token]:
    """Drop the link tokens (keeping their text) of links that go anywhere but `allowed` targets."""
    out, dropped = [], []
    for child in children:
        if child.type == "link_open":
            keep = allowed(str(child.attrGet("href") or ""))
            dropped.append(not keep)
            if keep:
                out.append(child)
        elif child.type == "link_close":
            if not dropped.pop():
                out.append(child)
        else:
            out.append(child)
    return out


def _prepare(tokens: list[Token], source_url: str) -> None:
    """Heading anchors, the contents line as a `<nav>`, and only the links onboard writes."""
    seen: dict[str, int] = {}
    allowed = (lambda href: href.startswith("#") or bool(source_url) and href.startswith(source_url))
    for i, token in enumerate(tokens):
        if token.type == "inline" and token.children is not None:
            token.children = _unlink(token.children, allowed)
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            text = "".join(c.content for c in tokens[i + 1].children or [] if c.type in ("text", "code_inline"))
            token.attrSet("id", _slug(text, seen))
        if token.type == "paragraph_open" and tokens[i + 1].content.startswith("**Contents**:"):
            token.tag = tokens[i + 2].tag = "nav"
            token.attrSet("class", "contents")


def _renderer(svg: str) -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable("table")
    fence = parser.renderer.rules["fence"]

    def _fence(self, tokens, idx, options, env):
        if tokens[idx].info.strip() == "mermaid" and svg:
            return f'<figure class="diagram">{svg}</figure>\n'
        return fence(tokens, idx, options, env)

    parser.add_render_rule("fence", _fence)
    parser.add_render_rule("html_block", _html_block)
    parser.add_render_rule("html_inline", _html_inline)
    parser.add_render_rule("image", _image)
    parser.add_render_rule("table_open", lambda self, t, i, o, e: '<div class="table">\n<table>\n')
    parser.add_render_rule("table_close", lambda self, t, i, o, e: "</table>\n</div>\n")
    return parser


def render(report: Report, source_url: str = "") -> str:
    """The page, ending in a single newline."""
    text = markdown.render(report, source_url)
    parser = _renderer(package_svg(report.diagram, report.structure.layers))
    tokens = parser.parse(text)
    _prepare(tokens, source_url)
    body = parser.renderer.render(tokens, parser.options, {})
    digest = base64.b64encode(hashlib.sha256(STYLE.encode("utf-8")).digest()).decode("ascii")
    policy = (f"default-src 'none'; style-src '{'sha256-' + digest}'; img-src data:; script-src 'none'; "
              "base-uri 'none'; form-action 'none'")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="onboard {escape(clean(report.tool_version))}">',
        f"<title>{escape(clean(report.repo.name))}: onboarding guide</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        body.rstrip("\n"),
        "</main>",
        "</body>",
        "</html>",
    ]) + "\n"
