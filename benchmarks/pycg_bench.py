"""The call-graph oracle: a tool's call graph against PyCG's micro-benchmark, edge for edge.

Run by hand (never by the test suite):

    python benchmarks/pycg_bench.py [--onboard "CMD"] [--work DIR] [--sdist PATH] [--snippets DIR]
                                    [-j N] [--json OUT]
    python benchmarks/pycg_bench.py --tool pycg [--pycg "CMD"] ...

The oracle is the micro-benchmark shipped in PyCG's sdist `pycg==0.0.8`: one folder per case,
`micro-benchmark/snippets/CATEGORY/NAME/`, holding a few Python files and the true call graph,
`callgraph.json`. The sdist is found through PyPI's JSON API (`/pypi/pycg/0.0.8/json`, else
the `releases` of `/pypi/pycg/json`), checked against the pinned sha256 below and unpacked with
the safety checks of `sdists.py` (no absolute names, no `..`, no links leading outside, tarfile's
data filter); `--sdist PATH` takes a local copy (checked the same way), `--work DIR` keeps the
download and the unpacked tree between runs (default: a temporary folder, removed at the end).
Nothing of the sdist is imported or run.
`--snippets DIR` reads the cases from another folder of the same layout instead (a clone of
PyCG's repository: its `classes/instance` case is missing from the sdist, whose build honours the
`instance/` line of PyCG's `.gitignore`).

Every folder with a `callgraph.json` is a case (`README.md` is optional: `classes/nested_call` has
none). Its files, without `callgraph.json` and `README.md`, are copied into a temporary folder
named like the case, and the tool runs on that folder as a repository:

    onboard  CMD DIR --format json --no-cache --no-reuse   (default CMD: this Python -m onboard)
             the report's `calls` section, {"functions": [{"name", ...}], "edges": [{"caller",
             "callee", ...}]}, in PyCG's naming, becomes PyCG's shape: one key per node (every
             function's name, every caller and every callee), its value the sorted callees
    pycg     CMD --package DIR DIR/FILE... -o OUT, every .py file an entry point
             (default CMD: this Python -m pycg); its output already has that shape. PyPI's
             wheel of pycg 0.0.8 holds its code as `PyCG/`, which imports `pycg`: install the
             sdist into a virtual environment of its own (`pip install --no-binary pycg pycg==0.0.8`)

Figures (an edge is a pair (caller, callee); a node is a key):

    precision  found edges that are true / found edges     micro-averaged: the edges of every
    recall     true edges that are found / true edges      case pooled
    exact      the case's nodes and edges both equal the truth's: PyCG's own test of a case
               (its micro-benchmark's `assertEqual` on the dicts with sorted values)
    exact edges  the case's edges equal the truth's, whatever the nodes

PyCG 0.0.8 on the sdist's 118 cases: 105 exact (105 by edges), precision 0.976, recall 0.931;
with the repository's 119: 106, 0.976, 0.932. A case the tool fails on (exit status, timeout,
output that is not JSON) counts as an empty graph, is never exact and is listed. Output: a table
by category, then every case that is not exact with its missing and extra edges and nodes;
`--json OUT` writes the same as JSON. Everything is sorted; no timings, so two runs print the
same. Exit status 0 when the tool ran on every case, 1 when it failed on some, 2 on a setup
error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from common import BenchError, say as _say
from sdists import _sha256, unpack as _unpack

DIST, VERSION = "pycg", "0.0.8"
SHA256 = "644b4df4346b393ca29450223da12598a6e6ad51fcfb1c218330b774f643a6c1"
JSON_API = f"https://pypi.org/pypi/{DIST}/{VERSION}/json"
TRUTH, LEFT_OUT = "callgraph.json", ("callgraph.json", "README.md")
TIMEOUT = 120  # seconds for one case


# --------------------------------------------------------------------------- the sdist


def _release_files(url: str, release: str | None) -> list[dict] | None:
    """The files PyPI's JSON API lists at `url` (`urls`, or `releases[release]`); None on a 404."""
    request = urllib.request.Request(url, headers={"User-Agent": "onboard-benchmark"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise BenchError(f"could not ask PyPI about {DIST}=={VERSION}: {url} answered {error.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise BenchError(f"could not ask PyPI about {DIST}=={VERSION} (no network?): "
                         f"{getattr(error, 'reason', error)}; give a local copy with --sdist PATH") from None
    return answer.get("releases", {}).get(release, []) if release else answer.get("urls", [])


def _sdist_entry() -> dict:
    """The .tar.gz sdist entry of pycg==0.0.8 in PyPI's JSON API: the release's page, or the
    project's page when that one is not served (some mirrors answer 404 for release pages)."""
    files = _release_files(JSON_API, None)
    if files is None:
        files = _release_files(JSON_API.replace(f"/{VERSION}/json", "/json"), VERSION) or []
    for entry in files:
        if entry.get("packagetype") == "sdist" and str(entry.get("filename", "")).endswith(".tar.gz"):
            if entry.get("digests", {}).get("sha256") != SHA256 or not str(entry.get("url")).startswith("https://"):
                raise BenchError(f"PyPI's {entry.get('filename')} is not the pinned one (sha256 {SHA256})")
            return entry
    raise BenchError(f"PyPI lists no .tar.gz sdist of {DIST}=={VERSION}")


def _download(url: str, target: Path) -> None:
    """Download `url` to `target`, kept only when its sha256 is the pinned one."""
    partial, digest = target.with_name(f".{target.name}.part"), hashlib.sha256()
    _say(f"downloading {target.name} from PyPI ...")
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"User-Agent": "onboard-benchmark"}),
                                    timeout=60) as response, open(partial, "wb") as out:
            for block in iter(lambda: response.read(1 << 20), b""):
                digest.update(block)
                out.write(block)
    except (urllib.error.URLError, OSError) as error:
        partial.unlink(missing_ok=True)
        raise BenchError(f"could not download {url}: {getattr(error, 'reason', error)}") from None
    if digest.hexdigest() != SHA256:
        partial.unlink(missing_ok=True)
        raise BenchError(f"{target.name}: sha256 {digest.hexdigest()} is not the pinned {SHA256}; nothing kept")
    os.replace(partial, target)


