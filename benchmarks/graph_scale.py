"""Graph stage and structure analyses at scale: a synthetic 5,000-module, ~50,000-edge repo.

Run by hand (not part of the test suite):  python benchmarks/graph_scale.py [--modules N] [--edges-per-module K] [--runs R]

The model is built in memory (no parsing): 50 top-level packages of 10 sub-packages, modules
importing mostly "lower" modules plus a share of upward imports that make cycles, so cycles,
layers, PageRank and the reading order all do real work. Prints the median time of each stage.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from onboard.analyses.diagram import package_diagram  # noqa: E402
from onboard.analyses.reading import reading_order  # noqa: E402
from onboard.analyses.structure import structure  # noqa: E402
from onboard.facts import FileFacts, Import  # noqa: E402
from onboard.graph import build_graph  # noqa: E402
from onboard.model.metadata import Metadata  # noqa: E402
from onboard.model.repo import Module, Repo  # noqa: E402


def synthetic_repo(modules: int, per_module: int, seed: int = 7) -> Repo:
    rng = random.Random(seed)
    names = [f"big.p{i % 50}.s{(i // 50) % 10}.m{i}" for i in range(modules)]
    built = []
    for index, name in enumerate(names):
        imports = []
        for k in range(per_module):
            # mostly downward (to a lower index), 3 % upward: cycles and layering violations
            target = rng.randrange(0, index) if index and rng.random() > 0.03 else rng.randrange(0, modules)
            imports.append(Import(names[target], None, 0, k + 1, lazy=rng.random() < 0.1))
        path = name.replace(".", "/") + ".py"
        guard = 1 if index % 997 == 0 else None
        built.append(Module(path, name, "package", "module", FileFacts(10, False, "", (), tuple(imports), guard)))
    meta = Metadata(entry_points={"console_scripts": {"big": f"{names[-1]}:main"}})
    return Repo("big", ("big",), ("",), meta, tuple(built), (), ())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=5000)
    parser.add_argument("--edges-per-module", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    repo = synthetic_repo(args.modules, args.edges_per_module)
    times: dict[str, list[float]] = {"graph": [], "structure": [], "reading": [], "diagram": [], "total": []}
    for _ in range(args.runs):
        start = time.perf_counter()
        graph = build_graph(repo)
        t1 = time.perf_counter()
        found = structure(repo, graph)
        t2 = time.perf_counter()
        reading_order(repo, graph)
        t3 = time.perf_counter()
        package_diagram(found.packages, found.package_graph)
        t4 = time.perf_counter()
        for key, value in zip(times, (t1 - start, t2 - t1, t3 - t2, t4 - t3, t4 - start)):
            times[key].append(value)
    print(f"{args.modules} modules, {len(graph.edges)} edges, {len(found.cycles)} cycles "
          f"(largest {len(found.cycles[0].modules) if found.cycles else 0} modules), {len(found.layers)} layers")
    for key, values in times.items():
        print(f"  {key:<10} median {statistics.median(values):.2f} s  (min {min(values):.2f}, max {max(values):.2f}, {args.runs} runs)")


if __name__ == "__main__":
    main()
