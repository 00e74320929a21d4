"""The measured commands of one round (floor, cold, warm, warm-facts, the incremental pairs,
one file, interrogate, grimp) and the hidden modes bench.py runs in a process of their own.

    floor        every `.py` file onboard discovers through `libcst.parse_module`, in a 2-process
                 pool whose workers open their files themselves (the parent sends paths),
                 `Pool.map(chunksize=8)`, nothing else
    cold         `onboard CORPUS -j 2 --cache-dir <empty dir> -q -f json`
    warm         the same with the cache a previous run filled (it reuses that run's reports)
    warm-facts   warm with `--no-reuse`: the cached per-file facts, every analysis run again
    incremental  warm-facts on a copy with its own cache, paired with the same after one file
                 changed (a fresh comment line), the order alternating
    code-changed once a round, the same copy and cache after a function was appended to that
                 file: a change the program model sees, so its part is solved again
    one-file     importing onboard's extractor and extracting that one file, in one process
    interrogate  `interrogate -q PACKAGE_DIR` (the anchor of warm)
    grimp        `grimp.build_graph(PACKAGE, cache_dir=None)` (context; when installed)

`--phases` runs one more hidden mode, the pool: onboard's parse stage alone, on the floor's files.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
import time
from pathlib import Path

from corpora import Corpus, discovered, read_sources
from launcher import Runner, ok

FLOOR_CHUNKSIZE = 8


def _floor_parse(path: str) -> bool:
    """In a floor worker: open one file and parse it with libcst; False when it does not parse
    (a syntax error is a parse like any other for the floor)."""
    import libcst

    try:
        with open(path, "rb") as handle:
            libcst.parse_module(handle.read())
    except Exception:
        return False
    return True


def mode_floor(root: str, jobs: int) -> None:
    """The floor: every `.py` file of the discovery through `libcst.parse_module`, `jobs` workers."""
    import multiprocessing

    start = time.perf_counter()
    paths = [source.fs_path for source in discovered(os.path.realpath(root)) if source.path.endswith(".py")]
    listed = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        parsed = pool.map(_floor_parse, paths, chunksize=FLOOR_CHUNKSIZE)
    end = time.perf_counter()
    print(json.dumps({"discover": listed - start, "parse": end - listed, "files": len(paths), "failed": parsed.count(False)}))


def mode_pool(root: str, jobs: int, cache: str) -> None:
    """onboard's parse stage as a cold run does it, on the floor's files: this process reads
    them, `parse_all` extracts them in `jobs` workers (pickled, packed into the empty facts cache
    at `cache`, unpickled here)."""
    from onboard.facts import Failure
    from onboard.parse.cache import FactsCache
    from onboard.parse.runner import Limits, parse_all

    start = time.perf_counter()
    root = os.path.realpath(root)
    files = [source for source in discovered(root) if source.path.endswith(".py")]
    listed = time.perf_counter()
    sources = read_sources(root, files)
    read = time.perf_counter()
    results, _ = parse_all(sources, FactsCache(Path(cache)), Limits(jobs=jobs))
    end = time.perf_counter()
    failed = sum(isinstance(result, Failure) for result in results.values())
    print(json.dumps({"discover": listed - start, "read": read - listed, "parse": end - read, "files": len(sources), "failed": failed}))


def hidden(runner: Runner, what: str, *args: str) -> dict:
    """Launch one of bench.py's hidden modes (`--_floor`, `--_pool`, ...): the launcher's figures
    with the JSON the mode printed."""
    result = ok(runner.launch(runner.me(*args)), what)
    result.update(json.loads(result["stdout"].read_text()))
    return result


def mode_onefile(path: str) -> None:
    """What one file costs: importing the extractor and extracting that file, in this process."""
    start = time.perf_counter()
    from onboard.parse.extract import extract

    imported = time.perf_counter()
    data = Path(path).read_bytes()
    extract(path, data)
    end = time.perf_counter()
    print(json.dumps({"import": imported - start, "extract": end - imported, "total": end - start}))


def mode_grimp(dump: str, packages: list[str]) -> None:
    """grimp's graph of the packages; its modules and edges written to `dump` (unless `-`)."""
    for package in packages:
        sys.path.insert(0, str(Path(package).parent))
    import grimp

    names = [Path(package).name for package in packages]
    graph = grimp.build_graph(names[0], *names[1:], cache_dir=None)
    if dump != "-":
        edges = sorted([importer, imported] for importer in graph.modules for imported in graph.find_modules_directly_imported_by(importer))
        Path(dump).write_text(json.dumps({"modules": sorted(graph.modules), "edges": edges}))


