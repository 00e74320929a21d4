"""The program model on a hostile repository: a 5,000-long call chain, a 10,000-element list and
dict of functions, a class hierarchy 500 deep with `super()` at every level, and mutually
recursive assignments and functions. The run finishes, the graph is right where it can be, and
the cut is reported where a bound was hit. (How long it takes is the benchmark's business.)"""

from __future__ import annotations

from onboard.config import merge
from onboard.pipeline import analyse
from onboard.settings import build

CHAIN, MANY, DEEP = 5_000, 10_000, 500


def hostile(root) -> None:
    chain = ["def f0():\n    pass\n"] + [f"def f{i}():\n    f{i - 1}()\n" for i in range(1, CHAIN)]
    (root / "chain.py").write_text("".join(chain) + f"f{CHAIN - 1}()\n")
    functions = "".join(f"def g{i}():\n    pass\n" for i in range(MANY))
    table = "TABLE = [" + ", ".join(f"g{i}" for i in range(MANY)) + "]\nfor g in TABLE:\n    g()\n"
    dispatch = "DISPATCH = {" + ", ".join(f'"k{i}": g{i}' for i in range(MANY)) + '}\nDISPATCH[input()]()\nDISPATCH["k7"]()\n'
    (root / "many.py").write_text(functions + table + dispatch)
    deep = "class C0:\n    def m(self):\n        return self.n()\n\n    def n(self):\n        pass\n"
    deep += "".join(f"class C{i}(C{i - 1}):\n    def n(self):\n        super().n()\n" for i in range(1, DEEP))
    (root / "deep.py").write_text(deep + f"C{DEEP - 1}().m()\n")
    rounds = "".join(f"x{i} = x{(i + 1) % 300}\n" for i in range(300))
    (root / "recursive.py").write_text("a = b\nb = c\nc = a\n" + rounds + "def p(q):\n    return r(q)\n\ndef r(q):\n    return p(q)\n\np(p)\n")


def test_the_hostile_program_finishes_with_the_cut_reported(tmp_path):
    hostile(tmp_path)
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    got = {(e.caller, e.callee) for e in report.calls.edges}
    assert all((f"chain.f{i}", f"chain.f{i - 1}") in got for i in range(1, CHAIN))
    assert ("chain", f"chain.f{CHAIN - 1}") in got
    assert ("many", "many.g7") in got  # the literal key is read exactly
    assert sum(1 for caller, callee in got if caller == "many" and callee.startswith("many.g")) < MANY  # the loop is cut
    assert any("could hold more than" in limit for limit in report.calls.limits)
    assert (f"deep.C{DEEP - 1}.n", f"deep.C{DEEP - 2}.n") in got and ("deep.C1.n", "deep.C0.n") in got
    assert ("deep", "deep.C0.m") not in got and any("in their hierarchy" in limit for limit in report.calls.limits)  # 500 > 200
    assert {("recursive.p", "recursive.r"), ("recursive.r", "recursive.p")} <= got
    assert not [p for p in report.warnings if "could not finish" in p.message]


def test_a_failure_inside_the_program_model_costs_the_call_graph_not_the_run(tmp_path, monkeypatch):
    import onboard.pipeline

    def broken(graph):
        raise RuntimeError("a bug of ours")

    monkeypatch.setattr(onboard.pipeline, "build_program", broken)
    (tmp_path / "app.py").write_text('import os\nimport boto3\nS3 = boto3.client("s3")\nos.environ["TOKEN"]\n')
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    assert report.calls.edges == () and report.calls.limits == ("the program model could not be built",)
    assert any("could not build the program model" in w.message for w in report.warnings)
    assert {u.service for u in report.usage} >= {"s3"} and {v.name for v in report.env.variables} == {"TOKEN"}
