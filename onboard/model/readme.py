"""A README's first paragraph of prose, as plain text: what a newcomer reads as "what it is".

What it finds: the first run of consecutive prose lines of a Markdown, reStructuredText or plain
README. Skipped on the way: HTML comments (one line or many), HTML blocks (from a line opening a
tag to the line that closes it, else to the next blank line, as CommonMark ends one), fenced
code with its body, headings (`#`, and reStructuredText titles with their underline), badges
and images, link-only lines, tables, block quotes, tables of contents (`- [Install](#install)`),
reStructuredText directives with their indented body, a bold line standing alone as a
heading (`**Table of contents**`), and a notice opened by a bold label (`**Update Nov 2025**`,
`**Note:**`). Links keep their text; emphasis and code marks are dropped. Limits: reads lines, not a parsed document; a tag left open
to the end of the file ends its block at the next blank line.
"""

from __future__ import annotations

import re

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)  # a comment, on one line or many (an unclosed one runs to the end)
_CONTENTS_ITEM = re.compile(r"^(?:[-*+]|\d+\.)\s+\[[^\]]*\]\(#[^)]*\)\s*$")  # `- [Install](#install)`: a table of contents
_OPEN_TAG = re.compile(r"^<([A-Za-z][\w-]*)[\s>/]|^<([A-Za-z][\w-]*)$")
_PSEUDO_HEADING = re.compile(r"^(\*\*|__)\W*\w+(?:\W+\w+){0,3}\W*\1:?$")  # `**Table of contents**`: at most 4 words on a line of its own
_FENCE = re.compile(r"^(```|~~~)")
_NOTICE = re.compile(r"^(\*\*|__)[^*_]*(?<![a-z])(?:update[sd]?|note|news|notice|announcement|warning|important|deprecated|disclaimer|"
                     r"heads[ -]up|attention|caution|status)(?![a-z])[^*_]*\1", re.I)  # a bold label that opens a notice
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|(?<!\w)_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_MARKUP_STARTS = ("#", "[!", "![", "<", "..", ":", "|", "```", "~~~", "---", "===", "***", "> ")


def _markup(text: str, following: str) -> bool:
    """Whether a non-empty stripped line is markup rather than prose."""
    underlined = len(following) >= 3 and set(following) <= set("=-~^*#+`")  # a reStructuredText title
    return (text.startswith(_MARKUP_STARTS) or set(text) <= set("=-~^*#+`") or underlined
            or text.startswith("[") and "](" in text and text.endswith(")")
            or _CONTENTS_ITEM.match(text) is not None)


def _html_block_end(lines: list[str], start: int) -> int:
    """The index after an HTML block opening at `start`: past the line closing its tag when one
    does, else at the next blank line."""
    opened = _OPEN_TAG.match(lines[start].strip())
    tag = (opened.group(1) or opened.group(2)).lower() if opened else ""
    if tag:
        depth = 0
        for index in range(start, len(lines)):
            low = lines[index].lower()
            depth += len(re.findall(rf"<{tag}[\s>]|<{tag}$", low)) - len(re.findall(rf"</{tag}\s*>", low))
            if depth <= 0:
                return index + 1
    index = start
    while index < len(lines) and lines[index].strip():
        index += 1
    return index


def _skip(lines: list[str], index: int) -> int:
    """Where the block starting at `index` ends when it is one to skip whole, else `index`."""
    text = lines[index].strip()
    if _FENCE.match(text):
        fence = text[:3]
        end = next((i for i in range(index + 1, len(lines)) if lines[i].strip().startswith(fence)), len(lines) - 1)
        return end + 1
    if text.startswith("<") and _OPEN_TAG.match(text):
        return _html_block_end(lines, index)
    if text.startswith(".. "):  # a directive and its indented body
        end = index + 1
        while end < len(lines) and (not lines[end].strip() or lines[end][:1] in " \t"):
            end += 1
        return end
    return index


def _plain(text: str) -> str:
    """Inline Markdown as the reader sees it: links as their text, images, emphasis and code
    marks dropped."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(1), text)
    return " ".join(_EMPHASIS.sub(lambda m: m.group(2), text).replace("`", "").split())


_TITLE = re.compile(r"^#[ \t]+(.+?)[ \t#]*$")  # `# Healthchecks`: an ATX heading of level 1
_UNDERLINE = re.compile(r"^(=+)\s*$")  # `Healthchecks` over `============`
_TITLE_LINES = 40  # how far down the title is looked for (past badges and comments)


def title(text: str) -> str | None:
    """The README's title: its first level-1 heading (`# Name`, or a line underlined with `=`)
    near the top, as plain text, when it reads as a name (at most 60 characters, no markup
    left); else None."""
    lines = _HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text).splitlines()[:_TITLE_LINES]
    for index, line in enumerate(lines):
        found = _TITLE.match(line.strip())
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if found is None and line.strip() and not line.startswith((" ", "\t")) and _UNDERLINE.match(following):
            found = re.match(r"(.+)", line.strip())
        if found is not None:
            name = _plain(found.group(1))
            return name if 0 < len(name) <= 60 and not any(c in name for c in "<>[]()|") else None
    return None


def first_paragraph(text: str) -> str | None:
    """The first paragraph of prose of a README's text, as plain text, or None; a notice
    (`**Update Nov 2025** ...`, `**Note:** ...`) is passed over."""
    lines = _HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text).splitlines()
    paragraph: list[str] = []
    index = 0
    while index < len(lines):
        end = _skip(lines, index) if not paragraph else index
        if end != index:
            index = end
            continue
        text = lines[index].strip()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if not text or _markup(text, following):
            if paragraph and not _NOTICE.match(paragraph[0]):
                break
            paragraph = []
        elif not (_PSEUDO_HEADING.match(text) and not following):
            paragraph.append(text)
        index += 1
    if paragraph and _NOTICE.match(paragraph[0]):
        return None
    return _plain(" ".join(paragraph)) or None
