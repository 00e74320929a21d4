"""What a name means in a module, statically: the qualified name it is imported as, the object a
module-level assignment makes (`app = Flask(__name__)`), the literal a constant holds, followed
across the repo's own modules through imports (`from .routers import users` then
`users.router`), a few hops deep. The entry-point analyses use it to match decorators and calls
through imports rather than by bare names.

A vendored copy of a package (`from pkg._vendor import click`) stands for that package.

Limits: one binding per name per module (the last assignment wins, as at the end of an import);
names bound by function parameters, attributes of instances and star imports are not followed.
"""

from __future__ import annotations

from operator import attrgetter
from typing import NamedTuple

from onboard.facts import Call
from onboard.graph import ImportGraph
from onboard.model.repo import Module
from onboard.resolve.program import vendored

_HOPS = 6
_NAME = attrgetter("name")
_MAX_TEXT = 300


class Ref(NamedTuple):
    """Where a name leads: an internal `module` and the `attr` in it ("" for the module itself),
    or `external` (a qualified name outside the repo, "flask.Flask"), or neither (unknown).
    (A named tuple: thousands are made a run, and a frozen dataclass costs three times as much.)"""

    module: str = ""
    attr: str = ""
    external: str = ""


class Callee(NamedTuple):
    """A module's recorded call with what its callee is: `owner` and `method` of "app.route"
    ("" and "shared_task" for a bare name) and the `qualified` name ("flask.Flask.route")."""

    call: Call
    owner: str
    method: str
    qualified: str


_callee = tuple.__new__  # `Callee(...)` without its Python `__new__`: one a recorded call of the repository


