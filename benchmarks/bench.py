"""Issue 10's benchmark: onboard cold, warm and incremental against the libcst floor and interrogate.

Run by hand (never by the test suite), with the Python that has onboard and its test extras:

    python benchmarks/bench.py [--corpus django --corpus sqlalchemy --corpus metaflow] [--rounds 5,sqlalchemy=7] [--pairs 3]
                               [--synthetic 10 [--synthetic-base NAME]] [--work DIR] [--json results.json]

Corpora are pinned sdists, downloaded once from PyPI's simple JSON API (PEP 691) into `--work
DIR` (default: a temporary folder, deleted at the end), checked against PyPI's sha256 and
unpacked there; no pip, nothing of theirs is imported or run. `--synthetic N` adds N renamed
copies of one corpus in a single repository (the scale point). For every corpus, each round
runs, in this order:

    floor        every `.py` file through `libcst.parse_module` in a 2-process pool whose workers
                 open their own files (`Pool.map(chunksize=8)`), nothing else
    cold         `onboard CORPUS -j 2 --cache-dir <empty dir> -q -f json`
    warm         the same with the cache a previous run filled (it reuses that run's reports)
    warm-facts   warm with `--no-reuse`: the cached per-file facts, every analysis run again
                 (left out when the installed onboard has no --no-reuse)
    incremental  in K pairs (--pairs, default 3), the order alternating: warm-facts on a copy of
                 the corpus with its own cache (warm-facts-copy), and the same with one file
                 changed (a fresh comment line): the pair differs by that file only
    one-file     importing onboard's extractor and extracting that one file (the cost of it)
    interrogate  `interrogate -q PACKAGE_DIR` (the anchor of warm)
    grimp        `grimp.build_graph(PACKAGE, cache_dir=None)` (context; when installed)

Rounds of different corpora interleave, so ratios are taken pair by pair within one round and
the tables report medians (the incremental one over every pair of every round). Each command runs under a small launcher that times it and reports
the largest resident set of any process of its tree (getrusage of the children) and the peak of
the tree's summed resident sets (sampled from /proc every 50 ms). The script also checks that
neither warm mode imports libcst or a process pool, that the warm run reuses the last run's
reports, that cold, warm and warm-facts JSON reports are byte-identical, that warm-facts parses
nothing and the incremental run exactly one file, that docstring coverage of the package equals
interrogate's and how the package's import graph compares with grimp's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import posixpath
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

PROJECT = Path(__file__).resolve().parent.parent

# name -> (distribution, pinned version)
KNOWN = {
    "django": ("Django", "5.1.4"),
    "flask": ("flask", "3.0.3"),
    "metaflow": ("metaflow", "2.19.39"),
    "requests": ("requests", "2.32.3"),
    "sqlalchemy": ("SQLAlchemy", "2.0.36"),
}
DEFAULT_CORPORA = ("django", "sqlalchemy", "metaflow")  # issue 10's two and issue 20's ML library; flask is the small one
# The file the incremental run changes: a typical module, not the largest one (each between the
# 75th and the 90th percentile of its package's file sizes).
TOUCH = {"django": "django/utils/text.py", "flask": "src/flask/helpers.py", "requests": "src/requests/sessions.py",
         "sqlalchemy": "lib/sqlalchemy/util/langhelpers.py"}

TARGET_COLD = 1.3  # cold / floor
TARGET_WARM = 0.5  # warm / interrogate
TARGET_INCREMENTAL = 1.3  # (incremental - warm-facts) / one-file
TARGET_MEMORY = 1024**3  # summed peak RSS of the tree, bytes
TARGET_SCALE = 1.1  # synthetic / base <= 1.1 x copies

_LAUNCHER = r"""
import json, os, resource, subprocess, sys, threading, time
result, stdout_path, cwd, cmd = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
page = os.sysconf("SC_PAGE_SIZE")
peak = [0, 0]

def sample(root):
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/stat" % name, "rb") as handle:
                    text = handle.read()
                ppid = int(text[text.rindex(b")") + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(name))
    total, count, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open("/proc/%d/statm" % pid) as handle:
                total += int(handle.read().split()[1]) * page
            count += 1
        except (OSError, ValueError, IndexError):
            pass
        todo.extend(children.get(pid, ()))
    peak[0] = max(peak[0], total)
    peak[1] = max(peak[1], count)

def sampler(proc, done):
    # in a thread: the main thread times the command by waiting on it, so the wall time is not
    # rounded up to the sampling period
    while not done.is_set():
        try:
            sample(proc.pid)
        except OSError:
            return
        done.wait(0.05)

sampling = os.path.isdir("/proc")
with open(stdout_path, "wb") as out, open(stdout_path + ".err", "wb") as err:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd)
    done = threading.Event()
    thread = threading.Thread(target=sampler, args=(proc, done), daemon=True)
    if sampling:
        thread.start()
    code = proc.wait()
    wall = time.perf_counter() - start
    done.set()
    if sampling:
        thread.join()
maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
with open(result, "w") as handle:
    json.dump({"wall": wall, "rc": code, "maxrss": maxrss, "tree_peak": peak[0] if sampling or peak[0] else None,
               "processes": peak[1]}, handle)
