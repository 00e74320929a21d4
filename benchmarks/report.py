"""The figures: medians and per-round ratios of every corpus against the targets (summarise),
and the Markdown tables bench.py prints (render, render_phases)."""

from __future__ import annotations

import statistics
import subprocess
from pathlib import Path

from common import PROJECT
from corpora import Corpus
from launcher import NO_WARM_FACTS, median as _median

# issue 20's targets (issue 10's incremental one kept)
TARGET_COLD = 1.25  # cold / floor
TARGET_WARM = 0.1  # warm / interrogate
TARGET_WARM_FACTS = 0.5  # warm-facts / interrogate
TARGET_INCREMENTAL = 1.3  # (incremental - warm-facts) / one-file
TARGET_MEMORY = 1024**3  # summed peak RSS of the cold run's process tree, bytes
TARGET_SCALE = 3.1 / 3  # synthetic / base <= 3.1 for 3 copies (cold and warm-facts)


def _mib(value: float | None) -> str:
    return "–" if value is None else f"{value / 1024**2:.0f}"


def versions() -> dict:
    from importlib import metadata

    out = {}
    for name in ("onboard", "libcst", "interrogate", "grimp", "pebble", "networkx", "rich"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    import onboard

    out["onboard_commit"] = None
    if Path(onboard.__file__).resolve().is_relative_to(PROJECT):  # an editable install: this checkout
        try:
            commit = subprocess.run(["git", "-C", str(PROJECT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10).stdout.strip()
            dirty = subprocess.run(["git", "-C", str(PROJECT), "status", "--porcelain", "--", "onboard"], capture_output=True, text=True, timeout=10).stdout.strip()
            out["onboard_commit"] = (commit + (" + uncommitted changes" if dirty else "")) or None
        except (OSError, subprocess.TimeoutExpired):
            pass
    return out


def summarise(corpora: list[Corpus]) -> dict:
    """Per corpus: medians, peaks, per-round ratios, targets (PASS/FAIL) and info lines."""
    by_key = {c.key: c for c in corpora}
    summary = {}
    for corpus in corpora:
        runs = corpus.runs
        walls = {name: [r["wall"] for r in results] for name, results in runs.items()}
        n = len(walls["cold"])
        ratio_cold = [walls["cold"][i] / walls["floor"][i] for i in range(n)]
        ratio_cold_parse = [walls["cold"][i] / runs["floor"][i]["parse"] for i in range(n)]
        ratio_warm = [walls["warm"][i] / walls["interrogate"][i] for i in range(n)]
        one = [r["total"] for r in runs["one-file"]]
        facts = "warm-facts" in walls  # absent when the installed onboard has no --no-reuse
        ratio_facts = [walls["warm-facts"][i] / walls["interrogate"][i] for i in range(n)] if facts else []
        # pair by pair: incremental minus its adjacent warm-facts run on the same copy and cache,
        # over that round's one-file cost
        pairs = corpus.extra.get("incremental_pairs", [])
        delta_facts = [d for _, d in pairs] if facts else []
        ratio_incr_facts = [d / one[r] for r, d in pairs] if facts else []
        # against the runs on the original corpus (medians; not paired, so noisier)
        delta = [_median(walls["incremental"]) - _median(walls["warm"])]
        ratio_incr = [delta[0] / _median(one)]
        across = _median(walls["incremental"]) - _median(walls["warm-facts"]) if facts else None
        tree = [r["tree_peak"] for r in runs["cold"] if r["tree_peak"]]
        entry = {
            "median_seconds": {name: _median(values) for name, values in walls.items()},
            "floor_parse_seconds": _median([r["parse"] for r in runs["floor"]]),
            "floor_discover_seconds": _median([r["discover"] for r in runs["floor"]]),
            "one_file_import_seconds": _median([r["import"] for r in runs["one-file"]]),
            "one_file_extract_seconds": _median([r["extract"] for r in runs["one-file"]]),
            "peak_rss_largest_process": {name: max(r["maxrss"] for r in results) for name, results in runs.items()},
            "peak_rss_tree_sampled": {name: max((r["tree_peak"] or 0) for r in results) or None for name, results in runs.items()},
            "ratios": {"cold/floor": _median(ratio_cold), "cold/floor-parse": _median(ratio_cold_parse), "warm/interrogate": _median(ratio_warm),
                       "warm-facts/interrogate": _median(ratio_facts), "incremental-warm": _median(delta),
                       "(incremental-warm)/one-file": _median(ratio_incr), "incremental-warm-facts-copy": _median(delta_facts),
                       "(incremental-warm-facts-copy)/one-file": _median(ratio_incr_facts), "incremental-warm-facts": across,
                       "incremental_pairs": len(pairs)},
            # (what, measured, target, ok); ok None: not measured in this run (not a failure)
            "targets": [
                ("cold / floor", _median(ratio_cold), f"≤ {TARGET_COLD}", _median(ratio_cold) <= TARGET_COLD),
                ("warm / interrogate", _median(ratio_warm), f"≤ {TARGET_WARM}", _median(ratio_warm) <= TARGET_WARM),
                ("warm-facts / interrogate", _median(ratio_facts), f"≤ {TARGET_WARM_FACTS}",
                 _median(ratio_facts) <= TARGET_WARM_FACTS if facts else None),
                ("(incremental − warm-facts-copy) / one file, pair by pair", _median(ratio_incr_facts), f"≤ {TARGET_INCREMENTAL}",
                 _median(ratio_incr_facts) <= TARGET_INCREMENTAL if facts else None),
                ("cold peak RSS, tree sum (GiB)", max(tree) / 1024**3 if tree else None, "≤ 1", bool(tree) and max(tree) <= TARGET_MEMORY),
            ],
            "info": [
                ("cold / floor parse phase only", _median(ratio_cold_parse)),
                ("(incremental − warm) / one file", _median(ratio_incr)),
                ("incremental − warm-facts-copy, seconds (median of the pairs)", _median(delta_facts)),
                ("median incremental − median warm-facts of the original corpus, seconds", across),
                ("median incremental − median warm, seconds", _median(delta)),
            ],
        }
        if corpus.base and corpus.base in by_key:
            base = by_key[corpus.base]
            for name in ("cold", "warm", "warm-facts"):
                if name not in corpus.runs or name not in base.runs:
                    continue
                pairs = min(len(corpus.runs[name]), len(base.runs[name]))
                ratio = _median([corpus.runs[name][i]["wall"] / base.runs[name][i]["wall"] for i in range(pairs)])
                limit = TARGET_SCALE * corpus.copies
                if name == "warm":  # no target of issue 20: shown beside the others
                    entry["info"].append((f"{name} / {name} of {base.label} (linear would be {corpus.copies})", ratio))
                else:
                    entry["targets"].append((f"{name} / {name} of {base.label}", ratio, f"≤ {limit:.2f}", ratio <= limit))
            mine, theirs = entry["peak_rss_tree_sampled"].get("cold"), None
            theirs = max((r["tree_peak"] or 0) for r in base.runs["cold"]) or None
            if mine and theirs:
                entry["info"].append((f"cold peak RSS, tree sum / that of {base.label}", mine / theirs))
            facts_mine = entry["peak_rss_tree_sampled"].get("warm-facts")
            facts_theirs = max((r["tree_peak"] or 0) for r in base.runs.get("warm-facts", [])) if "warm-facts" in base.runs else None
            if facts_mine and facts_theirs:
                entry["info"].append((f"warm-facts peak RSS / that of {base.label}", facts_mine / facts_theirs))
        summary[corpus.key] = entry
    return summary


def scale_line(base: Corpus, synthetic: Corpus) -> str:
    return (f"Synthetic scale point: {synthetic.label}, {synthetic.size['files']:,} files, {synthetic.size['bytes'] / 1024**2:.1f} MiB "
            f"(its base {base.size['files']:,} files, {base.size['bytes'] / 1024**2:.1f} MiB; issue 10 asks for about 10 x a ~5 MiB "
            "corpus, ~7,000 files, ~50 MiB).")


def render(corpora: list[Corpus], summary: dict, machine: dict) -> str:
    """The run as Markdown: the corpora, then per corpus its commands, targets and checks."""
    lines = [f"## onboard benchmark, {machine['date']}", ""]
    v = machine["versions"]
    lines.append(f"Machine: {machine['cpus']} CPUs usable ({machine['cpu_count']} present), {machine['platform']}, Python {machine['python']}, "
                 f"libcst {v['libcst']}, onboard {v['onboard']}{' (' + v['onboard_commit'] + ')' if v.get('onboard_commit') else ''}, "
                 f"interrogate {v['interrogate']}, grimp {v['grimp'] or 'not installed'}; load average {machine['load_before']} before, "
                 f"{machine['load_after']} after. Medians; ratios are medians of per-round ratios.")
    lines += ["", "| corpus | files | lines | MiB | package files | package lines | rounds |", "|---|---:|---:|---:|---:|---:|---:|"]
    for c in corpora:
        s = c.size
        lines.append(f"| {c.label} | {s['files']:,} | {s['lines']:,} | {s['bytes'] / 1024**2:.1f} | {s['package_files']:,} | {s['package_lines']:,} "
                     f"| {len(c.runs['cold'])} |")
    by_key = {c.key: c for c in corpora}
    for c in corpora:
        if c.base in by_key:
            lines += ["", scale_line(by_key[c.base], c)]
    if not machine["no_reuse"]:
        lines += ["", f"Note: {NO_WARM_FACTS}."]
    for c in corpora:
        e = summary[c.key]
        lines += ["", f"### {c.label}", "", "| command | median s | min–max s | peak RSS MiB, largest process | peak RSS MiB, tree (sampled) |",
                  "|---|---:|---:|---:|---:|"]
        for name, results in c.runs.items():
            walls = [r["wall"] for r in results]
            note = ""
            if name == "floor":
                note = f" (parse phase {e['floor_parse_seconds']:.2f}, discover {e['floor_discover_seconds']:.2f})"
            elif name == "one-file":
                note = f" (import {e['one_file_import_seconds']:.2f} + extract {e['one_file_extract_seconds']:.3f}, in process)"
            elif name == "incremental":
                note = f" (`{c.touch}` changed; {len(results)} runs)"
            elif name == "warm-facts-copy":
                note = f" (the incremental's pair: its copy and cache, the file as cached; {len(results)} runs)"
            lines.append(f"| {name}{note} | {statistics.median(walls):.2f} | {min(walls):.2f}–{max(walls):.2f} "
                         f"| {_mib(e['peak_rss_largest_process'][name])} | {_mib(e['peak_rss_tree_sampled'][name])} |")
        lines += ["", "| target | measured | target | result |", "|---|---:|---:|---|"]
        for what, value, target, ok in e["targets"]:
            shown = "–" if value is None else f"{value:.2f}"
            lines.append(f"| {what} | {shown} | {target} | {'skipped (no warm-facts)' if ok is None else 'PASS' if ok else 'FAIL'} |")
        for what, value in e["info"]:
            if value is not None:
                lines.append(f"| (info) {what} | {value:.2f} | | |")
        lines += ["", "| check | result | detail |", "|---|---|---|"]
        for what, ok, detail in c.checks:
            lines.append(f"| {what} | {'PASS' if ok else 'FAIL'} | {detail} |")
        for key, title in (("warm_imports_us", "Warm-run"), ("warm_facts_imports_us", "Warm-facts-run")):
            heavy = c.extra.get(key, {})
            if heavy:
                lines.append("")
                lines.append(f"{title} imports (cumulative, -X importtime): "
                             + ", ".join(f"{k} {v / 1000:.0f} ms" for k, v in sorted(heavy.items(), key=lambda kv: -kv[1])))
    return "\n".join(lines) + "\n"
