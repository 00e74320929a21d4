"""What notebooks cost: a repository of 100 notebooks against the same code as `.py` files.

Run by hand (not part of the test suite):
    python benchmarks/notebooks_cost.py [--notebooks 100] [--cells 12] [--output-kib 64] [--runs 3] [-j 2]

Builds two repositories in a temporary folder, with the same package (`lib/`) and the same code:
one holds each script as a notebook (its code in cells, a Markdown cell, magics and shell lines,
and `--output-kib` of outputs per notebook, as real notebooks carry), the other the same cells'
code as one `.py` file each. Times `python -m onboard REPO --no-cache --no-reuse -f json -q` on
both, in alternation, and prints the medians and their ratio (notebooks / .py).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

_LIB = '"""A small library the scripts use."""\n\nimport os\n\n\ndef load(name):\n    """Read one table."""\n    return os.environ.get("DATA_DIR", ".") + name\n'


def _cell_code(n: int, c: int) -> str:
    return (f"import os\nfrom lib.core import load\n\n\ndef step_{c}(frame, k={c}):\n    \"\"\"Step {c} of script {n}.\"\"\"\n"
            f"    total = 0\n    for i in range(k):\n        total += len(load('t{c}')) * i\n    return total\n\n"
            f"value_{c} = step_{c}(None)\nbucket_{c} = os.getenv('BUCKET_{c}', 'b')\n")


def _notebook(n: int, cells: int, output: bytes) -> str:
    code = [{"cell_type": "code", "metadata": {}, "execution_count": c, "source": _cell_code(n, c).splitlines(True),
             "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"image/png": base64.b64encode(output).decode()}}]}
            for c in range(cells)]
    magic = {"cell_type": "code", "metadata": {}, "source": ["%matplotlib inline\n", "!pip install -q x\n"], "outputs": []}
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {"kernelspec": {"language": "python"}},
                       "cells": [{"cell_type": "markdown", "metadata": {}, "source": [f"# Script {n}"]}, magic, *code]}, indent=1)


def build(root: str, notebooks: int, cells: int, output_kib: int) -> tuple[str, str]:
    """The two repositories: (with notebooks, with .py files)."""
    rng = random.Random(7)
    output = bytes(rng.getrandbits(8) for _ in range(output_kib * 1024 // max(1, cells)))
    paths = []
    for kind in ("notebooks", "python"):
        repo = os.path.join(root, kind)
        os.makedirs(os.path.join(repo, "lib"))
        os.makedirs(os.path.join(repo, "analysis"))
        for name, text in (("__init__.py", '"""lib."""\n'), ("core.py", _LIB)):
            with open(os.path.join(repo, "lib", name), "w") as handle:
                handle.write(text)
        for n in range(notebooks):
            if kind == "notebooks":
                path, text = os.path.join(repo, "analysis", f"s{n:03d}.ipynb"), _notebook(n, cells, output)
            else:
                path, text = os.path.join(repo, "analysis", f"s{n:03d}.py"), f'"""Script {n}"""\n' + "".join(_cell_code(n, c) for c in range(cells))
            with open(path, "w") as handle:
                handle.write(text)
        paths.append(repo)
    return paths[0], paths[1]


def _time(repo: str, jobs: int) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "onboard", repo, "--no-cache", "--no-reuse", "-f", "json", "-q", "-j", str(jobs)],
                   check=True, stdout=subprocess.DEVNULL, cwd=os.path.dirname(repo))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=int, default=100)
    parser.add_argument("--cells", type=int, default=12)
    parser.add_argument("--output-kib", type=int, default=64, help="outputs per notebook (base64 PNG data)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        notebooks, python = build(root, args.notebooks, args.cells, args.output_kib)
        size = sum(os.path.getsize(os.path.join(notebooks, "analysis", f)) for f in os.listdir(os.path.join(notebooks, "analysis")))
        times: dict[str, list[float]] = {"notebooks": [], "python": []}
        for _ in range(args.runs):
            times["notebooks"].append(_time(notebooks, args.jobs))
            times["python"].append(_time(python, args.jobs))
    nb, py = statistics.median(times["notebooks"]), statistics.median(times["python"])
    print(f"{args.notebooks} notebooks ({size / 1024**2:.1f} MiB, {args.cells} code cells each) vs the same code in .py files, "
          f"-j {args.jobs}, medians of {args.runs}")
    print(f"  .py files:  {py:.2f} s  {[round(t, 2) for t in times['python']]}")
    print(f"  notebooks:  {nb:.2f} s  {[round(t, 2) for t in times['notebooks']]}")
    print(f"  ratio:      {nb / py:.2f}")


if __name__ == "__main__":
    main()