"""


class BenchError(Exception):
    """A problem that ends the benchmark with a message, not a traceback."""


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


# --------------------------------------------------------------------------- hidden modes


def _read_discovered(root: str) -> list[tuple[str, bytes]]:
    from onboard.discover import Skipped, WalkOptions, discover, read_source

    options = WalkOptions()
    out = []
    for source in discover(root, options).files:
        data = read_source(source, options.max_file_size, root)
        if not isinstance(data, Skipped):
            out.append((source.path, data))
    return out


def _floor_file(path: str) -> int:
    """Parse one file with libcst in a pool worker that opens it itself; 1 when it fails."""
    import libcst

    with open(path, "rb") as handle:
        data = handle.read()
    try:
        libcst.parse_module(data)
    except Exception:  # a syntax error is a parse like any other for the floor
        return 1
    return 0


def mode_floor(root: str, jobs: int) -> None:
    """The floor: every `.py` file under `root` through `libcst.parse_module` in a `jobs`-process
    pool whose workers open their own files (the parent sends paths), `Pool.map(chunksize=8)`,
    nothing else."""
    import multiprocessing

    start = time.perf_counter()
    paths = []
    for folder, dirs, names in os.walk(os.path.realpath(root)):
        dirs.sort()
        paths.extend(os.path.join(folder, name) for name in sorted(names) if name.endswith(".py"))
    listed = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        failed = sum(pool.map(_floor_file, paths, chunksize=8))
    end = time.perf_counter()
    print(json.dumps({"discover_read": listed - start, "parse": end - listed, "files": len(paths), "failed": failed}))


def mode_onefile(path: str) -> None:
    start = time.perf_counter()
    from onboard.parse.extract import extract

    imported = time.perf_counter()
    data = Path(path).read_bytes()
    extract(path, data)
    end = time.perf_counter()
    print(json.dumps({"import": imported - start, "extract": end - imported, "total": end - start}))


def mode_grimp(dump: str, packages: list[str]) -> None:
    for package in packages:
        sys.path.insert(0, str(Path(package).parent))
    import grimp

    names = [Path(package).name for package in packages]
    graph = grimp.build_graph(names[0], *names[1:], cache_dir=None)
    if dump != "-":
        edges = sorted([importer, imported] for importer in graph.modules for imported in graph.find_modules_directly_imported_by(importer))
        Path(dump).write_text(json.dumps({"modules": sorted(graph.modules), "edges": edges}))


def mode_interrogate(packages: list[str]) -> None:
    from interrogate import config, coverage

    results = coverage.InterrogateCoverage(paths=packages, conf=config.InterrogateConfig()).get_coverage()
    print(json.dumps({"total": results.total, "covered": results.covered}))


# --------------------------------------------------------------------------- corpora


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _pep503(name: str) -> str:
    """A project name as PyPI's simple index spells it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


_SDIST_SUFFIXES = (".tar.gz", ".zip")  # .zip only for an sdist put into the cache by hand


def _sdist_of(filename: str) -> tuple[str, str] | None:
    """(normalised name, version) of an sdist file name `NAME-VERSION.tar.gz` (PEP 625; older
    sdists keep the project's spelling, e.g. `Django-5.1.4.tar.gz`), None for anything else."""
    for suffix in _SDIST_SUFFIXES:
        if filename.endswith(suffix) and "-" in filename[: -len(suffix)]:
            name, version = filename[: -len(suffix)].rsplit("-", 1)
            return _pep503(name), version.lower()
    return None


def _find_sdist(folder: Path, dist: str, version: str) -> Path | None:
    if not folder.is_dir():
        return None
    wanted = (_pep503(dist), version.lower())
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and _sdist_of(entry.name) == wanted:
            return entry
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"


