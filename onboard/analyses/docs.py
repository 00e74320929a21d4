"""Docstring coverage, counted the way interrogate 1.7.0 counts it by default.

What it finds: for every analysed `.py` file (and extension-less script), the module docstring
and the docstring of every class, function and method at any nesting; a docstring that is empty
once stripped is missing. Why it matters: undocumented modules are where newcomers get lost.
Limits: stubs (`.pyi`) are not counted; the `ignore_*` options follow interrogate's semantics
(an ignored class or function hides what is nested in it, a nested function ignored by
`ignore_nested_functions` does not) except that async functions count as functions for
`ignore_nested_functions` and a nested class hides all it holds. See README "How coverage is
counted".
"""

from __future__ import annotations

import math
from collections import defaultdict
from functools import partial
from typing import NamedTuple

from onboard.facts import Definition
from onboard.frozen import maker, record
from onboard.model.repo import Module, Repo
from onboard.patterns import NamePatterns


@record
class DocsOptions:
    """interrogate's ignore options (all off by default) and the scopes of the overall figure."""

    ignore_private: bool = False
    ignore_semiprivate: bool = False
    ignore_magic: bool = False
    ignore_init_method: bool = False
    ignore_init_module: bool = False
    ignore_module: bool = False
    ignore_nested_functions: bool = False
    ignore_nested_classes: bool = False
    ignore_property_decorators: bool = False
    ignore_setters: bool = False
    ignore_overloaded_functions: bool = False
    ignore_overrides: bool = False  # @override / @typing.override (PEP 698): the base documents it
    ignore_regex: tuple[str, ...] = ()
    scopes: tuple[str, ...] = ("package",)


class Missing(NamedTuple):
    """An undocumented module, class or function. (A named tuple: a large project has tens of
    thousands, made in half the time of frozen dataclasses.)"""

    name: str
    kind: str  # "module" | "class" | "function" | "method"
    line: int


# `_missing((name, kind, line))` is `Missing(name, kind, line)` made in C, without the named
# tuple's `__new__` (a Python function): Django has 33,700 undocumented items.
_missing = partial(tuple.__new__, Missing)


@record
class Excused:
    """An item without a docstring that the source excuses (`# onboard: no-docstring <reason>`):
    not counted, listed with its reason."""

    name: str
    kind: str
    line: int
    reason: str


@record
class Coverage:
    """Counted items and how many carry a docstring."""

    total: int
    documented: int

    @property
    def percent(self) -> float:
        """Rounded down to two decimals, never up: 99.999% is not shown as 100%."""
        return 100.0 if self.total == 0 else math.floor(10_000 * self.documented / self.total) / 100


@record
class ModuleDocs:
    """The coverage of one file."""

    module: str
    path: str
    scope: str
    total: int
    documented: int
    has_module_docstring: bool
    summary: str
    missing: tuple[Missing, ...]
    excused: tuple[Excused, ...] = ()


@record
class DocsResult:
    """Coverage of the counted scopes, per scope, per package and per module."""

    overall: Coverage
    scopes: tuple[str, ...]
    by_scope: dict[str, Coverage]
    by_package: dict[str, Coverage]
    modules: tuple[ModuleDocs, ...]
    undocumented: tuple[ModuleDocs, ...]  # modules without a docstring, most important first


_module_docs = maker(ModuleDocs)  # one a file (`onboard.frozen`)


def _function_rules(options: DocsOptions) -> bool:
    """Whether any option can leave out a function by its name or decorators."""
    return (options.ignore_init_method or options.ignore_magic or options.ignore_property_decorators or options.ignore_setters
            or options.ignore_overloaded_functions or options.ignore_overrides)


def _ignored(d: Definition, parent: Definition | None, options: DocsOptions, patterns: NamePatterns, functions: bool = True) -> bool:
    """Ignored along with everything nested in it (interrogate's rule for these options).
    `functions`: `_function_rules(options)`, False to skip what cannot apply."""
    name = d.name
    if options.ignore_private or options.ignore_semiprivate:
        private = name.startswith("__") and not name.endswith("__")
        semiprivate = name.startswith("_") and not name.startswith("__") and not name.endswith("__")
        if (options.ignore_private and private) or (options.ignore_semiprivate and semiprivate):
            return True
    if patterns.matches(name):
        return True
    if d.kind == "class":
        return options.ignore_nested_classes and parent is not None
    if not functions:
        return False
    last = [dec.rsplit(".", 1)[-1] for dec in d.decorators]
    return (
        (options.ignore_init_method and name == "__init__")
        or (options.ignore_magic and name.startswith("__") and name.endswith("__") and name != "__init__")
        or (options.ignore_property_decorators and ("property" in d.decorators or "setter" in last or "deleter" in last))
        or (options.ignore_setters and "setter" in last)
        or (options.ignore_overloaded_functions and any(dec in ("overload", "typing.overload") for dec in d.decorators))
        or (options.ignore_overrides and any(dec.rsplit(".", 1)[-1] == "override" for dec in d.decorators))
    )


