"""onboard cold, warm, warm-facts and incremental against the libcst floor and interrogate (issues 10 and 20).

Run by hand (never by the test suite), with the Python that has onboard and its test extras:

    python benchmarks/bench.py [--corpus django --corpus sqlalchemy --corpus metaflow] [--rounds 5,sqlalchemy=7] [--pairs 3]
                               [--synthetic 3 [--synthetic-base NAME]] [--work DIR] [--json results.json]
    python benchmarks/bench.py --phases [--corpus django] [--rounds 5] [--work DIR]

Corpora are pinned sdists (sha256 pinned), downloaded once from PyPI's simple JSON API (PEP 691)
into `--work DIR` (default: a temporary folder, deleted at the end) and unpacked there; no pip,
nothing of theirs is imported or run. `--synthetic N` adds N renamed copies of one corpus in a
single repository (the scale point). For every corpus, each round runs, in this order:

    floor        every `.py` file onboard discovers through `libcst.parse_module`, in a 2-process
                 pool whose workers open the files (the parent sends paths), Pool.map(chunksize=8)
    cold         `onboard CORPUS -j 2 --cache-dir <empty dir> -q -f json`
    warm         the same with the cache a previous run filled (it reuses that run's reports)
    warm-facts   warm with `--no-reuse`: the cached per-file facts, every analysis run again
                 (left out when the installed onboard has no --no-reuse)
    incremental  in K pairs (--pairs, default 3), the order alternating: warm-facts on a copy of
                 the corpus with its own cache (warm-facts-copy), and the same with one file
                 changed (a fresh comment line): the pair differs by that file only
    code-changed once a round, the same copy and cache after a function was appended to that
                 file (the comment is invisible to the program model; this is not)
    one-file     importing onboard's extractor and extracting that one file (the cost of it)
    interrogate  `interrogate -q PACKAGE_DIR` (the anchor of warm)
    grimp        `grimp.build_graph(PACKAGE, cache_dir=None)` (context; when installed)

Rounds of different corpora interleave, so ratios are taken pair by pair within one round and
the tables report medians (the incremental one over every pair of every round). Each command
runs under a small launcher that times it and reports the largest resident set of any process of
its tree and the peak of the tree's summed resident sets (sampled from /proc every 50 ms). The
checks afterwards: neither warm mode imports libcst or a process pool, the warm run reuses the
last run's reports, the reports are byte-identical, warm-facts parses nothing and the
incremental run one file, docstring coverage equals interrogate's, the import graph grimp's.

Every measured command runs with `PYTHONDONTWRITEBYTECODE` removed from its environment, so that
it reads cached bytecode as an installed onboard does (an editable checkout where the variable is
set would compile onboard's modules again on every run, about 0.15 s); the untimed run that fills
a corpus's cache writes the `.pyc` files before any timed run.

The onboard measured is the one this interpreter imports (from the `--work` folder, so not a
checkout's `onboard` folder by accident): an installed copy, an editable install, or the checkout
on PYTHONPATH. The script says so when that is not the checkout it belongs to.

`--phases` measures instead where onboard's parse stage spends its time on every `.py` file of
each corpus, in this process (the reading, the guard, each fact walk, the program model's summary
and its encoding, pickling: totals and shares), then the whole stage in its worker pool against
the floor, alternated `--rounds` times.

The parts: sdists.py (download, pin, unpack), corpora.py, launcher.py (processes, rounds,
memory), modes.py (the commands and the floor), checks.py, report.py (targets and tables),
phases.py, common.py.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from checks import run_checks
from common import PROJECT, BenchError, say
from corpora import DEFAULT_CORPORA, KNOWN, Corpus, make_synthetic, measure_size, prepare_corpus
from launcher import NO_WARM_FACTS, Runner, alternate
from modes import mode_floor, mode_grimp, mode_interrogate, mode_onefile, mode_pool, run_round, setup_corpus
from report import onboard_checkout, render, scale_line, summarise, versions
from sdists import normal

HIDDEN = {
    "--_floor": lambda rest: mode_floor(rest[0], int(rest[1])),
    "--_onefile": lambda rest: mode_onefile(rest[0]),
    "--_pool": lambda rest: mode_pool(rest[0], int(rest[1]), rest[2]),
    "--_grimp": lambda rest: mode_grimp(rest[0], rest[1:]),
    "--_interrogate": lambda rest: mode_interrogate(rest),
}


def _rounds(spec: str, keys: list[tuple[str, str | None]]) -> dict[str, int]:
    default, out = None, {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        if "=" in part:
            name, value = part.split("=", 1)
            out[normal(name)] = int(value)
        else:
            default = int(part)
    result = {}
    for key, base in keys:
        fallback = out.get("synthetic", out.get(base, default or 5)) if base else default or 5
        result[key] = out.get(normal(key), fallback)
    return result


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in HIDDEN:
        HIDDEN[argv[0]](argv[1:])
        return 0

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[2:]))
    parser.add_argument("--corpus", action="append", help=f"a known corpus ({', '.join(KNOWN)}) or NAME==VERSION from PyPI; repeatable "
                        f"(default: {', '.join(DEFAULT_CORPORA)})")
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
    parser.add_argument("--phases", action="store_true", help="instead: time the parse stage's phases on every file of each corpus, "
                        "in this process, and the stage in its worker pool against the floor (--rounds times)")
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
    if onboard_checkout() != PROJECT:
        import onboard

        say(f"note: measuring the onboard at {Path(onboard.__file__).parent}, not this checkout's; "
            f"PYTHONPATH={PROJECT} measures this one")

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
        return _phases(args, work) if args.phases else _run(args, work, with_grimp)
    except BenchError as error:
        print(f"bench.py: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)


def _phases(args: argparse.Namespace, work: Path) -> int:
    """`--phases`: the parse stage's phases timed in this process, then the stage in its pool
    against the floor; one table per corpus."""
    from phases import measure_phases, pool_against_floor, render_phases

    runner = Runner(work, args.jobs)
    corpora = [prepare_corpus(spec, work) for spec in (args.corpus or DEFAULT_CORPORA)]
    rounds = _rounds(args.rounds, [(c.key, None) for c in corpora])
    for corpus in corpora:
        say(f"phases of {corpus.label} ...")
        measured = measure_phases(str(corpus.root))
        say(f"{corpus.label}: the parse stage in its pool against the floor, {rounds[corpus.key]} rounds ...")
        print(render_phases(corpus.label, measured, pool_against_floor(corpus.root, runner, rounds[corpus.key])))
    return 0


def _corpora(args: argparse.Namespace, work: Path) -> list[Corpus]:
    """The corpora of the run, measured, the synthetic one last, each with its number of rounds."""
    corpora = [prepare_corpus(spec, work) for spec in (args.corpus or DEFAULT_CORPORA)]
    for corpus in corpora:
        measure_size(corpus)
    if args.synthetic > 1:
        if args.synthetic_base:
            wanted = normal(args.synthetic_base.split("==", 1)[0])
            base = next((c for c in corpora if c.key == wanted), None)
            if base is None:  # measured too: the scale figures are ratios to it
                say(f"note: the synthetic base {args.synthetic_base} is not among the corpora; it is measured as well")
                base = prepare_corpus(args.synthetic_base, work)
                measure_size(base)
                corpora.append(base)
        else:
            base = min(corpora, key=lambda c: c.size["bytes"])
        say(f"generating {args.synthetic} copies of {base.label} ...")
        synthetic = make_synthetic(base, args.synthetic, work)
        measure_size(synthetic)
        corpora.append(synthetic)
        say(scale_line(base, synthetic))
    rounds = _rounds(args.rounds, [(c.key, c.base) for c in corpora])
    for corpus in corpora:
        corpus.rounds = rounds[corpus.key]
    return corpora


def _run(args: argparse.Namespace, work: Path, with_grimp: bool) -> int:
    """The rounds, the checks, the tables (and the JSON file); 1 when a target or check fails."""
    runner = Runner(work, args.jobs, args.pairs)  # asks onboard whether it knows --no-reuse
    if not runner.no_reuse:
        say(f"note: {NO_WARM_FACTS}")
    corpora = _corpora(args, work)
    machine = {
        "date": time.strftime("%Y-%m-%d"),
        "cpu_count": os.cpu_count(),
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "platform": f"{platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "versions": versions(),
        "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "jobs": args.jobs,
        "no_reuse": runner.no_reuse,  # whether the installed onboard knows --no-reuse (else no warm-facts)
    }
    for corpus in corpora:
        say(f"preparing {corpus.label}: {corpus.size['files']:,} files, {corpus.size['lines']:,} lines (filling its cache) ...")
        setup_corpus(corpus, runner)
    alternate(corpora, lambda corpus, index: run_round(corpus, runner, index, with_grimp))
    for corpus in corpora:
        say(f"checks on {corpus.label} ...")
        run_checks(corpus, runner, with_grimp)
    machine["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    summary = summarise(corpora)
    print(render(corpora, summary, machine))
    if args.json:
        args.json.write_text(json.dumps(_payload(corpora, summary, machine), indent=1, default=str))
    failed = [what for c in corpora for what, _, _, ok in summary[c.key]["targets"] if ok is False]
    failed += [what for c in corpora for what, ok, _ in c.checks if not ok]
    return 1 if failed else 0


def _payload(corpora: list[Corpus], summary: dict, machine: dict) -> dict:
    """What `--json` writes: the machine, and per corpus its runs, summary, checks and details."""
    return {
        "machine": machine,
        "corpora": [{"key": c.key, "label": c.label, "size": c.size, "touched": c.touch, "copies": c.copies, "rounds": c.rounds,
                     "runs": {name: [{k: v for k, v in r.items() if k != "stdout"} for r in results] for name, results in c.runs.items()},
                     "summary": summary[c.key], "checks": [{"check": w, "ok": ok, "detail": d} for w, ok, d in c.checks],
                     "warm_imports_us": c.extra.get("warm_imports_us"), "warm_facts_imports_us": c.extra.get("warm_facts_imports_us"),
                     "grimp_diff": c.extra.get("grimp_diff"),
                     "incremental_pairs": [{"round": r, "incremental_minus_warm_facts_copy": d} for r, d in c.extra.get("incremental_pairs", [])]}
                    for c in corpora],
    }


if __name__ == "__main__":
    sys.exit(main())
