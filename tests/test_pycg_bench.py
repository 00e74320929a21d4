"""benchmarks/pycg_bench.py's comparison on hand-written graphs, and its command line on a
hand-built micro-benchmark with a stand-in tool (offline: no sdist, no PyCG, no onboard run)."""

from __future__ import annotations

import json
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import pycg_bench  # noqa: E402  (a script folder, not a package)
from pycg_bench import compare, copy_case, find_cases, onboard_to_pycg, summarise, totals  # noqa: E402


def test_onboard_calls_become_pycg_shape():
    calls = {"functions": [{"name": "main", "path": "main.py", "line": 1, "kind": "module"},
                           {"name": "main.unused", "path": "main.py", "line": 3, "kind": "function"}],
             "edges": [{"caller": "main", "callee": "main.f", "line": 7}, {"caller": "main", "callee": "<builtin>.len", "line": 8},
                       {"caller": "main", "callee": "main.f", "line": 9}, {"caller": "main.f", "callee": "ext.Cls.fun", "line": 5}]}
    assert onboard_to_pycg(calls) == {"<builtin>.len": [], "ext.Cls.fun": [], "main": ["<builtin>.len", "main.f"],
                                      "main.f": ["ext.Cls.fun"], "main.unused": []}
    assert list(onboard_to_pycg(calls)) == sorted(onboard_to_pycg(calls))
    assert onboard_to_pycg({"functions": [], "edges": []}) == {}


def test_compare_missing_extra_and_nodes():
    truth = {"main": ["main.a", "main.b"], "main.a": [], "main.b": []}
    outcome = compare("cat/x", truth, {"main": ["main.a", "main.c"], "main.a": [], "main.c": []})
    assert (outcome.true_edges, outcome.found_edges, outcome.hits) == (2, 2, 1)
    assert outcome.missing == [["main", "main.b"]] and outcome.extra == [["main", "main.c"]]
    assert outcome.nodes_missing == ["main.b"] and outcome.nodes_extra == ["main.c"]
    assert not outcome.exact_edges and not outcome.exact and outcome.category == "cat"


def test_exact_needs_nodes_as_well_as_edges():
    truth = {"main": ["main.f"], "main.f": [], "main.g": []}
    same_edges = compare("c/x", truth, {"main": ["main.f"], "main.f": []})
    assert same_edges.exact_edges and not same_edges.exact
    assert compare("c/x", truth, {"main.g": [], "main": ["main.f"], "main.f": []}).exact


def test_failed_case_is_an_empty_graph():
    outcome = compare("c/x", {"main": ["main.f"], "main.f": []}, None, "exit status 1")
    assert outcome.missing == [["main", "main.f"]] and outcome.found_edges == 0 and outcome.error == "exit status 1"
    assert totals([outcome])["failed"] == 1 and totals([outcome])["precision"] is None
    nothing_to_find = compare("c/y", {"main": []}, None, "timed out after 120 s")
    assert not nothing_to_find.exact_edges and not nothing_to_find.exact


def test_precision_and_recall_are_micro_averaged():
    big = compare("a/big", {"m": [f"m.f{i}" for i in range(9)]}, {"m": [f"m.f{i}" for i in range(9)]})
    small = compare("b/small", {"m": ["m.g"]}, {"m": ["m.h"]})
    figures = totals([big, small])
    # pooled: 9 of 10 found edges true, 9 of 10 true edges found (averaging the cases would give 0.5)
    assert (figures["precision"], figures["recall"], figures["exact"], figures["exact_edges"]) == (0.9, 0.9, 1, 1)
    summary = summarise([small, big])
    assert list(summary["categories"]) == ["a", "b"] and list(summary["misses"]) == ["b/small"]
    assert summary["categories"]["a"]["recall"] == 1.0 and summary["categories"]["b"]["precision"] == 0.0


def test_case_copy_leaves_the_truth_out(tmp_path):
    case = tmp_path / "snippets" / "imports" / "init_import"
    (case / "nested").mkdir(parents=True)
    for name in ("callgraph.json", "README.md", "main.py", "nested/__init__.py", "nested/README.md"):
        (case / name).write_text("x = 1\n")
    (case / "link.py").symlink_to(case / "main.py")
    (tmp_path / "snippets" / "classes" / "nested_call").mkdir(parents=True)  # no README.md
    (tmp_path / "snippets" / "classes" / "nested_call" / "callgraph.json").write_text("{}")
    (tmp_path / "snippets" / "classes" / "no_truth").mkdir()
    assert [name for name, _ in find_cases(tmp_path / "snippets")] == ["classes/nested_call", "imports/init_import"]
    assert copy_case(case, tmp_path / "copy") == ["main.py", "nested/__init__.py"]
    assert sorted(p.relative_to(tmp_path / "copy").as_posix() for p in (tmp_path / "copy").rglob("*") if p.is_file()) == \
        ["main.py", "nested/README.md", "nested/__init__.py"]


def _fake_tool(tmp_path) -> str:
    """A stand-in for PyCG: `main` calls every function it defines (`def NAME`), written to -o."""
    script = tmp_path / "fake_pycg.py"
    script.write_text(
        "import json, pathlib, re, sys\n"
        "args = sys.argv[1:]\n"
        "if any(a.endswith('fail.py') for a in args): sys.exit('cannot')\n"
        "files = [a for a in args if a.endswith('.py')]\n"
        "names = [n for f in files for n in re.findall(r'^def (\\w+)', pathlib.Path(f).read_text(), re.M)]\n"
        "graph = {'main': ['main.' + n for n in names], **{'main.' + n: [] for n in names}}\n"
        "pathlib.Path(args[args.index('-o') + 1]).write_text(json.dumps(graph))\n")
    return f"{sys.executable} {script}"


def _case(root, name: str, source: str, truth: dict) -> None:
    (root / name).mkdir(parents=True)
    (root / name / "main.py").write_text(source)
    (root / name / "callgraph.json").write_text(json.dumps(truth))


def test_command_line_on_a_stand_in_tool(tmp_path, capsys):
    snippets = tmp_path / "snippets"
    _case(snippets, "functions/call", "def f():\n    pass\nf()\n", {"main": ["main.f"], "main.f": []})
    _case(snippets, "lambdas/call", "def g():\n    pass\n", {"main": ["main.<lambda1>"], "main.<lambda1>": []})
    _case(snippets, "dynamic/broken", "", {"main": []})
    (snippets / "dynamic/broken/fail.py").write_text("")
    out = tmp_path / "out.json"
    status = pycg_bench.main(["--tool", "pycg", "--pycg", _fake_tool(tmp_path), "--snippets", str(snippets), "--json", str(out)])
    text = capsys.readouterr().out
    assert status == 1  # one case failed
    assert "| **all** | 3 | 1 | 1 | 2 | 2 | 1 | 0.500 | 0.500 |" in text
    assert "- lambdas/call: missing main -> main.<lambda1>; extra main -> main.g; nodes missing main.<lambda1>; nodes extra main.g" in text
    assert "- dynamic/broken: failed (exit status 1: cannot)" in text
    report = json.loads(out.read_text())
    assert sorted(report["misses"]) == ["dynamic/broken", "lambdas/call"] and report["all"]["failed"] == 1