def fetch_sdist(work: Path, local: Path | None) -> Path:
    """The checked sdist: `local` when given, else the copy in `work`, else PyPI's."""
    if local is None:
        local = work / "sdists" / f"{DIST}-{VERSION}.tar.gz"
        if not local.is_file():
            local.parent.mkdir(parents=True, exist_ok=True)
            _download(_sdist_entry()["url"], local)
    if not local.is_file():
        raise BenchError(f"no such file: {local}")
    if _sha256(local) != SHA256:
        raise BenchError(f"{local.name}: its sha256 is not the pinned {SHA256} of {DIST}=={VERSION}")
    return local


# --------------------------------------------------------------------------- the cases


def find_cases(snippets: Path) -> list[tuple[str, Path]]:
    """("category/name", folder) of every case under `snippets`, sorted."""
    found = sorted(truth.parent for truth in snippets.glob(f"*/*/{TRUTH}") if truth.is_file())
    if not found:
        raise BenchError(f"no CATEGORY/NAME/{TRUTH} under {snippets}")
    return [(f"{folder.parent.name}/{folder.name}", folder) for folder in found]


def copy_case(source: Path, target: Path) -> list[str]:
    """Copy a case's regular files, without its truth and README, links left out; its .py files."""
    for folder, dirs, files in os.walk(source):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
        for name in files:
            path = here / name
            if path.is_symlink() or not path.is_file() or (here == source and name in LEFT_OUT):
                continue
            out = target / path.relative_to(source)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, out)
    return sorted(p.relative_to(target).as_posix() for p in target.rglob("*.py"))


# --------------------------------------------------------------------------- running a tool


def onboard_to_pycg(calls: dict) -> dict[str, list[str]]:
    """onboard's `calls` section in PyCG's shape: a key per function name, caller and callee,
    the sorted callees as its value (an edge's line is dropped, repeated edges count once)."""
    graph: dict[str, set[str]] = {f["name"]: set() for f in calls.get("functions", [])}
    for edge in calls.get("edges", []):
        graph.setdefault(edge["caller"], set()).add(edge["callee"])
        graph.setdefault(edge["callee"], set())
    return {name: sorted(graph[name]) for name in sorted(graph)}


