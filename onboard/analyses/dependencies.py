"""Dependencies: third-party imports against what the packaging files declare.

What it finds: every imported top-level name that is neither standard library nor the
repository's own code, mapped to the distribution that provides it (a shipped table for the
names that differ: `yaml` -> PyYAML, `google.cloud.storage` -> google-cloud-storage), with the
scopes and files that import it and whether every import is conditional; then what is imported
but not declared, and declared but never imported. Why it matters: an undeclared import breaks
a fresh install; a declared but unused one is dead weight or a runtime-only tool. Limits: the
mapping is a table, never the Python environment onboard runs in; vendored code is not the
package's dependency, nor are `setup.py`'s imports (build requirements); Python 2
standard-library names are flagged, not counted.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict

from onboard.frozen import record
from onboard.graph import ImportGraph
from onboard.knowledge import IMPORT_DISTRIBUTIONS, PYTHON2_STDLIB, RUNTIME_ONLY_DISTRIBUTIONS, STUB_ONLY_STDLIB
from onboard.model.repo import Repo

_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
# Python 3's standard library as the running Python knows it; Python 2 names are flagged instead.
_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) | {"__future__", "__main__"} | STUB_ONLY_STDLIB


@record
class Dependency:
    """A third-party distribution: imported, declared, or both."""

    import_name: str | None  # the import that maps to it ("yaml", "google.cloud.storage"); None if never imported
    distribution: str
    declared: bool
    declared_in: tuple[str, ...]  # "dependencies", "optional:<group>", "<requirements file>"
    scopes: tuple[str, ...]
    conditional: bool  # every import is optional (try/except ImportError), TYPE_CHECKING-only or inside a function
    files: tuple[str, ...]
    status: str  # "declared" | "undeclared" | "python2-stdlib" | "unused" | "runtime-only"
    first: tuple[str, int] | None = None  # the first import of it in the package (else anywhere): path, line


def normalise(name: str) -> str:
    """PEP 503: case-insensitive, runs of `-`, `_` and `.` are one `-`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(line: str) -> str | None:
    """The distribution named by a requirement line (`flask[async]>=2; python_version>"3"` -> flask)."""
    if line.startswith(("-e", "--", "git+", "http:", "https:", "file:", ".", "/")):
        egg = re.search(r"#egg=([A-Za-z0-9._-]+)", line)
        return egg.group(1) if egg else None
    match = _NAME.match(line)
    return match.group(1) if match else None


def distributions_for(module: str) -> tuple[str, tuple[str, ...]]:
    """(the import that decides, candidate distributions) for a dotted import name."""
    parts = module.split(".")
    if len(parts) >= 3 and parts[:2] == ["google", "cloud"]:
        return ".".join(parts[:3]), (f"google-cloud-{parts[2]}",)
    if len(parts) >= 3 and parts[:2] == ["azure", "mgmt"]:
        return ".".join(parts[:3]), (f"azure-mgmt-{parts[2]}",)
    for size in range(len(parts), 0, -1):
        prefix = ".".join(parts[:size])
        if prefix in IMPORT_DISTRIBUTIONS:
            return prefix, IMPORT_DISTRIBUTIONS[prefix]
    if len(parts) >= 2 and parts[0] == "azure":
        return ".".join(parts[:2]), (f"azure-{parts[1]}",)
    return parts[0], (parts[0],)


def _declared(repo: Repo) -> dict[str, list[str]]:
    """normalised distribution -> where it is declared."""
    found: dict[str, list[str]] = defaultdict(list)
    meta = repo.metadata
    sources = [("dependencies", meta.dependencies)] + [(f"optional:{g}", items) for g, items in sorted(meta.optional_dependencies.items())]
    sources += sorted(meta.requirements.items())
    for where, lines in sources:
        for line in lines:
            name = requirement_name(line)
            if name and where not in found[normalise(name)]:
                found[normalise(name)].append(where)
    return found


def dependencies(repo: Repo, g: ImportGraph) -> tuple[Dependency, ...]:
    """Every third-party distribution the code imports or the metadata declares, sorted."""
    declared = _declared(repo)
    uses: dict[str, list] = defaultdict(list)
    deciding: dict[str, str] = {}
    for use in g.external_imports:
        module = g.modules.get(use.importer)
        if use.top in _STDLIB or module is None or module.scope == "vendored" or use.path.rsplit("/", 1)[-1] == "setup.py":
            continue  # setup.py's imports are build requirements ([build-system]), not the project's dependencies
        name, candidates = distributions_for(use.module)
        key = candidates[0]
        for candidate in candidates:  # prefer the candidate the project declares
            if normalise(candidate) in declared:
                key = candidate
                break
        uses[key].append((use, module.scope))
        deciding.setdefault(key, name)
    found = []
    matched: set[str] = set()
    for distribution, items in sorted(uses.items(), key=lambda kv: normalise(kv[0])):
        name = deciding[distribution]
        where = declared.get(normalise(distribution)) or declared.get(normalise(name.split(".")[0]), [])
        if where:
            matched.add(normalise(distribution) if normalise(distribution) in declared else normalise(name.split(".")[0]))
        status = "python2-stdlib" if name in PYTHON2_STDLIB else "declared" if where else "undeclared"
        found.append(Dependency(
            name, distribution, bool(where), tuple(where), tuple(sorted({scope for _, scope in items})),
            all(use.conditional for use, _ in items), tuple(sorted({use.path for use, _ in items})), status,
            min(((scope != "package", use.path, use.line) for use, scope in items))[1:],
        ))
    for name, where in sorted(declared.items()):
        if name not in matched:
            status = "runtime-only" if name in {normalise(r) for r in RUNTIME_ONLY_DISTRIBUTIONS} else "unused"
            found.append(Dependency(None, name, True, tuple(where), (), False, (), status))
    return tuple(sorted(found, key=lambda d: (normalise(d.distribution), d.import_name or "")))
