"""Configuration: every environment variable the code reads, and whether it is documented.

What it finds: each variable read with a literal name (directly, through a module constant, a
same-module wrapper, python-decouple or django-environ), its literal default, whether some read
has no default (required), every read site, and whether the repository documents it anywhere
(`.env.example`, docker-compose `environment:`, `Dockerfile` `ENV`/`ARG`, the README); also
variables documented but never read. Why it matters: an undocumented required variable is what
breaks a newcomer's first run. Limits: names built at run time (f-strings, variables) are listed
as non-literal read sites; pydantic settings are matched by class name (`BaseSettings`), and a
field's variable is its upper-cased name (pydantic itself matches case-insensitively).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from onboard.model.repo import Repo


@dataclass(frozen=True)
class EnvSite:
    """Where a variable is read, and how."""

    path: str
    line: int
    scope: str
    via: str


@dataclass(frozen=True)
class EnvVar:
    """One variable (`name` None: the read sites whose name is not a literal)."""

    name: str | None
    default: str | None
    required: bool
    documented_in: tuple[str, ...]
    reads: tuple[EnvSite, ...]


@dataclass(frozen=True)
class EnvReport:
    """The variables read, and the documented ones nothing reads."""

    variables: tuple[EnvVar, ...]
    documented_unread: tuple[tuple[str, tuple[str, ...]], ...]


def env_vars(repo: Repo, documented: dict[str, tuple[str, ...]]) -> EnvReport:
    """Group every read by name; compare with what the repository documents."""
    reads: dict[str | None, list] = defaultdict(list)
    for module in repo.modules:
        if module.scope == "vendored":
            continue
        for read in module.facts.env_reads:
            reads[read.name].append((read, EnvSite(module.path, read.line, module.scope, read.via)))
    variables = []
    for name, items in sorted(reads.items(), key=lambda kv: (kv[0] is None, kv[0] or "")):
        defaults = sorted({r.default for r, _ in items if r.default is not None})
        # `if "X" in os.environ: os.environ["X"]` in the same file: the read is guarded, not required
        guarded = {site.path for r, site in items if r.via == "in os.environ"}
        required = name is not None and any(not r.has_default and site.path not in guarded for r, site in items)
        sites = tuple(sorted({site for _, site in items}, key=lambda s: (s.path, s.line, s.via)))
        variables.append(EnvVar(name, defaults[0] if defaults else None, required, documented.get(name, ()) if name else (), sites))
    # Only dedicated configuration files count for "documented but never read": a README's
    # upper-case words are too many to list.
    unread = tuple((name, tuple(s for s in sources if not s.upper().startswith("README")))
                   for name, sources in sorted(documented.items())
                   if name not in reads and any(not s.upper().startswith("README") for s in sources))
    return EnvReport(tuple(variables), unread)
