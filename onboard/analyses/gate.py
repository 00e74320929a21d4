"""The CI gate: does the repository pass its documentation and structure rules?

What it finds: coverage below `fail-under` (compared exactly, never rounded up), paths below
their own minimum (`[tool.onboard.check]`: glob -> minimum), and, against a baseline recorded
earlier, only regressions: public modules, classes and functions that became undocumented, and
import cycles that did not exist. Optionally any import-time cycle, and imports that go against
declared layers. Everything else it finds with a place (public undocumented items, allowed
cycles, undeclared imports, files not analysed) comes back as gaps, which pass. Why it matters:
a legacy repository can adopt the gate today and ratchet up.
Limits: items are identified by module and qualified name, so renaming an undocumented function
makes it "new".
"""

from __future__ import annotations

import pathspec

from onboard.analyses.docs import Coverage, Excused, ModuleDocs, below_threshold
from onboard.frozen import record
from onboard.results import Report

RULES = ("coverage", "path-coverage", "new-undocumented", "new-cycle", "cycle", "layer", "undeclared", "not-analysed")
GAP_RULES = ("undocumented", "cycle", "undeclared", "not-analysed")  # findings that are reported without failing
BASELINE_FORMAT = "onboard-baseline"
BASELINE_VERSION = 1
WORST = 10


@record
class Baseline:
    """Gaps accepted when the baseline was recorded."""

    undocumented: frozenset[str]
    cycles: tuple[frozenset[str], ...]
    coverage: Coverage | None = None  # the overall figure when it was recorded


@record
class Rules:
    """What the gate checks; `fail_under` None means no overall threshold."""

    fail_under: float | None = 80.0
    paths: tuple[tuple[str, float], ...] = ()
    baseline: Baseline | None = None
    forbid_cycles: bool = False
    layers: tuple[str, ...] = ()  # package prefixes, top layer first
    strict: bool = False  # a file that could not be analysed fails the gate
    forbid_undeclared: bool = False  # a third-party import of the package that no packaging file declares


@record
class Problem:
    """One reason the gate fails (or, in `Verdict.gaps`, a finding that does not fail it), where
    it is when it has a place."""

    rule: str  # one of RULES (GAP_RULES for a gap)
    message: str
    path: str | None = None
    line: int | None = None
    key: str = ""  # what identifies it across runs, never a line: `path::qualified.name`, a cycle's modules, ...


@record
class PathResult:
    """Coverage of the files a glob matches, against its minimum."""

    pattern: str
    coverage: Coverage
    minimum: float
    passed: bool


@record
class Verdict:
    """The gate's answer."""

    passed: bool
    coverage: Coverage
    fail_under: float | None
    problems: tuple[Problem, ...]
    paths: tuple[PathResult, ...]
    excused: tuple[tuple[str, Excused], ...]  # (path, item)
    fixed: int  # baseline gaps documented since
    baseline_used: bool
    worst: tuple[tuple[str, int, int], ...] = ()  # (path, undocumented, total): where to start, most gaps first
    rules: tuple[str, ...] = ()  # the rules that were checked
    baseline_coverage: Coverage | None = None
    gaps: tuple[Problem, ...] = ()  # what does not fail the gate: undocumented public items, allowed cycles, ...


def item_key(module: ModuleDocs, name: str, kind: str) -> str:
    """How a gap is known in a baseline: its file and qualified name, never its line (two
    projects of a monorepo may both have a module `app.models`)."""
    return f"{module.path}::" if kind == "module" else f"{module.path}::{name}"


def _public(module: ModuleDocs, name: str, kind: str) -> bool:
    parts = module.module.split(".") + ([] if kind == "module" else name.split("."))
    return not any(part.startswith("_") for part in parts)


def _gaps(report: Report) -> dict[str, tuple[ModuleDocs, object]]:
    found = {}
    for module in report.docs.modules:
        if module.scope in report.docs.scopes:
            for missing in module.missing:
                found[item_key(module, missing.name, missing.kind)] = (module, missing)
    return found


