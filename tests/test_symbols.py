"""Name resolution for the entry-point analyses (`analyses.symbols`) on hand-built modules: what
its caches keep must not depend on the order names are asked in."""

from __future__ import annotations

from onboard.analyses.symbols import Callee, Ref, Symbols, imports_any
from onboard.facts import Call, FileFacts, Import
from onboard.graph import build_graph
from onboard.model.metadata import Metadata
from onboard.model.repo import Module, Repo


def symbols(modules: dict[str, tuple[str, tuple[Import, ...], tuple[Call, ...]]]) -> Symbols:
    built = tuple(Module(path, name, "package", "module", FileFacts(1, False, "", (), imports, calls=calls))
                  for name, (path, imports, calls) in sorted(modules.items()))
    return Symbols(build_graph(Repo("r", (), ("",), Metadata(), built, (), ())))


def chain(length: int) -> dict:
    """m0 re-exports `x` from m1, m1 from m2, ..., and m{length} binds it: `x = Flask()`."""
    found = {f"m{i}": (f"m{i}.py", (Import(f"m{i + 1}", "x", 0, 1),), ()) for i in range(length)}
    found[f"m{length}"] = (f"m{length}.py", (Import("flask", "Flask", 0, 1),), (Call("Flask", 2, (), (), "assign", "x"),))
    return found


def test_a_re_export_chain_ends_the_same_whatever_was_asked_first():
    # six re-exports are followed, not more (a cycle would never end): from m1, m2 ... m7 are
    # followed, and m7's import names m8's `x`; from m0 it would take seven
    expected = {"m0": Ref(), "m1": Ref("m8", "x"), "m2": Ref("m8", "x"), "m7": Ref("m8", "x")}
    for order in (["m0", "m1", "m2", "m7"], ["m7", "m2", "m1", "m0"], ["m2", "m0", "m7", "m1"], ["m1", "m0"]):
        names = symbols(chain(8))
        assert {m: names.resolve(m, "x") for m in order} == {m: expected[m] for m in order}, order
    assert {m: names.resolve(m, "x") for m in expected} == expected  # asked again: from the cache
    assert symbols(chain(8)).qualified("m2", "x.route") == "m8.x.route"


def test_a_cycle_of_re_exports_leads_nowhere():
    names = symbols({"a": ("a.py", (Import("b", "x", 0, 1),), ()), "b": ("b.py", (Import("a", "x", 0, 1),), ())})
    assert names.resolve("a", "x") == Ref() and names.resolve("b", "x") == Ref() and names.resolve("a", "x") == Ref()


def test_relative_imports_from_a_package_and_from_a_module():
    names = symbols({
        "pkg": ("pkg/__init__.py", (Import("a", "f", 1, 1),), ()),
        "pkg.a": ("pkg/a.py", (), ()),
        "pkg.b": ("pkg/b.py", (), ()),
        "pkg.sub": ("pkg/sub/__init__.py", (), ()),
        "pkg.sub.mod": ("pkg/sub/mod.py", (Import("b", "g", 2, 1), Import("", "h", 1, 2), Import("", "z", 3, 3),
                                           Import("flask.views", None, 0, 4, alias="views")), ()),
    })
    assert names.imports("pkg") == {"f": "pkg.a.f"}
    assert names.imports("pkg.sub.mod") == {"g": "pkg.b.g", "h": "pkg.sub.h", "views": "flask.views"}  # `from ... import z`: above the top
    assert imports_any(names, "pkg.sub.mod", ("flask",)) and not imports_any(names, "pkg", ("flask",))


def test_callees_split_and_qualify_each_call_once():
    names = symbols({"app": ("app.py", (Import("flask", "Flask", 0, 1, alias="F"),),
                             (Call("F", 2, (), (), "assign", "web"), Call("web.route", 4, (), (), "decorator", "index")))})
    module = names.module("app")
    assert [(c.owner, c.method, c.qualified) for c in names.callees(module)] == [("", "F", "flask.Flask"), ("web", "route", "app.web.route")]
    assert names.callees(module) is names.callees(module)


def test_a_callee_written_twice_is_the_same_callee_each_time():
    names = symbols({"app": ("app.py", (Import("flask", "Flask", 0, 1, alias="F"),),
                             (Call("F", 2, (), (), "assign", "a"), Call("F", 3, (), (), "assign", "b")))})
    first, second = names.callees(names.module("app"))
    assert isinstance(first, Callee) and first.call.target == "a" and second.call.target == "b"
    assert first[1:] == second[1:] == ("", "F", "flask.Flask") and second.qualified == "flask.Flask"


def test_plain_star_and_dynamic_imports():
    names = symbols({"m": ("m.py", (Import("os.path", None, 0, 1), Import("os.path", None, 0, 2, alias="p"), Import("x", "*", 0, 3),
                                    Import("importlib_thing", None, 0, 4, dynamic=True), Import("os", None, 0, 5)), ())})
    assert names.imports("m") == {"os": "os", "p": "os.path"}  # `import os.path` binds `os`, kept by the later `import os`
