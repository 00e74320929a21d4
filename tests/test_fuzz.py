"""Fuzzing `extract`: arbitrary bytes never raise and never hit an internal error; generated
valid programs (hypothesmith) parse, with the same definitions and docstrings as `ast` sees.

The default profile keeps CI quick; `pytest tests/test_fuzz.py --hypothesis-profile=long`
tries many more inputs.
"""

from __future__ import annotations

import ast
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onboard.facts import REASONS, Failure, FileFacts
from onboard.parse.extract import extract

hypothesmith = pytest.importorskip("hypothesmith")
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith compiles odd programs itself

PYTHONISH = st.lists(st.sampled_from([
    b"def f(", b"):", b"\n", b"    ", b"\t", b"class C", b'"""doc"""', b"'", b'"', b"(", b")", b"[", b"]", b"\\", b"\r", b"\x00",
    b"# coding: latin-1\n", b"\xef\xbb\xbf", b"\xff", b"\xe9", b"import ", b"from . import x", b"lambda: ", b"if __name__ == '__main__':",
    b"async ", b"@d", b"x = 1", b"f'{", b"}", b"type X = int", b"except* E:", b"try:", b"match x:", b"case _:",
]), max_size=40).map(b"".join)


def _check(result) -> None:
    assert isinstance(result, (FileFacts, Failure))
    if isinstance(result, Failure):
        assert result.reason in REASONS and result.reason != "internal-error", result
        assert len(result.message) <= 200 and "\n" not in result.message


@settings(deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data):
    _check(extract("fuzz.py", data))


@settings(deadline=None)
@given(PYTHONISH)
def test_python_like_fragments_never_raise(data):
    _check(extract("fuzz.py", data))


def _ast_view(tree: ast.Module) -> list[tuple[str, int, bool]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            doc = ast.get_docstring(node)
            found.append((node.name, node.lineno, bool(doc and doc.strip())))
    return sorted(found)


@settings(deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_grammar())
def test_generated_programs_match_ast(source):
    data = source.encode("utf-8", "surrogatepass")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return  # hypothesmith's grammar is a little wider than CPython's
    result = extract("gen.py", data)
    _check(result)
    if isinstance(result, Failure):
        assert result.reason in ("too-deeply-nested", "parser-limitation"), result
        return
    ours = sorted((d.name, d.line, d.has_docstring) for d in result.definitions)
    assert ours == _ast_view(tree)
    module_doc = ast.get_docstring(tree)
    assert result.has_module_docstring == bool(module_doc and module_doc.strip())
    theirs = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            theirs += [(alias.name, None, 0, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            theirs += [(node.module or "", alias.name, node.level, node.lineno) for alias in node.names]
    ours_imports = [(i.module, i.name, i.level, i.line) for i in result.imports if not i.dynamic]
    assert sorted(ours_imports, key=repr) == sorted(theirs, key=repr)
