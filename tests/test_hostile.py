"""The real `onboard` command on a hostile repository (tests/hostile.py): it finishes, loses
nothing, leaks nothing, runs nothing and writes nowhere but --output."""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from hostile import SECRET, build, build_call_graphs
from test_schema import SCHEMA

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def manifest(top: str) -> dict[str, tuple]:
    """lstat and content hash of every entry below `top` (special files by lstat only)."""
    found = {}
    for folder, dirs, files in os.walk(top):
        for name in dirs + files:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            digest = None
            if stat.S_ISREG(info.st_mode) and 0 < info.st_size < 64 * 1024**2 and os.access(path, os.R_OK):
                with open(path, "rb") as handle:
                    digest = hashlib.sha256(handle.read()).hexdigest()
            found[path] = (info.st_mode, info.st_size, info.st_mtime_ns, digest)
    return found


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    root = base / "root"
    root.mkdir()
    expect = build(str(root))
    yield base, root, expect
    for sock in expect.sockets:
        sock.close()
    for path in (root / "repo" / "fs" / "mode000_dir", root / "repo" / "fs" / "mode000.py"):
        os.chmod(path, 0o755)


def _run(base, root, out: str, cwd: str, target: str):
    env = {**os.environ, "ONBOARD_CACHE_DIR": str(base / "cache"), "PYTHONPATH": PROJECT, "NO_COLOR": "1"}
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "onboard", target, "-o", out, "-f", "terminal", "-f", "markdown", "-f", "json", "-f", "dot"],
                            capture_output=True, cwd=cwd, env=env, timeout=600)
    return result, time.monotonic() - started


def test_hostile_repository(hostile):
    base, root, expect = hostile
    before = manifest(str(root))
    first, seconds = _run(base, root, str(base / "out1"), str(base), str(root / "repo"))
    second, _ = _run(base, root, str(base / "out2"), str(root / "repo"), ".")  # started inside the repo
    assert first.returncode == 0, first.stderr.decode(errors="replace")[-2000:]
    assert second.returncode == 0, second.stderr.decode(errors="replace")[-2000:]
    assert seconds < 180

    # runs nothing, writes nothing in the repository or beside it
    after = manifest(str(root))
    assert after == before
    assert not [p for p in after if "EXECUTED-" in p or p.endswith("__pycache__") and "/repo/__pycache__" not in p]

    outputs = {name: (base / "out1" / name).read_bytes() for name in ("onboard.json", "onboard.md", "onboard.dot")}
    assert outputs["onboard.json"] == (base / "out2" / "onboard.json").read_bytes()  # deterministic, wherever it starts
    everything = b"".join(outputs.values()) + first.stdout + first.stderr + second.stdout + second.stderr
    assert SECRET.encode() not in everything

    report = json.loads(outputs["onboard.json"])
    jsonschema.Draft202012Validator(SCHEMA).validate(report)
    reasons = {n["path"]: n["reason"] for n in report["files"]["not_analysed"]}
    for path, allowed in expect.reasons.items():
        assert reasons.get(path) in allowed, (path, reasons.get(path), allowed)
    # a file no import can name (`with space.py`) is no graph node, and a stub is not counted in the docs
    analysed = {m["path"] for m in report["docs"]["modules"]} | {m["path"] for m in report["graph"]["modules"] if m["path"]}
    assert expect.analysed <= analysed, sorted(expect.analysed - analysed)
    assert set(reasons) <= set(expect.reasons), sorted(set(reasons) - set(expect.reasons))  # nothing unexpected fails
    excluded = {e["path"]: e["files"] for e in report["files"]["excluded"]}
    for path, count in expect.excluded.items():
        assert excluded.get(path, 0) >= count, (path, excluded.get(path))
    modules = {m["path"]: m for m in report["docs"]["modules"]}
    for path, lines in expect.lines.items():
        assert {x["name"]: x["line"] for x in modules[path]["missing"] if x["kind"] != "module"} == lines
    assert modules["enc/latin1.py"]["summary"] == "Café crème."


    terminal = first.stdout.decode("utf-8")
    assert not CONTROL.search(terminal.replace("\n", "")), repr(CONTROL.search(terminal.replace("\n", "")))
    markdown = outputs["onboard.md"].decode("utf-8")
    for block in markdown.split("\n\n"):
        rows = [line.replace("\\|", "") for line in block.splitlines() if line.startswith("|")]
        assert len({row.count("|") for row in rows}) <= 1, block
    assert not CONTROL.search(markdown.replace("\n", ""))
    outside_code = re.sub(r"`[^`\n]*`", "", markdown)
    assert "<script>" not in outside_code and "<img" not in outside_code


