"""Web routes of Flask (and Quart), FastAPI, Starlette, aiohttp, Sanic, Chalice and tornado, with
the full path through the prefixes they are mounted under.

What it finds: route decorators on an app or router (`@app.route`, `@bp.get`, `@router.api_route`,
`@routes.get` of an aiohttp `RouteTableDef`), `add_url_rule`, `add_api_route`, aiohttp's
`router.add_get/...`/`add_route` and `web.get(...)` lists, Starlette `Route(...)` (under the
paths of the `Mount(...)`s around it), tornado
`Application([(r"/", Handler)])`, and the `(pattern, Handler)` tuples of any module-level list
whose handler is a class deriving from a handler base of `knowledge.ROUTE_HANDLER_BASES` (a
tornado `handlers = [...]` that reaches the app through `**kwargs`); prefixes from `Blueprint(url_prefix=)`/`APIRouter(prefix=)` and
from `register_blueprint(url_prefix=)`/`include_router(prefix=)` chains, literals or module
constants (an unresolved prefix shows as `{expression}`). Limits: routers passed around at run time,
prefixes computed by functions, and class-based views registered by loops are not followed.
"""

from __future__ import annotations

from onboard.analyses.objects import EntryPoint, Obj, Objects, entry
from onboard.analyses.symbols import Symbols
from onboard.facts import Call
from onboard.knowledge import (HTTP_METHOD_NAMES, TORNADO_APPLICATIONS, ENTRY_METHODS, ENTRY_OBJECTS, MOUNT_FUNCTIONS, MOUNT_METHODS, ROUTE_FUNCTIONS, ROUTE_HANDLER_BASES,
                               ROUTE_PATTERN_STARTS, ROUTE_REGISTRATIONS, ROUTER_PREFIX_KEYWORDS, SLASH_JOINED_PREFIXES)
from onboard.model.repo import Module
from onboard.resolve.query import ProgramModel

_MAX_MOUNTS = 8
_MAX_CHAINS = 16
_MAX_NESTING = 8  # Mounts inside Mounts


def _join(framework: str, prefix: str, path: str) -> str:
    if not prefix:
        return path
    if framework in SLASH_JOINED_PREFIXES:
        return f"{prefix.rstrip('/')}/{path.lstrip('/')}" if path else prefix
    return prefix + path


def _arg(call: Call, index: int, keyword: str) -> tuple | None:
    return call.args[index] if len(call.args) > index else call.keyword(keyword)


