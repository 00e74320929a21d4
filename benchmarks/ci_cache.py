"""Issue 22's measurement: `onboard check` in CI, cold (an empty cache) against a cache restored
from an earlier run (what the Action's actions/cache step gives every run after the first).

Run by hand (never by the test suite), with the Python that has onboard installed:

    python benchmarks/ci_cache.py [--corpus django] [--rounds 3] [--jobs 2] [--work DIR]

The corpus is fetched as benchmarks/bench.py fetches it (a pinned sdist from PyPI, checked
against its sha256). Each round runs, in this order, the command of the Action's gate step
(`onboard check CORPUS -j 2 --format github -o markdown=F -o sarif=F -q`):

    cold      with `--cache-dir` an empty folder
    restored  with `--cache-dir` a fresh copy of the folder a cold run filled (new files, as a
              restore makes them); `check` never reuses reports, so every analysis runs again
              and only the parsed facts come from the cache

It prints the median wall time of each, the cache's size and whether every run gave the same
SARIF bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import prepare_corpus  # noqa: E402  (fetching and unpacking are bench.py's)


def run_check(corpus: Path, cache: Path, out: Path, jobs: int) -> tuple[float, int, str]:
    """One gate run: its wall time, exit code and the sha256 of the SARIF it wrote."""
    command = [sys.executable, "-m", "onboard", "check", str(corpus), "-j", str(jobs), "--cache-dir", str(cache),
               "--format", "github", "-o", f"markdown={out / 'summary.md'}", "-o", f"sarif={out / 'onboard.sarif'}", "-q"]
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"onboard check failed ({done.returncode}): {done.stderr.decode(errors='replace')[-500:]}")
    return elapsed, done.returncode, hashlib.sha256((out / "onboard.sarif").read_bytes()).hexdigest()


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(corpus: Path, rounds: int, jobs: int, scratch: Path) -> dict:
    """Alternate cold and restored runs; the restored ones start from the first cold run's cache."""
    times: dict[str, list[float]] = {"cold": [], "restored": []}
    digests, codes, saved = set(), set(), scratch / "saved-cache"
    for index in range(rounds):
        cold = scratch / f"cold-{index}"
        elapsed, code, digest = run_check(corpus, cold, scratch, jobs)
        times["cold"].append(elapsed)
        if not saved.exists():
            shutil.copytree(cold, saved)
        restored = scratch / f"restored-{index}"
        shutil.copytree(saved, restored)
        again, code_again, digest_again = run_check(corpus, restored, scratch, jobs)
        times["restored"].append(again)
        digests |= {digest, digest_again}
        codes |= {code, code_again}
        shutil.rmtree(cold)
        shutil.rmtree(restored)
    return {"times": times, "same_sarif": len(digests) == 1, "exit_codes": sorted(codes), "cache_bytes": folder_size(saved)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="django", help="a corpus bench.py knows, or NAME==VERSION (default django)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, help="where the sdist and scratch files go (kept; default a temporary folder)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="onboard-ci-cache-"))
    try:
        corpus = prepare_corpus(args.corpus, work)
        scratch = work / "ci-cache"
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        result = measure(corpus.root, args.rounds, args.jobs, scratch)
        files = len(list(corpus.root.rglob("*.py")))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    cold, restored = (statistics.median(result["times"][k]) for k in ("cold", "restored"))
    print(f"{corpus.label}: {files} .py files; median of {args.rounds} rounds, -j {args.jobs}")
    print(f"cold      {cold:6.2f} s   {' '.join(f'{t:.2f}' for t in result['times']['cold'])}")
    print(f"restored  {restored:6.2f} s   {' '.join(f'{t:.2f}' for t in result['times']['restored'])}   ({restored / cold:.2f} x cold)")
    print(f"cache {result['cache_bytes'] / 2**20:.1f} MiB; same SARIF every run: {result['same_sarif']}; exit codes {result['exit_codes']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