class Symbols:
    """Name resolution over the whole repo, computed lazily per module."""

    def __init__(self, graph: ImportGraph) -> None:
        self.graph = graph
        self._imports: dict[str, dict[str, str]] = {}
        self._lines: dict[str, dict[str, int]] = {}
        self._named: dict[str, set[str]] = {}  # module -> every name a `def`, `class` or recorded assignment binds in it
        self._resolved: dict[tuple[str, str], tuple[Ref, int]] = {}  # complete chains (`_chain`)
        self._located: dict[str, Ref] = {}
        self._packages: dict[str, frozenset[str]] = {}
        self._bindings: dict[str, dict[str, tuple[Call, ...]]] = {}
        self._texts: dict[tuple[str, str], tuple[str, bool]] = {}
        self._derives: dict[tuple[str, str, frozenset[str]], bool] = {}
        self._qualified: dict[tuple[str, str], str] = {}
        self._callees: dict[str, tuple[Callee, ...]] = {}

    def module(self, name: str) -> Module | None:
        return self.graph.modules.get(name)

    def imports(self, module: str) -> dict[str, str]:
        """Local name -> absolute dotted name, from the module's import statements."""
        found = self._imports.get(module)
        if found is None:
            found, self._lines[module] = self._read_imports(module)
            self._imports[module] = found
        return found

    def imported_packages(self, module: str) -> frozenset[str]:
        """The top-level names of what the module imports ("flask" for `from flask.views import
        View`): asked of a module for each framework a name could belong to, so kept."""
        found = self._packages.get(module)
        if found is None:
            found = self._packages[module] = frozenset(q.split(".")[0] for q in self.imports(module).values())
        return found

    def _read_imports(self, module: str) -> tuple[dict[str, str], dict[str, int]]:
        found: dict[str, str] = {}
        lines: dict[str, int] = {}
        mod = self.module(module)
        package = module if mod is not None and mod.path.rsplit("/", 1)[-1].startswith("__init__.") else module.rpartition(".")[0]
        relative: dict[tuple[int, str], str | None] = {}  # `from . import a` then `from . import b`: the same base
        # a fact unpacked rather than read field by field: a module imports tens of names
        for imported, name, level, line, _, _, _, dynamic, alias, _ in mod.facts.imports if mod else ():
            if dynamic or name == "*":
                continue
            base = imported
            if level:
                key = (level, imported)
                base = relative[key] if key in relative else relative.setdefault(key, _relative(package, level, imported))
                if base is None:
                    continue
            if name is None and alias:
                local, target = alias, imported  # `import a.b as c` binds `c` to `a.b`
            elif name is None:
                local = target = imported.split(".")[0]  # `import a.b` binds `a`
                if local in found:
                    continue
            else:
                local, target = alias or name, f"{base}.{name}" if base else name
            found[local] = target
            lines[local] = line
        return found, lines

    def _shadowed(self, module: str, name: str) -> bool:
        """Whether a later `def`, `class` or assignment at module level rebinds an imported name
        (`from rich.traceback import install` ... `def install():`)."""
        mod = self.module(module)
        named = self._named.get(module)
        if named is None:  # at any depth: the definitions added without a Python loop, and no copy of the set made
            named = self._named[module] = {c.target for c in mod.facts.calls if c.role == "assign"} if mod else set()
            named.update(map(_NAME, mod.facts.definitions) if mod else ())
        if name not in named:
            return False  # most imported names: nothing in the file is named so
        last = max([0, *(d.line for d in mod.facts.definitions if d.parent == -1 and d.name == name),
                    *(c.line for c in mod.facts.calls if c.role == "assign" and c.target == name)])
        return last > self._lines.get(module, {}).get(name, 0)

    def bindings(self, module: str) -> dict[str, tuple[Call, ...]]:
        """Name -> the recorded calls that bind or decorate it, function-level ones first, then
        module-level ones, each in source order: the last is what the name means at import."""
        if module not in self._bindings:
            found: dict[str, list[Call]] = {}
            mod = self.module(module)
            for call in sorted(mod.facts.calls if mod else (), key=lambda c: not c.local):
                if call.target and call.role in ("assign", "with", "decorator"):
                    found.setdefault(call.target, []).append(call)
            self._bindings[module] = {name: tuple(calls) for name, calls in found.items()}
        return self._bindings[module]

    def locate(self, qualified: str) -> Ref:
        """An absolute dotted name as (internal module, attribute) or external; a name in a
        vendored copy of a package is that package's (`pkg._vendor.click.command` is
        `click.command`)."""
        found = self._located.get(qualified)
        if found is None:  # the same imported name in many modules: worked out once
            found = self._located[qualified] = self._locate(qualified)
        return found

    def _locate(self, qualified: str) -> Ref:
        outside = vendored(qualified)
        if outside is not None:
            return Ref(external=outside)
        parts = qualified.split(".")
        for cut in range(len(parts), 0, -1):
            head = ".".join(parts[:cut])
            if head in self.graph.modules:
                return Ref(head, ".".join(parts[cut:]))
        return Ref(external=qualified)

    def resolve(self, module: str, dotted: str) -> Ref:
        """Where `dotted`, as written in `module`, leads."""
        return self._chain(module, dotted, 0)[0]

    def _chain(self, module: str, dotted: str, hops: int) -> tuple[Ref, int | None]:
        """Where `dotted` leads and how many re-exports were followed to get there, None when
        more than `_HOPS` would be (a cycle of re-exports): the result, Ref(), then depends on
        where the chain began. Complete chains are kept, so a name re-exported through a package
        `__init__` and imported by many modules is followed once, its end the same from any
        start that leaves the hops for it."""
        known = self._resolved.get((module, dotted))
        if known is not None:
            return known if hops + known[1] <= _HOPS else (Ref(), None)
        if hops > _HOPS:
            return Ref(), None
        found, onward = self._step(module, dotted)
        if onward:  # re-exported: one more hop
            ref, steps = self._chain(found.module, found.attr, hops + 1)
            if steps is None:
                return ref, None
            result = (ref, steps + 1)
        else:
            result = (found, 0)
        self._resolved[(module, dotted)] = result
        return result

    def _step(self, module: str, dotted: str) -> tuple[Ref, bool]:
        """Where `dotted` leads from `module`, and whether that is a re-export to follow on."""
        head, _, rest = dotted.partition(".")
        if self.module(module) is None:
            return Ref(), False
        imported = self.imports(module).get(head)
        if imported is None or self._shadowed(module, head):
            return Ref(module, dotted), False  # defined here, or a builtin: the caller checks
        ref = self.locate(f"{imported}.{rest}" if rest else imported)
        if ref.external or not ref.attr:
            return ref, False
        first = ref.attr.split(".")[0]
        onward = self.module(ref.module) is not None and first in self.imports(ref.module) and \
            not any(c.role in ("assign", "with") for c in self.bindings(ref.module).get(first, ()))
        return ref, onward

    def public(self, module: str, dotted: str) -> str:
        """The absolute name `dotted` is imported as in `module`, re-exports not followed
        (`from chalice import Chalice` -> "chalice.Chalice", even where `chalice` is the repo)."""
        head, _, rest = dotted.partition(".")
        imported = self.imports(module).get(head)
        if imported is None:
            return dotted
        return f"{imported}.{rest}" if rest else imported

    def qualified(self, module: str, dotted: str) -> str:
        """The absolute name of a callee or decorator: "flask.Flask", "pkg.views.index"."""
        key = (module, dotted)
        found = self._qualified.get(key)
        if found is None:  # every finder asks of every call: worked out once
            ref = self.resolve(module, dotted)
            found = ref.external or (f"{ref.module}.{ref.attr}" if ref.attr else ref.module)
            self._qualified[key] = found
        return found

    def callees(self, module: Module) -> tuple[Callee, ...]:
        """The module's recorded calls in source order, each with its callee split and
        qualified: each entry-point finder walks every call of every module, so once for all."""
        found = self._callees.get(module.name)
        if found is None:
            calls = []
            split: dict[str, tuple[str, str, str]] = {}  # a callee is written many times in a module (`@override_settings`)
            for call in module.facts.calls:
                parts = split.get(call.callee)
                if parts is None:  # asked in source order, as each call was: the chains followed are the same
                    owner, _, method = call.callee.rpartition(".")  # as `objects.split`
                    parts = split[call.callee] = (owner, method, self.qualified(module.name, call.callee))
                calls.append(_callee(Callee, (call, *parts)))
            found = self._callees[module.name] = tuple(calls)
        return found

    def constant(self, module: str, dotted: str, hops: int = 0) -> tuple | None:
        """The literal (kind, value) a module constant holds, followed through imports."""
        ref = self.resolve(module, dotted)
        target = self.module(ref.module) if ref.module else None
        if target is None or not ref.attr or hops > _HOPS:
            return None
        value = dict(target.facts.constants).get(ref.attr)
        if value is not None and value[0] == "name" and value[1] != ref.attr:
            return self.constant(ref.module, value[1], hops + 1)
        return value

    def derives(self, module: str, dotted: str, bases: frozenset[str], depth: int = 0) -> bool:
        """Whether the class `dotted` names in `module` is one of `bases` (qualified names) or
        derives from one through the repo's own classes, a few levels deep; a cycle of bases
        gives False."""
        key = (module, dotted, bases)
        if key not in self._derives:
            self._derives[key] = False  # while it is worked out: a cycle ends here
            self._derives[key] = self._derived(module, dotted, bases, depth)
        return self._derives[key]

    def _derived(self, module: str, dotted: str, bases: frozenset[str], depth: int) -> bool:
        if self.qualified(module, dotted) in bases:
            return True
        ref = self.resolve(module, dotted)
        owner = self.module(ref.module) if ref.module and ref.attr and "." not in ref.attr and depth < _HOPS * 2 else None
        definitions = owner.facts.definitions if owner is not None else ()
        found = next((d for d in reversed(definitions) if d.parent == -1 and d.kind == "class" and d.name == ref.attr), None)
        return found is not None and any(self.derives(ref.module, base, bases, depth + 1) for base in found.bases)

    def text(self, module: str, value: tuple | None, depth: int = 0) -> tuple[str, bool]:
        """A string argument as text, names and f-string parts resolved through constants; an
        unresolved part is shown as `{expression}`. Returns (text, fully resolved). A constant
        defined by itself (`PREFIX = PREFIX + "/v1"`) or nested too deep stays unresolved."""
        if value is None:
            return "", True
        kind, inner = value
        if kind == "str":
            return inner, True
        if kind == "name":
            key = (module, inner)
            if key not in self._texts:
                self._texts[key] = ("{" + inner + "}", False)  # while it is worked out: a loop ends here
                found = self.constant(module, inner) if depth < _HOPS else None
                if found is not None and found[0] in ("str", "concat"):
                    self._texts[key] = self.text(self.resolve(module, inner).module or module, found, depth + 1)
            return self._texts[key]
        if kind == "concat":
            parts = [self.text(module, part, depth + 1) for part in inner]
            return "".join(p for p, _ in parts)[:_MAX_TEXT], all(ok for _, ok in parts)
        return "{?}", False

    def strings(self, module: str, value: tuple | None) -> tuple[str, ...] | None:
        """A list of literal strings (`methods=["GET", "POST"]`, a constant), or None."""
        if value is not None and value[0] == "name":
            value = self.constant(module, value[1])
        if value is None or value[0] not in ("list", "each"):
            return None
        if value[0] == "each":
            return value[1]
        items = [self.text(module, v) for v in value[1]]
        return tuple(text for text, ok in items) if all(ok for _, ok in items) else None

    def handler(self, module: str, value: tuple | None, depth: int = 0) -> str:
        """The `module:function` a view or handler argument names: `views.index`; the class of
        `Detail.as_view()`; the function a wrapper wraps (`partial(handle, ...)`,
        `login_required(views.x)`, `csrf_exempt(...)`); `self.name` for a method of the same
        object; "{?}" for an expression, "" without one."""
        if value is None:
            return ""
        if value[0] == "call" and depth < _HOPS:
            call = value[1]
            if call.callee.endswith(".as_view") or call.callee == "as_view":
                value = ("name", call.callee.rpartition(".")[0] or call.callee)
            elif call.args and call.args[0][0] in ("name", "call"):
                return self.handler(module, call.args[0], depth + 1)  # a wrapper: what it wraps
            else:
                value = ("name", call.callee)
        if value[0] != "name":
            return "{?}"
        if value[1].startswith(("self.", "cls.")):
            return value[1]
        head, _, tail = self.qualified(module, value[1]).rpartition(".")
        return f"{head}:{tail}" if head else tail


def _relative(package: str, level: int, name: str) -> str | None:
    """The absolute module a relative import names, in a module whose package is `package`
    (the module itself for an `__init__`)."""
    base = package
    for _ in range(level - 1):
        if not base:
            return None
        base = base.rpartition(".")[0]
    if not base:
        return name or None
    return f"{base}.{name}" if name else base


def imports_any(symbols: Symbols, module: str, packages: tuple[str, ...]) -> bool:
    """Whether `module` imports anything from one of `packages` (top-level names)."""
    return not symbols.imported_packages(module).isdisjoint(packages)
