"""The figures: medians and per-round ratios of every corpus (summarise) against issue 20's
targets (targets, growth_targets), the Markdown tables bench.py prints (render), and which
onboard the run measures (versions, onboard_checkout)."""

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
TARGET_MEMORY_GIB = 1.0  # summed peak RSS of the cold run's process tree (issue 20 sets it on 3 x Django)
TARGET_GROWTH = 0.1  # N copies: synthetic / base <= N + 0.1, for cold and warm-facts


def _mib(value: float | None) -> str:
    return "–" if value is None else f"{value / 1024**2:.0f}"


def checkout_of(package: Path) -> Path | None:
    """The git checkout whose top-level folder `package` is, or None (an installed copy, even
    one in a virtual environment inside a checkout)."""
    package = package.resolve()
    try:
        top = subprocess.run(["git", "-C", str(package), "rev-parse", "--show-toplevel"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None
    return package.parent if top and Path(top).resolve() == package.parent else None


def onboard_checkout() -> Path | None:
    """The checkout whose `onboard` folder this interpreter imports (an editable install, or the
    checkout on PYTHONPATH), or None for an installed copy; the measured runs import the same."""
    import onboard

    return checkout_of(Path(onboard.__file__).parent)


def versions() -> dict:
    from importlib import metadata

    out = {}
    for name in ("onboard", "libcst", "interrogate", "grimp", "pebble", "networkx", "rich"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    out["onboard_commit"] = None
    checkout = onboard_checkout()
    if checkout is not None:
        try:
            commit = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10).stdout.strip()
            dirty = subprocess.run(["git", "-C", str(checkout), "status", "--porcelain", "--", "onboard"], capture_output=True, text=True, timeout=10).stdout.strip()
            out["onboard_commit"] = (commit + (" + uncommitted changes" if dirty else "")) or None
        except (OSError, subprocess.TimeoutExpired):
            pass
    return out


def _row(what: str, value: float | None, limit: float) -> tuple[str, float | None, str, bool | None]:
    """A target row: (what, measured, target, ok); ok is None when the figure was not measured
    in this run (no warm-facts, no /proc to sample), which is not a failure."""
    return what, value, f"≤ {limit:g}", None if value is None else value <= limit


def targets(ratios: dict, cold_tree_peak: int | None) -> list[tuple[str, float | None, str, bool | None]]:
    """Issue 20's targets and issue 10's incremental one, from a corpus's median ratios and the
    sampled peak of its cold runs' process trees (bytes)."""
    return [
        _row("cold / floor", ratios["cold/floor"], TARGET_COLD),
        _row("warm / interrogate", ratios["warm/interrogate"], TARGET_WARM),
        _row("warm-facts / interrogate", ratios["warm-facts/interrogate"], TARGET_WARM_FACTS),
        _row("(incremental − warm-facts-copy) / one file, pair by pair", ratios["(incremental-warm-facts-copy)/one-file"], TARGET_INCREMENTAL),
        _row("cold peak RSS, tree sum (GiB; issue 20 sets it on 3 x Django)", None if cold_tree_peak is None else cold_tree_peak / 1024**3, TARGET_MEMORY_GIB),
    ]


def growth_targets(growth: dict[str, float], copies: int, base_label: str) -> list[tuple[str, float | None, str, bool | None]]:
    """Issue 20's cost growth: the synthetic corpus's cold and warm-facts against its base's (the
    medians of the per-round ratios in `growth`), each within (copies + 0.1) ×."""
    return [_row(f"{name} / {name} of {base_label}", growth.get(name), copies + TARGET_GROWTH) for name in ("cold", "warm-facts")]


def _growth(corpus: Corpus, base: Corpus) -> dict[str, float]:
    """Per command the synthetic corpus runs and its base too: the median of the per-round ratios
    of their wall times."""
    out = {}
    for name in ("cold", "warm", "warm-facts"):
        if name in corpus.runs and name in base.runs:
            pairs = zip(corpus.runs[name], base.runs[name])
            out[name] = _median([mine["wall"] / theirs["wall"] for mine, theirs in pairs])
    return out


def _growth_info(corpus: Corpus, base: Corpus, growth: dict[str, float], peaks: dict) -> list[tuple[str, float]]:
    """What the scale point shows beside its targets: warm's growth, and the memory's."""
    info = [(f"warm / warm of {base.label} (linear would be {corpus.copies})", growth["warm"])] if "warm" in growth else []
    for name, label in (("cold", "cold peak RSS, tree sum"), ("warm-facts", "warm-facts peak RSS")):
        theirs = max((r["tree_peak"] or 0) for r in base.runs.get(name, [])) if name in base.runs else None
        if peaks.get(name) and theirs:
            info.append((f"{label} / that of {base.label}", peaks[name] / theirs))
    return info


def _figures(corpus: Corpus) -> dict:
    """One corpus's medians, peaks, per-round ratios and info lines."""
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
    return {
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
        "info": [
            ("cold / floor parse phase only", _median(ratio_cold_parse)),
            ("(incremental − warm) / one file", _median(ratio_incr)),
            ("incremental − warm-facts-copy, seconds (median of the pairs)", _median(delta_facts)),
            ("median incremental − median warm-facts of the original corpus, seconds", across),
            ("median incremental − median warm, seconds", _median(delta)),
        ],
    }


def summarise(corpora: list[Corpus]) -> dict:
    """Per corpus: medians, peaks, per-round ratios, targets (PASS/FAIL) and info lines; the
    synthetic corpus's growth against its base among them."""
    by_key = {c.key: c for c in corpora}
    summary = {}
    for corpus in corpora:
        entry = _figures(corpus)
        peaks = entry["peak_rss_tree_sampled"]
        entry["targets"] = targets(entry["ratios"], peaks.get("cold"))
        if corpus.base in by_key:
            base = by_key[corpus.base]
            growth = _growth(corpus, base)
            entry["targets"] += growth_targets(growth, corpus.copies, base.label)
            entry["info"] += _growth_info(corpus, base, growth, peaks)
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
                note = f" (a comment appended to `{c.touch}`; {len(results)} runs)"
            elif name == "code-changed":
                note = f" (a function appended to `{c.touch}`: the program model solved again)"
            elif name == "warm-facts-copy":
                note = f" (the incremental's pair: its copy and cache, the file as cached; {len(results)} runs)"
            lines.append(f"| {name}{note} | {statistics.median(walls):.2f} | {min(walls):.2f}–{max(walls):.2f} "
                         f"| {_mib(e['peak_rss_largest_process'][name])} | {_mib(e['peak_rss_tree_sampled'][name])} |")
        lines += ["", "| target | measured | target | result |", "|---|---:|---:|---|"]
        for what, value, target, ok in e["targets"]:
            shown = "–" if value is None else f"{value:.2f}"
            lines.append(f"| {what} | {shown} | {target} | {'not measured' if ok is None else 'PASS' if ok else 'FAIL'} |")
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