def test_hostile_repository_through_the_gate(hostile):
    base, root, _ = hostile
    env = {**os.environ, "ONBOARD_CACHE_DIR": str(base / "cache"), "PYTHONPATH": PROJECT}
    for fmt in ("github", "junit", "text"):
        result = subprocess.run([sys.executable, "-m", "onboard", "check", str(root / "repo"), "--format", fmt, "--strict",
                                 "--forbid-cycles"], capture_output=True, cwd=str(base), env=env, timeout=600)
        assert result.returncode == 1, result.stderr.decode(errors="replace")[-2000:]  # files not analysed fail --strict
        out = result.stdout.decode("utf-8")
        assert SECRET not in out and not CONTROL.search(out.replace("\n", ""))
        if fmt == "junit":
            assert ET.fromstring(out).get("failures") != "0"
        else:
            assert all(not line.startswith("::") or fmt == "github" for line in out.splitlines())


def test_hostile_report_json_is_the_reference_writers(hostile):
    """`dumps` writes many values at a time; on the hostile names, paths and docstrings it must
    give the bytes of `_Writer`, which writes one value at a time (tests/test_json_encoder.py)."""
    from onboard.config import merge
    from onboard.pipeline import analyse
    from onboard.report.json_report import to_dict
    from onboard.report.json_writer import _Writer, dumps
    from onboard.settings import build as settings

    base, root, _ = hostile
    report = analyse(str(root / "repo"), settings(merge({}, {}), str(base / "cache")))
    for data in (to_dict(report, rows=True), to_dict(report)):
        assert dumps(data) == _Writer().encoded(data, "\n") + "\n"


def test_call_graphs_that_never_end_are_cut_and_said_so(tmp_path):
    expect = build_call_graphs(str(tmp_path))
    env = {**os.environ, "ONBOARD_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": PROJECT}
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "onboard", str(tmp_path / "repo"), "-f", "json", "-q"], capture_output=True,
                            cwd=str(tmp_path), env=env, timeout=600)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    assert time.monotonic() - started < 60
    report = json.loads(result.stdout)
    assert expect.analysed <= {m["path"] for m in report["docs"]["modules"]}
    # flows end on recursion, a 10,000-way dispatch and a 5,000-long chain, and say where they were cut
    flows = {f["entry"]["name"]: f for f in report["flows"]}
    witness = {name: [(r["name"], r["certain"], [s["function"] for s in r["path"]]) for r in flows[name]["reaches"]]
               for name in ("python prog/recursion.py", "python prog/dispatch.py", "python prog/chain.py")}
    assert witness == {"python prog/recursion.py": [("PING_END", True, ["prog.recursion", "prog.recursion.ping"])],
                       "python prog/dispatch.py": [("HANDLER_ONE", False, ["prog.dispatch", "prog.dispatch.dispatch", "prog.dispatch.h1"])],
                       "python prog/chain.py": []}  # CHAIN_END lies 5,000 calls deep
    assert flows["python prog/chain.py"]["limits"] == ["paths longer than 40 calls were not followed"]
    assert flows["python prog/dispatch.py"]["limits"] == ["a function calls more than 100 functions; only the first 100 by name were followed"]
