"""`--phases`: where onboard's parse stage spends its time, over a whole corpus.

In one process, every `.py` file onboard discovers is read as its pipeline reads it, then goes
through the real `onboard.parse.extract.extract` while the functions it calls are wrapped in
timers in the module's namespace: the guard (`onboard.parse.guard.check`, CPython's parse with its
limits) and the parts of `_facts` and `_with_summary` (`ast_walk.walk`, `statement_facts`,
`call_facts`, `dynamic_imports`, `env_reads`, `service_hints`, `summary.summarise`,
`encode_scopes`); then the result is pickled as the workers pickle it for the trip home and the
cache (protocol 5). Nothing is copied: the wrappers call the real functions, and what `extract`
spends outside them (building `FileFacts`, the recursion limit) is shown as the rest. The
collector runs as in onboard's workers (what the process holds frozen, threshold raised).

Then the whole stage against the floor, each in a fresh process under the launcher: the pool
(bench.py's hidden `--_pool`: the reading and `parse_all` in `--jobs` workers into an empty facts
cache) and the floor alternate, after one untimed run of each that writes the bytecode.
"""

from __future__ import annotations

import gc
import os
import pickle
import shutil
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

from launcher import Runner, median

# (name in onboard.parse.extract's namespace, label)
PARTS = (
    ("check", "guard (parse.guard.check)"),
    ("walk", "ast_walk.walk"),
    ("statement_facts", "ast_facts.statement_facts"),
    ("call_facts", "call_facts.call_facts"),
    ("dynamic_imports", "ast_facts.dynamic_imports"),
    ("env_reads", "env_reads.env_reads"),
    ("service_hints", "service_facts.service_hints"),
    ("summarise", "summary.summarise"),
    ("encode_scopes", "facts.encode_scopes (the summary pickled into the facts)"),
)


@contextmanager
def timed_parts(totals: dict[str, float], calls: dict[str, int]):
    """Wrap each part in `onboard.parse.extract`'s namespace in a timer; restored on exit."""
    from onboard.parse import extract as module

    originals = {name: getattr(module, name) for name, _ in PARTS}

    def wrap(name, function):
        def timer(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                totals[name] += time.perf_counter() - start
                calls[name] += 1
        return timer

    for name, function in originals.items():
        setattr(module, name, wrap(name, function))
    try:
        yield module.extract
    finally:
        for name, function in originals.items():
            setattr(module, name, function)


def measure_phases(root: str) -> dict:
    """Totals per part over every `.py` file of `root` (the reading included), the per-file
    times of extract + pickle, and how many files failed (a `Failure` is pickled like any result)."""
    from onboard.facts import Failure
    from onboard.parse import runner

    from corpora import discovered, read_sources

    root = os.path.realpath(root)
    files = [source for source in discovered(root) if source.path.endswith(".py")]
    start = time.perf_counter()
    sources = read_sources(root, files)
    totals: dict[str, float] = defaultdict(float)
    totals["read"] = time.perf_counter() - start
    calls: dict[str, int] = defaultdict(int)
    per_file, failures = [], 0
    gc.collect()
    gc.freeze()
    old = gc.get_threshold()
    gc.set_threshold(*getattr(runner, "_WORKER_GC_THRESHOLD", old))
    try:
        with timed_parts(totals, calls) as extract:
            for path, data in sources:
                start = time.perf_counter()
                result = extract(path, data)
                extracted = time.perf_counter()
                pickle.dumps(result, protocol=5)
                end = time.perf_counter()
                totals["extract"] += extracted - start
                totals["pickle"] += end - extracted
                per_file.append((end - start, path))
                failures += isinstance(result, Failure)
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()
    return {"files": len(sources), "bytes": sum(len(d) for _, d in sources), "failures": failures, "totals": dict(totals),
            "calls": dict(calls), "slowest": sorted(per_file, reverse=True)[:5]}


def pool_against_floor(root: Path, runner: Runner, rounds: int) -> dict:
    """Medians over `rounds` alternations of the pool's reading and parse seconds (timed in its
    process, after the imports), the floor's parse seconds and their ratio round by round; the
    untimed first run of each writes the bytecode the later ones read."""
    from modes import hidden

    def pool() -> dict:
        cache = runner.work / "phases-cache"
        shutil.rmtree(cache, ignore_errors=True)
        try:
            return hidden(runner, "onboard's parse pool", "--_pool", str(root), str(runner.jobs), str(cache))
        finally:
            shutil.rmtree(cache, ignore_errors=True)

    def floor() -> dict:
        return hidden(runner, "the floor", "--_floor", str(root), str(runner.jobs))

    pool(), floor()
    pools, floors = [], []
    for _ in range(rounds):
        pools.append(pool())
        floors.append(floor())
    wholes = [p["read"] + p["parse"] for p in pools]
    return {"rounds": rounds, "jobs": runner.jobs, "read": median([p["read"] for p in pools]), "parse": median([p["parse"] for p in pools]),
            "pool": median(wholes), "floor": median([f["parse"] for f in floors]),
            "ratio": median([whole / f["parse"] for whole, f in zip(wholes, floors)])}


def render_phases(label: str, measured: dict, pool: dict | None = None) -> str:
    """One table: each phase's total seconds, its share of their sum, and per file; then the
    whole stage in its worker pool against the floor, when measured."""
    totals, files = measured["totals"], measured["files"] or 1
    whole = totals.get("read", 0.0) + totals.get("extract", 0.0) + totals.get("pickle", 0.0)
    parts = sum(totals.get(name, 0.0) for name, _ in PARTS)
    rows = [("read (onboard's main process reads, the workers get bytes)", totals.get("read", 0.0), None)]
    rows += [(label_, totals.get(name, 0.0), measured["calls"].get(name, 0)) for name, label_ in PARTS]
    rows.append(("rest of extract (FileFacts, recursion limit, ...)", totals.get("extract", 0.0) - parts, None))
    rows.append(("pickle (protocol 5)", totals.get("pickle", 0.0), files))
    lines = [f"### Phases: {label}", "",
             f"{measured['files']:,} `.py` files, {measured['bytes'] / 1024**2:.1f} MiB, {measured['failures']} failures; one process, "
             "the real functions wrapped in timers.", "",
             "| phase | seconds | share | ms per file | calls |", "|---|---:|---:|---:|---:|"]
    for what, seconds, count in rows:
        lines.append(f"| {what} | {seconds:.2f} | {seconds / whole:.1%} | {seconds * 1000 / files:.2f} | {'' if count is None else f'{count:,}'} |")
    lines.append(f"| **read + extract + pickle** | **{whole:.2f}** | 100% | {whole * 1000 / files:.2f} | |")
    lines += ["", "Slowest files (extract + pickle): " + ", ".join(f"`{path}` {seconds:.2f} s" for seconds, path in measured["slowest"])]
    if pool is not None:
        spread = totals.get("read", 0.0) + (whole - totals.get("read", 0.0)) / pool["jobs"]
        lines += ["", f"The whole stage (medians of {pool['rounds']}, each in a fresh process): read {pool['read']:.2f} s + "
                  f"`parse_all` in {pool['jobs']} workers {pool['parse']:.2f} s = **{pool['pool']:.2f} s**, against the floor's "
                  f"{pool['floor']:.2f} s: **{pool['ratio']:.2f} × floor** (ratios round by round). With no overhead, the reading "
                  f"then the rest of the phases above shared evenly by {pool['jobs']} workers would take {spread:.2f} s."]
    return "\n".join(lines) + "\n"
