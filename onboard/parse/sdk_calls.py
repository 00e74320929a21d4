"""Calls that name a cloud service through an SDK other than boto3's client factories, found in
the CPython AST: Google API discovery clients (`discovery.build("bigquery", "v2")`), fsspec
filesystems (`fsspec.filesystem("s3")`), requests signed with AWS SigV4 for a service
(`SigV4Auth(creds, "execute-api", region)`, `AWS4Auth(key, secret, region, "es")`), and boto 2
connections (`boto.connect_s3()`, `boto.ec2.connect_to_region(...)`).

A callee counts through the file's own imports (`from googleapiclient import discovery`,
`import fsspec as f`, `from botocore.auth import SigV4Auth`), so a project function that happens
to be called `build` is none of these. The service must be a literal; a variable one is no hint.
The tree is walked only when the source mentions one of these SDKs.
"""

from __future__ import annotations

import ast

from onboard.facts import ServiceHint
from onboard.knowledge import AWS_ENDPOINT_LABELS, BOTO2_SERVICES, SERVICE_CALLS

_MARKERS = (b"apiclient", b"fsspec", b"boto", b"SigV4", b"AWS4Auth", b"AWSRequestsAuth", b"AWSV4Signer")


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Local name -> the qualified name it is bound to by an import, anywhere in the file."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                found[alias.asname or top] = alias.name if alias.asname else top
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                if alias.name != "*":
                    found[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return found


def _qualified(func: ast.AST, aliases: dict[str, str]) -> str | None:
    """`discovery.build` -> "googleapiclient.discovery.build" when `discovery` was imported."""
    parts = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name) or func.id not in aliases:
        return None
    return ".".join([aliases[func.id], *reversed(parts)])


def _argument(call: ast.Call, position: int, keyword: str, default: str | None) -> str | None:
    """The literal string given at `position` (-1: the last positional) or as `keyword`; `default`
    when it is not given; None when it is given but not as a literal, or cannot be told."""
    for item in call.keywords:
        if item.arg == keyword:
            return _literal(item.value)
    args = call.args
    before = args if position < 0 else args[:position + 1]
    if any(isinstance(a, ast.Starred) for a in before):
        return None
    if args and position < len(args):
        return _literal(args[position])
    return None if any(k.arg is None for k in call.keywords) else default  # perhaps in `**kwargs`


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _boto2(name: str) -> str | None:
    """The boto3 service of a boto 2 call: `boto.connect_s3` -> s3, `boto.ec2.connect_to_region` ->
    ec2, `boto.ec2.cloudwatch.connect_to_region` -> cloudwatch."""
    parts = name.split(".")
    if parts[0] != "boto" or len(parts) < 2 or not parts[-1].startswith("connect_"):
        return None
    if len(parts) == 2:
        return BOTO2_SERVICES.get(parts[1][len("connect_"):])
    return next((BOTO2_SERVICES[p] for p in reversed(parts[1:-1]) if p in BOTO2_SERVICES), None)


def _hint(call: ast.Call, aliases: dict[str, str]) -> ServiceHint | None:
    name = _qualified(call.func, aliases)
    if name is None:
        return None
    shown = name[:120]
    if name in SERVICE_CALLS:
        kind, position, keyword, default = SERVICE_CALLS[name]
        value = _argument(call, position, keyword, default)
        if value is None:
            return None
        if kind == "signing":  # a SigV4 signing name is the service's endpoint prefix: `es`, `execute-api`
            return ServiceHint("aws", AWS_ENDPOINT_LABELS.get(value, value), shown, call.lineno)
        return ServiceHint(kind, value, shown, call.lineno)
    service = _boto2(name)
    return ServiceHint("aws", service, shown, call.lineno) if service else None


def sdk_call_hints(tree: ast.Module, source: bytes) -> list[ServiceHint]:
    """The calls above, in no particular order (the caller sorts)."""
    if not any(marker in source for marker in _MARKERS):
        return []
    aliases = _aliases(tree)
    if not aliases:
        return []
    return [hint for node in ast.walk(tree) if isinstance(node, ast.Call) for hint in [_hint(node, aliases)] if hint is not None]