def _uncounted(d: Definition, parent: Definition | None, options: DocsOptions) -> bool:
    """Not counted itself, though what is nested in it still is (interrogate's rule for nested
    functions)."""
    return options.ignore_nested_functions and d.kind == "function" and parent is not None and parent.kind == "function"


def module_docs(module: Module, options: DocsOptions, patterns: NamePatterns | None = None) -> ModuleDocs:
    """Count one module's items; an ignored definition hides everything nested in it."""
    facts, defs = module.facts, module.facts.definitions
    patterns = patterns if patterns is not None else NamePatterns(options.ignore_regex)
    documented, missing, excused = 0, [], []
    if not options.ignore_module:
        if not facts.has_module_docstring and facts.module_excuse is not None:
            excused.append(Excused(module.name, "module", 1, facts.module_excuse))
        elif facts.has_module_docstring:
            documented = 1
        else:
            missing.append(_missing((module.name, "module", 1)))
    qualname: list[str | None] = []  # by index; None: ignored, and all it holds with it
    functions, nested = _function_rules(options), options.ignore_nested_functions
    # with interrogate's defaults nothing is left out by name: the check is not asked 40,000 times
    rules = functions or options.ignore_private or options.ignore_semiprivate or options.ignore_nested_classes or bool(patterns)
    named, add_missing = qualname.append, missing.append  # the loop runs for every definition
    for d in defs:
        at = d.parent
        if at < 0:
            parent, name = None, d.name
        else:
            outer = qualname[at]
            if outer is None:  # within an ignored definition
                named(None)
                continue
            parent, name = defs[at], f"{outer}.{d.name}"
        if rules and _ignored(d, parent, options, patterns, functions):
            named(None)
            continue
        named(name)
        if nested and _uncounted(d, parent, options):
            continue
        if d.has_docstring:
            documented += 1
            continue
        kind = "method" if d.kind == "function" and parent is not None and parent.kind == "class" else d.kind
        if d.excuse is not None:
            excused.append(Excused(name, kind, d.line, d.excuse))
        else:
            add_missing(_missing((name, kind, d.line)))
    # every item counted is documented or missing
    return _module_docs(module.name, module.path, module.scope, documented + len(missing), documented,
                        facts.has_module_docstring, facts.module_summary, tuple(missing), tuple(excused))


def _sum(items) -> Coverage:
    items = list(items)
    return Coverage(sum(i.total for i in items), sum(i.documented for i in items))


def _package(module: ModuleDocs) -> str:
    is_init = module.path.rsplit("/", 1)[-1].startswith("__init__.")
    return module.module if is_init or "." not in module.module else module.module.rsplit(".", 1)[0]


def _importance(m: ModuleDocs) -> tuple:
    """Packages' `__init__` first, then the modules with the most undocumented public names."""
    public = sum(1 for x in m.missing if x.kind != "module" and not x.name.rsplit(".", 1)[-1].startswith("_"))
    return (-int(m.path.endswith("__init__.py") and m.total > 1), -public, -m.total, m.path)


def docs_coverage(repo: Repo, options: DocsOptions = DocsOptions()) -> DocsResult:
    """Docstring coverage of the repository's modules (stubs left out)."""
    patterns = NamePatterns(options.ignore_regex)
    modules = []
    for module in repo.modules:
        if module.kind == "stub" or (options.ignore_init_module and module.path.endswith("__init__.py")):
            continue
        modules.append(module_docs(module, options, patterns))
    counted = [m for m in modules if m.scope in options.scopes]
    by_scope: dict[str, list[ModuleDocs]] = defaultdict(list)
    by_package: dict[str, list[ModuleDocs]] = defaultdict(list)
    for m in modules:
        by_scope[m.scope].append(m)
    for m in counted:
        by_package[_package(m)].append(m)
    # An `__init__.py` with nothing in it has nothing to explain; it still counts in the figures.
    undocumented = sorted((m for m in counted if not m.has_module_docstring and not (m.total == 1 and "/__init__." in f"/{m.path}")), key=_importance)
    return DocsResult(
        overall=_sum(counted),
        scopes=tuple(options.scopes),
        by_scope={scope: _sum(items) for scope, items in sorted(by_scope.items())},
        by_package={name: _sum(items) for name, items in sorted(by_package.items())},
        modules=tuple(modules),
        undocumented=tuple(undocumented),
    )


def below_threshold(coverage: Coverage, fail_under: float) -> bool:
    """Exact comparison, no rounding: `--fail-under 100` fails when one item of thousands is
    missing (interrogate rounds first and passes)."""
    if coverage.total == 0:
        return False
    return coverage.documented * 100 < fail_under * coverage.total
