"""`extract` on inline sources: facts, line numbers, and every failure reason it can return."""

from __future__ import annotations

import pytest

from onboard.facts import Failure, FileFacts
from onboard.parse.extract import extract


def facts(source: bytes) -> FileFacts:
    result = extract("t.py", source)
    assert isinstance(result, FileFacts), result
    return result


def failure(source: bytes) -> Failure:
    result = extract("t.py", source)
    assert isinstance(result, Failure), result
    return result


def test_definitions_docstrings_parents_and_lines():
    src = b'''"""Module summary.

More text."""
import os


@app.route("/x")
@property
async def handler():
    """   """

    def inner(): "inner doc"


class Order(Base):
    ("parenthesised doc")

    def method(self):
        pass

    class Status:
        "a" "b"
'''
    f = facts(src)
    assert f.has_module_docstring and f.module_summary == "Module summary."
    got = [(d.name, d.kind, d.line, d.parent, d.is_async, d.decorators, d.has_docstring, d.summary) for d in f.definitions]
    assert got == [
        ("handler", "function", 9, -1, True, ("app.route", "property"), False, ""),
        ("inner", "function", 12, 0, False, (), True, "inner doc"),
        ("Order", "class", 15, -1, False, (), True, "parenthesised doc"),
        ("method", "function", 18, 2, False, (), False, ""),
        ("Status", "class", 21, 2, False, (), True, "ab"),
    ]


@pytest.mark.parametrize(
    "body, documented",
    [
        (b'    """"""\n', False),
        (b'    f"not {a} docstring"\n', False),
        (b'    b"bytes are not docstrings"\n', False),
        (b'    x = 1\n    "late string"\n', False),
        (b'    "doc"; x = 1\n', True),
        (b'    r"""raw doc"""\n', True),
        (b'    u"unicode doc"\n', True),
    ],
)
def test_docstring_rules_match_ast(body, documented):
    import ast

    source = b"def f():\n" + body
    assert facts(source).definitions[0].has_docstring is documented
    expected = ast.get_docstring(ast.parse(source).body[0])
    assert bool(expected and expected.strip()) is documented


def test_imports_with_levels_and_lines():
    f = facts(b"import a.b as c, d\nfrom . import x\nfrom ..pkg.mod import (y,\n  z)\nfrom m import *\ndef f():\n    import lazy\n")
    assert [(i.module, i.name, i.level, i.line) for i in f.imports] == [
        ("a.b", None, 0, 1), ("d", None, 0, 1), ("", "x", 1, 2), ("pkg.mod", "y", 2, 3), ("pkg.mod", "z", 2, 3),
        ("m", "*", 0, 5), ("lazy", None, 0, 7),
    ]


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_line_numbers_survive_any_line_ending(newline):
    src = newline.join([b"# c", b"\x0c", b"x = 1", b"def f():", b"    pass", b""])
    assert facts(src).definitions[0].line == 4


def test_encodings_that_parse():
    latin = "# -*- coding: latin-1 -*-\n'''Café.'''\n".encode("latin-1")
    assert facts(latin).module_summary == "Café."
    assert facts(b"\xef\xbb\xbf'''BOM.'''\n").module_summary == "BOM."
    assert facts(b"").lines == 0 and not facts(b"  \n\n").has_module_docstring


@pytest.mark.parametrize(
    "source, reason, line",
    [
        (b"x = 1\n\nprint 'py2'\n", "syntax-error", 3),
        (b"x = 0777\n", "syntax-error", 1),
        (b"def f():\n\tif x:\n        pass\n\tpass\n", "syntax-error", None),
        (b"x = 1 + \\", "syntax-error", 1),
        (b"x = '\xe9'\n", "encoding-error", 1),
        (b"# coding: mypy\nx = 1\n", "encoding-error", 1),
        (b"# coding: rot13\nx = 1\n", "encoding-error", 1),
        (b"\xef\xbb\xbf# coding: latin-1\nx = 1\n", "encoding-error", 1),
        ("x = 1\n".encode("utf-16"), "encoding-error", 1),
        (b"x = 1\ny = 2\x00\n", "nul-bytes", 2),
        (bytes(range(256)) * 40, "binary-file", None),
        (b"x = " + b"(" * 5000 + b")" * 5000 + b"\n", "too-deeply-nested", 1),
        (b"x = " + b"[" * 1000 + b"]" * 1000 + b"\n", "too-deeply-nested", 1),
        (b"x = " + b" + ".join([b"a"] * 10000) + b"\n", "too-deeply-nested", None),
        (b"x = " + b"-" * 50000 + b"1\n", "too-deeply-nested", None),
        (b"x = " + b"lambda: " * 5000 + b"1\n", "too-deeply-nested", None),
        (b"x = a" + b".b" * 50000 + b"\n", "too-deeply-nested", None),
    ],
)
def test_failures_are_values_with_reasons(source, reason, line):
    result = failure(source)
    assert result.reason == reason
    if line is not None:
        assert result.line == line
    assert 0 < len(result.message) <= 200 and "\n" not in result.message


