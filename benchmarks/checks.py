"""The checks after the rounds: what the warm modes import, that the warm run reuses its reports
and warm-facts parses nothing, that the incremental run parses one file, that the reports of the
modes are byte-identical, and accuracy against interrogate (docstring coverage) and grimp (the
package's import graph)."""

from __future__ import annotations

import json
import re
import secrets
import sys
from pathlib import Path

from corpora import Corpus
from launcher import Runner, ok

_HEAVY = ("onboard.cli", "libcst", "pebble", "multiprocessing", "concurrent.futures.process", "networkx", "rich.console", "click", "pathspec")


def run_checks(corpus: Corpus, runner: Runner, grimp: bool) -> None:
    """Every check on one corpus, appended to `corpus.checks` as (what, ok, detail)."""
    dirs = corpus.extra["dirs"]
    add = corpus.checks.append

    # both warm modes under -X importtime: which heavy modules they import, and none of the parser's
    modes = [("warm", (), "warm_imports_us")]
    if runner.no_reuse:
        modes.append(("warm-facts", ("--no-reuse",), "warm_facts_imports_us"))
    for name, extra, key in modes:
        stderr_file = dirs["base"] / f"importtime-{name}"
        cmd = [sys.executable, "-X", "importtime", *runner.onboard(corpus.root, dirs["warm"], "-q", *extra)[1:]]
        ok(runner.launch(cmd, stdout=stderr_file), f"onboard {name} under -X importtime")
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
        result = ok(runner.launch(runner.onboard(root, cache, "-v", *extra)), f"onboard -v {' '.join(extra)}".strip())
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
    report = json.loads(ok(runner.launch(runner.onboard(corpus.root, dirs["warm"], "-q")), "onboard")["stdout"].read_text())
    prefixes = tuple(p.relative_to(corpus.root).as_posix() + "/" for p in corpus.packages)
    # notebooks are modules to onboard (issue 19); interrogate reads `.py` files only
    mine = [m for m in report["docs"]["modules"] if m["path"] and m["path"].startswith(prefixes) and not m["path"].endswith(".ipynb")]
    total, documented = sum(m["total"] for m in mine), sum(m["documented"] for m in mine)
    theirs = json.loads(ok(runner.launch(runner.me("--_interrogate", *map(str, corpus.packages))), "interrogate's API")["stdout"].read_text())
    add(("docstring coverage of the package equals interrogate's", (total, documented) == (theirs["total"], theirs["covered"]),
         f"onboard {documented}/{total}, interrogate {theirs['covered']}/{theirs['total']}"))

    if grimp:
        dump = dirs["base"] / "grimp.json"
        ok(runner.launch(runner.me("--_grimp", str(dump), *map(str, corpus.packages))), "grimp")
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
