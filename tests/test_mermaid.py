"""The Mermaid diagram in the Markdown report parses with Mermaid's own parser (Node.js).

The parser's npm packages (pinned in tests/mermaid/package-lock.json) are installed on first use;
without Node.js or npm on the machine the test is skipped and says why.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from conftest import SAMPLES
from onboard.analyses.diagram import Diagram
from onboard.report.diagrams import mermaid

HERE = os.path.join(os.path.dirname(__file__), "mermaid")


@pytest.fixture(scope="session")
def mermaid_parser():
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("Node.js and npm are needed to run Mermaid's parser")
    if not os.path.isdir(os.path.join(HERE, "node_modules", "mermaid")):
        done = subprocess.run([npm, "ci", "--silent", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            pytest.skip(f"could not install Mermaid's parser: {done.stderr.strip()[:300]}")

    def parse(markdown: str) -> subprocess.CompletedProcess:
        return subprocess.run([node, os.path.join(HERE, "check.mjs")], input=markdown, capture_output=True, text=True, timeout=120)

    return parse


def test_sample_report_diagram_parses(mermaid_parser, tmp_path):
    from click.testing import CliRunner

    from onboard.cli import main

    result = CliRunner().invoke(main, [str(SAMPLES / "flask_service"), "-f", "markdown"])
    assert "```mermaid" in result.output
    parsed = mermaid_parser(result.output)
    assert parsed.returncode == 0 and parsed.stdout.startswith("ok"), parsed.stdout + parsed.stderr


def test_hostile_names_stay_labels(mermaid_parser):
    names = ['we"ird#pkg', "a<b>c|d", "x[y]z;%%w", "back`tick", "end", "click]here(ok)", "amp&lt;", "new\nline", "uni—日本"]
    diagram = Diagram(tuple(sorted(names)), tuple((a, b, 2) for a, b in zip(sorted(names), sorted(names)[1:])), frozenset(names[:2]), None)
    text = "\n".join(mermaid(diagram))
    parsed = mermaid_parser(text)
    assert parsed.returncode == 0, parsed.stdout + parsed.stderr
    assert text.count('"]') == len(names) and text.count("-->|2|") == len(names) - 1  # every box and arrow survives
    assert '"we#quot;ird#35;pkg"' in text and "new\\x0aline" in text
    broken = Diagram(("a",), (), frozenset(), None)
    assert mermaid_parser("```mermaid\nflowchart LR\n    n0[\"a\"] -->|1 n1\n```\n").returncode == 1  # the parser does reject bad input
    assert mermaid_parser("\n".join(mermaid(broken))).returncode == 0