class _Routes:
    def __init__(self, symbols: Symbols, objects: Objects) -> None:
        self.symbols, self.objects = symbols, objects
        self.mounts: dict[tuple[str, str], list[tuple[Obj, str, tuple | None, bool]]] = {}
        self.found: list[EntryPoint] = []
        self._prefixes: dict[tuple[str, str], list[tuple[str, bool, bool]]] = {}
        self.handed: set[tuple[str, str]] = set()  # list constants handed to an `Application(...)` seen

    def collect_mounts(self, module: Module) -> None:
        for call, owner, method, _ in self.symbols.callees(module):
            if method not in MOUNT_METHODS or not owner or not call.args:
                continue
            child = self.objects.of(module.name, call.args[0][1]) if call.args[0][0] == "name" else None
            if child is None:
                self.dynamic_mount(module, call, owner, method)
                continue
            # `def register_blueprints(app): app.register_blueprint(bp)`: an app onboard cannot see
            parent = self.objects.of(module.name, owner, method) or Obj(module.name, owner, child.framework, "app", None, known=False)
            keyword, replaces = MOUNT_METHODS[method]
            self.mounts.setdefault(child.key, []).append((parent, module.name, call.keyword(keyword), replaces))

    def dynamic_mount(self, module: Module, call: Call, owner: str, method: str) -> None:
        """`include_router(make_router(), prefix="/auth")`: routes onboard cannot list, said so."""
        parent = self.objects.of(module.name, owner, method)
        if parent is None or call.args[0][0] not in ("call", "other"):
            return
        keyword = MOUNT_METHODS[method][0]
        text, _ = self.symbols.text(module.name, call.keyword(keyword)) if keyword and call.keyword(keyword) else ("", True)
        made = call.args[0][1].callee if call.args[0][0] == "call" else "an expression"
        for prefix, _, _ in self.prefixes(parent):
            full = _join(parent.framework, prefix, text) or "/"
            self.found.append(entry("web_route", f"<dynamic> {full}", made, module, call.line, framework=parent.framework, path=full,
                                    resolved=f"no: the routes under {full} come from {made}(), made at run time"))

    def prefixes(self, obj: Obj, seen: frozenset = frozenset()) -> list[tuple[str, bool, bool]]:
        """(prefix, resolved, mounted) for the chains of mounts that lead to `obj`, at most
        `_MAX_CHAINS` (a router mounted twice in each of many layers would multiply them)."""
        if not seen and obj.key in self._prefixes:
            return self._prefixes[obj.key]
        found = self._chains(obj, seen)[:_MAX_CHAINS]
        if not seen:
            self._prefixes[obj.key] = found
        return found

    def _chains(self, obj: Obj, seen: frozenset) -> list[tuple[str, bool, bool]]:
        own, own_ok = "", True
        if obj.call is not None and obj.call.role != "decorator":
            keyword = next((k for k in ROUTER_PREFIX_KEYWORDS if obj.call.keyword(k) is not None), None)
            own, own_ok = self.symbols.text(obj.module, obj.call.keyword(keyword) if keyword else None)
        mounts = self.mounts.get(obj.key, [])
        if not mounts or obj.key in seen:
            return [(own, own_ok, obj.role == "app")]
        found = []
        for parent, where, value, replaces in mounts[:_MAX_MOUNTS]:
            text, ok = self.symbols.text(where, value)
            middle = text if replaces and value is not None else _join(obj.framework, text, own)
            for prefix, parent_ok, mounted in self.prefixes(parent, seen | {obj.key})[:_MAX_CHAINS]:
                found.append((_join(obj.framework, prefix, middle), parent_ok and ok and (own_ok or replaces and value is not None), mounted))
        return sorted(set(found))

    def add(self, module: Module, obj: Obj | None, framework: str, methods: tuple[str, ...], path_value: tuple | None,
            handler: str, line: int, prefix: str = "") -> None:
        path, path_ok = self.symbols.text(module.name, path_value) if path_value is not None else ("{?}", False)
        chains = self.prefixes(obj) if obj is not None else [(prefix, True, True)]
        for prefix, prefix_ok, mounted in chains:
            full = _join(framework, prefix, path)
            name = f"{','.join(sorted(set(methods)))} {full}"
            self.found.append(entry(
                "web_route", name, handler, module, line, framework=framework, methods=",".join(sorted(set(methods))),
                path=full, handler=handler, app=f"{obj.module}.{obj.name}" if obj else "",
                resolved="" if path_ok and prefix_ok else "no: part of the path is not a literal or module constant",
                mounted="" if mounted else "no: the router is not mounted under an app anywhere onboard can see",
                inferred="" if obj is None or obj.known else "the object's framework is inferred from the module's imports",
            ))

    def methods(self, module: Module, call: Call, default: str | None) -> tuple[str, ...]:
        if default is not None:
            return (default,)
        listed = self.symbols.strings(module.name, call.keyword("methods"))
        if call.keyword("methods") is None:
            return ("GET",)
        return tuple(m.upper() for m in listed) if listed else ("ANY",)

    def module_routes(self, module: Module) -> None:
        for call, owner, method, qualified in self.symbols.callees(module):
            made = ENTRY_OBJECTS.get(qualified) if call.role != "decorator" else None
            if made == ("tornado", "app"):
                self.tornado(module, Obj(module.name, call.target or "Application", "tornado", "app", call), _arg(call, 0, "handlers"))
            elif call.role == "decorator" and owner:
                self.decorated(module, call, owner, method)
            elif owner and call.role in ("call", "assign"):
                self.registered(module, call, owner, method)
            if call.role == "element":
                self.listed(module, call, "", qualified)
            if _holds_calls(call):  # most calls hold names and literals only
                for nested, prefix in self.nested(module, call, ""):
                    self.listed(module, nested, prefix)

    def decorated(self, module: Module, call: Call, owner: str, method: str) -> None:
        obj = self.objects.of(module.name, owner, method)
        kind, default = ENTRY_METHODS.get((obj.framework, method), (None, None)) if obj else (None, None)
        if kind == "web_route":
            self.route(module, obj, obj.framework, call, default, "path", None, f"{module.name}:{call.target}")

    def registered(self, module: Module, call: Call, owner: str, method: str) -> None:
        obj = self.objects.of(module.name, owner, method)
        spec = ROUTE_REGISTRATIONS.get((obj.framework, method)) if obj is not None else None
        if spec is not None:
            self.route(module, obj, obj.framework, call, *spec)

    def route(self, module: Module, obj: Obj | None, framework: str, call: Call, default: str | None, path_keyword: str,
              handler_keyword: str | None, handler: str = "", prefix: str = "") -> None:
        """One route from a decorator or a call: `(method,) path, handler` positionally, or by
        keyword; `default` is the HTTP method, None to read `methods=`, "FIRST-ARG" to read it
        from the first argument (aiohttp's `route("PATCH", "/b", h)`)."""
        offset = 1 if default == "FIRST-ARG" else 0
        if default == "FIRST-ARG":
            methods = (self.symbols.text(module.name, _arg(call, 0, "method"))[0].upper(),)
        else:
            methods = self.methods(module, call, default)
        path = _arg(call, offset, path_keyword) or _arg(call, offset, "rule")
        if handler_keyword is not None:
            handler = self.symbols.handler(module.name, _arg(call, offset + 1, handler_keyword) or _arg(call, offset + 1, "handler"))
        self.add(module, obj, framework, methods, path, handler, call.line, prefix)

    def tornado(self, module: Module, obj: Obj, handlers: tuple | None) -> None:
        """`Application([(r"/", Main), ...])`, or a list constant of this or another module: the
        handler names resolve where the list is written."""
        owner = module
        if handlers is not None and handlers[0] == "name":
            ref = self.symbols.resolve(module.name, handlers[1])
            owner = self.symbols.module(ref.module) or module if ref.module else module
            self.handed.add((ref.module, ref.attr))
            handlers = self.symbols.constant(module.name, handlers[1])
        for spec in handlers[1] if handlers is not None and handlers[0] == "list" else ():
            if spec[0] == "list" and len(spec[1]) >= 2:
                handler = self.symbols.handler(owner.name, spec[1][1])
                self.add(module, obj, "tornado", handler_verbs(self.symbols, handler), spec[1][0], handler, obj.call.line)

    def handler_lists(self, module: Module) -> None:
        """`handlers = [(r"/", Main), ...]` not handed to an `Application(...)` onboard saw: each
        tuple of a pattern and a handler class, each at its own line."""
        lines = None  # made for a module with a route in such a list only: most have none
        for name, value in module.facts.constants:
            if value[0] != "list" or (module.name, name) in self.handed:
                continue
            for index, item in enumerate(value[1]):
                framework = self.handler_tuple(module, item)
                if framework:
                    lines = dict(module.facts.constant_lines) if lines is None else lines
                    line = lines[name][index] if name in lines else None
                    handler = self.symbols.handler(module.name, item[1][1])
                    self.add(module, None, framework, handler_verbs(self.symbols, handler), item[1][0], handler, line)

    def handler_tuple(self, module: Module, item: tuple) -> str:
        """The framework of a `(pattern, Handler[, kwargs[, name]])` tuple whose handler derives
        from one of its handler bases, "" for anything else (`("a", "b")`, `("x", SomeClass)`)."""
        if item[0] != "list" or not 2 <= len(item[1]) <= 4 or item[1][1][0] != "name" or item[1][0][0] not in ("str", "concat", "name"):
            return ""
        if not self.symbols.text(module.name, item[1][0])[0].startswith(ROUTE_PATTERN_STARTS):
            return ""
        return next((fw for fw, bases in sorted(ROUTE_HANDLER_BASES.items()) if self.symbols.derives(module.name, item[1][1][1], bases)), "")

    def listed(self, module: Module, call: Call, prefix: str = "", qualified: str = "") -> None:
        """A route function in a list (`Route("/", home)`); `qualified`: its callee's, when known."""
        qualified = qualified or self.symbols.qualified(module.name, call.callee)
        if qualified in ROUTE_FUNCTIONS:
            self.route(module, None, qualified.split(".")[0], call, ROUTE_FUNCTIONS[qualified], "path", "endpoint", prefix=prefix)

    def nested(self, module: Module, call: Call, prefix: str, depth: int = 0):
        """(call, prefix) for every call inside the arguments of `call`; the calls inside a
        `Mount("/api", routes=[...])` get its path as prefix."""
        if depth > _MAX_NESTING:
            return
        inner = prefix
        if self.symbols.qualified(module.name, call.callee) in MOUNT_FUNCTIONS and call.args:
            inner = prefix + self.symbols.text(module.name, call.args[0])[0]
        for value in (*call.args, *(v for _, v in call.kwargs)):
            for found in _calls_in(value):
                yield found, inner
                yield from self.nested(module, found, inner, depth + 1)


