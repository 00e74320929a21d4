"""Django routes: `urlpatterns` followed from `ROOT_URLCONF` through `include()`.

What it finds: `path`/`re_path`/`url` entries of every URLconf, with the full path along the
`include()` chain from each `ROOT_URLCONF` literal of the settings (`include("app.urls")`,
`include(module)`, `include([...])`, `include((patterns, "namespace"))`, a list assigned to a
name), `admin.site.urls`, and Django REST framework routers (`router.register(prefix, ViewSet)`
then `include(router.urls)`). A URLconf no `ROOT_URLCONF` reaches is listed with its own paths and
says so. Regex pieces lose their `^`/`$` anchors when joined. Limits: `urlpatterns` built by
functions or loops, URLconfs named by variables, and `i18n_patterns` prefixes are not resolved.
"""

from __future__ import annotations

from onboard.analyses.objects import EntryPoint, Objects, entry, split
from onboard.analyses.symbols import Symbols, imports_any
from onboard.facts import Call
from onboard.knowledge import DJANGO_INCLUDE, DJANGO_ROUTE_FUNCTIONS
from onboard.model.repo import Module

_REGEX = ("re_path", "url")
_DEPTH = 12
_MAX_WALKS = 16  # a URLconf included under more prefixes than this is listed under the first ones only


