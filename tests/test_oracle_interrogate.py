"""Oracle: onboard's docstring counts equal interrogate 1.7.0's, file by file, on the samples.

interrogate reads files as UTF-8 and crashes on a syntax error, so the comparison covers the
`.py` files interrogate can read; those it cannot are exactly the ones onboard reports (or, for
a file with a coding cookie, reads correctly where interrogate cannot).
"""

from __future__ import annotations

import ast

import pytest

from conftest import SAMPLES
from onboard.analyses.docs import DocsOptions, module_docs
from onboard.discover import discover
from onboard.model.metadata import read_metadata
from onboard.model.repo import build_repo
from onboard.parse.cache import FactsCache
from onboard.parse.runner import Limits, parse_all

interrogate_coverage = pytest.importorskip("interrogate.coverage")
interrogate_config = pytest.importorskip("interrogate.config")

OPTION_SETS = [
    {},
    {"ignore_private": True, "ignore_semiprivate": True},
    {"ignore_magic": True, "ignore_init_method": True},
    {"ignore_property_decorators": True, "ignore_overloaded_functions": True},
    {"ignore_module": True},
    {"ignore_nested_functions": True, "ignore_nested_classes": True},
    {"ignore_setters": True, "ignore_init_module": True},
    {"ignore_regex": ["^test_", "^_"]},
]


def _interrogate_readable(path) -> bool:
    try:
        ast.parse(path.read_text(encoding="utf-8"))
        return True
    except (SyntaxError, UnicodeDecodeError, ValueError):
        return False


def _onboard_counts(root, options: DocsOptions) -> dict[str, tuple[int, int]]:
    found = discover(str(root))
    sources = [(f.path, open(f.fs_path, "rb").read()) for f in found.files]
    repo = build_repo(str(root), found, parse_all(sources, FactsCache(None), Limits(jobs=2))[0], read_metadata(str(root)))
    counts = {}
    for module in repo.modules:
        if module.kind == "module":
            docs = module_docs(module, options)
            counts[module.path] = (docs.total, docs.documented)
    return counts


@pytest.mark.parametrize("options", OPTION_SETS, ids=lambda o: ",".join(o) or "defaults")
@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.iterdir() if p.is_dir()))
def test_counts_equal_interrogate(name, options):
    root = SAMPLES / name
    ours = _onboard_counts(root, DocsOptions(**{k: tuple(v) if isinstance(v, list) else v for k, v in options.items()}))
    files = sorted(p for p in root.rglob("*.py") if p.relative_to(root).as_posix() in ours and _interrogate_readable(p))
    assert len(files) >= 10
    translated = {"ignore_property_setters" if k == "ignore_setters" else k: v for k, v in options.items()}
    if "ignore_regex" in translated:
        translated["ignore_regex"] = [__import__("re").compile(p) for p in translated["ignore_regex"]]
    config = interrogate_config.InterrogateConfig(**translated)
    results = interrogate_coverage.InterrogateCoverage(paths=[str(f) for f in files], conf=config).get_coverage()
    theirs = {}
    for result in results.file_results:
        theirs[str(__import__("pathlib").Path(result.filename).relative_to(root).as_posix())] = (result.total, result.covered)
    mine = {path: counts for path, counts in ours.items() if path in theirs or counts != (0, 0)}
    mine = {path: mine[path] for path in theirs}
    assert mine == theirs
    assert sum(total for total, _ in theirs.values()) > 20
