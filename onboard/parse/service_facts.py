"""Calls and strings that name a service, found in the CPython AST: cloud SDK clients created
with a literal service (`boto3.client("s3")`, `boto3.resource(...)`, `session.client(...)`,
botocore's `create_client(...)`, also on a session kept as `self._session`), project wrappers
that pass their parameter on to such a call (module-level functions, and methods called through
`self`/`cls` in their own class), and string literals, docstrings left out, holding a service
endpoint or a connection URL (a Google Cloud resource's name or self link is none); with the
calls of other SDKs that `parse.sdk_calls` finds. The tree is walked only when the source
mentions one of them.
"""

from __future__ import annotations

import ast
import re

from onboard.facts import ServiceHint
from onboard.knowledge import AWS_SDK_MODULES
from onboard.parse.sdk_calls import sdk_call_hints

_CLIENT_METHODS = {"client", "resource", "create_client"}
# Bytes that must appear for the tree to be walked at all: an AWS SDK, or a scheme/host/backend
# the string patterns know (plain http:// URLs in docstrings do not count).
_SDK_MARKERS = (b"boto3", b"botocore")  # aioboto3 and aiobotocore included
_STRING_BYTES = (b"postgres", b"mysql://", b"mariadb://", b"redis://", b"rediss://", b"amqp", b"mongodb", b"s3://", b"s3a://",
                 b"gs://", b"gcs://", b"az://", b"adl://", b"abfs", b"wasb", b"kafka://", b"sqlite://", b"snowflake://", b"bigquery://",
                 b"amazonaws.com", b"googleapis.com", b"windows.net", b"azure.net", b"azure.com", b"django.db.backends", b"django_redis",
                 b"django.core.cache.backends")
# a string literal that is (or holds) a URL with one of these schemes, or one of these hosts
STRING_PATTERN = re.compile(
    r"\b(postgres(?:ql)?(?:\+\w+)?|mysql(?:\+\w+)?|mariadb|redis|rediss|amqps?|mongodb(?:\+srv)?|s3a?|gs|gcs|az|adl|abfss?|wasbs?|kafka|sqlite|snowflake|bigquery)://"
    r"|[\w.-]*\.amazonaws\.com|[\w.-]*googleapis\.com(?:/[\w-]+){0,2}|[\w.-]+\.(?:blob|queue|table|file|dfs)\.core\.windows\.net|[\w.-]+\.vault\.azure\.net"
    r"|[\w.-]+\.servicebus\.windows\.net|[\w.-]+\.documents\.azure\.com"
    r"|\bdjango\.(?:contrib\.gis\.)?db\.backends\.\w+|\bdjango_redis\b|\bdjango\.core\.cache\.backends\.\w+"
)


_SELF = ("self", "cls")
_CHAIN = 4  # assignments followed from an SDK object: enough for real code, bounded for generated chains
_STRING_MARKERS = ("://", "amazonaws.com", "googleapis.com", ".windows.net", ".azure.net", ".azure.com", "django")


