"""onboard's own directed graph against networkx, the library it stands in for in the analyses:
the same components, condensation, topological orders, descendants and graph operations on
random graphs, and networkx graphs for whoever asks."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onboard.digraph import (DiGraph, condensation, descendants, lexicographical_topological_sort,
                             strongly_connected_components, topological_sort)

edges = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=120)
extra_nodes = st.sets(st.integers(0, 40), max_size=10)


def _both(pairs, nodes):
    ours, theirs = DiGraph(), nx.DiGraph()
    for graph in (ours, theirs):
        graph.add_nodes_from(sorted(nodes))
        graph.add_edges_from(pairs)
    return ours, theirs


@settings(max_examples=150, deadline=None)
@given(edges, extra_nodes)
def test_components_and_condensation_are_networkx_s(pairs, nodes):
    ours, theirs = _both(pairs, nodes)
    mine = sorted(sorted(c) for c in strongly_connected_components(ours))
    assert mine == sorted(sorted(c) for c in nx.strongly_connected_components(theirs))
    condensed = condensation(ours)
    other = nx.condensation(theirs)
    name = {i: frozenset(members) for i, members in enumerate(condensed.members)}
    their_name = {s: frozenset(other.nodes[s]["members"]) for s in other}
    assert {(name[u], name[v]) for u, v in condensed.graph.edges} == {(their_name[u], their_name[v]) for u, v in other.edges}
    order = topological_sort(condensed.graph)  # a valid order of the condensation: every edge forwards
    position = {s: i for i, s in enumerate(order)}
    assert sorted(order) == sorted(condensed.graph) and all(position[u] < position[v] for u, v in condensed.graph.edges)


@settings(max_examples=150, deadline=None)
@given(edges, extra_nodes)
def test_descendants_degrees_subgraphs_and_reversal_are_networkx_s(pairs, nodes):
    ours, theirs = _both(pairs, nodes)
    assert list(ours) == list(theirs) and sorted(ours.edges) == sorted(theirs.edges)
    for node in theirs:
        assert descendants(ours, node) == nx.descendants(theirs, node)
        assert (ours.in_degree(node), ours.out_degree(node)) == (theirs.in_degree(node), theirs.out_degree(node))
        assert sorted(ours.predecessors(node)) == sorted(theirs.predecessors(node))
    half = [n for n in theirs if n % 2 == 0]
    assert sorted(ours.subgraph(half).edges) == sorted(theirs.subgraph(half).edges)
    assert sorted(ours.subgraph(half)) == sorted(theirs.subgraph(half))
    assert sorted(ours.reverse().edges) == sorted(theirs.reverse(copy=True).edges)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)).filter(lambda e: e[0] < e[1]), max_size=100), extra_nodes)
def test_lexicographical_topological_order_is_networkx_s(pairs, nodes):
    ours, theirs = _both(pairs, nodes)  # edges only forward: acyclic
    key = lambda n: (n * 7) % 13  # noqa: E731  an order that is not the nodes' own, with ties
    assert lexicographical_topological_sort(ours, key) == list(nx.lexicographical_topological_sort(theirs, key=key))


def test_a_cycle_has_no_topological_order():
    with pytest.raises(ValueError):
        topological_sort(DiGraph([("a", "b"), ("b", "a")]))
    with pytest.raises(ValueError):
        lexicographical_topological_sort(DiGraph([("a", "b"), ("b", "a")]), key=str)


def test_edge_attributes_are_kept_shared_and_merged():
    graph = DiGraph()
    graph.add_edge("a", "b", weight=1)
    graph.add_edge("a", "b", line=3)
    graph.add_edges_from([("b", "c", {"weight": 2}), ("c", "a")])
    assert graph.edges["a", "b"] == {"weight": 1, "line": 3}
    assert list(graph.edges(data="weight")) == [("a", "b", 1), ("b", "c", 2), ("c", "a", None)]
    assert list(graph.in_edges("b", data=True)) == [("a", "b", {"weight": 1, "line": 3})]
    assert list(graph.out_edges("b")) == [("b", "c")]
    assert graph.subgraph(["a", "b"]).edges["a", "b"] is graph.edges["a", "b"]  # as a networkx view
    assert graph.has_edge("c", "a") and not graph.has_edge("a", "c")
    assert descendants(graph, "a") == {"b", "c"}  # never the source, even on a cycle, as networkx


def test_the_import_graph_and_the_call_graph_are_given_as_networkx_graphs(tmp_path):
    from onboard.config import merge
    from onboard.pipeline import analyse
    from onboard.settings import build

    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "db.py").write_text("def connect():\n    return 1\n")
    (tmp_path / "app" / "main.py").write_text("from app.db import connect\n\ndef run():\n    return connect()\n")
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    imports = report.graph.networkx()
    assert isinstance(imports, nx.DiGraph) and imports.has_edge("app.main", "app.db")
    assert imports.edges["app.main", "app.db"]["edge"].lines == (1,)
    calls = report.calls.graph()
    assert isinstance(calls, nx.DiGraph) and calls.has_edge("app.main.run", "app.db.connect")