def baseline_data(report: Report) -> dict:
    """Today's gaps as JSON data: every undocumented item and every import-time cycle, sorted."""
    return {
        "format": BASELINE_FORMAT,
        "version": BASELINE_VERSION,
        "coverage": {"documented": report.docs.overall.documented, "total": report.docs.overall.total},
        "undocumented": sorted(_gaps(report)),
        "cycles": sorted(list(c.modules) for c in report.structure.cycles if c.import_time),
    }


def read_baseline(data: object) -> Baseline:
    """A baseline from its JSON data; ValueError when it is not one."""
    if not isinstance(data, dict) or data.get("format") != BASELINE_FORMAT or data.get("version") != BASELINE_VERSION:
        raise ValueError(f"not an onboard baseline (expected format {BASELINE_FORMAT!r}, version {BASELINE_VERSION})")
    items, cycles = data.get("undocumented"), data.get("cycles")
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ValueError("`undocumented` must be a list of strings")
    if not isinstance(cycles, list) or not all(isinstance(c, list) and all(isinstance(m, str) for m in c) for c in cycles):
        raise ValueError("`cycles` must be a list of lists of module names")
    figure = data.get("coverage")
    coverage = None
    if isinstance(figure, dict) and all(isinstance(figure.get(k), int) and figure[k] >= 0 for k in ("documented", "total")):
        coverage = Coverage(figure["total"], figure["documented"])
    return Baseline(frozenset(items), tuple(frozenset(c) for c in cycles), coverage)


def _path_results(report: Report, rules: Rules) -> list[PathResult]:
    """Coverage of the counted scopes' files each glob matches; a glob that matches none fails,
    so that a gate is never silently switched off by a moved folder."""
    results = []
    counted = [m for m in report.docs.modules if m.scope in report.docs.scopes]
    for pattern, minimum in rules.paths:
        spec = pathspec.GitIgnoreSpec.from_lines([pattern])
        matched = [m for m in counted if spec.match_file(m.path)]
        coverage = Coverage(sum(m.total for m in matched), sum(m.documented for m in matched))
        results.append(PathResult(pattern, coverage, minimum, bool(matched) and not below_threshold(coverage, minimum)))
    return results


def _undocumented(gaps: dict, baseline: Baseline | None) -> tuple[list[Problem], list[Problem]]:
    """Public undocumented items: those new since the baseline fail, the others are gaps."""
    failing, allowed = [], []
    for key, (module, missing) in sorted(gaps.items()):
        if not _public(module, missing.name, missing.kind):
            continue
        new = baseline is not None and key not in baseline.undocumented
        message = f"{missing.kind} `{missing.name}` has no docstring" + (" (new since the baseline)" if new else "")
        (failing if new else allowed).append(Problem("new-undocumented" if new else "undocumented", message, module.path, missing.line, key))
    return failing, allowed


def _cycle_rule(cycle, rules: Rules) -> str | None:
    known = rules.baseline is not None and any(set(cycle.modules) <= old for old in rules.baseline.cycles)
    if rules.baseline is not None and not known:
        return "new-cycle"
    return "cycle" if rules.forbid_cycles and not known else None


def _cycles(report: Report, rules: Rules) -> tuple[list[Problem], list[Problem]]:
    """Import-time cycles: new or forbidden ones fail, the others are gaps."""
    failing, allowed = [], []
    for cycle in report.structure.cycles:
        if not cycle.import_time:
            continue
        rule = _cycle_rule(cycle, rules)
        loop = " -> ".join(link.importer for link in cycle.loop) + f" -> {cycle.loop[0].importer}"
        first = cycle.loop[0]
        message = f"import cycle {loop}" + (" (new since the baseline)" if rule == "new-cycle" else "")
        (failing if rule else allowed).append(Problem(rule or "cycle", message, first.path, first.line, " ".join(cycle.modules)))
    return failing, allowed