def _sdk_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Local names bound to an AWS SDK module (`import boto3 as b3`) and to SDK objects that
    create clients (`session = boto3.Session()`, `Session()` from `boto3.session`,
    `botocore.session.get_session()`, a parameter annotated `session: botocore.session.Session`,
    and `self._session = session`, kept as "self._session"), plus functions imported from the SDK
    (`from boto3 import client`)."""
    modules, functions = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in AWS_SDK_MODULES:
                    modules.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] in AWS_SDK_MODULES:
            for alias in node.names:
                (functions if alias.name in _CLIENT_METHODS else modules).add(alias.asname or alias.name)
    objects = set(modules)
    assigned = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and node.annotation is not None:
            if any(isinstance(n, ast.Name) and n.id in modules for n in ast.walk(node.annotation)):
                objects.add(node.arg)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = [_bound_name(t) for t in (node.targets if isinstance(node, ast.Assign) else [node.target])]
            assigned.append(([t for t in targets if t], node.value))
    for _ in range(_CHAIN):  # `session = boto3.Session()`, then `self._session = session`, in any order
        before = len(objects)
        objects.update(t for targets, value in assigned if _rooted(value, objects) for t in targets)
        if len(objects) == before:
            break
    return objects, functions


def _bound_name(target: ast.AST) -> str | None:
    """The name an assignment binds that later calls can start from: `x`, or `self.x` / `cls.x`."""
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id in _SELF:
        return f"{target.value.id}.{target.attr}"
    return None


def _rooted(node: ast.AST, names: set[str]) -> bool:
    """Whether an expression like `boto3.session.Session()` or `self._session.x` starts from one of `names`."""
    while isinstance(node, (ast.Attribute, ast.Call)):
        if isinstance(node, ast.Attribute) and _bound_name(node) in names:
            return True
        node = node.value if isinstance(node, ast.Attribute) else node.func
    return isinstance(node, ast.Name) and node.id in names


_SERVICE_ID = re.compile(r"[a-z][a-z0-9-]{1,62}")  # how botocore names a service: "s3", "apigatewaymanagementapi"


def _session_named(node: ast.AST) -> bool:
    """`session`, `boto_session`, `self.session`, `self._session`: a name that says it holds a
    session, where nothing in the file says where it comes from (the users assign it)."""
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return name.lower().rstrip("_").endswith("session")


def _call_target(func: ast.AST, objects: set[str], functions: set[str]) -> str | None:
    """How a call creates an SDK client (`boto3.client`, `session.client`, `client`), or None."""
    if isinstance(func, ast.Attribute) and func.attr in _CLIENT_METHODS and _rooted(func.value, objects):
        return f"{ast.unparse(func.value)}.{func.attr}"[:120]
    if isinstance(func, ast.Name) and func.id in functions:
        return func.id
    return None


def _session_client(call: ast.Call) -> str | None:
    """The service of `self.session.client("apigatewaymanagementapi")`: a client asked of a session
    the users provide, by its botocore name; None for anything else."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr in ("client", "resource") and _session_named(func.value)):
        return None
    service = _literal(_service_arg(call))
    return service if service is not None and _SERVICE_ID.fullmatch(service) else None


def _service_arg(call: ast.Call) -> ast.AST | None:
    if call.args:
        return call.args[0]
    return next((k.value for k in call.keywords if k.arg in ("service_name", "service")), None)


def _wrapped(function: ast.FunctionDef | ast.AsyncFunctionDef, objects: set[str], functions: set[str]) -> tuple[int, str, set[int]] | None:
    """Whether a function passes one of its parameters on as the service of an SDK client: the
    parameter's index and name, and the ids of those client calls (the wrapper's mechanism)."""
    params = [a.arg for a in function.args.posonlyargs + function.args.args]
    passed, inner = None, set()
    for call in ast.walk(function):
        if isinstance(call, ast.Call) and _call_target(call.func, objects, functions):
            arg = _service_arg(call)
            if isinstance(arg, ast.Name) and arg.id in params:
                passed = passed or (params.index(arg.id), arg.id)
                inner.add(id(call))
    return (*passed, inner) if passed else None


def _passed(call: ast.Call, index: int, name: str) -> ast.AST | None:
    """The argument a wrapper call gives for the parameter at `index` named `name`."""
    if len(call.args) > index and not any(isinstance(a, ast.Starred) for a in call.args[:index + 1]):
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == name), None)


def _own_nodes(cls: ast.ClassDef):
    """The nodes of a class body, nested classes left out (their `self` is another object)."""
    stack = list(cls.body)
    while stack:
        node = stack.pop()
        if not isinstance(node, ast.ClassDef):
            yield node
            stack.extend(ast.iter_child_nodes(node))