def _pypi_sdist(dist: str, version: str, folder: Path) -> dict:
    """The sdist entry of DIST==VERSION in PyPI's simple JSON API (PEP 691)."""
    url = f"https://pypi.org/simple/{_pep503(dist)}/"
    request = urllib.request.Request(url, headers={"Accept": _SIMPLE_JSON, "User-Agent": "onboard-benchmark"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            kind = response.headers.get_content_type()
            if kind != _SIMPLE_JSON:
                raise BenchError(f"{url} answered {kind}, not {_SIMPLE_JSON}")
            files = json.load(response).get("files", [])
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise BenchError(f"PyPI has no project {dist!r} ({url}: 404)") from None
        raise BenchError(f"could not ask PyPI about {dist}: {url} answered {error.code} {error.reason}") from None
    except ValueError as error:
        raise BenchError(f"{url} answered something that is not JSON: {error}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise BenchError(f"could not ask PyPI about {dist} (no network?): {reason}\n"
                         f"Put the sdist of {dist}=={version} into {folder} and run again with the same --work.") from None
    wanted = (_pep503(dist), version.lower())
    found = [f for f in files if f.get("filename", "").endswith(".tar.gz") and _sdist_of(f["filename"]) == wanted]
    if not found:
        pattern = re.compile(rf"-{re.escape(version)}[-.]", re.IGNORECASE)
        others = sorted(f.get("filename", "") for f in files if pattern.search(f.get("filename", "")))
        raise BenchError(f"PyPI has no sdist (.tar.gz) of {dist}=={version}"
                         + (f"; its files of that version: {', '.join(others)}" if others else " (is the version right?)"))
    entry = found[0]
    if not str(entry.get("url", "")).startswith("https://"):
        raise BenchError(f"PyPI gave no https address for {entry['filename']}: {entry.get('url')!r}")
    if not re.fullmatch(r"[0-9a-f]{64}", str(entry.get("hashes", {}).get("sha256", ""))):
        raise BenchError(f"PyPI gave no sha256 for {entry['filename']}: cannot verify it")
    if entry.get("yanked"):
        _say(f"note: {entry['filename']} is yanked on PyPI (reason: {entry['yanked']}); it is pinned, so it is used")
    return entry


def _fetch(dist: str, version: str, folder: Path) -> Path:
    """The sdist of DIST==VERSION in `folder`: reused when there (its hash checked again when a
    `.sha256` file was stored beside it), else downloaded from PyPI and checked against the
    sha256 PyPI gives. No pip, no build backend: nothing of the project runs."""
    found = _find_sdist(folder, dist, version)
    if found:
        stored = found.with_name(found.name + ".sha256")
        if stored.is_file():
            expected = (stored.read_text().split() or [""])[0]
            if _sha256(found) != expected:
                raise BenchError(f"{found} does not match the sha256 stored beside it ({stored.name}): delete both to download it again")
        return found
    folder.mkdir(parents=True, exist_ok=True)
    entry = _pypi_sdist(dist, version, folder)
    name, expected = entry["filename"], entry["hashes"]["sha256"]
    if "/" in name or "\\" in name or name.startswith("."):
        raise BenchError(f"PyPI gave an unexpected file name {name!r}")
    target, partial = folder / name, folder / f".{name}.part"
    size = entry.get("size")
    _say(f"downloading {name} ({size / 1024**2:.1f} MiB) from PyPI ..." if isinstance(size, int) else f"downloading {name} from PyPI ...")
    digest = hashlib.sha256()
    try:
        with urllib.request.urlopen(urllib.request.Request(entry["url"], headers={"User-Agent": "onboard-benchmark"}), timeout=60) as response, \
                open(partial, "wb") as out:
            for block in iter(lambda: response.read(1 << 20), b""):
                digest.update(block)
                out.write(block)
    except (urllib.error.URLError, OSError) as error:
        partial.unlink(missing_ok=True)
        reason = getattr(error, "reason", error)
        raise BenchError(f"could not download {entry['url']} (no network?): {reason}\n"
                         f"Put {name} into {folder} and run again with the same --work.") from None
    if digest.hexdigest() != expected:
        partial.unlink(missing_ok=True)
        raise BenchError(f"{name}: sha256 {digest.hexdigest()} is not PyPI's {expected}; nothing kept")
    os.replace(partial, target)
    target.with_name(name + ".sha256").write_text(f"{expected}  {name}\n")
    return target


def _inside(path: str) -> bool:
    """Whether an archive path (or a link target joined to its folder) stays inside the archive."""
    norm = posixpath.normpath(path.replace("\\", "/"))
    return not (norm == ".." or norm.startswith(("/", "../")) or re.match(r"^[A-Za-z]:", norm))


def _checked_top(names: list[str], archive: Path) -> str:
    """The one top folder every member lies in; a BenchError for an absolute name or a `..`."""
    tops = set()
    for name in names:
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if not parts or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
            raise BenchError(f"{archive.name}: unsafe member name {name!r}; not unpacked")
        tops.add(parts[0])
    if len(tops) != 1:
        raise BenchError(f"{archive.name}: expected one top folder, found {', '.join(sorted(tops)[:5]) or 'none'}")
    return tops.pop()


def _unpack(archive: Path, into: Path) -> Path:
    """Unpack an sdist into `into` once (a marker file remembers it): no absolute names, no
    `..`, no links leading outside, no device files; tarfile's "data" filter on top."""
    into.mkdir(parents=True, exist_ok=True)
    stem = archive.name.removesuffix(".tar.gz").removesuffix(".zip")
    marker = into / f".{stem}.unpacked"
    if marker.exists():
        return into / marker.read_text()
    scratch = into / f".{stem}.partial"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    try:
        if archive.name.endswith(".zip"):
            with zipfile.ZipFile(archive) as zipped:  # zipfile makes no links and keeps names inside
                top = _checked_top(zipped.namelist(), archive)
                zipped.extractall(scratch)
        else:
            with tarfile.open(archive, "r:gz") as tar:
                members = tar.getmembers()
                top = _checked_top([m.name for m in members], archive)
                skipped = []
                for member in members:
                    if not (member.isfile() or member.isdir() or member.issym() or member.islnk()):
                        raise BenchError(f"{archive.name}: {member.name!r} is a device or fifo; not unpacked")
                    if member.issym() or member.islnk():
                        # a symlink's target is relative to its folder, a hard link's to the archive
                        joined = posixpath.join(posixpath.dirname(member.name), member.linkname) if member.issym() else member.linkname
                        if member.linkname.startswith("/") or not _inside(joined) or not _inside(posixpath.relpath(joined, top)):
                            raise BenchError(f"{archive.name}: link {member.name!r} -> {member.linkname!r} leads outside; not unpacked")
                        if not hasattr(tarfile, "data_filter") and ".." in PurePosixPath(member.linkname).parts:
                            skipped.append(member)  # chains of such links could leave; the data filter checks them, else skip
                if hasattr(tarfile, "data_filter"):
                    tar.extractall(scratch, filter="data")
                else:
                    tar.extractall(scratch, members=[m for m in members if m not in skipped])
                    if skipped:
                        _say(f"note: {len(skipped)} link(s) with '..' in {archive.name} left out (this Python has no tarfile data filter)")
        final = into / top
        shutil.rmtree(final, ignore_errors=True)  # an earlier, interrupted unpacking
        os.replace(scratch / top, final)
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError) as error:
        raise BenchError(f"could not unpack {archive}: {error}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    marker.write_text(top)
    return into / top


def _package_dir(root: Path, dist: str) -> Path:
    wanted = _normal(dist)
    for base in (root, root / "src", root / "lib"):
        if base.is_dir():
            for entry in sorted(base.iterdir()):
                if _normal(entry.name) == wanted and (entry / "__init__.py").is_file():
                    return entry
    raise BenchError(f"cannot find the package directory of {dist} in {root}")


def _typical_file(package: Path, root: Path) -> str:
    files = sorted(package.rglob("*.py"), key=lambda p: (p.stat().st_size, str(p)))
    return files[len(files) // 2].relative_to(root).as_posix()


def prepare_corpus(spec: str, work: Path) -> Corpus:
    if "==" in spec:
        dist, version = spec.split("==", 1)
        key = _normal(dist)
    elif _normal(spec) in KNOWN:
        key = _normal(spec)
        dist, version = KNOWN[key]
    else:
        raise BenchError(f"unknown corpus {spec!r}: use one of {', '.join(KNOWN)} or NAME==VERSION")
    root = _unpack(_fetch(dist, version, work / "sdists"), work / "corpora")
    package = _package_dir(root, dist)
    touch = TOUCH.get(key) if (root / TOUCH.get(key, "-")).is_file() else _typical_file(package, root)
    if key in TOUCH and touch != TOUCH[key]:
        _say(f"note: {TOUCH[key]} is not in {dist} {version}; the incremental run changes {touch} instead")
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
    sources = _read_discovered(os.path.realpath(corpus.root))
    dirs = [p.resolve() for p in corpus.packages]
    package = [data for path, data in sources if any((corpus.root / path).resolve().is_relative_to(d) for d in dirs)]
    corpus.size = {
        "files": len(sources),
        "lines": sum(data.count(b"\n") for _, data in sources),
        "bytes": sum(len(data) for _, data in sources),
        "package_files": len(package),
        "package_lines": sum(data.count(b"\n") for data in package),
    }


# --------------------------------------------------------------------------- running


class Runner:
    def __init__(self, work: Path, jobs: int, pairs: int = 3) -> None:
        self.work = work
        self.jobs = jobs
        self.pairs = pairs  # incremental / warm-facts-copy pairs per round
        self.scratch = work / "runs"
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.counter = 0
        self.no_reuse = _has_no_reuse(work)


    def launch(self, cmd: list[str], stdout: Path | None = None, cwd: Path | None = None) -> dict:
        self.counter += 1
        result = self.scratch / f"result{self.counter}.json"
        out = stdout or self.scratch / f"out{self.counter}"
        subprocess.run([sys.executable, "-c", _LAUNCHER, str(result), str(out), str(cwd or self.work), *cmd], check=True)
        data = json.loads(result.read_text())
        result.unlink()
        data["stdout"] = out
        return data

    def onboard(self, root: Path, cache: Path, *extra: str) -> list[str]:
        return [sys.executable, "-m", "onboard", str(root), "-j", str(self.jobs), "--cache-dir", str(cache), "-f", "json", *extra]

    def me(self, *args: str) -> list[str]:
        """This script in one of its hidden modes."""
        return [sys.executable, str(Path(__file__).resolve()), *args]


def _has_no_reuse(cwd: Path) -> bool:
    """Whether the installed onboard knows `--no-reuse` (an older one rejects it with a usage
    error): asked once, from the report command's help, run where the measured runs run (not in
    a checkout, whose `onboard` folder `python -m` would pick up instead of the installed one)."""
    try:
        done = subprocess.run([sys.executable, "-m", "onboard", "report", "--help"], capture_output=True, text=True, timeout=120,
                              cwd=cwd, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BenchError(f"could not run `python -m onboard report --help`: {error}") from None
    if done.returncode != 0:
        raise BenchError(f"`python -m onboard report --help` exited with {done.returncode}: {done.stderr.strip()[-500:]}")
    return "--no-reuse" in done.stdout


NO_WARM_FACTS = ("the installed onboard has no --no-reuse: the warm-facts command (warm without the reuse of the last run's "
                 "reports) and its figures are left out, and warm stands alone")


def _ok(result: dict, what: str, codes: tuple[int, ...] = (0,)) -> dict:
    if result["rc"] not in codes:
        err = Path(f"{result['stdout']}.err")
        tail = err.read_text(errors="replace").strip().splitlines()[-5:] if err.exists() else []
        raise BenchError(f"{what} exited with {result['rc']}:\n  " + "\n  ".join(tail))
    return result


def setup_corpus(corpus: Corpus, runner: Runner) -> None:
    """Untimed: fill the warm cache, make the incremental copy and its cache."""
    base = runner.work / "state" / corpus.key
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    corpus.extra["dirs"] = {"base": base, "warm": base / "cache-warm", "incr": base / "cache-incr", "copy": base / "copy"}
    dirs = corpus.extra["dirs"]
    _ok(runner.launch(runner.onboard(corpus.root, dirs["warm"], "-q")), f"onboard on {corpus.label} (filling the cache)")
    # onboard keeps nothing to reuse from a run that saw files changed in the two seconds before
    # it (a corpus unpacked or generated just now): wait them out and fill again, untimed.
    time.sleep(2.5)
    _ok(runner.launch(runner.onboard(corpus.root, dirs["warm"], "-q")), f"onboard on {corpus.label} (keeping its reports)")
    shutil.copytree(dirs["warm"], dirs["incr"])
    shutil.copytree(corpus.root, dirs["copy"], symlinks=True)
    touched = dirs["copy"] / corpus.touch
    corpus.extra["original"] = touched.read_bytes()


def run_round(corpus: Corpus, runner: Runner, index: int, grimp: bool) -> None:
    dirs = corpus.extra["dirs"]
    record = corpus.runs.setdefault

    floor = _ok(runner.launch(runner.me("--_floor", str(corpus.root), str(runner.jobs))), "the floor")
    floor.update(json.loads(floor["stdout"].read_text()))
    record("floor", []).append(floor)

    cold_cache = dirs["base"] / f"cache-cold-{index}"
    cold_out = dirs["base"] / f"cold-{index}.json"
    record("cold", []).append(_ok(runner.launch(runner.onboard(corpus.root, cold_cache, "-q"), stdout=cold_out), "onboard cold"))
    shutil.rmtree(cold_cache, ignore_errors=True)

    warm_out = dirs["base"] / f"warm-{index}.json"
    record("warm", []).append(_ok(runner.launch(runner.onboard(corpus.root, dirs["warm"], "-q"), stdout=warm_out), "onboard warm"))
    corpus.extra.setdefault("identical", []).append(cold_out.read_bytes() == warm_out.read_bytes())
    warm_out.unlink()

    if runner.no_reuse:  # the per-file facts from the cache, every analysis run again
        facts_out = dirs["base"] / f"warm-facts-{index}.json"
        record("warm-facts", []).append(_ok(runner.launch(runner.onboard(corpus.root, dirs["warm"], "-q", "--no-reuse"), stdout=facts_out),
                                            "onboard warm --no-reuse"))
        corpus.extra.setdefault("identical-facts", []).append(cold_out.read_bytes() == facts_out.read_bytes())
        facts_out.unlink()
    cold_out.unlink()

    # incremental, paired: the same copy and cache with the file as cached (warm-facts-copy) and
    # with one fresh change (incremental), adjacent in time, the order alternating pair by pair, so
    # that a drift of the machine's load falls on both sides of the difference
    touched = dirs["copy"] / corpus.touch
    base_flags = ("-q", "--no-reuse") if runner.no_reuse else ("-q",)
    for pair in range(runner.pairs):
        walls = {}
        order = ("warm-facts-copy", "incremental") if (index * runner.pairs + pair) % 2 == 0 else ("incremental", "warm-facts-copy")
        for name in order:
            if name == "incremental":
                touched.write_bytes(corpus.extra["original"] + f"\n# onboard benchmark: round {index} {secrets.token_hex(8)}\n".encode())
            try:
                result = _ok(runner.launch(runner.onboard(dirs["copy"], dirs["incr"], *(("-q",) if name == "incremental" else base_flags))),
                             f"onboard {name}")
            finally:
                touched.write_bytes(corpus.extra["original"])
            record(name, []).append(result)
            walls[name] = result["wall"]
        corpus.extra.setdefault("incremental_pairs", []).append((index, walls["incremental"] - walls["warm-facts-copy"]))

    one = _ok(runner.launch(runner.me("--_onefile", str(corpus.root / corpus.touch))), "the one-file extraction")
    one.update(json.loads(one["stdout"].read_text()))
    record("one-file", []).append(one)

    # interrogate exits 1 when coverage is under its default fail-under (80)
    record("interrogate", []).append(_ok(runner.launch([sys.executable, "-m", "interrogate", "-q", *map(str, corpus.packages)]), "interrogate", (0, 1)))

    if grimp:
        record("grimp", []).append(_ok(runner.launch(runner.me("--_grimp", "-", *map(str, corpus.packages))), "grimp"))


# --------------------------------------------------------------------------- checks


_HEAVY = ("onboard.cli", "libcst", "pebble", "multiprocessing", "concurrent.futures.process", "networkx", "rich.console", "click", "pathspec")


def run_checks(corpus: Corpus, runner: Runner, grimp: bool) -> None:
    dirs = corpus.extra["dirs"]
    add = corpus.checks.append

    # both warm modes under -X importtime: which heavy modules they import, and none of the parser's
    modes = [("warm", (), "warm_imports_us")]
    if runner.no_reuse:
        modes.append(("warm-facts", ("--no-reuse",), "warm_facts_imports_us"))
    for name, extra, key in modes:
        stderr_file = dirs["base"] / f"importtime-{name}"
        cmd = [sys.executable, "-X", "importtime", *runner.onboard(corpus.root, dirs["warm"], "-q", *extra)[1:]]
        _ok(runner.launch(cmd, stdout=stderr_file), f"onboard {name} under -X importtime")
        imported: dict[str, int] = {}
        for line in Path(f"{stderr_file}.err").read_text().splitlines():
            match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
            if match:
                imported[match.group(4)] = max(imported.get(match.group(4), 0), int(match.group(2)))
        corpus.extra[key] = {module: imported[module] for module in _HEAVY if module in imported}
        corpus.extra[key.replace("_us", "_all_us")] = imported
        bad = [module for module in ("libcst", "pebble", "concurrent.futures.process") if module in imported]
        add((f"{name} run imports no libcst and no process pool", not bad, "imported: " + ", ".join(bad) if bad else "libcst, pebble absent"))

    # the warm run reuses the last run's reports; warm-facts parses nothing; incremental parses one file
    def verbose_line(root: Path, cache: Path, *extra: str) -> str:
        result = _ok(runner.launch(runner.onboard(root, cache, "-v", *extra)), f"onboard -v {' '.join(extra)}".strip())
        lines = Path(f"{result['stdout']}.err").read_text(errors="replace").splitlines()
        return " / ".join(line.strip() for line in lines if line.startswith("onboard:")) or "no `onboard:` line on stderr"

    said = verbose_line(corpus.root, dirs["warm"])
    procs = max(r["processes"] for r in corpus.runs["warm"])
    reused = bool(re.search(r"\breused\b", said))
    add(("warm run reuses the last run's reports and starts no worker", reused and procs <= 1,
         f"-v: {said}; at most {procs} process(es) seen while sampling" + ("" if runner.no_reuse else " (this onboard has no --no-reuse)")))
    if runner.no_reuse:
        said = verbose_line(corpus.root, dirs["warm"], "--no-reuse")
        parsed = re.search(r"(\d+) parsed", said)
        procs = max(r["processes"] for r in corpus.runs["warm-facts"])
        add(("warm-facts run parses nothing and starts no worker", bool(parsed and parsed.group(1) == "0") and procs <= 1,
             f"-v: {said}; at most {procs} process(es) seen while sampling"))
    touched = dirs["copy"] / corpus.touch
    touched.write_bytes(corpus.extra["original"] + f"\n# onboard benchmark: check {secrets.token_hex(8)}\n".encode())
    try:
        said = verbose_line(dirs["copy"], dirs["incr"])
    finally:
        touched.write_bytes(corpus.extra["original"])
    parsed = re.search(r"(\d+) parsed", said)
    add(("incremental run parses exactly the changed file", bool(parsed and parsed.group(1) == "1"), f"-v: {said}"))

    same = corpus.extra["identical"]
    detail = f"cold = warm in {sum(same)}/{len(same)} rounds"
    if runner.no_reuse:
        same_facts = corpus.extra["identical-facts"]
        detail += f", cold = warm-facts in {sum(same_facts)}/{len(same_facts)}"
        same = same + same_facts
    add((f"cold{', warm and warm-facts' if runner.no_reuse else ' and warm'} JSON reports byte-identical", all(same), detail))

    # accuracy: docstring coverage of the package against interrogate's
    report = json.loads(_ok(runner.launch(runner.onboard(corpus.root, dirs["warm"], "-q")), "onboard")["stdout"].read_text())
    prefixes = tuple(p.relative_to(corpus.root).as_posix() + "/" for p in corpus.packages)
    mine = [m for m in report["docs"]["modules"] if m["path"] and m["path"].startswith(prefixes)]
    total, documented = sum(m["total"] for m in mine), sum(m["documented"] for m in mine)
    theirs = json.loads(_ok(runner.launch(runner.me("--_interrogate", *map(str, corpus.packages))), "interrogate's API")["stdout"].read_text())
    add(("docstring coverage of the package equals interrogate's", (total, documented) == (theirs["total"], theirs["covered"]),
         f"onboard {documented}/{total}, interrogate {theirs['covered']}/{theirs['total']}"))

    if grimp:
        dump = dirs["base"] / "grimp.json"
        _ok(runner.launch(runner.me("--_grimp", str(dump), *map(str, corpus.packages))), "grimp")
        graph = json.loads(dump.read_text())
        names = {p.name for p in corpus.packages}
        inside = lambda module: module.split(".")[0] in names  # noqa: E731
        modules = {m["name"] for m in report["graph"]["modules"] if inside(m["name"])}
        # grimp reads import statements only; onboard also follows `importlib.import_module("x")`
        # and `__import__("x")` with a literal name, edges marked `dynamic`: compared apart
        ours = [e for e in report["graph"]["edges"] if inside(e["importer"]) and inside(e["imported"])]
        edges = {(e["importer"], e["imported"]) for e in ours if not e.get("dynamic")}
        dynamic = sorted((e["importer"], e["imported"]) for e in ours if e.get("dynamic"))
        g_modules, g_edges = set(graph["modules"]), {tuple(e) for e in graph["edges"]}
        common = modules & g_modules
        mine_c = {e for e in edges if e[0] in common and e[1] in common}
        theirs_c = {e for e in g_edges if e[0] in common and e[1] in common}
        detail = (f"modules {len(modules)} vs grimp {len(g_modules)} (only onboard: {', '.join(sorted(modules - g_modules)[:4]) or 'none'}"
                  f"{' ...' if len(modules - g_modules) > 4 else ''}; only grimp: {', '.join(sorted(g_modules - modules)[:4]) or 'none'}); "
                  f"edges between the {len(common)} common modules {len(mine_c)} vs grimp {len(theirs_c)}"
                  f"{f'; left out, dynamic-only (onboard only, by design): {len(dynamic)}, e.g. {dynamic[:2]}' if dynamic else ''}")
        corpus.extra["grimp_diff"] = {"only_onboard_modules": sorted(modules - g_modules), "only_grimp_modules": sorted(g_modules - modules),
                                      "only_onboard_edges": sorted(mine_c - theirs_c), "only_grimp_edges": sorted(theirs_c - mine_c),
                                      "dynamic_only_edges": dynamic}
        if mine_c != theirs_c:
            detail += (f" (only onboard {len(mine_c - theirs_c)}, e.g. {sorted(mine_c - theirs_c)[:2]}; "
                       f"only grimp {len(theirs_c - mine_c)}, e.g. {sorted(theirs_c - mine_c)[:2]})")
        add(("package import graph: edges between common modules equal grimp's", mine_c == theirs_c, detail))


# --------------------------------------------------------------------------- report


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _mib(value: float | None) -> str:
    return "–" if value is None else f"{value / 1024**2:.0f}"


def _versions() -> dict:
    from importlib import metadata

    out = {}
    for name in ("onboard", "libcst", "interrogate", "grimp", "pebble", "networkx", "rich"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    import onboard

    out["onboard_commit"] = None
    if Path(onboard.__file__).resolve().is_relative_to(PROJECT):  # an editable install: this checkout
        try:
            commit = subprocess.run(["git", "-C", str(PROJECT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10).stdout.strip()
            dirty = subprocess.run(["git", "-C", str(PROJECT), "status", "--porcelain", "--", "onboard"], capture_output=True, text=True, timeout=10).stdout.strip()
            out["onboard_commit"] = (commit + (" + uncommitted changes" if dirty else "")) or None
        except (OSError, subprocess.TimeoutExpired):
            pass
    return out


def summarise(corpora: list[Corpus]) -> dict:
    by_key = {c.key: c for c in corpora}
    summary = {}
    for corpus in corpora:
        runs = corpus.runs
        walls = {name: [r["wall"] for r in results] for name, results in runs.items()}
        n = len(walls["cold"])
        ratio_cold = [walls["cold"][i] / walls["floor"][i] for i in range(n)]
        ratio_cold_parse = [walls["cold"][i] / runs["floor"][i]["parse"] for i in range(n)]
        ratio_warm = [walls["warm"][i] / walls["interrogate"][i] for i in range(n)]
        one = [r["total"] for r in runs["one-file"]]
        facts = "warm-facts" in walls  # absent when the installed onboard has no --no-reuse
        ratio_facts = [walls["warm-facts"][i] / walls["interrogate"][i] for i in range(n)] if facts else []
        # pair by pair: incremental minus its adjacent warm-facts run on the same copy and cache,
        # over that round's one-file cost
        pairs = corpus.extra.get("incremental_pairs", [])
        delta_facts = [d for _, d in pairs] if facts else []
        ratio_incr_facts = [d / one[r] for r, d in pairs] if facts else []
        # against the runs on the original corpus (medians; not paired, so noisier)
        delta = [_median(walls["incremental"]) - _median(walls["warm"])]
        ratio_incr = [delta[0] / _median(one)]
        across = _median(walls["incremental"]) - _median(walls["warm-facts"]) if facts else None
        tree = [r["tree_peak"] for r in runs["cold"] if r["tree_peak"]]
        entry = {
            "median_seconds": {name: _median(values) for name, values in walls.items()},
            "floor_parse_seconds": _median([r["parse"] for r in runs["floor"]]),
            "floor_discover_read_seconds": _median([r["discover_read"] for r in runs["floor"]]),
            "one_file_import_seconds": _median([r["import"] for r in runs["one-file"]]),
            "one_file_extract_seconds": _median([r["extract"] for r in runs["one-file"]]),
            "peak_rss_largest_process": {name: max(r["maxrss"] for r in results) for name, results in runs.items()},
            "peak_rss_tree_sampled": {name: max((r["tree_peak"] or 0) for r in results) or None for name, results in runs.items()},
            "ratios": {"cold/floor": _median(ratio_cold), "cold/floor-parse": _median(ratio_cold_parse), "warm/interrogate": _median(ratio_warm),
                       "warm-facts/interrogate": _median(ratio_facts), "incremental-warm": _median(delta),
                       "(incremental-warm)/one-file": _median(ratio_incr), "incremental-warm-facts-copy": _median(delta_facts),
                       "(incremental-warm-facts-copy)/one-file": _median(ratio_incr_facts), "incremental-warm-facts": across,
                       "incremental_pairs": len(pairs)},
            # (what, measured, target, ok); ok None: not measured in this run (not a failure)
            "targets": [
                ("cold / floor", _median(ratio_cold), f"≤ {TARGET_COLD}", _median(ratio_cold) <= TARGET_COLD),
                ("warm / interrogate", _median(ratio_warm), f"≤ {TARGET_WARM}", _median(ratio_warm) <= TARGET_WARM),
                ("(incremental − warm-facts-copy) / one file, pair by pair", _median(ratio_incr_facts), f"≤ {TARGET_INCREMENTAL}",
                 _median(ratio_incr_facts) <= TARGET_INCREMENTAL if facts else None),
                ("cold peak RSS, tree sum (GiB)", max(tree) / 1024**3 if tree else None, "≤ 1", bool(tree) and max(tree) <= TARGET_MEMORY),
            ],
            "info": [
                ("cold / floor parse phase only", _median(ratio_cold_parse)),
                ("warm-facts / interrogate", _median(ratio_facts)),
                ("(incremental − warm) / one file", _median(ratio_incr)),
                ("incremental − warm-facts-copy, seconds (median of the pairs)", _median(delta_facts)),
                ("median incremental − median warm-facts of the original corpus, seconds", across),
                ("median incremental − median warm, seconds", _median(delta)),
            ],
        }
        if corpus.base and corpus.base in by_key:
            base = by_key[corpus.base]
            for name in ("cold", "warm", "warm-facts"):
                if name not in corpus.runs or name not in base.runs:
                    continue
                pairs = min(len(corpus.runs[name]), len(base.runs[name]))
                ratio = _median([corpus.runs[name][i]["wall"] / base.runs[name][i]["wall"] for i in range(pairs)])
                limit = TARGET_SCALE * corpus.copies
                if name == "warm-facts":  # no target of issue 10: shown beside warm's
                    entry["info"].append((f"{name} / {name} of {base.label} (linear would be {corpus.copies})", ratio))
                else:
                    entry["targets"].append((f"{name} / {name} of {base.label}", ratio, f"≤ {limit:g}", ratio <= limit))
            mine, theirs = entry["peak_rss_tree_sampled"].get("cold"), None
            theirs = max((r["tree_peak"] or 0) for r in base.runs["cold"]) or None
            if mine and theirs:
                limit = TARGET_SCALE * corpus.copies
                entry["targets"].append((f"cold peak RSS / that of {base.label}", mine / theirs, f"≤ {limit:g}", mine / theirs <= limit))
        summary[corpus.key] = entry
    return summary


def _scale_line(base: Corpus, synthetic: Corpus) -> str:
    return (f"Synthetic scale point: {synthetic.label}, {synthetic.size['files']:,} files, {synthetic.size['bytes'] / 1024**2:.1f} MiB "
            f"(its base {base.size['files']:,} files, {base.size['bytes'] / 1024**2:.1f} MiB; issue 10 asks for about 10 x a ~5 MiB "
            "corpus, ~7,000 files, ~50 MiB).")


def render(corpora: list[Corpus], summary: dict, machine: dict) -> str:
    lines = [f"## onboard benchmark, {machine['date']}", ""]
    v = machine["versions"]
    lines.append(f"Machine: {machine['cpus']} CPUs usable ({machine['cpu_count']} present), {machine['platform']}, Python {machine['python']}, "
                 f"libcst {v['libcst']}, onboard {v['onboard']}{' (' + v['onboard_commit'] + ')' if v.get('onboard_commit') else ''}, "
                 f"interrogate {v['interrogate']}, grimp {v['grimp'] or 'not installed'}; load average {machine['load_before']} before, "
                 f"{machine['load_after']} after. Medians; ratios are medians of per-round ratios.")
    lines += ["", "| corpus | files | lines | MiB | package files | package lines | rounds |", "|---|---:|---:|---:|---:|---:|---:|"]
    for c in corpora:
        s = c.size
        lines.append(f"| {c.label} | {s['files']:,} | {s['lines']:,} | {s['bytes'] / 1024**2:.1f} | {s['package_files']:,} | {s['package_lines']:,} "
                     f"| {len(c.runs['cold'])} |")
    by_key = {c.key: c for c in corpora}
    for c in corpora:
        if c.base in by_key:
            lines += ["", _scale_line(by_key[c.base], c)]
    if not machine["no_reuse"]:
        lines += ["", f"Note: {NO_WARM_FACTS}."]
    for c in corpora:
        e = summary[c.key]
        lines += ["", f"### {c.label}", "", "| command | median s | min–max s | peak RSS MiB, largest process | peak RSS MiB, tree (sampled) |",
                  "|---|---:|---:|---:|---:|"]
        for name, results in c.runs.items():
            walls = [r["wall"] for r in results]
            note = ""
            if name == "floor":
                note = f" (parse phase {e['floor_parse_seconds']:.2f}, discover+read {e['floor_discover_read_seconds']:.2f})"
            elif name == "one-file":
                note = f" (import {e['one_file_import_seconds']:.2f} + extract {e['one_file_extract_seconds']:.3f}, in process)"
            elif name == "incremental":
                note = f" (`{c.touch}` changed; {len(results)} runs)"
            elif name == "warm-facts-copy":
                note = f" (the incremental's pair: its copy and cache, the file as cached; {len(results)} runs)"
            lines.append(f"| {name}{note} | {statistics.median(walls):.2f} | {min(walls):.2f}–{max(walls):.2f} "
                         f"| {_mib(e['peak_rss_largest_process'][name])} | {_mib(e['peak_rss_tree_sampled'][name])} |")
        lines += ["", "| target | measured | target | result |", "|---|---:|---:|---|"]
        for what, value, target, ok in e["targets"]:
            shown = "–" if value is None else f"{value:.2f}"
            lines.append(f"| {what} | {shown} | {target} | {'skipped (no warm-facts)' if ok is None else 'PASS' if ok else 'FAIL'} |")
        for what, value in e["info"]:
            if value is not None:
                lines.append(f"| (info) {what} | {value:.2f} | | |")
        lines += ["", "| check | result | detail |", "|---|---|---|"]
        for what, ok, detail in c.checks:
            lines.append(f"| {what} | {'PASS' if ok else 'FAIL'} | {detail} |")
        for key, title in (("warm_imports_us", "Warm-run"), ("warm_facts_imports_us", "Warm-facts-run")):
            heavy = c.extra.get(key, {})
            if heavy:
                lines.append("")
                lines.append(f"{title} imports (cumulative, -X importtime): "
                             + ", ".join(f"{k} {v / 1000:.0f} ms" for k, v in sorted(heavy.items(), key=lambda kv: -kv[1])))
    return "\n".join(lines) + "\n"


def _rounds(spec: str, keys: list[tuple[str, str | None]]) -> dict[str, int]:
    default, out = None, {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        if "=" in part:
            name, value = part.split("=", 1)
            out[_normal(name)] = int(value)
        else:
            default = int(part)
    result = {}
    for key, base in keys:
        fallback = out.get("synthetic", out.get(base, default or 5)) if base else default or 5
        result[key] = out.get(_normal(key), fallback)
    return result


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0].startswith("--_"):
        mode, rest = argv[0], argv[1:]
        if mode == "--_floor":
            mode_floor(rest[0], int(rest[1]))
        elif mode == "--_onefile":
            mode_onefile(rest[0])
        elif mode == "--_grimp":
            mode_grimp(rest[0], rest[1:])
        elif mode == "--_interrogate":
            mode_interrogate(rest)
        return 0

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[2:]))
    parser.add_argument("--corpus", action="append", help=f"a known corpus ({', '.join(KNOWN)}) or NAME==VERSION from PyPI; repeatable "
                        f"(default: {' and '.join(DEFAULT_CORPORA)})")
    parser.add_argument("--rounds", default="5", help="rounds per corpus: N, or N,name=M,... (default 5; synthetic-X uses X's unless named)")
    parser.add_argument("--pairs", type=int, default=3, metavar="K", help="incremental runs per round, each paired with a warm-facts "
                        "run on the same copy and cache, the order alternating (default 3)")
    parser.add_argument("--synthetic", type=int, default=0, metavar="N", help="also measure N renamed copies of one corpus in one repository")
    parser.add_argument("--synthetic-base", metavar="NAME", help="the corpus the synthetic repository copies (default: the smallest "
                        "of the run; one not among them is measured as well)")
    parser.add_argument("--jobs", type=int, default=2, help="workers of onboard and of the floor (default 2)")
    parser.add_argument("--work", type=Path, help="where sdists, corpora, caches and scratch files go (kept; default a temporary folder)")
    parser.add_argument("--no-grimp", action="store_true", help="leave grimp out even when it is installed")
    parser.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    args = parser.parse_args(argv)
    if args.pairs < 1:
        parser.error("--pairs must be at least 1")

    for needed in ("onboard", "libcst", "interrogate"):
        try:
            __import__(needed)
        except ImportError:
            parser.error(f"{needed} is not importable by this Python: run the script with the interpreter of a venv where "
                         "onboard is installed with its test extras (pip install '.[test]')")
    try:
        import grimp  # noqa: F401
        with_grimp = not args.no_grimp
    except ImportError:
        with_grimp = False

    temporary = None
    if args.work:
        work = args.work.resolve()
        work.mkdir(parents=True, exist_ok=True)
        if work.is_relative_to(PROJECT):
            parser.error("--work must be outside the repository")
    else:
        temporary = tempfile.mkdtemp(prefix="onboard-bench-")
        work = Path(temporary)
    try:
        return _run(args, work, with_grimp)
    except BenchError as error:
        print(f"bench.py: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)


def _run(args: argparse.Namespace, work: Path, with_grimp: bool) -> int:
    runner = Runner(work, args.jobs, args.pairs)  # asks onboard whether it knows --no-reuse
    if not runner.no_reuse:
        _say(f"note: {NO_WARM_FACTS}")
    corpora = [prepare_corpus(spec, work) for spec in (args.corpus or DEFAULT_CORPORA)]
    for corpus in corpora:
        measure_size(corpus)
    if args.synthetic > 1:
        if args.synthetic_base:
            wanted = _normal(args.synthetic_base.split("==", 1)[0])
            base = next((c for c in corpora if c.key == wanted), None)
            if base is None:  # measured too: the scale figures are ratios to it
                _say(f"note: the synthetic base {args.synthetic_base} is not among the corpora; it is measured as well")
                base = prepare_corpus(args.synthetic_base, work)
                measure_size(base)
                corpora.append(base)
        else:
            base = min(corpora, key=lambda c: c.size["bytes"])
        _say(f"generating {args.synthetic} copies of {base.label} ...")
        synthetic = make_synthetic(base, args.synthetic, work)
        measure_size(synthetic)
        corpora.append(synthetic)
        _say(_scale_line(base, synthetic))
    rounds = _rounds(args.rounds, [(c.key, c.base) for c in corpora])
    for corpus in corpora:
        corpus.rounds = rounds[corpus.key]

    machine = {
        "date": time.strftime("%Y-%m-%d"),
        "cpu_count": os.cpu_count(),
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "platform": f"{platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "versions": _versions(),
        "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "jobs": args.jobs,
        "no_reuse": runner.no_reuse,  # whether the installed onboard knows --no-reuse (else no warm-facts)
    }
    for corpus in corpora:
        _say(f"preparing {corpus.label}: {corpus.size['files']:,} files, {corpus.size['lines']:,} lines (filling its cache) ...")
        setup_corpus(corpus, runner)
    for index in range(max(c.rounds for c in corpora)):
        for corpus in corpora:
            if index < corpus.rounds:
                start = time.perf_counter()
                run_round(corpus, runner, index, with_grimp)
                facts = f", warm-facts {corpus.runs['warm-facts'][-1]['wall']:.2f}" if "warm-facts" in corpus.runs else ""
                _say(f"round {index + 1}/{corpus.rounds} of {corpus.label}: {time.perf_counter() - start:.1f} s "
                     f"(cold {corpus.runs['cold'][-1]['wall']:.2f}, floor {corpus.runs['floor'][-1]['wall']:.2f}, "
                     f"warm {corpus.runs['warm'][-1]['wall']:.2f}{facts}, incremental {corpus.runs['incremental'][-1]['wall']:.2f}, "
                     f"interrogate {corpus.runs['interrogate'][-1]['wall']:.2f})")
    for corpus in corpora:
        _say(f"checks on {corpus.label} ...")
        run_checks(corpus, runner, with_grimp)
    machine["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    summary = summarise(corpora)
    print(render(corpora, summary, machine))
    if args.json:
        payload = {
            "machine": machine,
            "corpora": [{"key": c.key, "label": c.label, "size": c.size, "touched": c.touch, "copies": c.copies, "rounds": c.rounds,
                         "runs": {name: [{k: v for k, v in r.items() if k != "stdout"} for r in results] for name, results in c.runs.items()},
                         "summary": summary[c.key], "checks": [{"check": w, "ok": ok, "detail": d} for w, ok, d in c.checks],
                         "warm_imports_us": c.extra.get("warm_imports_us"), "warm_facts_imports_us": c.extra.get("warm_facts_imports_us"),
                         "grimp_diff": c.extra.get("grimp_diff"),
                         "incremental_pairs": [{"round": r, "incremental_minus_warm_facts_copy": d} for r, d in c.extra.get("incremental_pairs", [])]}
                        for c in corpora],
        }
        args.json.write_text(json.dumps(payload, indent=1, default=str))
    failed = [what for c in corpora for what, _, _, ok in summary[c.key]["targets"] if ok is False]
    failed += [what for c in corpora for what, ok, _ in c.checks if not ok]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
