"""The HTML guide in a real browser (headless Chromium from the OS packages; skipped without it):
a repository full of hostile text runs no script and adds no element, and the page's
Content-Security-Policy stops a script even if one slipped past the escaping."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from onboard.cli import main
from test_html import hostile_guide_repo

CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on PATH (Debian: apt-get install chromium)")
PROBE = "<script>document.title='script ran'</script>"


def dom(page, profile) -> str:
    """The DOM after loading `page` and letting its timers run, with nothing fetched from the network."""
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", "--virtual-time-budget=1000", "--dump-dom", page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=30, check=True).stdout


def title(text: str) -> str:
    return re.search(r"<title>(.*?)</title>", text, re.S).group(1)


def test_hostile_repository_runs_no_script_in_the_browser(tmp_path):
    repo = hostile_guide_repo(tmp_path / "repo")
    result = CliRunner().invoke(main, [str(repo), "-o", str(tmp_path / "out"), "-f", "html", "--no-cache"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    page = tmp_path / "out" / "onboard.html"
    loaded = dom(page, tmp_path / "profile")
    assert title(loaded) == title(page.read_text(encoding="utf-8"))  # the hostile `document.title=` never ran
    assert not re.search(r"<(script|img|iframe|object|embed)\b", loaded, re.I)
    assert len(re.findall(r"<h1\b", loaded)) == 1 and len(re.findall(r"<h2\b", loaded)) >= 4
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in loaded  # shown as text

    # a script that got past the escaping would still be blocked by the policy ...
    smuggled = tmp_path / "smuggled.html"
    smuggled.write_text(page.read_text(encoding="utf-8").replace("<main>", "<main>" + PROBE, 1), encoding="utf-8")
    assert title(dom(smuggled, tmp_path / "profile2")) != "script ran"
    # ... while the same page without the policy runs it (so this test can see a script run)
    control = tmp_path / "control.html"
    control.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", smuggled.read_text(encoding="utf-8")), encoding="utf-8")
    assert title(dom(control, tmp_path / "profile3")) == "script ran"