def _wrapper_calls(tree: ast.Module, objects: set[str], functions: set[str]) -> tuple[dict[int, tuple[ast.AST, str]], set[int]]:
    """Calls of project wrappers that pass a service on to an SDK client: module-level functions
    called by name, and methods called as `self.name(...)` / `cls.name(...)` in their own class.
    Returns call id -> (the service argument, how it is called), and the ids of the client calls
    inside the wrappers, which are not clients of their own."""
    calls, inner = {}, set()
    plain = {}
    for node in tree.body:
        found = _wrapped(node, objects, functions) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
        if found:
            plain[node.name] = found[:2]
            inner |= found[2]
    for node in ast.walk(tree) if plain else ():
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in plain:
            arg = _passed(node, *plain[node.func.id])
            if arg is not None:
                calls[id(node)] = (arg, f"{node.func.id}()")
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        methods = {}
        for item in cls.body:
            found = _wrapped(item, objects, functions) if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
            if found:
                bound = 0 if any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in item.decorator_list) else 1
                methods[item.name] = (found[0] - bound, found[1])
                inner |= found[2]
        for node in _own_nodes(cls) if methods else ():
            func = getattr(node, "func", None)
            if isinstance(node, ast.Call) and isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                    and func.value.id in _SELF and func.attr in methods and methods[func.attr][0] >= 0:
                arg = _passed(node, *methods[func.attr])
                if arg is not None:
                    calls[id(node)] = (arg, f"{func.value.id}.{func.attr}()")
    return calls, inner


def _literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _docstring(node: ast.AST) -> int | None:
    """The id of a module's, class's or function's docstring: prose, not evidence."""
    body = getattr(node, "body", None) if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) else None
    first = body[0] if body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return id(first.value)
    return None


def _resource_address(text: str, match: re.Match) -> bool:
    """A Google Cloud resource's name or self link, which addresses a resource rather than calls
    an API: a `projects/` path without a scheme (`compute.googleapis.com/projects/p/zones/z/...`,
    the full name `//dataproc.googleapis.com/projects/p/regions/r/clusters/c`), or on the shared
    host a path that ends at a resource (`https://www.googleapis.com/compute/v1/projects/{}`:
    collections and ids alternate, so an even count; `.../projects/p/zones` lists, a call)."""
    host, _, path = match.group(0).partition("/")
    if not host.endswith("googleapis.com"):
        return False
    path = re.split(r"[?#\s\"']", (path + text[match.end():]).lstrip("/"), maxsplit=1)[0]
    if not text[:match.start()].endswith("://"):
        return path.startswith("projects/")
    found = re.match(r"[\w-]+/v[\w.]+/(projects/.*)", path) if host == "www.googleapis.com" else None
    segments = found.group(1).rstrip("/").split("/") if found else []
    return bool(segments) and len(segments) % 2 == 0 and ":" not in segments[-1]


def service_hints(tree: ast.Module, source: bytes) -> list[ServiceHint]:
    """SDK client creations and service strings, in source order."""
    sdk = any(marker in source for marker in _SDK_MARKERS)
    strings = any(marker in source for marker in _STRING_BYTES)
    found = sdk_call_hints(tree, source)
    if not (sdk or strings):
        return found
    objects, functions = _sdk_names(tree) if sdk else (set(), set())
    wrapper_calls, inner = _wrapper_calls(tree, objects, functions) if sdk else ({}, set())
    prose = set()
    for node in ast.walk(tree):  # breadth first: a docstring's owner comes before the docstring
        prose.add(_docstring(node))
        if sdk and isinstance(node, ast.Call):
            target = _call_target(node.func, objects, functions)
            if target is not None and id(node) not in inner:
                found.append(ServiceHint("client", _literal(_service_arg(node)), target, node.lineno))  # no literal: service unknown
            elif id(node) in wrapper_calls:
                arg, via = wrapper_calls[id(node)]
                found.append(ServiceHint("wrapper", _literal(arg), via, node.lineno))
            elif (service := _session_client(node)) is not None:
                found.append(ServiceHint("session", service, f"{ast.unparse(node.func.value)}.{node.func.attr}"[:120], node.lineno))
        elif strings and isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) <= 4096 and id(node) not in prose:
            text = node.value
            # a cheap test first: the host patterns backtrack, so run them only where they can match
            if any(marker in text for marker in _STRING_MARKERS):
                match = STRING_PATTERN.search(text)
                if match and not _resource_address(text, match):
                    found.append(ServiceHint("string", match.group(0)[:200], "string literal", node.lineno))
    return sorted(found, key=lambda h: (h.line, h.kind, h.name or ""))
