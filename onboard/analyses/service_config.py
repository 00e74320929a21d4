"""Which environment variables configure which service: "S3 — bucket from `DATA_BUCKET`".

What it finds: for an import of a service's SDK, the variables read in that module whose names
carry a token of the service (`REDIS_URL` for redis, `SENTRY_DSN` for sentry, `DATA_BUCKET` for
s3; tokens in `knowledge.SERVICE_ENV_TOKENS`); for a client, a wrapper call, a connection URL or
a Django setting, the variables read in the same scope (the innermost `def` or class around
both, or module level within `_MODULE_LEVEL_LINES` lines): the token-carrying ones if any, else
every read of the function, or at module level those of the same statement. A name carrying
another service's token is left to that service.
The nearest come first, three at most. Why it matters: it tells a newcomer which setting points
each service somewhere. Limits: reads in another module (a settings object passed around) are
not linked, and the token rule is a heuristic.
"""

from __future__ import annotations

import re
from dataclasses import replace

from onboard.analyses.usage import Usage
from onboard.knowledge import SERVICE_ENV_TOKENS
from onboard.model.repo import Module, Repo

_MODULE_LEVEL_LINES = 10
_SAME_STATEMENT = 2
_MOST = 3


class _Scopes:
    """The innermost definition around a line, remembered per path and line for one run (every
    read and every piece of evidence of a module asks; a scan per question would be cubic)."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, int], int] = {}

    def of(self, module: Module, line: int) -> int:
        """The index of the innermost definition around `line`, -1 at module level."""
        key = (module.path, line)
        if key not in self.known:
            found = -1
            for index, d in enumerate(module.facts.definitions):
                if d.line > line:
                    break  # definitions are in source order: none further down can hold the line
                if line <= d.end_line:
                    found = index  # a later start inside an earlier one is nested deeper
            self.known[key] = found
        return self.known[key]


def _tokens(usage: Usage) -> set[str]:
    words = {w for part in (usage.service, usage.provider) if part for w in re.split(r"[^A-Za-z0-9]+", part.upper()) if len(w) > 1}
    return words | set(SERVICE_ENV_TOKENS.get(usage.service or "", ())) | set(SERVICE_ENV_TOKENS.get(usage.category, ()))


def _words(name: str) -> set[str]:
    return set(re.split(r"[^A-Z0-9]+", name.upper()))


def _near(module: Module, line: int, via: str, tokens: set[str], foreign: set[str], scopes: _Scopes) -> dict[str, int]:
    """Variable name -> distance in lines, for the reads that configure evidence at `line`: for
    an import, the module's reads whose names carry a token of the service; else the reads of
    the same scope, only the token-carrying ones if any, else (at module level) only those of
    the same statement. A name carrying another service's token (`SENTRY_DSN` beside a Secrets
    Manager client) is that service's."""
    scope = scopes.of(module, line)
    candidates: dict[str, int] = {}
    for read in module.facts.env_reads:
        distance = abs(read.line - line)
        same = scopes.of(module, read.line) == scope and (scope != -1 or distance <= _MODULE_LEVEL_LINES)
        if read.name and (same or via == "import") and not (_words(read.name) & foreign):
            candidates[read.name] = min(candidates.get(read.name, distance), distance)
    named = {n: d for n, d in candidates.items() if _words(n) & tokens}
    if named or via == "import":
        return named
    return candidates if scope != -1 else {n: d for n, d in candidates.items() if d <= _SAME_STATEMENT}


def link_configuration(repo: Repo, usages: tuple[Usage, ...]) -> tuple[Usage, ...]:
    """The usages with `configured_by` filled: the variables nearest their evidence first."""
    by_path = {m.path: m for m in repo.modules}
    scopes = _Scopes()
    every = {id(u): _tokens(u) for u in usages}
    linked = []
    for usage in usages:
        tokens, names = every[id(usage)], {}
        foreign = set().union(*(t for key, t in every.items() if key != id(usage))) - tokens
        for evidence in usage.evidence:
            module = by_path.get(evidence.path)
            for name, distance in (_near(module, evidence.line, evidence.via, tokens, foreign, scopes) if module else {}).items():
                names[name] = min(names.get(name, distance), distance)
        linked.append(replace(usage, configured_by=tuple(sorted(names, key=lambda n: (names[n], n))[:_MOST])))
    return tuple(linked)