def mode_interrogate(packages: list[str]) -> None:
    """interrogate's coverage of the packages through its API (default options), as JSON."""
    from interrogate import config, coverage

    results = coverage.InterrogateCoverage(paths=packages, conf=config.InterrogateConfig()).get_coverage()
    print(json.dumps({"total": results.total, "covered": results.covered}))


def setup_corpus(corpus: Corpus, runner: Runner) -> None:
    """Untimed: fill the warm cache, make the incremental copy and its cache."""
    base = runner.work / "state" / corpus.key
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    corpus.extra["dirs"] = {"base": base, "warm": base / "cache-warm", "incr": base / "cache-incr", "copy": base / "copy"}
    dirs = corpus.extra["dirs"]
    ok(runner.launch(runner.onboard(corpus.root, dirs["warm"], "-q")), f"onboard on {corpus.label} (filling the cache)")
    # onboard keeps nothing to reuse from a run that saw files changed in the two seconds before
    # it (a corpus unpacked or generated just now): wait them out and fill again, untimed.
    time.sleep(2.5)
    ok(runner.launch(runner.onboard(corpus.root, dirs["warm"], "-q")), f"onboard on {corpus.label} (keeping its reports)")
    shutil.copytree(dirs["warm"], dirs["incr"])
    shutil.copytree(corpus.root, dirs["copy"], symlinks=True)
    touched = dirs["copy"] / corpus.touch
    corpus.extra["original"] = touched.read_bytes()


def run_round(corpus: Corpus, runner: Runner, index: int, grimp: bool) -> None:
    """One round of every command on one corpus, in the order of the module's docstring."""
    dirs = corpus.extra["dirs"]
    record = corpus.runs.setdefault

    record("floor", []).append(hidden(runner, "the floor", "--_floor", str(corpus.root), str(runner.jobs)))

    cold_cache = dirs["base"] / f"cache-cold-{index}"
    cold_out = dirs["base"] / f"cold-{index}.json"
    record("cold", []).append(ok(runner.launch(runner.onboard(corpus.root, cold_cache, "-q"), stdout=cold_out), "onboard cold"))
    shutil.rmtree(cold_cache, ignore_errors=True)

    warm_out = dirs["base"] / f"warm-{index}.json"
    record("warm", []).append(ok(runner.launch(runner.onboard(corpus.root, dirs["warm"], "-q"), stdout=warm_out), "onboard warm"))
    corpus.extra.setdefault("identical", []).append(cold_out.read_bytes() == warm_out.read_bytes())
    warm_out.unlink()

    if runner.no_reuse:  # the per-file facts from the cache, every analysis run again
        facts_out = dirs["base"] / f"warm-facts-{index}.json"
        record("warm-facts", []).append(ok(runner.launch(runner.onboard(corpus.root, dirs["warm"], "-q", "--no-reuse"), stdout=facts_out),
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
                result = ok(runner.launch(runner.onboard(dirs["copy"], dirs["incr"], *(("-q",) if name == "incremental" else base_flags))),
                             f"onboard {name}")
            finally:
                touched.write_bytes(corpus.extra["original"])
            record(name, []).append(result)
            walls[name] = result["wall"]
        corpus.extra.setdefault("incremental_pairs", []).append((index, walls["incremental"] - walls["warm-facts-copy"]))

    # one file's code changed (a function appended), once a round on the same copy and cache: the
    # comment of the incremental run is invisible to the program model, whose answers stand; a
    # change of the code means solving its part again
    touched.write_bytes(corpus.extra["original"] + f"\n\ndef _onboard_benchmark_{secrets.token_hex(4)}():\n    return len([])\n".encode())
    try:
        record("code-changed", []).append(ok(runner.launch(runner.onboard(dirs["copy"], dirs["incr"], "-q")), "onboard code-changed"))
    finally:
        touched.write_bytes(corpus.extra["original"])

    record("one-file", []).append(hidden(runner, "the one-file extraction", "--_onefile", str(corpus.root / corpus.touch)))

    # interrogate exits 1 when coverage is under its default fail-under (80)
    record("interrogate", []).append(ok(runner.launch([sys.executable, "-m", "interrogate", "-q", *map(str, corpus.packages)]), "interrogate", (0, 1)))

    if grimp:
        record("grimp", []).append(ok(runner.launch(runner.me("--_grimp", "-", *map(str, corpus.packages))), "grimp"))
