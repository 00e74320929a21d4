"""The `onboard check` verdict as SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One rule per kind of finding, with a stable `ruleId`. What fails the gate is an `error`; a gap
that passes (an undocumented public item, an allowed cycle, ...) is a `warning`. Each result
has a relative URI and a start line, and a partial fingerprint built from what identifies the
finding (file and qualified name, a cycle's modules), never from its line, so moved code keeps
its alert. Threshold failures have no place in the code: code scanning rejects a result without
a location, so they are notifications of the invocation, with the verdict's headline.
GitHub's limits are kept: at most 25,000 results (errors first), messages of at most 1,000
characters, identifiers far below 255.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING
from urllib.parse import quote

from onboard import __version__
from onboard.report.text import clean

if TYPE_CHECKING:
    from onboard.analyses.gate import Problem, Verdict

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
MAX_RESULTS = 25_000  # code scanning rejects a run with more
MAX_MESSAGE = 1_000
FINGERPRINT = "onboardFinding/v1"

# (ruleId, name, level when it passes, short description, full description, help)
RULES = (
    ("undocumented", "UndocumentedPublicItem", "warning", "Public item without a docstring",
     "A public module, class or function (no leading underscore in its module or name) has no docstring. "
     "It counts against the docstring coverage that `onboard check` compares with its threshold.",
     "Add a docstring that says what the item is for. An item that must stay undocumented (generated code) can be "
     "excused with `# onboard: no-docstring <reason>` on its line; it is then listed and not counted."),
    ("regression", "NewSinceBaseline", "error", "Regression against the baseline",
     "A public item that has no docstring, or an import-time cycle, that the baseline recorded with "
     "`onboard baseline` does not contain. Against a baseline, only these fail the gate.",
     "Document the item or break the cycle. When the new gap is accepted, regenerate the baseline "
     "(`onboard baseline . -o onboard-baseline.json`) and commit it."),
    ("cycle", "ImportCycle", "warning", "Import-time cycle",
     "Modules that import each other when they are loaded (not only under TYPE_CHECKING or inside a function). "
     "It fails the gate with `--forbid-cycles`; otherwise it is reported as a warning.",
     "Move what both modules need into a third module, or import lazily where the cycle is intended."),
    ("layer", "LayerViolation", "error", "Import against the declared layers",
     "A module of a lower layer imports a module of a higher one, against `layers` in `[tool.onboard]` (top layer first).",
     "Invert the dependency (pass the higher-level object in, or move the shared code down a layer)."),
    ("undeclared", "UndeclaredDependency", "warning", "Third-party import not declared",
     "The package imports a third-party distribution that no packaging file (pyproject.toml, setup.cfg, setup.py, "
     "requirements) declares. It fails the gate with `--forbid-undeclared`.",
     "Declare the distribution as a dependency, or remove the import."),
    ("not-analysed", "FileNotAnalysed", "warning", "File not analysed",
     "onboard could not read or parse this file (syntax error, bad encoding, too large, a parser timeout), so "
     "nothing in it is counted. It fails the gate with `--strict`.",
     "Fix the reason given in the message, or exclude the file in `[tool.onboard]`."),
)
RULE_OF = {"undocumented": "undocumented", "new-undocumented": "regression", "new-cycle": "regression", "cycle": "cycle",
           "layer": "layer", "undeclared": "undeclared", "not-analysed": "not-analysed"}
INDEX = {rule[0]: index for index, rule in enumerate(RULES)}


def _text(message: str) -> dict:
    text = clean(message)
    return {"text": text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE - 1] + "…"}


def _rule(rule_id: str, name: str, level: str, short: str, full: str, help_text: str) -> dict:
    tags = ["maintainability", "documentation" if rule_id in ("undocumented", "regression") else "architecture"]
    return {"id": rule_id, "name": name, "shortDescription": {"text": short}, "fullDescription": {"text": full},
            "help": {"text": help_text, "markdown": help_text}, "defaultConfiguration": {"level": level},
            "properties": {"tags": tags}}


def _uri(path: str) -> str:
    """A relative URI reference: every byte of the name but letters, digits, `-._~` and `/`
    percent-encoded (a `:` would read as a scheme); an undecodable name keeps its own bytes."""
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = clean(path).encode("utf-8")
    return quote(raw, safe="/")


def _result(problem: Problem, level: str, prefix: str) -> dict:
    rule_id = RULE_OF[problem.rule]
    uri = _uri(prefix + problem.path)
    key = f"{rule_id}\0{problem.key or problem.path}"
    return {
        "ruleId": rule_id, "ruleIndex": INDEX[rule_id], "level": level, "message": _text(problem.message),
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                                            "region": {"startLine": max(problem.line or 1, 1)}}}],
        "partialFingerprints": {FINGERPRINT: hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()},
    }


def _notifications(verdict: Verdict, placeless: list[Problem], left_off: int) -> list[dict]:
    from onboard.report.gate import headline

    notes = [{"level": "error", "message": _text(f"{p.rule}: {p.message}")} for p in placeless]
    if left_off:
        notes.append({"level": "warning", "message": {"text": f"{left_off} results left off: code scanning accepts at most {MAX_RESULTS} per run"}})
    notes.append({"level": "note" if verdict.passed else "error", "message": _text(f"onboard check: {headline(verdict)}")})
    return notes


def render_sarif(verdict: Verdict, prefix: str = "") -> str:
    """The verdict as a SARIF 2.1.0 log of one run. `prefix` is the analysed folder relative to
    the workspace, which code scanning resolves paths from."""
    placed = [(p, "error") for p in verdict.problems if p.path is not None] + [(p, "warning") for p in verdict.gaps if p.path is not None]
    results = [_result(p, level, prefix) for p, level in placed[:MAX_RESULTS]]
    placeless = [p for p in verdict.problems if p.path is None]
    coverage = verdict.coverage
    run = {
        "tool": {"driver": {"name": "onboard", "semanticVersion": __version__, "rules": [_rule(*rule) for rule in RULES]}},
        "invocations": [{"executionSuccessful": True,
                         "toolExecutionNotifications": _notifications(verdict, placeless, len(placed) - len(results))}],
        "results": results,
        "properties": {"passed": verdict.passed,
                       "coverage": {"percent": coverage.percent, "total": coverage.total, "documented": coverage.documented}},
    }
    return json.dumps({"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}, indent=2, ensure_ascii=False) + "\n"