def handler_verbs(symbols: Symbols, handler: str, depth: int = 0) -> tuple[str, ...]:
    """The HTTP methods a handler class (`module:Class`) answers: its `get`/`post`/...
    methods and those of its bases in the repository; ("ANY",) when none is seen."""
    module_name, _, name = handler.partition(":")
    module = symbols.module(module_name)
    definitions = module.facts.definitions if module is not None and name and "." not in name else ()
    index = next((i for i in range(len(definitions) - 1, -1, -1) if definitions[i].parent == -1 and
                  definitions[i].kind == "class" and definitions[i].name == name), None)
    if index is None:
        return ("ANY",)
    verbs = {d.name.upper() for d in definitions if d.parent == index and d.kind == "function" and d.name in HTTP_METHOD_NAMES}
    for base in definitions[index].bases if depth < 4 and not verbs else ():
        ref = symbols.resolve(module_name, base)
        if ref.module and ref.attr:
            inherited = handler_verbs(symbols, f"{ref.module}:{ref.attr}", depth + 1)
            verbs.update(v for v in inherited if v != "ANY")
    return tuple(sorted(verbs)) or ("ANY",)


def _holds_calls(call: Call) -> bool:
    """Whether an argument of `call` is a call or a list (that may hold calls): all `nested`
    looks into."""
    for kind, _ in call.args:
        if kind in ("call", "list"):
            return True
    for _, (kind, _) in call.kwargs:
        if kind in ("call", "list"):
            return True
    return False


