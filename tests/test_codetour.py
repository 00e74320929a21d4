"""`--format codetour`: `.tours/onboard.tour`, one step per module of the reading order, each
anchored by line and by a pattern that matches that line of the file."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from conftest import SAMPLES
from onboard.cli import main
from test_html import hostile_guide_repo


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def tour(repo, out) -> dict:
    result = run(repo, "-o", out, "-f", "codetour", "-f", "json", "--no-cache")
    assert result.exit_code == 0, result.output
    assert "wrote " in result.output and ".tours" in result.output
    return json.loads((out / ".tours" / "onboard.tour").read_text(encoding="utf-8"))


def test_one_step_per_module_of_the_reading_order(tmp_path):
    data = tour(SAMPLES / "flask_service", tmp_path)
    order = json.loads((tmp_path / "onboard.json").read_text(encoding="utf-8"))["graph"]["reading_order"]
    assert data["$schema"] == "https://aka.ms/codetour-schema" and data["title"] == "Onboarding: orderdesk"
    assert [s["file"] for s in data["steps"]] == [r["path"] for r in order]
    for number, (step, read) in enumerate(zip(data["steps"], order), 1):
        assert step["description"].startswith(f"**{number}/{len(order)}: `{read['module']}`**")
        assert ("It says: " in step["description"]) == bool(read["summary"])
        lines = (SAMPLES / "flask_service" / step["file"]).read_text(encoding="utf-8").splitlines()
        if "pattern" in step:  # the pattern finds the very line the step names
            matches = [i for i, text in enumerate(lines, 1) if re.search(step["pattern"], text)]
            assert matches and matches[0] == step["line"], (step, matches)
        else:
            assert step["line"] == 1
    cli = data["steps"][0]
    assert cli["file"] == "src/orderdesk/cli.py" and cli["pattern"] == r"^def\s+cli\b"


def test_hostile_descriptions_stay_text_and_runs_are_identical(tmp_path):
    repo = hostile_guide_repo(tmp_path / "repo")
    first = tour(repo, tmp_path / "a")
    second = (tmp_path / "a" / ".tours" / "onboard.tour").read_bytes()
    tour(repo, tmp_path / "b")
    assert (tmp_path / "b" / ".tours" / "onboard.tour").read_bytes() == second
    text = "\n".join(s["description"] for s in first["steps"])
    assert "<script>" not in text and "\\<script\\>" in text  # Markdown-escaped, as in the guide
    assert not re.search(r"(?<!\\)\]\(javascript:", text)  # `\[x\](javascript:...)` cannot form a link
    assert all(s["pattern"] == r"^def\s+run\b" for s in first["steps"] if s["file"].startswith("evil/m"))