class _Django:
    def __init__(self, symbols: Symbols, objects: Objects) -> None:
        self.symbols, self.objects = symbols, objects
        self.found: list[EntryPoint] = []
        self._by_last: dict[str, list[tuple[str, Module]]] | None = None
        self.reached: set[str] = set()
        self.walks: dict[str, int] = {}  # how many times each URLconf was walked, under any prefix
        self.tests: dict[tuple[str, ...], bool] = {}  # whether a chain of URLconfs passes through a test one

    def is_django(self, module: str, callee: str, known: frozenset[str]) -> bool:
        qualified = self.symbols.qualified(module, callee)
        if qualified in known:
            return True  # a bare `path(...)` counts in a module that imports from django
        if "." in callee or qualified != f"{module}.{callee}":
            return False
        return callee in {q.rsplit(".", 1)[-1] for q in known} and imports_any(self.symbols, module, ("django",))

    def patterns(self, module: Module, name: str = "urlpatterns") -> list[Call]:
        return [c for c in module.facts.calls if c.target == name and c.role in ("element", "assign")]

    def find(self, dotted: str) -> Module | None:
        """The module a URLconf string names: exactly, else the one module whose name ends with
        it (a project in `backend/` names `config.urls` for `backend.config.urls`)."""
        module = self.symbols.module(dotted)
        if module is None:
            if self._by_last is None:  # the modules by the last part of their name, made once
                self._by_last = {}
                for name, found in self.symbols.graph.modules.items():
                    if found is not None:
                        self._by_last.setdefault(name.rpartition(".")[2], []).append((name, found))
            matches = [m for name, m in self._by_last.get(dotted.rpartition(".")[2], ()) if name.endswith("." + dotted)]
            module = matches[0] if len(matches) == 1 else None
        return module

    def urlconf(self, module_name: str, prefix: str, chain: tuple[str, ...], reached: bool, name: str = "urlpatterns") -> None:
        module = self.find(module_name)
        key = f"{module.name}:{name}" if module is not None else ""
        if module is None or key in chain or len(chain) > _DEPTH or self.walks.get(key, 0) >= _MAX_WALKS:
            return
        self.walks[key] = self.walks.get(key, 0) + 1
        if name == "urlpatterns":
            self.reached.add(module.name)
        for call in self.patterns(module, name):
            self.pattern(module, call, prefix, chain + (key,), reached)

    def pattern(self, module: Module, call: Call, prefix: str, chain: tuple[str, ...], reached: bool) -> None:
        if not self.is_django(module.name, call.callee, DJANGO_ROUTE_FUNCTIONS) or not call.args:
            return
        piece, ok = self.symbols.text(module.name, call.args[0])
        if split(call.callee)[1] in _REGEX:
            piece = piece.removeprefix("^").removesuffix("$")
        view = call.args[1] if len(call.args) > 1 else call.keyword("view")
        full = prefix + piece
        if view is not None and view[0] == "call" and self.is_django(module.name, view[1].callee, DJANGO_INCLUDE):
            self.include(module, view[1].args[0] if view[1].args else None, full, chain, reached)
        elif view is not None and view[0] == "name" and view[1].endswith(".urls") and self.router(module, view[1][:-5], full, chain, reached):
            pass
        else:
            self.leaf(module, call.line, full, self.symbols.handler(module.name, view), ok, reached, chain)

    def include(self, module: Module, target: tuple | None, prefix: str, chain: tuple[str, ...], reached: bool) -> None:
        if target is None:
            return
        kind, value = target
        if kind == "list" and len(value) == 2 and value[1][0] == "str" and value[0][0] in ("name", "list", "str"):
            return self.include(module, value[0], prefix, chain, reached)  # (patterns, "namespace")
        if kind == "str":
            return self.urlconf(value, prefix, chain, reached)
        if kind == "list":
            for item in value:
                if item[0] == "call":
                    self.pattern(module, item[1], prefix, chain, reached)
            return None
        if kind == "name":
            if value.endswith(".urls") and self.router(module, value[:-5], prefix, chain, reached):
                return None
            ref = self.symbols.resolve(module.name, value)
            if ref.module and not ref.attr:
                return self.urlconf(ref.module, prefix, chain, reached)
            if ref.module and "." not in ref.attr:  # a list of patterns assigned to a name
                self.urlconf(ref.module, prefix, chain, reached, ref.attr)
        return None

    def router(self, module: Module, name: str, prefix: str, chain: tuple[str, ...], reached: bool) -> bool:
        """`include(router.urls)` of a Django REST framework router: one route per registration."""
        obj = self.objects.of(module.name, name)
        if obj is None or obj.framework != "drf":
            return False
        owner = self.symbols.module(obj.module)
        for call in owner.facts.calls if owner else ():
            if call.role == "call" and call.callee == f"{obj.name}.register" and call.args:
                piece, ok = self.symbols.text(owner.name, call.args[0])
                viewset = call.args[1] if len(call.args) > 1 else call.keyword("viewset")
                self.leaf(owner, call.line, f"{prefix}{piece.strip('^$')}/", self.symbols.handler(owner.name, viewset), ok, reached, chain,
                          "django-rest-framework")
        return True

    def leaf(self, module: Module, line: int, path: str, handler: str, ok: bool, reached: bool, chain: tuple[str, ...],
             framework: str = "django") -> None:
        full = "/" + path.lstrip("/")
        # a package URLconf mounted by a test URLconf is a test route (asked once a chain: a URLconf holds tens of routes)
        through_tests = self.tests.get(chain)
        if through_tests is None:
            through_tests = self.tests[chain] = any(getattr(self.symbols.module(key.partition(":")[0]), "scope", "") == "tests" for key in chain)
        self.found.append(entry(
            "web_route", f"ANY {full}", handler, module, line, scope="tests" if through_tests else "", framework=framework, methods="ANY",
            path=full, handler=handler, resolved="" if ok else "no: part of the path is not a literal or module constant",
            mounted="" if reached else "no: no ROOT_URLCONF onboard can see includes this URLconf",
        ))


def django_routes(symbols: Symbols, objects: Objects) -> list[EntryPoint]:
    """Every URL pattern, from each literal `ROOT_URLCONF` first, then the URLconfs not reached."""
    finder = _Django(symbols, objects)
    modules = [m for m in symbols.graph.modules.values() if m is not None]
    roots = sorted({value[1] for m in modules for name, value in m.facts.constants if name == "ROOT_URLCONF" and value[0] == "str"})
    for root in roots:
        finder.urlconf(root, "", (), True)
    for module in sorted(modules, key=lambda m: m.name):
        if module.facts.calls and module.name not in finder.reached and finder.patterns(module):
            finder.urlconf(module.name, "", (), False)
    return finder.found
