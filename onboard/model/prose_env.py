"""Environment variables named in a prose page (a README, a page of `docs/`), and which of those
mentions are evidence that the name is an environment variable.

A page is full of upper-case code words: settings (`ACCOUNT_ADAPTER`), HTTP methods (`GET`),
query keywords (`AND`). Any name in code form (`NAME`, NAME=, $NAME) counts as *mentioned*,
which documents a variable the code reads. A name is *declared* an environment variable only with
evidence: the way it is written (`export NAME=`, `NAME=value` starting a line or command, `$NAME`,
`${NAME}`, `os.environ["NAME"]`, `getenv("NAME")`, Sphinx's `:envvar:` and `.. envvar::`), or
where it is written: a paragraph, table or list that says "environment variable" ("env var",
"envvar"), the list, table or code block such a paragraph introduces with a colon, or a section
whose heading says so. Names ending with `_` are prefixes, never variables; a name without an
underscore (`PORT`, `AND`) is declared only by the way it is written.
"""

from __future__ import annotations

import re

_NAME = r"[A-Z][A-Z0-9_]{2,}"
_CODE_FORM = re.compile(rf"`({_NAME})`|\b({_NAME})=|\$\{{?({_NAME})\b")
_DIRECT = re.compile(
    rf"^[ \t]*(?:[$#>%][ \t]*)*(?:export[ \t]+|set[ \t]+)?({_NAME})=(?!=)"  # FOO=1 cmd, $ export FOO=1, # FOO=1
    rf"|(?:&&|;|\benv[ \t]|-e[ \t]|--env[ \t=])[ \t]*({_NAME})=(?!=)"  # a && FOO=1, env FOO=1, docker -e FOO=1
    rf"|\bexport[ \t]+`*({_NAME})\b"  # export FOO, export ``FOO``
    rf"|\$\{{?({_NAME})\b"  # $FOO, ${FOO}
    rf"|(?:\benviron(?:\.get|\.setdefault|\.pop)?|\bgetenv)[ \t]*[\[(][ \t]*[\"']({_NAME})[\"']"
    rf"|:envvar:`({_NAME})`|^\.\.[ \t]+envvar::[ \t]*({_NAME})",
    re.M,
)
_ENV_WORDS = re.compile(r"\benv(?:iron(?:ment(?:al)?)?)?[ _-]?var", re.I)
_ADORNMENT = re.compile(r"([=\-~^\"'*+#:.<>_])\1{2,}\s*")  # an rst title's underline
_FENCE = re.compile(r"\s*```")
# A paragraph that continues the one before it: indented, a list item, a table row, code
_SUBORDINATE = re.compile(r"\s|[-*+|]\s?|\d+[.)]\s|```|~~~|\.\. ")


def _names(pattern: re.Pattern, text: str) -> set[str]:
    found = (next(g for g in groups if g) for groups in pattern.findall(text))
    return {name for name in found if not name.endswith("_")}


class _Page:
    """Walks the page's paragraphs and headings, keeping what says 'environment variable'."""

    def __init__(self) -> None:
        self.styles: list[str] = []  # rst title styles, in the order met: their levels
        self.env_level: int | None = None  # the level of the heading that says so, while in its section
        self.carry = 0  # 1: an introduction ended with ':', 2: in what it introduced
        self.context: list[str] = []  # the paragraphs said to be about environment variables

    def heading(self, title: str, level: int) -> None:
        if self.env_level is not None and level <= self.env_level:
            self.env_level = None
        if self.env_level is None and _ENV_WORDS.search(title):
            self.env_level = level
        self.carry = 0
        if self.env_level is not None:
            self.context.append(title)

    def rst_level(self, underline: str, overlined: bool) -> int:
        style = underline[0] + ("/" if overlined else "")
        if style not in self.styles:
            self.styles.append(style)
        return self.styles.index(style) + 1

    def paragraph(self, lines: list[str]) -> None:
        body = "\n".join(lines)
        own = bool(_ENV_WORDS.search(body))
        inherited = self.carry == 1 or self.carry == 2 and bool(_SUBORDINATE.match(lines[0]))
        about_env = self.env_level is not None or own or inherited
        self.carry = 1 if about_env and body.rstrip().endswith(":") else 2 if inherited else 0
        if about_env:
            self.context.append(body)


def _env_context(text: str) -> str:
    """The parts of the page whose context says they are about environment variables."""
    page, lines, paragraph, fenced = _Page(), text.splitlines(), [], False
    for i, line in enumerate(lines):
        below = lines[i + 1] if i + 1 < len(lines) else ""
        if _FENCE.match(line):
            fenced = not fenced
        atx = not fenced and re.match(r"#{1,6}\s", line)
        underlined = not fenced and line.strip() and not _ADORNMENT.fullmatch(line) and _ADORNMENT.fullmatch(below) \
            and len(below.rstrip()) >= len(line.rstrip())
        if (atx or underlined) and paragraph:
            page.paragraph(paragraph)
            paragraph = []
        if atx:
            page.heading(line, len(line) - len(line.lstrip("#")))
        elif underlined:
            overlined = i > 0 and bool(_ADORNMENT.fullmatch(lines[i - 1]))
            page.heading(line, page.rst_level(below.strip(), overlined))
        elif line.strip() and not _ADORNMENT.fullmatch(line) or fenced:
            paragraph.append(line)
        elif paragraph:
            page.paragraph(paragraph)
            paragraph = []
    if paragraph:
        page.paragraph(paragraph)
    return "\n".join(page.context)


def prose_env(text: str) -> tuple[set[str], set[str]]:
    """(names mentioned in code form, names declared environment variables) in one page."""
    direct = _names(_DIRECT, text)
    mentioned = _names(_CODE_FORM, text) | direct
    in_context = {name for name in _names(_CODE_FORM, _env_context(text)) if "_" in name}
    return mentioned, direct | in_context
