"""The graph stage and the structure analysis on hand-built models, and layers as a property."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from onboard.analyses.reading import reading_order
from onboard.analyses.structure import package_of, structure
from onboard.facts import FileFacts, Import
from onboard.graph import build_graph
from onboard.model.metadata import Metadata
from onboard.model.repo import Module, Repo


def facts(*imports: Import, main_guard: int | None = None) -> FileFacts:
    return FileFacts(1, False, "", (), tuple(imports), main_guard)


def imp(module: str, name: str | None = None, level: int = 0, line: int = 1, **flags) -> Import:
    return Import(module, name, level, line, **flags)


def repo(modules: dict[str, tuple[str, FileFacts]], scopes: dict[str, str] | None = None, entry_points=None) -> Repo:
    built = tuple(
        Module(path, name, (scopes or {}).get(name, "package"), "module", f)
        for name, (path, f) in sorted(modules.items())
    )
    return Repo("r", (), ("",), Metadata(entry_points=entry_points or {}), built, (), ())


def edges(g) -> set[tuple[str, str]]:
    return {(e.importer, e.imported) for e in g.edges}


def test_resolution_of_every_import_form():
    r = repo({
        "app": ("app/__init__.py", facts(imp("", "core", level=1), imp("", "*", level=1, line=2))),
        "app.core": ("app/core.py", facts(imp("app.util", "helper"), imp("app", "VERSION"), imp("os"), imp("requests"))),
        "app.util": ("app/util.py", facts(imp("", "core", level=1), imp("sub.deep", level=1, line=3))),
        "app.sub.deep": ("app/sub/deep.py", facts(imp("", "x", level=4, line=7), imp("core", "thing", level=2, line=8))),
        "app.ns.mod": ("app/ns/mod.py", facts(imp("app.missing"), imp("importlib_target", dynamic=True))),
        "app.pkg2": ("app/pkg2/__init__.py", facts(imp("app", "ns"))),
    })
    g = build_graph(r)
    assert edges(g) == {
        ("app", "app.core"), ("app.core", "app.util"), ("app.core", "app"), ("app.util", "app.core"),
        ("app.util", "app.sub.deep"), ("app.sub.deep", "app.core"), ("app.pkg2", "app.ns"),
    }
    assert {(u.importer, u.line, u.why) for u in g.unresolved} == {("app.sub.deep", 7, "beyond-top-level"), ("app.ns.mod", 1, "missing-module")}
    assert {x.name: x.stdlib for x in g.external} == {"os": True, "requests": False, "importlib_target": False}
    assert "app.ns" in g.graph and "app.sub" in g.graph  # namespace packages are nodes


def test_edge_flags_hold_only_when_every_import_has_them():
    r = repo({
        "a": ("a.py", facts(imp("b", line=3, type_checking=True), imp("b", "x", line=9, lazy=True))),
        "b": ("b.py", facts(imp("a", line=2, lazy=True), imp("a", line=5, lazy=True))),
    })
    g = build_graph(r)
    by_pair = {(e.importer, e.imported): e for e in g.edges}
    assert by_pair[("a", "b")].lines == (3, 9) and not by_pair[("a", "b")].type_checking_only and not by_pair[("a", "b")].lazy
    assert by_pair[("b", "a")].lazy and by_pair[("b", "a")].lines == (2, 5)


def test_cycles_layers_core_orphans_and_reading_order():
    r = repo({
        "shop": ("shop/__init__.py", facts()),
        "shop.cli": ("shop/cli.py", facts(imp("shop.orders"), imp("shop.db"))),
        "shop.orders": ("shop/orders.py", facts(imp("shop.db", line=2), imp("shop.billing.invoice", line=3))),
        "shop.db": ("shop/db.py", facts()),
        "shop.billing": ("shop/billing/__init__.py", facts()),
        "shop.billing.invoice": ("shop/billing/invoice.py", facts(imp("shop.db"), imp("shop.billing.tax", line=4))),
        "shop.billing.tax": ("shop/billing/tax.py", facts(imp("shop.billing.invoice", line=6, type_checking=True))),
        "shop.billing.models": ("shop/billing/models.py", facts()),
        "shop.legacy": ("shop/legacy.py", facts()),
        "shop.report": ("shop/report.py", facts(main_guard=10)),
        "shop.low": ("shop/low/__init__.py", facts(imp("shop.cli", line=5))),
        "tests.test_legacy": ("tests/test_legacy.py", facts(imp("shop.legacy"))),
    }, scopes={"tests.test_legacy": "tests"}, entry_points={"console_scripts": {"shop": "shop.cli:main"}})
    g = build_graph(r)
    s = structure(r, g)
    [cycle] = s.cycles
    assert cycle.modules == ("shop.billing.invoice", "shop.billing.tax") and not cycle.import_time
    assert [(l.importer, l.line) for l in cycle.loop] in ([("shop.billing.invoice", 4), ("shop.billing.tax", 6)], [("shop.billing.tax", 6), ("shop.billing.invoice", 4)])
    levels = {p: layer.level for layer in s.layers for p in layer.packages}
    # shop.billing imports only shop (db); shop imports shop.billing (orders -> invoice): one package cycle
    assert levels == {"shop.billing": 0, "shop": 0, "shop.low": 1}
    assert [(l.importer, l.imported) for l in s.upward] == [("shop.orders", "shop.billing.invoice")]  # shop is depended on more
    assert s.core[0].module == "shop.db" and s.core[0].fan_in == 3
    assert [(o.module, o.imported_by_tests) for o in s.orphans] == [("shop.legacy", True)]  # models, report, __init__ exempt
    order = [step.module for step in reading_order(r, g).steps]
    assert order[:2] == ["shop.cli", "shop.report"]
    assert order.index("shop.db") < order.index("shop.orders")  # foundation first


def test_upward_imports_are_the_edges_against_the_order():
    r = repo({
        "p.a.m": ("p/a/m.py", facts(imp("p.b.m"), imp("p.b.n"), imp("p.b.o"))),
        "p.b.m": ("p/b/m.py", facts()),
        "p.b.n": ("p/b/n.py", facts()),
        "p.b.o": ("p/b/o.py", facts(imp("p.a.m", line=9))),
    })
    s = structure(r, build_graph(r))
    assert [(l.importer, l.imported, l.line) for l in s.upward] == [("p.b.o", "p.a.m", 9)]


packages = st.sampled_from(["a", "a.x", "a.y", "b", "b.z", "c"])
module_names = st.tuples(packages, st.sampled_from(["m1", "m2", "m3"])).map(lambda t: f"{t[0]}.{t[1]}")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(module_names, module_names), max_size=25), st.sets(module_names, min_size=1, max_size=12))
def test_layers_agree_with_every_edge(pairs, names):
    names = sorted(set(names) | {n for pair in pairs for n in pair})
    by_importer: dict[str, list[Import]] = {n: [] for n in names}
    for importer, imported in pairs:
        by_importer[importer].append(imp(imported))
    r = repo({n: (n.replace(".", "/") + ".py", facts(*by_importer[n])) for n in names})
    g = build_graph(r)
    s = structure(r, g)
    level = {p: layer.level for layer in s.layers for p in layer.packages}
    upward = {(l.importer, l.imported) for l in s.upward}
    rest = nx.DiGraph()
    for e in g.edges:
        pu, pv = package_of(e.importer, "x.py"), package_of(e.imported, "x.py")
        if pu == pv:
            continue
        assert level[pu] >= level[pv]  # nothing imports a package above it ...
        if (e.importer, e.imported) in upward:
            assert level[pu] == level[pv]  # ... except inside a package cycle, and that edge is listed
        else:
            rest.add_edge(pu, pv)
    assert nx.is_directed_acyclic_graph(rest)  # without the upward imports, the packages are layered


def test_namespace_attributes_packages_over_modules_and_siblings():
    r = repo({
        "app.ns.real": ("app/ns/real.py", facts()),
        "app.core": ("app/core.py", facts(imp("app.ns", "missing", line=4), imp("app.ns", "real", line=5), imp("app.ns", line=6))),
        "app.util": ("app/util/__init__.py", facts()),
        "app.util_clash": ("app/util.py", facts()),
        "tests.helpers": ("tests/helpers.py", facts()),
        "tests.test_core": ("tests/test_core.py", facts(imp("helpers", line=2), imp("conftest_missing", line=3))),
    }, scopes={"tests.helpers": "tests", "tests.test_core": "tests"})
    g = build_graph(r)
    assert ("app.core", "app.ns.real") in edges(g) and ("app.core", "app.ns") in edges(g)
    assert [(u.importer, u.line, u.why) for u in g.unresolved] == [("app.core", 4, "missing-module")]
    assert ("tests.test_core", "tests.helpers") in edges(g)  # pytest puts the test's folder on sys.path
    assert {x.name for x in g.external} == {"conftest_missing"}


def test_same_name_from_two_files_prefers_the_package_and_says_so():
    r = Repo("r", (), ("",), Metadata(), (
        Module("x/mod.py", "x.mod", "package", "module", facts()),
        Module("x/mod/__init__.py", "x.mod", "package", "module", facts()),
    ), (), ())
    g = build_graph(r)
    assert g.modules["x.mod"].path == "x/mod/__init__.py" and g.clashes == [("x.mod", ["x/mod/__init__.py", "x/mod.py"])]


def test_an_import_time_cycle_is_shown_through_import_time_edges():
    r = repo({
        "a": ("a.py", facts(imp("b", line=1))),
        "b": ("b.py", facts(imp("a", line=2, lazy=True), imp("c", line=3))),
        "c": ("c.py", facts(imp("a", line=4))),
    })
    [cycle] = structure(r, build_graph(r)).cycles
    assert cycle.import_time and [(l.importer, l.imported, l.line) for l in cycle.loop] == [("a", "b", 1), ("b", "c", 3), ("c", "a", 4)]


def test_diagram_of_one_package_with_many_subpackages_shows_the_subpackages():
    from onboard.analyses.diagram import package_diagram

    packages = tuple(["big"] + [f"big.sub{i:02}" for i in range(40)])
    edges = tuple((f"big.sub{i:02}", "big", i + 1) for i in range(40))
    d = package_diagram(packages, edges)
    assert len(d.nodes) == 30 and d.hidden == 11 and "big" in d.nodes
    small = package_diagram(("a", "a.x", "b"), (("a.x", "b", 2),))
    assert small.nodes == ("a", "a.x", "b") and small.depth is None and small.hidden == 0


def test_a_file_no_import_can_name_is_no_node_but_stays_a_module():
    """A project skeleton in a folder `0000-rest-api`, a migration `001_initial.py`, a script
    `run-nightly`, a folder named by a keyword: not importable under their paths, so no nodes and
    no edges; their own imports of outside code still count, and the analyses still see them."""
    r = repo({
        "app": ("app/__init__.py", facts()),
        "app.core": ("app/core.py", facts(imp("app.templates.0000-rest-api.app"))),
        "app.templates.0000-rest-api.app": ("app/templates/0000-rest-api/app.py", facts(imp("app", "core"), imp("requests", line=2))),
        "app.migrations.001_initial": ("app/migrations/001_initial.py", facts(imp("app.core"))),
        "bin.run-nightly": ("bin/run-nightly", facts(imp("app.core"))),
        "app.class.mod": ("app/class/mod.py", facts(imp("app.core"))),
    }, scopes={"bin.run-nightly": "scripts"})
    g = build_graph(r)
    assert sorted(g.graph) == ["app", "app.core"]  # nor a folder holding only such files (`bin`, `app.templates`)
    assert edges(g) == set()
    assert "app.templates.0000-rest-api.app" in g.modules and "bin.run-nightly" in g.modules
    assert [(x.name, x.modules) for x in g.external] == [("requests", ("app.templates.0000-rest-api.app",))]
    found = structure(r, g)
    assert [o.module for o in found.orphans] == ["app.core"]
    assert [s.module for s in reading_order(r, g).steps] == ["app", "app.core"]


def test_a_module_never_imports_itself_by_bare_name():
    """`import dropbox.files` in `contrib/dropbox.py`, inside `try/except ImportError`, is the
    library, not the module beside itself; a real sibling still resolves, `_typeshed` is stdlib."""
    r = repo({
        "pkg": ("pkg/__init__.py", facts()),
        "pkg.contrib": ("pkg/contrib/__init__.py", facts()),
        "pkg.contrib.dropbox": ("pkg/contrib/dropbox.py", facts(imp("dropbox.files", conditional=True),
                                                                imp("helpers", conditional=True, fallback=True, line=2),
                                                                imp("_typeshed.wsgi", "StartResponse", line=3, type_checking=True))),
        "pkg.contrib.helpers": ("pkg/contrib/helpers.py", facts()),
    })
    g = build_graph(r)
    assert edges(g) == {("pkg.contrib.dropbox", "pkg.contrib.helpers")}
    assert {x.name: x.stdlib for x in g.external} == {"dropbox": False, "_typeshed": True}
    assert g.unresolved == []


def test_what_a_package_module_tries_first_is_absolute_its_fallback_may_be_a_sibling():
    """`try: from airflow import DAG` in `plugins/airflow/utils.py` is the optional library even
    beside `plugins/airflow/airflow.py`; Python 2's `except ImportError: import compat` is the
    module beside it."""
    r = repo({
        "pkg": ("pkg/__init__.py", facts()),
        "pkg.plugins": ("pkg/plugins/__init__.py", facts()),
        "pkg.plugins.airflow": ("pkg/plugins/airflow/__init__.py", facts()),
        "pkg.plugins.airflow.airflow": ("pkg/plugins/airflow/airflow.py", facts()),
        "pkg.plugins.airflow.compat": ("pkg/plugins/airflow/compat.py", facts()),
        "pkg.plugins.airflow.utils": ("pkg/plugins/airflow/utils.py", facts(
            imp("airflow", "DAG", conditional=True), imp("compat", conditional=True, fallback=True, line=2))),
    })
    g = build_graph(r)
    assert edges(g) == {("pkg.plugins.airflow.utils", "pkg.plugins.airflow.compat")}
    assert [x.name for x in g.external] == ["airflow"]


def test_the_weakest_links_of_a_package_cycle_restore_the_layering():
    import networkx as nx
    from onboard.analyses.structure import weakest_links
    packages = nx.DiGraph()
    for u, v, w in [("app.api", "app.core", 9), ("app.core", "app.db", 7), ("app.db", "app.api", 1), ("app.core", "app.api", 2),
                    ("app.db", "app.util", 4)]:
        packages.add_edge(u, v, weight=w)
    assert weakest_links(packages) == (("app.db", "app.api", 1), ("app.core", "app.api", 2))
    assert weakest_links(nx.DiGraph([("a", "b")])) == ()


def _weakest_links_over_the_whole_graph(packages: nx.DiGraph) -> tuple:
    """The definition: the lightest edge inside any cycle goes, the cycles found again in the whole
    graph each time, at most MAX_CUTS times."""
    from onboard.analyses.structure import MAX_CUTS

    work, cut = packages.copy(), []
    while len(cut) < MAX_CUTS:
        tangled = [c for c in nx.strongly_connected_components(work) if len(c) > 1]
        if not tangled:
            break
        weight, u, v = min((d["weight"], u, v) for c in tangled for u, v, d in work.subgraph(c).edges(data=True))
        work.remove_edge(u, v)
        cut.append((u, v, weight))
    return tuple(sorted(cut, key=lambda e: (e[2], e[0], e[1])))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 25), st.integers(0, 25), st.integers(1, 4)), max_size=120))
def test_weakest_links_search_each_cycle_alone_and_cut_what_the_whole_graph_search_cuts(edges):
    from onboard.analyses.structure import weakest_links

    packages = nx.DiGraph()
    for a, b, weight in edges:
        if a != b:
            packages.add_edge(f"p{a}", f"p{b}", weight=weight)
    assert weakest_links(packages) == _weakest_links_over_the_whole_graph(packages)


def test_the_package_scope_keeps_the_namespace_packages_above_each_of_its_modules():
    from onboard.analyses.structure import _scoped

    r = repo({
        "app.ns.deep.a": ("app/ns/deep/a.py", facts(imp("app.ns.b"))),
        "app.ns.b": ("app/ns/b.py", facts()),
        "app.other.c": ("app/other/c.py", facts(imp("app.ns.deep.a"))),
        "tests.t": ("tests/t.py", facts(imp("app.ns.b"))),
    }, scopes={"tests.t": "tests"})
    g = build_graph(r)
    # `app` and `app.ns` are above several modules: each is kept once, with what is above it
    assert set(_scoped(r, g)) == {"app.ns.deep.a", "app.ns.b", "app.other.c", "app", "app.ns", "app.ns.deep", "app.other"}


def test_an_absolute_import_kept_for_every_importer_is_never_one_importer_s_sibling():
    """What `import helpers` names is worked out once for every importer without a `helpers`
    beside it; a test beside `helpers.py` still finds it, whether it comes before or after."""
    r = repo({
        "a_pkg": ("a_pkg/__init__.py", facts(imp("helpers"), imp("lib.mod", "name", line=2))),
        "lib": ("lib/__init__.py", facts()),
        "lib.mod": ("lib/mod.py", facts()),
        "m_tests.helpers": ("m_tests/helpers.py", facts()),
        "m_tests.test_x": ("m_tests/test_x.py", facts(imp("helpers"), imp("lib.mod", "name", line=2))),
        "z_pkg": ("z_pkg/__init__.py", facts(imp("helpers"), imp("lib.mod", "name", line=2))),
    }, scopes={"m_tests.helpers": "tests", "m_tests.test_x": "tests"})
    g = build_graph(r)
    assert edges(g) == {("a_pkg", "lib.mod"), ("m_tests.test_x", "m_tests.helpers"), ("m_tests.test_x", "lib.mod"), ("z_pkg", "lib.mod")}
    assert [(x.name, x.modules) for x in g.external] == [("helpers", ("a_pkg", "z_pkg"))]


def test_edges_are_made_as_their_dataclass_makes_them():
    """`build_graph` makes its edges and external imports without their `__init__` (`_new`):
    the same objects, equal, hashed and pickled alike."""
    import pickle

    from onboard.graph import Edge, ExternalImport, _edge_of, _external_import

    made, plain = _edge_of("a", "b", (1, 3), False, True, False, True), Edge("a", "b", (1, 3), False, True, False, True)
    assert made == plain and hash(made) == hash(plain) and repr(made) == repr(plain) and made.eager
    assert pickle.dumps(made) == pickle.dumps(plain) and pickle.loads(pickle.dumps(made)) == plain
    made, plain = _external_import("x.y", "a", "a.py", 2, True), ExternalImport("x.y", "a", "a.py", 2, True)
    assert made == plain and pickle.dumps(made) == pickle.dumps(plain) and made.top == "x"