def _calls_in(value: tuple):
    """The calls directly in an argument (in lists at any depth, not inside other calls)."""
    kind, inner = value
    if kind == "call":
        yield inner
    elif kind == "list":
        for item in inner:
            yield from _calls_in(item)


def resolved_handler_lists(symbols: Symbols, model: ProgramModel, known: list[EntryPoint]) -> list[EntryPoint]:
    """Routes of tornado apps whose `(pattern, Handler)` list the program model follows to the
    `Application(...)` call: a list built inside a function, passed on, extended or appended to.
    Patterns and handlers already found from the module's text are not repeated."""
    seen = {(e.path, dict(e.detail).get("handler", "")) for e in known if e.kind == "web_route"}
    found: list[EntryPoint] = []
    for site in model.sites(TORNADO_APPLICATIONS, tuples=True):
        module = symbols.module(site.module)
        argument = site.argument(0, "handlers")
        for item in argument.tuples if module is not None and argument is not None else ():
            if len(item) < 2 or not item[0].strings or not item[1].objects:
                continue
            for handler in (f"{q.rpartition('.')[0]}:{q.rpartition('.')[2]}" for q in item[1].objects):
                owner, _, name = handler.partition(":")
                if (module.path, handler) in seen or not symbols.derives(owner, name, ROUTE_HANDLER_BASES["tornado"]):
                    continue
                verbs = handler_verbs(symbols, handler)
                for pattern in item[0].strings:
                    if pattern.startswith(ROUTE_PATTERN_STARTS):
                        path = _join("tornado", "", pattern)
                        found.append(entry("web_route", f"{','.join(verbs)} {path}", handler, module, site.line, framework="tornado",
                                           methods=",".join(verbs), path=path, handler=handler, app=site.caller))
    return found


def web_routes(symbols: Symbols, objects: Objects, model: ProgramModel | None = None) -> list[EntryPoint]:
    """Every route of the non-Django frameworks, one per mount chain."""
    finder = _Routes(symbols, objects)
    modules = [m for m in symbols.graph.modules.values() if m is not None and m.facts.calls]
    for module in modules:
        finder.collect_mounts(module)
    for module in modules:
        finder.module_routes(module)
    for module in symbols.graph.modules.values():
        if module is not None and module.facts.constants:
            finder.handler_lists(module)
    if model is not None:
        finder.found += resolved_handler_lists(symbols, model, finder.found)
    return finder.found
