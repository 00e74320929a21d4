"""The objects that ways in hang on (a Flask app, a FastAPI router, a Celery app, a click group,
an argparse parser), found from the recorded calls and `knowledge.ENTRY_OBJECTS`, and the
`EntryPoint` record every entry-point analysis returns.

An object is known by the module and name it is bound to. Its framework comes from its
constructor, matched through imports (`from fastapi import APIRouter as R`), or from the
decorator that made it (`@click.group()` / `@cli.group()` on a function). A method call on a name
of unknown origin (`celery = make_celery(app)`, a function parameter `app`) counts only when the
module that binds or uses the name imports the framework's package (`knowledge.FRAMEWORK_PACKAGES`):
a `route` function of some other library is not Flask's.
"""

from __future__ import annotations

from onboard.analyses.symbols import Symbols, imports_any
from onboard.facts import Call
from onboard.frozen import maker, record
from onboard.knowledge import ENTRY_DECORATORS, ENTRY_METHODS, ENTRY_OBJECTS, FRAMEWORK_PACKAGES
from onboard.model.repo import Module


@record
class EntryPoint:
    """One way the code is started."""

    kind: str
    name: str
    target: str
    path: str | None
    line: int | None
    scope: str
    detail: tuple[tuple[str, str], ...] = ()
    start_here: bool = False  # one of the two or three a newcomer should try first


_entry_point = maker(EntryPoint)  # a large repository's routes and tests' commands are thousands (`onboard.frozen`)


@record
class Obj:
    """An app, router, group, parser or DAG bound to `name` in `module`."""

    module: str
    name: str
    framework: str
    role: str
    call: Call | None  # the constructor call or the decorator that made it
    known: bool = True  # False: framework inferred from the imports, origin unknown

    @property
    def key(self) -> tuple[str, str]:
        return (self.module, self.name)


def entry(kind: str, name: str, target: str, module: Module, line: int | None, *, scope: str = "", **detail: str) -> EntryPoint:
    """An entry point in `module`, with its detail pairs sorted by key; in the module's scope
    unless `scope` says otherwise."""
    pairs = tuple(sorted(pair for pair in detail.items() if pair[1]))
    return _entry_point(kind, name, target, module.path, line, scope or module.scope, pairs, False)


def split(callee: str) -> tuple[str, str]:
    """("app", "route") for "app.route"; ("", "shared_task") for a bare name."""
    obj, _, method = callee.rpartition(".")
    return obj, method


class Objects:
    """Finds the object behind a dotted name, with caching."""

    def __init__(self, symbols: Symbols) -> None:
        self.symbols = symbols
        self._cache: dict[tuple[str, str, str], Obj | None] = {}

    def of(self, module: str, dotted: str, method: str = "") -> Obj | None:
        """The object `dotted` names in `module`; `method` (the method called on it) lets an
        object of unknown origin count when a framework having that method is imported."""
        key = (module, dotted, method)
        if key not in self._cache:
            self._cache[key] = None  # `@sync.command()` on `def sync()`: a name defined by itself is no object
            self._cache[key] = self._find(module, dotted, method)
        return self._cache[key]

    def _find(self, module: str, dotted: str, method: str) -> Obj | None:
        ref = self.symbols.resolve(module, dotted)
        if ref.external or not ref.attr:
            return None
        name = ref.attr
        if "." in name:  # `app.router.add_get`, `app.cli.command`: the attribute of an app
            name = name.split(".")[0]
        found = self._made(ref.module, name)
        if found is not None:
            return found
        return self._inferred(ref.module, name, method)

    def _made(self, module: str, name: str) -> Obj | None:
        for call in reversed(self.symbols.bindings(module).get(name, ())):
            if call.role in ("assign", "with"):
                known = ENTRY_OBJECTS.get(self.symbols.qualified(module, call.callee)) or ENTRY_OBJECTS.get(
                    self.symbols.public(module, call.callee))  # the framework's own repo: `chalice.Chalice` is chalice.app's
                if known is not None:
                    return Obj(module, name, *known, call)
            elif call.role == "decorator":
                made = self._decorated(module, call)
                if made is not None:
                    return made
        return None

    def _decorated(self, module: str, call: Call) -> Obj | None:
        """`@click.group()` / `@cli.group()` / `@click.command()` make a click object."""
        qualified = self.symbols.qualified(module, call.callee)
        if ENTRY_DECORATORS.get(qualified) == "cli_command" and qualified.startswith("click."):
            return Obj(module, call.target, "click", "group" if qualified.endswith("group") else "command", call)
        owner, method = split(call.callee)
        if owner and method in ("group", "command"):
            parent = self.of(module, owner, method)
            if parent is not None and parent.framework == "click":
                return Obj(module, call.target, "click", method, call)
        return None

    def _foreign(self, module: str, name: str, framework: str) -> bool:
        """Whether `name` is bound at module level to an instance of something that is not the
        framework's: a class of the repo (`thing = Thing()`) or another library's object."""
        binding = next((c for c in reversed(self.symbols.bindings(module).get(name, ())) if c.role == "assign"), None)
        if binding is None:
            return False
        ref = self.symbols.resolve(module, binding.callee)
        if ref.external:
            return ref.external.split(".")[0] not in FRAMEWORK_PACKAGES[framework]
        owner = self.symbols.module(ref.module)
        return owner is not None and any(d.kind == "class" and d.parent == -1 and d.name == ref.attr for d in owner.facts.definitions)

    def _inferred(self, module: str, name: str, method: str) -> Obj | None:
        if not method:
            return None
        for (framework, known_method) in ENTRY_METHODS:
            if known_method != method:
                continue
            if imports_any(self.symbols, module, FRAMEWORK_PACKAGES[framework]) and not self._foreign(module, name, framework):
                return Obj(module, name, framework, "app", None, known=False)
        return None