def _run(cmd: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"timed out after {TIMEOUT} s") from None
    except OSError as error:
        raise RuntimeError(f"cannot run {cmd[0]}: {error}") from None
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["(nothing on stderr)"])[-1]
        raise RuntimeError(f"exit status {done.returncode}: {tail}")
    return done.stdout


def run_onboard(cmd: list[str], case: Path, files: list[str], scratch: Path) -> dict[str, list[str]]:
    report = json.loads(_run([*cmd, str(case), "--format", "json", "--no-cache", "--no-reuse"], scratch))
    if "calls" not in report:  # an onboard without call graphs: no case can be measured
        raise BenchError(f"{shlex.join(cmd)} writes no `calls` section in its JSON report")
    return onboard_to_pycg(report["calls"])


def run_pycg(cmd: list[str], case: Path, files: list[str], scratch: Path) -> dict[str, list[str]]:
    out = scratch / "pycg.json"
    _run([*cmd, "--package", str(case), *(str(case / f) for f in files), "-o", str(out)], scratch)
    return json.loads(out.read_text())


def run_case(runner, cmd: list[str], folder: Path) -> tuple[dict | None, str | None]:
    """(graph, None) or (None, why) for one case, run on a copy in a temporary folder; the tool
    runs in a folder of its own, so no file of the case shadows a module of the tool (`-m`)."""
    with tempfile.TemporaryDirectory(prefix="pycg-bench-") as scratch:
        case, cwd = Path(scratch, "case", folder.name), Path(scratch, "cwd")
        files = copy_case(folder, case)
        cwd.mkdir()
        try:
            return runner(cmd, case, files, cwd), None
        except (RuntimeError, ValueError, OSError) as error:
            return None, str(error)


# --------------------------------------------------------------------------- comparing


