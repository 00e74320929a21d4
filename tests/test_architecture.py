"""The project checks its own architecture (STYLE.md rule 2): which modules may import what.

Data flows one way: discover -> parse -> model -> analyses -> report -> cli. Only the parse stage
imports libcst, only the CLI imports click, only terminal output (and the progress bar) rich, only the HTML reporter markdown-it;
analyses and reporters never import the parse stage's libcst code or the CLI.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "onboard"
MODULES = sorted(PACKAGE.rglob("*.py"))

# library or package prefix -> modules (relative to onboard/) allowed to import it
ALLOWED = {
    "libcst": {"parse/extract.py", "parse/cst_walk.py", "parse/newer_syntax.py"},
    "click": {"cli.py", "cli_gate.py", "cli_trace.py"},
    "rich": {"report/terminal.py", "report/trace.py", "progress.py"},
    "markdown_it": {"report/html.py"},
    "pebble": {"parse/runner.py"},
    "onboard.parse.extract": {"parse/runner.py", "parse/notebook_facts.py"},
    "onboard.pipeline": {"cli.py", "settings.py"},
    "onboard.cli": {"__main__.py", "cli_gate.py", "cli_trace.py"},
}
# stage -> stages it must not import
FORBIDDEN = {
    "analyses": ("onboard.report", "onboard.parse.runner", "onboard.parse.cache", "onboard.pipeline"),
    "report": ("onboard.parse", "onboard.discover", "onboard.pipeline", "onboard.analyses.docs.docs_coverage"),
    "model": ("onboard.analyses", "onboard.report", "onboard.parse.runner", "onboard.parse.extract"),
}


def imports(path: pathlib.Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_layers(path):
    rel = path.relative_to(PACKAGE).as_posix()
    names = imports(path)
    for prefix, allowed in ALLOWED.items():
        used = [n for n in names if n == prefix or n.startswith(prefix + ".")]
        assert not used or rel in allowed, f"{rel} imports {used[0]}; only {sorted(allowed) or 'nothing'} may"
    stage = rel.split("/")[0]
    for prefix in FORBIDDEN.get(stage, ()):
        used = [n for n in names if n == prefix or n.startswith(prefix + ".")]
        assert not used, f"{rel} ({stage}) imports {used[0]}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_every_module_says_what_it_owns(path):
    assert ast.get_docstring(ast.parse(path.read_bytes())), f"{path.name} has no module docstring"