def test_mixed_tabs_and_spaces_reports_a_line():
    result = failure(b"def f():\n\tif x:\n        pass\n\tpass\n")
    assert result.line == 3 and "tabs and spaces" in result.message


def test_moderately_deep_but_valid_code_is_parsed():
    assert isinstance(extract("t.py", b"x = " + b" + ".join([b"a"] * 1500) + b"\n"), FileFacts)
    assert isinstance(extract("t.py", b"x = " + b"(" * 150 + b"1" + b")" * 150 + b"\n"), FileFacts)


def test_a_disagreement_between_the_parsers_is_reported_not_guessed(monkeypatch):
    """The libcst walk (newer syntax) takes its lines from the AST by position: a count that
    disagrees is a failure, not a guess."""
    import ast

    import onboard.parse.extract as module

    real = module.statement_facts
    monkeypatch.setattr(module, "statement_facts", lambda tree: (real(tree)[0] + [99], *real(tree)[1:]))
    data = b"def f():\n    pass\n"
    result = module.facts_through_libcst(data, ast.parse(data))
    assert isinstance(result, Failure) and result.reason == "parser-limitation" and "disagree" in result.message


def test_import_context_flags_main_guard_and_dynamic_imports():
    f = facts(b"""import os
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from app.models import User
else:
    import app.runtime
try:
    import ujson as json
except ImportError:
    import json
def load(name):
    import app.plugins
    return importlib.import_module("app.backends." + name), __import__("app.fallback")
class Config:
    from app import settings
importlib.import_module(".local", __package__)
if __name__ == "__main__" and True:
    main()
""")
    flags = [(i.module, i.name, i.type_checking, i.conditional, i.lazy, i.dynamic) for i in f.imports]
    assert [i.module for i in f.imports if i.fallback] == ["json"]  # in the handler: what is imported when ujson is missing
    assert flags == [
        ("os", None, False, False, False, False),
        ("typing", "TYPE_CHECKING", False, False, False, False),
        ("app.models", "User", True, False, False, False),
        ("app.runtime", None, False, False, False, False),
        ("ujson", None, False, True, False, False),
        ("json", None, False, True, False, False),
        ("app.plugins", None, False, False, True, False),
        ("app", "settings", False, False, False, False),
        ("app.fallback", None, False, False, True, True),
        ("local", None, False, False, False, True),
    ]
    assert f.imports[-1].level == 1 and f.main_guard_line == 17


@pytest.mark.parametrize("source, line", [
    (b'if "__main__" == __name__:\n    run()\n', 1),
    (b'def f():\n    if __name__ == "__main__":\n        pass\n', 2),
    (b'x = """\nif __name__ == "__main__":\n"""\n', None),
    (b'if __name__ != "__main__":\n    pass\n', None),
])
def test_main_guard_at_any_nesting_but_not_in_strings(source, line):
    assert facts(source).main_guard_line == line


@pytest.mark.parametrize("source, names", [
    (b'import os\n\ndef first[T](x: T) -> T:\n    """Doc."""\n    return x\n', [("first", 3, True)]),
    (b"type Alias = list[int]\nclass Box[T = int]:\n    pass\n", [("Box", 2, False)]),
    (b"try:\n    pass\nexcept* ValueError:\n    pass\n\ndef after():\n    pass\n", [("after", 6, False)]),
    (b'greeting = t"hi {name}"\n\nclass Late:\n    "doc"\n', [("Late", 3, True)]),
    (b"try:\n    pass\nexcept KeyError, ValueError:\n    pass\n", []),
])
def test_syntax_of_newer_pythons_is_parsed_by_libcst_alone(source, names):
    f = facts(source)
    assert [(d.name, d.line, d.has_docstring) for d in f.definitions] == names


def test_newer_syntax_fallback_keeps_the_nesting_guard():
    deep = b"type X = " + b"(" * 150 + b"1" + b")" * 150 + b"\n"
    assert failure(deep).reason in ("syntax-error", "too-deeply-nested")
    chain = b"type X = " + b" + ".join([b"a"] * 5000) + b"\n"
    assert failure(chain).reason == "syntax-error"  # CPython's message stands: never handed to libcst