def _layer_of(name: str, layers: tuple[str, ...]) -> int | None:
    for index, prefix in enumerate(layers):
        if name == prefix or name.startswith(prefix + "."):
            return index
    return None


def _layers(report: Report, layers: tuple[str, ...]) -> list[Problem]:
    problems = []
    for edge in report.graph.edges:
        low, high = _layer_of(edge.importer, layers), _layer_of(edge.imported, layers)
        if low is not None and high is not None and high < low and not edge.type_checking_only:
            module = report.graph.modules.get(edge.importer)
            problems.append(Problem("layer", f"`{edge.importer}` (layer {layers[low]}) imports `{edge.imported}` from the layer above it ({layers[high]})",
                                    module.path if module else None, edge.lines[0], f"{edge.importer} -> {edge.imported}"))
    return problems


def _thresholds(report: Report, rules: Rules, paths: list[PathResult]) -> list[Problem]:
    coverage = report.docs.overall
    problems = []
    if rules.fail_under is not None and below_threshold(coverage, rules.fail_under):
        problems.append(Problem("coverage", f"docstring coverage {coverage.documented}/{coverage.total} is below {rules.fail_under:g}%"))
    return problems + [Problem("path-coverage", f"{p.pattern}: coverage {p.coverage.documented}/{p.coverage.total} is below {p.minimum:g}%"
                               if p.coverage.total else f"{p.pattern}: matches no analysed file")
                       for p in paths if not p.passed]


def _findings(report: Report, rules: Rules, items: dict) -> tuple[list[Problem], list[Problem]]:
    """Every finding with a place, split into what fails the gate under these rules and the gaps."""
    new_items, old_items = _undocumented(items, rules.baseline)
    new_cycles, old_cycles = _cycles(report, rules)
    undeclared = [Problem("undeclared", f"`{d.import_name}` is imported but {d.distribution} is not a declared dependency",
                          *(d.first or (None, None)), d.import_name)
                  for d in report.dependencies if d.status == "undeclared" and "package" in d.scopes]
    skipped = [Problem("not-analysed", f"not analysed: {n.reason}: {n.message}", n.path, n.line, n.path) for n in report.repo.not_analysed]
    failing = new_items + new_cycles + _layers(report, rules.layers)
    failing += (undeclared if rules.forbid_undeclared else []) + (skipped if rules.strict else [])
    gaps = old_items + old_cycles + ([] if rules.forbid_undeclared else undeclared) + ([] if rules.strict else skipped)
    return failing, gaps


def evaluate(report: Report, rules: Rules) -> Verdict:
    """Apply every rule; the verdict lists each problem with its place, and the gaps that pass."""
    paths = _path_results(report, rules)
    items = _gaps(report)
    failing, gaps = _findings(report, rules, items)
    problems = _thresholds(report, rules, paths) + failing
    fixed = len(rules.baseline.undocumented - set(items)) if rules.baseline is not None else 0
    counted = [m for m in report.docs.modules if m.scope in report.docs.scopes]
    excused = tuple((m.path, x) for m in counted for x in m.excused)
    worst = tuple((m.path, len(m.missing), m.total) for m in sorted((m for m in counted if m.missing), key=lambda m: (-len(m.missing), m.path))[:WORST])
    checked = tuple(rule for rule, on in (
        ("coverage", rules.fail_under is not None), ("path-coverage", bool(rules.paths)), ("new-undocumented", rules.baseline is not None),
        ("new-cycle", rules.baseline is not None), ("cycle", rules.forbid_cycles), ("layer", bool(rules.layers)),
        ("undeclared", rules.forbid_undeclared), ("not-analysed", rules.strict),
    ) if on)
    return Verdict(not problems, report.docs.overall, rules.fail_under, tuple(problems), tuple(paths), excused, fixed, rules.baseline is not None,
                   worst, checked, rules.baseline.coverage if rules.baseline else None, tuple(gaps))
