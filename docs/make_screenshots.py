"""Render each sample repository's HTML guide with onboard and screenshot it in headless Chromium.

    python docs/make_screenshots.py            # writes docs/<sample>.png for every sample_repos/<sample>
    python docs/make_screenshots.py attrs=path/to/attrs ...   # docs/review-attrs.png: the first screen of a reviewed repository

Needs Chromium (Debian: `apt-get install chromium`). The browser gets a fresh profile and no
network features; the page itself loads nothing (its Content-Security-Policy forbids it).
"""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
SIZE = "1280,2000"
REVIEW_SIZE = "1200,900"  # the first screen only


def chromium() -> str:
    found = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    if found is None:
        sys.exit("make_screenshots: no Chromium on PATH (Debian: apt-get install chromium)")
    return found


def screenshot(browser: str, sample: pathlib.Path, work: pathlib.Path, name: str | None = None, size: str = SIZE) -> pathlib.Path:
    out = work / (name or sample.name)
    subprocess.run([sys.executable, "-P", "-m", "onboard", str(sample), "-o", str(out), "-f", "html", "-q", "--no-cache"],
                   check=True, cwd=ROOT)
    target = ROOT / "docs" / f"{name or sample.name}.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--hide-scrollbars", f"--user-data-dir={work / ('profile-' + out.name)}",
                    f"--screenshot={target}", f"--window-size={size}", (out / "onboard.html").as_uri()],
                   check=True, capture_output=True, timeout=60)
    return target


def main() -> None:
    browser = chromium()
    reviews = [arg.split("=", 1) for arg in sys.argv[1:]]
    jobs = [(pathlib.Path(path).resolve(), f"review-{name}", REVIEW_SIZE) for name, path in reviews] or [
        (p, None, SIZE) for p in sorted(p for p in (ROOT / "sample_repos").iterdir() if p.is_dir())]
    with tempfile.TemporaryDirectory() as work:
        for sample, name, size in jobs:
            path = screenshot(browser, sample, pathlib.Path(work), name, size)
            print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
