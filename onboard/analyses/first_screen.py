"""The first screen: the four questions a newcomer asks, answered before any detail.

What it finds, from what the other analyses hold (it selects, it never analyses again): what the
repository is (the first sentence of the packaging description, else of the README, and its kind
with the evidence); how to run it (the package's console scripts, leaving room for one other
kind, the start-here ways in, then the first of each other kind of the package, commands typed
before routes and tasks, notebooks when room is left, at most 3, each with what to type; a
library is imported); what it touches (the services of the package, those configured by
environment variables first, then by how many files use them, those seen only in optional
integrations last, at most 5, with their variables); where to start reading (5 steps of the
reading order with their reasons: at most 2 ways in, then the most imported modules of the core,
so that entry shims do not fill the list). Why it matters: a newcomer wants the answer first and the
evidence after; the guide and the summary open with this and keep every detail below. Limits:
what the sections below do not know, it does not either.
"""

from __future__ import annotations

import re

from onboard.analyses.entrypoints import KIND_ORDER
from onboard.analyses.kind import Kind
from onboard.analyses.objects import EntryPoint
from onboard.analyses.reading import Step
from onboard.analyses.usage import Usage
from onboard.frozen import record
from onboard.model.metadata import Metadata

WAYS, SERVICES, STEPS, VARIABLES = 3, 5, 5, 3
ENTRY_STEPS = 2  # at most this many ways in among the modules to read first, the core after them
SENTENCE = 200  # the longest "what it is", in characters; a longer sentence is cut at a word
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]][.!?])\s+(?=[A-Z(\[`\"'])")
_WORDS = {"console_script": "console script", "gui_script": "GUI script", "main_module": "module", "script": "script", "cli_command": "command",
          "web_route": "web route", "task": "task", "airflow_dag": "Airflow DAG", "lambda_handler": "serverless handler",
          "django_command": "management command", "entry_point": "plugin", "setup_script": "installed script",
          "container": "container", "process": "process", "dev_command": "developer command"}
_COMMAND_IS_TARGET = ("container", "process")  # what is typed is what they run, not their name
_PUBLISHED = frozenset({"console_script", "gui_script"})
_TYPED = frozenset({"console_script", "gui_script", "main_module", "script", "cli_command", "django_command", "setup_script", "container", "process"})


@record
class Way:
    """A way in: what to type (or see), what kind it is, what it runs and how many of its kind."""

    command: str
    kind: str
    runs: str
    path: str | None
    line: int | None
    of_its_kind: int  # entries of this kind in the package, this one included


@record
class Touch:
    """A service the package uses, with the environment variables that configure it."""

    label: str  # provider/service, or the libraries it is seen through
    category: str
    variables: tuple[str, ...]
    files: int
    optional: bool = False  # seen only in optional integrations (modules users import when they install its SDK)


@record
class FirstScreen:
    """The answers on the first screen; empty parts are left out by the reporters."""

    what: str | None  # one sentence
    kind: str
    evidence: tuple[str, ...]
    ways: tuple[Way, ...]
    touches: tuple[Touch, ...]
    services: int  # services of the package in all, of which `touches` shows the first
    reading: tuple[tuple[str, str], ...]  # (module, why)


def first_sentence(text: str | None) -> str | None:
    """The first sentence of `text`, cut at a word when longer than `SENTENCE`; None for none."""
    sentence = _SENTENCE_END.split((text or "").strip(), 1)[0].strip()
    if len(sentence) > SENTENCE:
        sentence = sentence[:SENTENCE].rsplit(" ", 1)[0].rstrip(",;:-") + " …"
    return sentence or None


def _command(entry: EntryPoint) -> str:
    if entry.kind in _COMMAND_IS_TARGET:
        return entry.target
    program = dict(entry.detail).get("program") if entry.kind == "cli_command" else None
    return f"{program} {entry.name}" if program else entry.name


def _same(entry: EntryPoint, chosen: list[EntryPoint]) -> bool:
    """Whether a chosen way in runs the same: the same target, or (`python -m pkg`) the module
    whose function a chosen one runs."""
    return any(entry.target == c.target or entry.kind == "main_module" and c.target.split(":")[0] == entry.target
               or c.kind == "main_module" and entry.target.split(":")[0] == c.target for c in chosen)


def _ways(entries: tuple[EntryPoint, ...], kind: Kind, packages: tuple[str, ...]) -> tuple[Way, ...]:
    """The package's console scripts (at most `WAYS` - 1, leaving room for another kind), the
    start-here ways in, then the package's first of each kind not shown yet, commands typed
    before what a framework calls (routes, tasks), developer commands last, notebooks when room
    is left, never two that run the same target; a library is imported first."""
    order = {k: (k not in _TYPED, k == "dev_command", i) for i, k in enumerate(KIND_ORDER)}
    chosen: list[EntryPoint] = []
    package = sorted((e for e in entries if e.scope == "package"), key=lambda e: order.get(e.kind, (True, True, len(order))))
    published = [e for e in package if e.kind in _PUBLISHED]  # what the packaging installs, start-here first
    for entry in sorted(published, key=lambda e: not e.start_here):
        if len(chosen) < WAYS - 1 and not _same(entry, chosen):
            chosen.append(entry)
    for entry in [e for e in entries if e.start_here] + package:
        shown = entry.kind in {c.kind for c in chosen} and not entry.start_here
        if not shown and not _same(entry, chosen):
            chosen.append(entry)
    for entry in package + [e for e in entries if e.kind == "notebook"]:  # room left: more of a kind, then notebooks
        if not _same(entry, chosen):
            chosen.append(entry)
    counts = {k: sum(1 for e in entries if e.kind == k and (e.scope == "package" or k == "notebook")) for k in {c.kind for c in chosen}}
    ways = tuple(Way(_command(e), _WORDS.get(e.kind, e.kind.replace("_", " ")), "" if e.kind in _COMMAND_IS_TARGET else e.target,
                     e.path, e.line, counts[e.kind]) for e in chosen[:WAYS])
    if kind.library and packages:  # its users import it before anything else
        ways = ((Way(f"import {packages[0]}", "library", "its public API", None, None, len(packages)),) + ways)[:WAYS]
    return ways


def _touches(usage: tuple[Usage, ...], optional_paths: frozenset[str]) -> tuple[tuple[Touch, ...], int]:
    """The package's services, merged by label, the most telling first; those seen only in
    `optional_paths` (optional integrations) last."""
    merged: dict[str, Touch] = {}
    named: dict[str, bool] = {}
    for u in usage:
        if "package" not in u.scopes:
            continue
        label = "/".join(x for x in (u.provider, u.service) if x) or ", ".join(sorted({e.detail.split(".")[0] for e in u.evidence}))
        paths = {e.path for e in u.evidence if e.scope == "package"}
        old = merged.get(label)
        variables = tuple(dict.fromkeys((old.variables if old else ()) + u.configured_by))
        optional = paths <= optional_paths and (old.optional if old else True)
        merged[label] = Touch(label, old.category if old else u.category, variables, len(paths) + (old.files if old else 0), optional)
        named[label] = named.get(label, False) or u.service is not None
    # a provider alone ("aws") says nothing its named services ("aws/s3") do not
    merged = {k: t for k, t in merged.items() if t.variables or not any(o.startswith(k + "/") for o in merged)}
    # configured first, then a named service before a provider or a library alone, then the most used
    ranked = sorted(merged.values(), key=lambda t: (t.optional, not t.variables, not named[t.label], -t.files, t.category, t.label))
    return tuple(Touch(t.label, t.category, t.variables[:VARIABLES], t.files, t.optional) for t in ranked[:SERVICES]), len(ranked)


def _reading(steps: tuple[Step, ...]) -> tuple[tuple[str, str], ...]:
    """The first `STEPS` modules to read: at most `ENTRY_STEPS` ways in, then the most imported
    modules of the core, then the other ways in and the rest in the reading order's order."""
    entries = [s for s in steps if s.entry]
    core = sorted((s for s in steps if not s.entry and s.importers), key=lambda s: -s.importers)
    chosen = entries[:ENTRY_STEPS] + core
    chosen += [s for s in steps if s not in chosen]
    return tuple((s.module, s.reason) for s in chosen[:STEPS])


def first_screen(meta: Metadata, kind: Kind, packages: tuple[str, ...], entries: tuple[EntryPoint, ...],
                 usage: tuple[Usage, ...], steps: tuple[Step, ...], optional_paths: frozenset[str] = frozenset()) -> FirstScreen:
    """The first screen from the metadata, the kind, the root packages, the ways in, the services
    (`optional_paths`: the files of optional integrations) and the reading order."""
    touches, services = _touches(usage, optional_paths)
    return FirstScreen(first_sentence(meta.description) or first_sentence(meta.readme), kind.kind, kind.evidence,
                       _ways(entries, kind, packages), touches, services, _reading(steps))
