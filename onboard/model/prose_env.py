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
# Each way of writing a name is one pattern that starts with a literal or a character class, so
# that the regex engine skips ahead quickly (one pattern of alternatives is tried at every
# position of the page, and pages run to megabytes).
_ASSIGN = re.compile(rf"({_NAME})=(?!=)")  # NAME=..., judged by what precedes it on its line
_LINE_START = re.compile(r"[ \t]*(?:[$#>%][ \t]*)*(?:export[ \t]+|set[ \t]+)?")  # FOO=1 cmd, $ export FOO=1, # FOO=1
_AFTER = re.compile(r"(?:&&|;|\benv[ \t]|-e[ \t]|--env[ \t=])[ \t]*\Z")  # a && FOO=1, env FOO=1, docker -e FOO=1
_QUOTED = re.compile(rf"`({_NAME})`")
_DOLLAR = re.compile(rf"\$\{{?({_NAME})\b")  # $FOO, ${FOO}
_EXPORT = re.compile(rf"export[ \t]+`*({_NAME})\b")  # export FOO, export ``FOO`` (a word boundary before: checked)
_ENVIRON = re.compile(rf"(?:environ(?:\.get|\.setdefault|\.pop)?|getenv)[ \t]*[\[(][ \t]*[\"']({_NAME})[\"']")
_SPHINX = re.compile(rf":envvar:`({_NAME})`|^\.\.[ \t]+envvar::[ \t]*({_NAME})", re.M)
_ATX = re.compile(r"#{1,6}\s")
_WINDOW = 200  # characters before a NAME= that say whether it sets a variable
_ENV_WORDS = re.compile(r"env(?:iron(?:ment(?:al)?)?)?[ _-]?var")  # in lower-cased text, at a word's start (`_says_env`)
_ADORNMENT = re.compile(r"([=\-~^\"'*+#:.<>_])\1{2,}\s*")  # an rst title's underline
_FENCE = re.compile(r"\s*```")
# A paragraph that continues the one before it: indented, a list item, a table row, code
_SUBORDINATE = re.compile(r"\s|[-*+|]\s?|\d+[.)]\s|```|~~~|\.\. ")


def _says_env(text: str) -> bool:
    """Whether the text says "environment variable" ("env var", "envvar", any case): the pattern
    found in the lower-cased text, then checked to start a word (a pattern starting with `\\b`
    or case-insensitive cannot skip ahead on its literal: fifteen times slower)."""
    text = text.lower()
    return any(_word_start(text, match.start()) for match in _ENV_WORDS.finditer(text))


def _word_start(text: str, at: int) -> bool:
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")


def _forms(text: str) -> tuple[set[str], set[str]]:
    """(names in code form: `NAME`, NAME=, $NAME; names written the way an environment variable
    is set or read: the module docstring's list)."""
    code, direct = set(), set()
    for match in _ASSIGN.finditer(text):
        at = match.start()
        if _word_start(text, at):
            code.add(match.group(1))
        # what precedes it on its line, within a window (a megabyte-long line stays linear)
        window = max(0, at - _WINDOW)
        newline = text.rfind("\n", window, at)
        before = text[newline + 1 if newline >= 0 else window:at]
        if (newline >= 0 or window == 0) and _LINE_START.fullmatch(before) or _AFTER.search(before):
            direct.add(match.group(1))
    code.update(_QUOTED.findall(text))
    # each pattern only where its literal is (most pages have none, and a pattern that cannot
    # skip ahead on a literal is tried at every position of the page)
    if "$" in text:
        dollars = set(_DOLLAR.findall(text))
        code |= dollars
        direct |= dollars
    if "export" in text:
        direct.update(m.group(1) for m in _EXPORT.finditer(text) if _word_start(text, m.start()))
    if "environ" in text or "getenv" in text:
        direct.update(m.group(1) for m in _ENVIRON.finditer(text) if _word_start(text, m.start()))
    if "envvar" in text:
        direct.update(a or b for a, b in _SPHINX.findall(text))
    return {n for n in code if not n.endswith("_")}, {n for n in direct if not n.endswith("_")}


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
        if self.env_level is None and _says_env(title):
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
        own = _says_env(body)
        inherited = self.carry == 1 or self.carry == 2 and bool(_SUBORDINATE.match(lines[0]))
        about_env = self.env_level is not None or own or inherited
        self.carry = 1 if about_env and body.rstrip().endswith(":") else 2 if inherited else 0
        if about_env:
            self.context.append(body)


def _env_context(text: str) -> str:
    """The parts of the page whose context says they are about environment variables."""
    if not _says_env(text):  # no heading or paragraph can say so: most pages
        return ""
    page, lines, paragraph, fenced = _Page(), text.splitlines(), [], False
    for i, line in enumerate(lines):
        below = lines[i + 1] if i + 1 < len(lines) else ""
        if _FENCE.match(line):
            fenced = not fenced
        atx = not fenced and _ATX.match(line)
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
    code, direct = _forms(text)
    in_context = {name for name in _forms(_env_context(text))[0] if "_" in name}
    return code | direct, direct | in_context
