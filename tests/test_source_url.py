"""`--source-url`: every `path:line` of the Markdown guide links to the hosted file; a bad URL exits 2."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from onboard.cli import main
from onboard.config import ConfigError, source_url
from onboard.report.mdtable import linking, where

BASE = "https://github.com/org/repo/blob/v1.0/"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_where_links_only_with_a_source_url():
    assert where("src/a.py", 3) == "`src/a.py:3`"
    with linking(BASE):
        assert where("src/a.py", 3) == f"[`src/a.py:3`]({BASE}src/a.py#L3)"
        assert where("src/a.py", None) == f"[`src/a.py`]({BASE}src/a.py)"
        # spaces, parentheses, brackets, pipes and non-ASCII in a path are percent-encoded in the URL
        assert where("my dir/(x)[y]|é.py", 1) == f"[`my dir/(x)[y]\\|é.py:1`]({BASE}my%20dir/%28x%29%5By%5D%7C%C3%A9.py#L1)"
    assert where("src/a.py", 3) == "`src/a.py:3`"  # the link base lasts one rendering


@pytest.mark.parametrize("bad", ["ftp://host/x/", "https://host/x", "javascript:alert(1)//", "https://", "https://h/x?a=1/",
                                 "https://h/#x/", "https://h/a b/", "https://h/\n/"])
def test_bad_source_urls_are_configuration_errors(bad):
    with pytest.raises(ConfigError, match="source-url must start with https:// or http://"):
        source_url(bad)


def test_source_url_characters_are_encoded():
    assert source_url("https://h/a(b)/é/") == "https://h/a%28b%29/%C3%A9/"
    assert source_url("") == ""


def test_cli_links_every_path_line(tmp_path):
    result = run(SAMPLES / "flask_service", "-o", tmp_path, "-f", "markdown", "--source-url", BASE)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "onboard.md").read_text(encoding="utf-8")
    assert f"[`src/orderdesk/cli.py:42`]({BASE}src/orderdesk/cli.py#L42)" in text
    unlinked = re.findall(r"(?<!\[)`[\w/.-]+\.py:\d+`(?!\])", text)
    assert not unlinked, unlinked[:3]
    bad = run(SAMPLES / "flask_service", "-f", "markdown", "--source-url", "github.com/org/repo")
    assert bad.exit_code == 2 and "source-url must start with https://" in bad.output


def test_source_url_from_the_config(tmp_path):
    (tmp_path / "m.py").write_text('"""Doc."""\nimport os\nX = os.environ["X"]\n')
    (tmp_path / "pyproject.toml").write_text(f'[tool.onboard]\nsource-url = "{BASE}"\n')
    result = run(tmp_path, "-f", "markdown")
    assert result.exit_code == 0 and f"({BASE}m.py#L3)" in result.output
    (tmp_path / "pyproject.toml").write_text('[tool.onboard]\nsource-url = "file:///etc/"\n')
    assert run(tmp_path, "-f", "markdown").exit_code == 2