def test_class_bases_and_the_lines_of_list_constant_items():
    got = facts(b'''import tornado.web as web
from typing import Generic, TypeVar
T = TypeVar("T")


class Main(web.RequestHandler, Mixin, Generic[T], metaclass=Meta):
    def helper(self):
        pass


HANDLERS = [
    (r"/", Main),
    (r"/x",
     Main),
] + [("/y", Main)]
NAMES = ["a", "b"]
NAMES = "c"
''')
    main = next(d for d in got.definitions if d.name == "Main")
    assert main.bases == ("web.RequestHandler", "Mixin")
    assert next(d for d in got.definitions if d.name == "helper").bases == ()
    assert dict(got.constant_lines) == {"HANDLERS": (12, 13, 15)}  # a constant rebound to a string has no item lines


NEWER_FACTS = b'''import importlib
import os

type Handler[T] = Callable[[T], None]

def handle[T: (int, str) = int, *Ts, **P](
    value: T,
) -> T:
    return os.environ["HANDLER_MODE"]

class Registry[
    K,
    V = str,
](Base):
    plugin = importlib.import_module("plugins.extra")

try:
    pass
except KeyError, ValueError:
    token = os.getenv("TOKEN", "x")

label = f"{os.environ["LABEL"]:>{width}}"
template = t"user {name!r}"
banner = f"""{
    # a comment inside the expression (3.12)
    greeting
}"""
app.add_url_rule("/health", view_func=handle)
if __name__ == "__main__":
    run(os.environ.get("PORT"))
'''


def test_newer_syntax_gives_the_same_facts_as_any_file():
    """Type parameters (multi-line ones too), `type` aliases, `except A, B:`, PEP 701 f-strings
    and t-strings: the file is rewritten for this CPython with every line kept, so the usual
    walks find the main guard, env reads, dynamic imports and calls at their own lines."""
    f = facts(NEWER_FACTS)
    assert [(d.name, d.line) for d in f.definitions] == [("handle", 6), ("Registry", 11)]
    assert f.main_guard_line == 29
    assert [(r.name, r.line, r.via) for r in f.env_reads] == [
        ("HANDLER_MODE", 9, "os.environ[]"), ("TOKEN", 20, "os.getenv"), ("PORT", 30, "os.environ.get")]
    assert [(i.module, i.line, i.dynamic) for i in f.imports] == [
        ("importlib", 1, False), ("os", 2, False), ("plugins.extra", 15, True)]
    assert [(c.callee, c.line) for c in f.calls if c.callee.startswith("app.")] == [("app.add_url_rule", 28)]
    # LABEL is read inside an f-string that only 3.12 reads: that string is set aside, a limit


@pytest.mark.parametrize("source, guard", [
    (b"def f[T](x: T) -> T:\n    return x\nif __name__ == '__main__':\n    f(1)\n", 3),
    (b"class Box[T]:\n    pass\nif __name__ == '__main__':\n    pass\n", 3),
    (b"type Pair[K, V] = tuple[K, V]\nif __name__ == '__main__':\n    pass\n", 2),
    (b"try:\n    pass\nexcept* KeyError, ValueError:\n    pass\nif __name__ == '__main__':\n    pass\n", 5),
    (b"x = f'{a['k']}'\nif __name__ == '__main__':\n    pass\n", 2),
    (b"x = Rt'{a}\\d' + t'{b!r}'\nif __name__ == '__main__':\n    pass\n", 2),
])
def test_each_newer_construct_alone_keeps_the_main_guard(source, guard):
    assert facts(source).main_guard_line == guard


def test_the_python2_fallback_of_a_relative_import_is_conditional():
    """Python 2 raised ValueError (early Python 3, SystemError) for `from .x import y` run as a
    script: the handler's bare-name import is the same sibling, not a library."""
    f = facts(b"try:\n    from .renderer import render\nexcept (ValueError, SystemError):\n    from renderer import render\n"
              b"try:\n    x = int(text)\nexcept ValueError:\n    pass\n")
    assert [(i.module, i.level, i.conditional) for i in f.imports] == [("renderer", 1, True), ("renderer", 0, True)]


def test_where_a_script_starts_doing_work():
    from onboard.parse.ast_facts import script_line
    import ast

    def line(source: str):
        return script_line(ast.parse(source))

    assert line("import x\nx.run()\n") == 2
    assert line("import sys\nsys.path.insert(0, '.')\nfor i in range(3):\n    pass\n") == 3
    assert line("try:\n    import x\nexcept ImportError:\n    x = None\nelse:\n    x.go()\n") == 6
    assert line("async def main():\n    pass\nawait main()\n") == 3
    assert line("if TYPE_CHECKING:\n    f()\nif __name__ == '__main__':\n    main()\nX = compute()\n") is None
    assert line("def f():\n    g()\nclass A:\n    g()\n") is None  # a body is not the top level
    assert line("import warnings, logging\nwarnings.filterwarnings('ignore')\nlogging.basicConfig()\n") is None
