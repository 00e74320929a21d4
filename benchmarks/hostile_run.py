"""Time and peak memory of `onboard` on the hostile repository of tests/hostile.py.

Run by hand:  python benchmarks/hostile_run.py [--runs 5]

Builds the repository in a temporary folder, runs `python -m onboard REPO -o OUT -f json -f
markdown --no-cache` several times, and prints the median wall time and the largest resident
set of any process of the run (getrusage of the waited-for children: the parent and its
parser workers).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "tests"))

from hostile import build  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        expect = build(tmp)
        repo = os.path.join(tmp, "repo")
        times, peaks = [], []
        for i in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "onboard", repo, "-o", os.path.join(tmp, f"out{i}"), "-f", "json", "-f", "markdown", "--no-cache", "-q"],
                           check=True, env={**os.environ, "PYTHONPATH": str(PROJECT)})
            times.append(time.perf_counter() - start)
            peaks.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
        for sock in expect.sockets:
            sock.close()
        for path in ("fs/mode000_dir", "fs/mode000.py"):
            os.chmod(os.path.join(repo, path), 0o755)
    print(f"hostile repository: {len(expect.analysed)} files to analyse, {len(expect.reasons)} to refuse, "
          f"{sum(expect.excluded.values())} in excluded trees")
    print(f"  wall time median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}, {args.runs} runs)")
    print(f"  peak RSS of one process {max(peaks) / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
