"""Configuration: every environment variable the code reads, and whether it is documented.

What it finds: each variable read with a literal name (directly, through a module constant, a
same-module wrapper, python-decouple, django-environ, a click/typer option's `envvar=`), its
literal default, whether some read has no default and no guard (required), every read site, and
whether the repository documents it anywhere (`.env.example`, docker-compose `environment:`,
`Dockerfile` `ENV`/`ARG`, the README and `docs/` pages); also
variables documented but never read (those with evidence that they are environment variables,
outside READMEs). Why it matters: an undocumented required variable is what breaks a newcomer's
first run. Limits: names built at run time (f-strings, variables) are listed
as non-literal read sites; pydantic settings are matched by class name (`BaseSettings`), and a
field's variable is its upper-cased name (pydantic itself matches case-insensitively).
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass

from onboard.model.documented_env import DocumentedEnv
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


def _readme(path: str) -> bool:
    return posixpath.basename(path).upper().startswith("README")


def env_vars(repo: Repo, documented: DocumentedEnv) -> EnvReport:
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
        # `if "X" in os.environ: os.environ["X"]` in the same file, or the read in a `try` that
        # catches KeyError: a missing variable is handled, not required
        checked = {site.path for r, site in items if r.via == "in os.environ"}
        required = name is not None and any(not r.has_default and not r.guarded and site.path not in checked for r, site in items)
        sites = tuple(sorted({site for _, site in items}, key=lambda s: (s.path, s.line, s.via)))
        where = sorted({*documented.declared.get(name, ()), *documented.mentioned.get(name, ())}) if name else ()
        variables.append(EnvVar(name, defaults[0] if defaults else None, required, tuple(where), sites))
    # "Documented but never read" needs evidence that the name is an environment variable, and not
    # a README (at the top or in docs/): a README also explains the tools around the project.
    unread = []
    for name, sources in sorted(documented.declared.items()):
        kept = tuple(s for s in sources if not _readme(s))
        if name not in reads and kept:
            unread.append((name, kept))
    return EnvReport(tuple(variables), tuple(unread))
