"""Calls and strings that name a service, found in the CPython AST: cloud SDK clients created
with a literal service (`boto3.client("s3")`, `boto3.resource(...)`, `session.client(...)`,
botocore's `create_client(...)`), project wrappers that pass their parameter on to such a call,
and string literals holding a service endpoint or a connection URL. The tree is walked only when
the source mentions one of them.
"""

from __future__ import annotations

import ast
import re

from onboard.facts import ServiceHint

_CLIENT_METHODS = {"client", "resource", "create_client"}
# Bytes that must appear for the tree to be walked at all: an AWS SDK, or a scheme/host/backend
# the string patterns know (plain http:// URLs in docstrings do not count).
_SDK_MARKERS = (b"boto3", b"botocore")
_STRING_BYTES = (b"postgres", b"mysql://", b"mariadb://", b"redis://", b"rediss://", b"amqp", b"mongodb", b"s3://", b"s3a://",
                 b"gs://", b"abfs", b"wasb", b"kafka://", b"sqlite://", b"snowflake://", b"bigquery://", b"amazonaws.com",
                 b"googleapis.com", b"windows.net", b"azure.net", b"azure.com", b"django.db.backends", b"django_redis",
                 b"django.core.cache.backends")
# a string literal that is (or holds) a URL with one of these schemes, or one of these hosts
STRING_PATTERN = re.compile(
    r"\b(postgres(?:ql)?(?:\+\w+)?|mysql(?:\+\w+)?|mariadb|redis|rediss|amqps?|mongodb(?:\+srv)?|s3a?|gs|abfss?|wasbs?|kafka|sqlite|snowflake|bigquery)://"
    r"|[\w.-]*\.amazonaws\.com|[\w.-]*googleapis\.com|[\w.-]+\.(?:blob|queue|table|file|dfs)\.core\.windows\.net|[\w.-]+\.vault\.azure\.net"
    r"|[\w.-]+\.servicebus\.windows\.net|[\w.-]+\.documents\.azure\.com"
    r"|\bdjango\.(?:contrib\.gis\.)?db\.backends\.\w+|\bdjango_redis\b|\bdjango\.core\.cache\.backends\.\w+"
)


_SDKS = ("boto3", "botocore", "aioboto3")
_STRING_MARKERS = ("://", "amazonaws.com", "googleapis.com", ".windows.net", ".azure.net", ".azure.com", "django")


def _sdk_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Local names bound to an AWS SDK module (`import boto3 as b3`) and to SDK objects that
    create clients (`session = boto3.Session()`, `Session()` from `boto3.session`,
    `botocore.session.get_session()`), plus functions imported from the SDK (`from boto3 import
    client`)."""
    modules, functions = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in _SDKS:
                    modules.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] in _SDKS:
            for alias in node.names:
                (functions if alias.name in _CLIENT_METHODS else modules).add(alias.asname or alias.name)
    objects = set(modules)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and _rooted(node.value.func, objects):
            objects.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return objects, functions


def _rooted(node: ast.AST, names: set[str]) -> bool:
    """Whether an expression like `boto3.session.Session()` starts from one of `names`."""
    while isinstance(node, (ast.Attribute, ast.Call)):
        node = node.value if isinstance(node, ast.Attribute) else node.func
    return isinstance(node, ast.Name) and node.id in names


def _call_target(func: ast.AST, objects: set[str], functions: set[str]) -> str | None:
    """How a call creates an SDK client (`boto3.client`, `session.client`, `client`), or None."""
    if isinstance(func, ast.Attribute) and func.attr in _CLIENT_METHODS and _rooted(func.value, objects):
        return f"{ast.unparse(func.value)}.{func.attr}"[:120]
    if isinstance(func, ast.Name) and func.id in functions:
        return func.id
    return None


def _service_arg(call: ast.Call) -> ast.AST | None:
    if call.args:
        return call.args[0]
    return next((k.value for k in call.keywords if k.arg in ("service_name", "service")), None)


def _wrappers(tree: ast.Module, objects: set[str], functions: set[str]) -> tuple[dict[str, int], dict[int, set[str]]]:
    """Module-level functions that pass a parameter on as the service of an SDK client:
    name -> parameter index; and, for the calls inside them, the parameter names to skip."""
    found, inner = {}, {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            params = [a.arg for a in node.args.posonlyargs + node.args.args]
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and _call_target(call.func, objects, functions):
                    arg = _service_arg(call)
                    if isinstance(arg, ast.Name) and arg.id in params:
                        found.setdefault(node.name, params.index(arg.id))
                        inner[id(call)] = set(params)
    return found, inner


def service_hints(tree: ast.Module, source: bytes) -> list[ServiceHint]:
    """SDK client creations and service strings, in source order."""
    sdk = any(marker in source for marker in _SDK_MARKERS)
    strings = any(marker in source for marker in _STRING_BYTES)
    if not (sdk or strings):
        return []
    objects, functions = _sdk_names(tree) if sdk else (set(), set())
    wrappers, inner = _wrappers(tree, objects, functions) if sdk else ({}, {})
    found = []
    for node in ast.walk(tree):
        if sdk and isinstance(node, ast.Call):
            target = _call_target(node.func, objects, functions)
            if target is not None:
                arg = _service_arg(node)
                literal = arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
                if not (isinstance(arg, ast.Name) and arg.id in inner.get(id(node), ())):
                    found.append(ServiceHint("client", literal, target, node.lineno))  # no literal: service unknown
            elif isinstance(node.func, ast.Name) and node.func.id in wrappers and len(node.args) > wrappers[node.func.id]:
                arg = node.args[wrappers[node.func.id]]
                literal = arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
                found.append(ServiceHint("wrapper", literal, f"{node.func.id}()", node.lineno))
        elif strings and isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) <= 4096:
            text = node.value
            # a cheap test first: the host patterns backtrack, so run them only where they can match
            if any(marker in text for marker in _STRING_MARKERS):
                match = STRING_PATTERN.search(text)
                if match:
                    found.append(ServiceHint("string", match.group(0)[:200], "string literal", node.lineno))
    return sorted(found, key=lambda h: (h.line, h.kind, h.name or ""))