def edges(graph: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {(caller, callee) for caller, callees in graph.items() for callee in callees}


@dataclass
class Outcome:
    """One case compared with its truth."""

    name: str
    true_edges: int
    found_edges: int
    hits: int
    missing: list = field(default_factory=list)  # [caller, callee] true but not found
    extra: list = field(default_factory=list)  # found but not true
    nodes_missing: list = field(default_factory=list)
    nodes_extra: list = field(default_factory=list)
    error: str | None = None

    @property
    def category(self) -> str:
        return self.name.split("/", 1)[0]

    @property
    def exact_edges(self) -> bool:
        return self.error is None and not (self.missing or self.extra)

    @property
    def exact(self) -> bool:
        return self.exact_edges and not (self.nodes_missing or self.nodes_extra)


def compare(name: str, truth: dict[str, list[str]], found: dict[str, list[str]] | None, error: str | None = None) -> Outcome:
    """A case's found graph (None when the tool failed: an empty graph) against its truth."""
    found = found or {}
    want, got = edges(truth), edges(found)
    return Outcome(name, len(want), len(got), len(want & got), sorted(map(list, want - got)),
                   sorted(map(list, got - want)), sorted(set(truth) - set(found)), sorted(set(found) - set(truth)), error)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def totals(outcomes: list[Outcome]) -> dict:
    """The pooled figures of some cases: micro-averaged precision and recall, exact counts."""
    hits = sum(o.hits for o in outcomes)
    found, true = sum(o.found_edges for o in outcomes), sum(o.true_edges for o in outcomes)
    return {"cases": len(outcomes), "exact": sum(o.exact for o in outcomes), "exact_edges": sum(o.exact_edges for o in outcomes),
            "true_edges": true, "found_edges": found, "hits": hits,
            "precision": _ratio(hits, found), "recall": _ratio(hits, true), "failed": sum(o.error is not None for o in outcomes)}


def summarise(outcomes: list[Outcome]) -> dict:
    """Totals, totals by category and the cases that are not exact, all sorted."""
    categories = sorted({o.category for o in outcomes})
    misses = {o.name: {"missing": o.missing, "extra": o.extra, "nodes_missing": o.nodes_missing,
                       "nodes_extra": o.nodes_extra, "error": o.error}
              for o in sorted(outcomes, key=lambda o: o.name) if not o.exact or o.error}
    return {"all": totals(outcomes), "categories": {c: totals([o for o in outcomes if o.category == c]) for c in categories},
            "misses": misses}


# --------------------------------------------------------------------------- output


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _row(label: str, t: dict) -> str:
    cells = [label, t["cases"], t["exact"], t["exact_edges"], t["true_edges"], t["found_edges"], t["hits"],
             _figure(t["precision"]), _figure(t["recall"])]
    return "| " + " | ".join(map(str, cells)) + " |"


def _pairs(pairs: list) -> str:
    return ", ".join(f"{caller} -> {callee}" for caller, callee in pairs)


def _miss_line(name: str, miss: dict) -> str:
    if miss["error"]:
        return f"- {name}: failed ({miss['error']})"
    parts = [f"{label} {_pairs(miss[key])}" for key, label in (("missing", "missing"), ("extra", "extra")) if miss[key]]
    parts += [f"{label} {', '.join(miss[key])}" for key, label in (("nodes_missing", "nodes missing"), ("nodes_extra", "nodes extra"))
              if miss[key]]
    return f"- {name}: " + "; ".join(parts)


def render(summary: dict, title: str) -> str:
    lines = [title, "", "| category | cases | exact | exact edges | true edges | found edges | true found | precision | recall |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines += [_row(name, t) for name, t in summary["categories"].items()]
    lines += [_row("**all**", summary["all"]), "", f"Not exact ({len(summary['misses'])}):"]
    lines += [_miss_line(name, miss) for name, miss in summary["misses"].items()] or ["(none)"]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- command line


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="A tool's call graph against PyCG's micro-benchmark (pycg==0.0.8).")
    parser.add_argument("--tool", choices=("onboard", "pycg"), default="onboard", help="whose call graph to measure")
    parser.add_argument("--onboard", metavar="CMD", help="the onboard command (default: this Python -m onboard)")
    parser.add_argument("--pycg", metavar="CMD", help="the PyCG command, with --tool pycg (default: this Python -m pycg)")
    parser.add_argument("--work", type=Path, help="keep the sdist and its unpacked tree here (default: a temporary folder)")
    parser.add_argument("--sdist", type=Path, help="a local copy of pycg-0.0.8.tar.gz (its sha256 is checked)")
    parser.add_argument("--snippets", type=Path, help="read the cases from this folder (CATEGORY/NAME/callgraph.json) instead")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="cases run at once (default 1)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures and the misses as JSON")
    return parser


def _snippets(args: argparse.Namespace, work: Path) -> Path:
    if args.snippets:
        return args.snippets
    top = _unpack(fetch_sdist(work, args.sdist), work / "src")
    return top / "micro-benchmark" / "snippets"


def measure(cases: list[tuple[str, Path]], tool: str, cmd: list[str], jobs: int) -> list[Outcome]:
    runner = run_pycg if tool == "pycg" else run_onboard
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        results = list(pool.map(lambda case: run_case(runner, cmd, case[1]), cases))
    if results and all(error for _, error in results):
        raise BenchError(f"{shlex.join(cmd)} failed on every case; on {cases[0][0]}: {results[0][1]}")
    return [compare(name, json.loads((folder / TRUTH).read_text()), found, error)
            for (name, folder), (found, error) in zip(cases, results)]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    given = args.pycg if args.tool == "pycg" else args.onboard
    cmd = shlex.split(given) if given else [sys.executable, "-m", args.tool]
    work = args.work or Path(tempfile.mkdtemp(prefix="pycg-bench-"))
    try:
        cases = find_cases(_snippets(args, work))
        summary = summarise(measure(cases, args.tool, cmd, args.jobs))
    except BenchError as error:
        _say(f"error: {error}")
        return 2
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    source = "the cases of --snippets" if args.snippets else f"{DIST} {VERSION}'s sdist"
    sys.stdout.write(render(summary, f"{args.tool} on PyCG's micro-benchmark ({source}): {len(cases)} cases"))
    if args.json:
        args.json.write_text(json.dumps({"tool": args.tool, "source": source, **summary}, indent=1, sort_keys=True) + "\n")
    return 1 if summary["all"]["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
