"""Oracle: onboard's import graph equals grimp's on the sample packages, edge for edge.

grimp reads files (it imports nothing) but stops on a syntax error, so it runs on a copy of each
package without the files onboard reports as not analysed. Deliberate differences, filtered out
here and documented in the README: grimp skips folders without `__init__.py` (namespace
packages), which onboard keeps; onboard adds `importlib.import_module("literal")` edges
(flagged `dynamic`), which grimp does not see.
"""

from __future__ import annotations

import shutil
import sys

import pytest

from conftest import SAMPLES
from onboard.discover import discover
from onboard.graph import build_graph
from onboard.model.metadata import read_metadata
from onboard.model.repo import build_repo
from onboard.parse.cache import FactsCache
from onboard.parse.runner import Limits, parse_all

grimp = pytest.importorskip("grimp")

CASES = [("flask_service", "src", "orderdesk"), ("etl_pipeline", "", "etl")]


def _namespace_dirs(root, package) -> list[str]:
    base = root / package
    return [p.relative_to(root).as_posix().replace("/", ".") for p in base.rglob("*") if p.is_dir() and not (p / "__init__.py").exists()
            and any(p.glob("*.py"))]


@pytest.mark.parametrize("sample, src, package", CASES)
def test_edges_equal_grimp(sample, src, package, tmp_path, monkeypatch):
    root = SAMPLES / sample
    found = discover(str(root))
    sources = [(f.path, open(f.fs_path, "rb").read()) for f in found.files]
    repo = build_repo(str(root), found, parse_all(sources, FactsCache(None), Limits(jobs=2))[0], read_metadata(str(root)))
    graph = build_graph(repo)
    ours = {(e.importer, e.imported) for e in graph.edges if not e.dynamic}

    copy = tmp_path / "copy"
    shutil.copytree(root / src / package if src else root / package, copy / package)
    prefix = f"{src}/" if src else ""
    for failed in repo.not_analysed:
        if failed.path.startswith(f"{prefix}{package}/"):
            (copy / failed.path[len(prefix):]).unlink()
    monkeypatch.syspath_prepend(str(copy))
    theirs_graph = grimp.build_graph(package, cache_dir=None)
    theirs = {(i["importer"], i["imported"]) for i in theirs_graph.find_matching_direct_imports(import_expression="** -> **")}

    skipped = _namespace_dirs(copy, package)  # grimp leaves these out; onboard does not
    def in_scope(name: str) -> bool:
        return (name == package or name.startswith(package + ".")) and not any(name == s or name.startswith(s + ".") for s in skipped)
    ours_in_scope = {(a, b) for a, b in ours if in_scope(a) and in_scope(b)}
    assert len(theirs) >= 5
    assert ours_in_scope == theirs
    sys.modules.pop(package, None)
