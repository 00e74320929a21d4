"""Optional integrations: public modules of an installable package that import a third-party
package the project does not require.

What it finds: in a project with packaging metadata (others install it), the public package
modules (no part starting with `_`) that import a distribution the project does not require:
one declared only in an optional group (an extra), or one imported inside `try: ... except
ImportError` (used when present).
Why it matters: nothing in the package imports such a module, yet it is not dead code: a user
who installs the extra dependency imports it (`luigi.contrib.s3` needs boto3), so the guide lists
it with the public API, not as likely unused. Limits: an integration that imports an undeclared
dependency unguarded looks like an application's forgotten declaration, and stays a
likely-unused candidate outside a library.
"""

from __future__ import annotations

from onboard.analyses.dependencies import Dependency
from onboard.model.repo import Repo


def _top(dep: Dependency) -> str:
    return (dep.import_name or "").split(".")[0]


def optional_integrations(repo: Repo, deps: tuple[Dependency, ...]) -> frozenset[str]:
    """The public package modules of `repo` that import a dependency it does not require: one
    declared only in an optional group, or one imported inside `try: ... except ImportError`."""
    if not repo.metadata.name:
        return frozenset()
    required = {_top(d) for d in deps if d.import_name and d.declared and not all(w.startswith("optional:") for w in d.declared_in)}
    extras = {_top(d) for d in deps if d.import_name and d.declared} - required  # `google` can be both: keep it required
    third = {_top(d) for d in deps if d.import_name} - required
    return frozenset(m.name for m in repo.modules
                     if m.scope == "package" and not any(p.startswith("_") for p in m.name.split("."))
                     and any(i.level == 0 and (top := i.module.split(".")[0]) in third and (top in extras or i.conditional)
                             for i in m.facts.imports))
