"""Configuration: every environment variable the code reads, and whether it is documented.

What it finds: each variable read with a literal name (directly, through a module constant, a
same-module wrapper, python-decouple, django-environ, a click/typer option's `envvar=`), its
literal default, whether some read has no default and no guard (required), every read site, and
whether the repository documents it anywhere (`.env.example`, docker-compose `environment:`,
`Dockerfile` `ENV`/`ARG`, the README and `docs/` pages); also
variables documented but never read (those with evidence that they are environment variables,
outside READMEs). Why it matters: an undocumented required variable is what breaks a newcomer's
first run. A read whose name is a parameter (`os.getenv(name)` in a settings helper) takes the
names the program model sees its callers pass. Limits: names built at run time (f-strings,
variables) are listed as non-literal read sites; pydantic settings are matched by class name (`BaseSettings`), and a
field's variable is its upper-cased name (pydantic itself matches case-insensitively).
"""

from __future__ import annotations

import posixpath
from collections import defaultdict

from onboard.model.documented_env import DocumentedEnv
from onboard.facts import EnvRead
from onboard.frozen import record
from onboard.knowledge import ENV_READ_CALLS
from onboard.model.repo import Repo
from onboard.resolve.query import ProgramModel


@record
class EnvSite:
    """Where a variable is read, and how."""

    path: str
    line: int
    scope: str
    via: str


@record
class EnvVar:
    """One variable (`name` None: the read sites whose name is not a literal)."""

    name: str | None
    default: str | None
    required: bool
    documented_in: tuple[str, ...]
    reads: tuple[EnvSite, ...]


@record
class EnvReport:
    """The variables read, and the documented ones nothing reads."""

    variables: tuple[EnvVar, ...]
    documented_unread: tuple[tuple[str, tuple[str, ...]], ...]


def _readme(path: str) -> bool:
    return posixpath.basename(path).upper().startswith("README")


def _passed_names(repo: Repo, model: ProgramModel | None) -> dict[tuple[str, int], tuple[tuple[str, ...], str, bool]]:
    """(path, line) of `os.getenv(name)` and friends -> the names the program model sees
    reaching `name` (a settings helper in another module: `setting("NOTIFY_URL")`), the call,
    and whether it has a default."""
    if model is None:
        return {}
    paths = {m.name: m.path for m in repo.modules}
    found: dict[tuple[str, int], tuple[tuple[str, ...], str, bool]] = {}
    for site in model.sites(ENV_READ_CALLS):
        argument = site.argument(0, "key")
        if argument is not None and argument.strings and site.module in paths:
            call = next(c for c in site.callees if c in ENV_READ_CALLS)
            default = len(site.args) > 1 or any(k == "default" for k, _ in site.kwargs)
            old = found.get((paths[site.module], site.line), ((), call, default))
            found[(paths[site.module], site.line)] = (tuple(sorted({*old[0], *argument.strings})), call, default)
    return found


def env_vars(repo: Repo, documented: DocumentedEnv, model: ProgramModel | None = None) -> EnvReport:
    """Group every read by name; compare with what the repository documents."""
    reads: dict[str | None, list] = defaultdict(list)
    passed = _passed_names(repo, model)
    # a name that only a test passes to a settings helper is the test's, not one the code reads
    outside_tests = model.answers.passed if model is not None else frozenset()
    for module in repo.modules:
        if module.scope == "vendored":
            continue
        for read in module.facts.env_reads:
            names = passed[(module.path, read.line)][0] if read.name is None and (module.path, read.line) in passed else ()
            names = tuple(n for n in names if n in outside_tests)
            for name in names:  # a read whose name is a parameter: the names its callers pass
                reads[name].append((read._replace(name=name), EnvSite(module.path, read.line, module.scope, f"{read.via} (name passed in)")))
            if not names:
                reads[read.name].append((read, EnvSite(module.path, read.line, module.scope, read.via)))
    literal = {read.name for module in repo.modules for read in module.facts.env_reads if read.name}
    scopes = {m.path: m.scope for m in repo.modules}
    for (path, line), (names, call, default) in sorted(passed.items()):
        # a wrapper's own read, for the names no read in the files gives: a helper in another
        # module (`setting("X")`); one context per function, so its line stands for every caller
        for name in names:
            if name not in literal and name in outside_tests and scopes.get(path) != "vendored":
                reads[name].append((EnvRead(name, None, default, line, call), EnvSite(path, line, scopes[path], f"{call} (name passed in)")))
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
