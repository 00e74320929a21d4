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
_MARKERS = (b"client", b"resource", b"://", b"amazonaws.com", b"googleapis.com", b"windows.net", b"azure.net", b"django", b"azure.com")
# a string literal that is (or holds) a URL with one of these schemes, or one of these hosts
STRING_PATTERN = re.compile(
    r"\b(postgres(?:ql)?(?:\+\w+)?|mysql(?:\+\w+)?|mariadb|redis|rediss|amqps?|mongodb(?:\+srv)?|s3a?|gs|abfss?|wasbs?|kafka|sqlite|snowflake|bigquery)://"
    r"|[\w.-]*\.amazonaws\.com|[\w.-]*googleapis\.com|[\w.-]+\.(?:blob|queue|table|file|dfs)\.core\.windows\.net|[\w.-]+\.vault\.azure\.net"
    r"|[\w.-]+\.servicebus\.windows\.net|[\w.-]+\.documents\.azure\.com"
    r"|\bdjango\.(?:contrib\.gis\.)?db\.backends\.\w+|\bdjango_redis\b|\bdjango\.core\.cache\.backends\.\w+"
)


def _call_target(func: ast.AST) -> tuple[str, str] | None:
    """(receiver text, method) for `x.client(...)`-style calls."""
    if isinstance(func, ast.Attribute) and func.attr in _CLIENT_METHODS:
        value = func.value
        if isinstance(value, ast.Name):
            return value.id, func.attr
        if isinstance(value, ast.Attribute):
            return ast.unparse(value), func.attr
        if isinstance(value, ast.Call):
            return ast.unparse(value.func) + "()", func.attr
    return None


def _service_arg(call: ast.Call) -> ast.AST | None:
    if call.args:
        return call.args[0]
    return next((k.value for k in call.keywords if k.arg in ("service_name", "service")), None)


def _wrappers(tree: ast.Module) -> dict[str, int]:
    found = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            params = [a.arg for a in node.args.posonlyargs + node.args.args]
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and _call_target(inner.func):
                    arg = _service_arg(inner)
                    if isinstance(arg, ast.Name) and arg.id in params:
                        found[node.name] = params.index(arg.id)
                        break
    return found


def service_hints(tree: ast.Module, source: bytes) -> list[ServiceHint]:
    """SDK client creations and service strings, in source order."""
    if not any(marker in source for marker in _MARKERS):
        return []
    wrappers = _wrappers(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            target = _call_target(node.func)
            if target is not None:
                arg = _service_arg(node)
                literal = arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
                if arg is not None and not (isinstance(arg, ast.Name) and arg.id in _params_of_enclosing(tree, node, wrappers)):
                    found.append(ServiceHint("client", literal, f"{target[0]}.{target[1]}", node.lineno))
            elif isinstance(node.func, ast.Name) and node.func.id in wrappers and len(node.args) > wrappers[node.func.id]:
                arg = node.args[wrappers[node.func.id]]
                literal = arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
                found.append(ServiceHint("wrapper", literal, f"{node.func.id}()", node.lineno))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 4096:
            match = STRING_PATTERN.search(node.value)
            if match:
                found.append(ServiceHint("string", match.group(0)[:200], "string literal", node.lineno))
    return sorted(found, key=lambda h: (h.line, h.kind, h.name or ""))


def _params_of_enclosing(tree: ast.Module, call: ast.Call, wrappers: dict[str, int]) -> set[str]:
    """Parameter names of the wrapper functions whose body holds `call` (their calls are the
    wrapper's mechanism; the reads are attributed to the wrapper's callers)."""
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in wrappers:
            if node.lineno <= call.lineno <= (node.end_lineno or node.lineno):
                names.update(a.arg for a in node.args.posonlyargs + node.args.args)
    return names
