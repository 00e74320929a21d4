"""The corpora: which pinned sdists are known, where each one's package and typical file lie,
the synthetic scale point (N renamed copies of one corpus) and a corpus's size."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from common import BenchError, say
from sdists import fetch, normal, unpack

# name -> (distribution, pinned version, sha256 of its sdist on PyPI)
KNOWN = {
    "django": ("Django", "5.1.4", "de450c09e91879fa5a307f696e57c851955c910a438a35e6b4c895e86bedc82a"),
    "flask": ("flask", "3.0.3", "ceb27b0af3823ea2737928a4d99d125a06175b8512c445cbd9a9ce200ef76842"),
    "metaflow": ("metaflow", "2.19.39", "59fdb07d8de9e2343658871fd6d967bf9d41799abb92f5835ac792390e7e8a61"),
    "requests": ("requests", "2.32.3", "55365417734eb18255590a9ff9eb97e9e1da868d4ccd6402399eaf68af20a760"),
    "sqlalchemy": ("SQLAlchemy", "2.0.36", "7f2767680b6d2398aea7082e45a774b2b0767b5c8d8ffb9c8b683088ea9b29c5"),
}
# issue 10's two and issue 20's metaflow (the newest 2.19.x); flask is the small one (--corpus flask)
DEFAULT_CORPORA = ("django", "sqlalchemy", "metaflow")
# The file the incremental run changes: a typical module, not the largest one (each between the
# 75th and the 90th percentile of its package's file sizes).
TOUCH = {"django": "django/utils/text.py", "flask": "src/flask/helpers.py", "metaflow": "metaflow/util.py",
         "requests": "src/requests/sessions.py", "sqlalchemy": "lib/sqlalchemy/util/langhelpers.py"}


@dataclass
class Corpus:
    key: str  # short name used in options and tables
    label: str  # e.g. "Django 5.1.4"
    root: Path
    packages: list[Path]  # the importable package directories (one per copy for the synthetic corpus)
    touch: str  # repo-relative path of the file the incremental run changes
    rounds: int = 5
    copies: int = 1  # > 1 for the synthetic corpus
    base: str | None = None  # the corpus the synthetic one copies
    size: dict = field(default_factory=dict)
    runs: dict = field(default_factory=dict)  # command -> list of launcher results
    extra: dict = field(default_factory=dict)  # command -> list of in-process figures
    checks: list = field(default_factory=list)  # (name, ok, detail)


def discovered(root: str) -> list:
    """The Python files onboard's own discovery finds in `root` (its default options)."""
    from onboard.discover import WalkOptions, discover

    return discover(root, WalkOptions()).files


def read_sources(root: str, files: list) -> list[tuple[str, bytes]]:
    """(repo-relative path, bytes) of discovered files, read as onboard's pipeline reads them
    (each kind within its size limit); the files it would skip are left out."""
    from onboard.discover import Skipped, WalkOptions, read_source

    options = WalkOptions()
    out = []
    for source in files:
        data = read_source(source, options.limit(source.kind), root)
        if not isinstance(data, Skipped):
            out.append((source.path, data))
    return out


def read_discovered(root: str) -> list[tuple[str, bytes]]:
    """(repo-relative path, bytes) of every file onboard's discovery finds and would read."""
    return read_sources(root, discovered(root))


def _package_dir(root: Path, dist: str) -> Path:
    wanted = normal(dist)
    for base in (root, root / "src", root / "lib"):
        if base.is_dir():
            for entry in sorted(base.iterdir()):
                if normal(entry.name) == wanted and (entry / "__init__.py").is_file():
                    return entry
    raise BenchError(f"cannot find the package directory of {dist} in {root}")


def _typical_file(package: Path, root: Path) -> str:
    files = sorted(package.rglob("*.py"), key=lambda p: (p.stat().st_size, str(p)))
    return files[len(files) // 2].relative_to(root).as_posix()


def prepare_corpus(spec: str, work: Path) -> Corpus:
    """A known corpus (`django`) or NAME==VERSION: its sdist fetched and unpacked under `work`."""
    if "==" in spec:
        dist, version = spec.split("==", 1)
        key = normal(dist)
    elif normal(spec) in KNOWN:
        key = normal(spec)
        dist, version, _ = KNOWN[key]
    else:
        raise BenchError(f"unknown corpus {spec!r}: use one of {', '.join(KNOWN)} or NAME==VERSION")
    known = KNOWN.get(key)
    pinned = known[2] if known and known[1] == version else None
    if pinned is None:
        say(f"note: no sha256 pinned for {dist}=={version}: PyPI's is checked")
    root = unpack(fetch(dist, version, work / "sdists", pinned), work / "corpora")
    package = _package_dir(root, dist)
    touch = TOUCH.get(key) if (root / TOUCH.get(key, "-")).is_file() else _typical_file(package, root)
    if key in TOUCH and touch != TOUCH[key]:
        say(f"note: {TOUCH[key]} is not in {dist} {version}; the incremental run changes {touch} instead")
    return Corpus(key, f"{dist} {version}", root, [package], touch)


_IMPORT_LINE = r"(?m)^(\s*(?:from|import)\s+(?:[\w.]+\s*,\s*)*){name}(?=[\s.,]|$)"


def make_synthetic(base: Corpus, copies: int, work: Path) -> Corpus:
    """`copies` copies of the whole base corpus in one repository, copy k's package renamed
    NAME_k and the imports of it rewritten, so the modules and the import graph are distinct."""
    root = work / "corpora" / f"synthetic-{base.key}-x{copies}"
    name = base.packages[0].name
    rel_package = base.packages[0].relative_to(base.root)
    marker = root / ".complete"
    if not marker.exists():
        shutil.rmtree(root, ignore_errors=True)
        pattern = re.compile(_IMPORT_LINE.format(name=re.escape(name)))
        for k in range(copies):
            target = root / f"copy{k}"
            shutil.copytree(base.root, target, symlinks=True)
            (target / rel_package).rename(target / rel_package.parent / f"{name}_{k}")
            for path in target.rglob("*.py"):
                if path.is_file() and not path.is_symlink():
                    text = path.read_text(encoding="utf-8", errors="surrogateescape")
                    new = pattern.sub(lambda m: f"{m.group(1)}{name}_{k}", text)
                    if new != text:
                        path.write_text(new, encoding="utf-8", errors="surrogateescape")
        marker.write_text("")
    inner = PurePosixPath(base.touch)
    package_rel = PurePosixPath(rel_package.as_posix())
    renamed = package_rel.parent / f"{name}_0"
    touch = f"copy0/{renamed / inner.relative_to(package_rel) if inner.is_relative_to(package_rel) else inner}"
    packages = [root / f"copy{k}" / package_rel.parent / f"{name}_{k}" for k in range(copies)]
    return Corpus(f"synthetic-{base.key}-x{copies}", f"{copies} x {base.label}", root, packages,
                  touch, copies=copies, base=base.key)


def measure_size(corpus: Corpus) -> None:
    """Files, lines and bytes of what onboard discovers, in all and in the package(s)."""
    sources = read_discovered(os.path.realpath(corpus.root))
    dirs = [p.resolve() for p in corpus.packages]
    package = [data for path, data in sources if any((corpus.root / path).resolve().is_relative_to(d) for d in dirs)]
    corpus.size = {
        "files": len(sources),
        "lines": sum(data.count(b"\n") for _, data in sources),
        "bytes": sum(len(data) for _, data in sources),
        "package_files": len(package),
        "package_lines": sum(data.count(b"\n") for data in package),
    }
