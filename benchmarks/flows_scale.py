"""Flows at scale: many ways in over one large call graph, built in memory (no parsing).

Run by hand (not part of the test suite):
  python benchmarks/flows_scale.py [--routes 2000] [--functions 20000] [--calls 4] [--runs 3]

`--functions` functions in 500 modules call `--calls` others each, mostly of lower index (a
shared library under every route) with 3 % upward calls that close cycles; one function in 50
creates a client (a service's evidence) and one in 40 reads a variable; `--routes` route
functions each call three library functions. Prints the median time of `flows()` and the
number of reaches found, to set beside the program model's own cost on real code.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from onboard.analyses.env_vars import EnvReport, EnvSite, EnvVar  # noqa: E402
from onboard.analyses.flows import flows  # noqa: E402
from onboard.analyses.objects import EntryPoint  # noqa: E402
from onboard.analyses.usage import Evidence, Usage  # noqa: E402
from onboard.facts import Definition, FileFacts  # noqa: E402
from onboard.model.metadata import Metadata  # noqa: E402
from onboard.model.repo import Module, Repo  # noqa: E402
from onboard.resolve import CallEdge, CallGraph, Function  # noqa: E402

MODULES = 500


def synthetic(routes: int, functions: int, calls: int, seed: int = 11):
    rng = random.Random(seed)
    per = -(-functions // MODULES)
    place = {i: (f"big/m{i // per}.py", f"big.m{i // per}", 10 * (i % per) + 2) for i in range(functions)}
    place.update({functions + r: ("big/routes.py", "big.routes", 10 * r + 2) for r in range(routes)})
    name = {i: f"{mod}.f{i}" for i, (_, mod, _) in place.items()}
    edges = []
    for i in range(functions):
        for k in range(calls):
            j = rng.randrange(0, i) if i and rng.random() > 0.03 else rng.randrange(0, functions)
            edges.append(CallEdge(name[i], name[j], place[i][2] + 1 + k))
    for r in range(routes):
        for k in range(3):
            edges.append(CallEdge(name[functions + r], name[rng.randrange(functions // 2, functions)], place[functions + r][2] + 1 + k))
    by_path: dict[str, list] = {}
    for i, (path, mod, line) in sorted(place.items()):
        by_path.setdefault((path, mod), []).append(Definition(f"f{i}", "function", line, -1, False, (), False, "", end_line=line + 8))
    modules = tuple(Module(path, mod, "package", "module", FileFacts(10, False, "", tuple(defs), ())) for (path, mod), defs in by_path.items())
    functions_ = [Function(mod, path, 1, "module") for path, mod in by_path] + [Function(name[i], place[i][0], place[i][2], "function") for i in place]
    calls_ = CallGraph(tuple(sorted(functions_, key=lambda f: f.name)), tuple(sorted(set(edges), key=lambda e: (e.caller, e.callee))), ())
    entries = tuple(EntryPoint("web_route", f"GET /r{r}", f"big.routes:f{functions + r}", "big/routes.py", place[functions + r][2], "package")
                    for r in range(routes))
    usage = tuple(Usage("storage", "aws", f"svc{s}", tuple(Evidence(place[i][0], place[i][2] + 1, "package", "client", "boto3.client")
                                                          for i in range(s, functions, 50 * 20)), scopes=("package",)) for s in range(20))
    env = EnvReport(tuple(EnvVar(f"VAR{v}", None, True, (), tuple(EnvSite(place[i][0], place[i][2] + 2, "package", "os.getenv")
                                                                   for i in range(v, functions, 40 * 30))) for v in range(30)), ())
    repo = Repo("big", ("big",), ("",), Metadata(), modules, (), ())
    return repo, calls_, entries, usage, env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routes", type=int, default=2000)
    parser.add_argument("--functions", type=int, default=20000)
    parser.add_argument("--calls", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    model = synthetic(args.routes, args.functions, args.calls)
    times, found = [], ()
    for _ in range(args.runs):
        start = time.perf_counter()
        found = flows(*model)
        times.append(time.perf_counter() - start)
    reaches = sum(len(f.reaches) for f in found)
    cut = sum(1 for f in found if f.limits)
    print(f"{args.routes:,} routes over {args.functions:,} functions ({len(model[1].edges):,} edges): flows {statistics.median(times):.2f} s "
          f"(median of {args.runs}); {reaches:,} reaches, {cut:,} flows cut")


if __name__ == "__main__":
    main()
