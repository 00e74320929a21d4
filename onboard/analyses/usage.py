"""What the code talks to: cloud services, databases, caches, queues, search, ML, data,
monitoring, secrets, orchestration, email, auth and HTTP APIs, each with its evidence.

What it finds: from the knowledge tables in `onboard.knowledge`, SDK and library imports
(`via: import`), AWS clients created with a literal service (`boto3.client("s3")`, `resource`,
`session.client`, botocore `create_client`: `via: client`), calls of a project function, or of a
method through `self`, that creates one (`via: wrapper`), and string literals holding a service
endpoint or a connection URL (`via: endpoint` / `via: url`); each service with the scopes its
evidence is in. Why it matters: it is the map of what a newcomer needs credentials for, and a
service seen only in tests or examples is not one the package needs. Example: `self._client("iam")`
where `_client` passes its parameter to `self._session.create_client` is AWS IAM. Limits: a
client created with a variable service is reported with `service` null, never guessed; wrappers
are followed within one module (methods within their class); a host names a service only through
the endpoint tables (`www.googleapis.com/oauth2/...`, Google sign-in, names none); docstrings and
vendored code are left out.
"""

from __future__ import annotations

import re
from collections import defaultdict

from onboard.frozen import record
from onboard.graph import ImportGraph
from onboard.knowledge import (AWS_ENDPOINT_LABELS, AWS_ENDPOINT_PREFIXES, AWS_SDK_MODULES, AWS_SERVICE_CATEGORIES, AZURE_ENDPOINTS,
                               AZURE_GROUPS, AZURE_SERVICE_CATEGORIES, BOTO2_SERVICES, CLOUD_NAMESPACES, CLOUD_SUPPORT_PARTS,
                               DJANGO_BACKENDS, GCP_ENDPOINT_LABELS, GCP_SERVICE_CATEGORIES, GCP_SHARED_HOST_PATHS, SCOPES, SERVICE_CALLS,
                               URL_SCHEMES, USAGE_IMPORTS)
from onboard.model.repo import Repo
from onboard.resolve.query import ProgramModel

Key = tuple[str, str | None, str | None]
# A GCP regional endpoint's region: `us-central1-aiplatform.googleapis.com`.
_REGION_PREFIX = re.compile(r"^[a-z]+-[a-z]+\d+-")
# An SDK module's API version: `secretmanager_v1`, `dataproc_v1beta2`, `monitoring_v3p1alpha`.
_VERSION = re.compile(r"_v\d+(?:p\d+)?(?:(?:alpha|beta)\d*)?$")


@record
class Evidence:
    """Where and how a service shows up."""

    path: str
    line: int
    scope: str
    via: str  # "import" | "client" | "wrapper" | "url" | "endpoint" | "setting"
    detail: str  # the import, the call, or the matched text


@record
class Usage:
    """One service or tool, with every piece of evidence."""

    category: str
    provider: str | None
    service: str | None
    evidence: tuple[Evidence, ...]
    configured_by: tuple[str, ...] = ()  # environment variables read beside the evidence (analyses.service_config)
    scopes: tuple[str, ...] = ()  # the scopes of its evidence; without "package" it is seen only in tests, examples, docs or scripts


def user_table(entries: dict[str, str]) -> dict[str, Key]:
    """`[tool.onboard.usage]` entries ("mycorp.storage" = "storage/aws/s3"; "-" for none)."""
    table = {}
    for prefix, text in entries.items():
        category, provider, service = (part.strip() for part in text.split("/"))
        table[prefix] = (category, None if provider in ("", "-") else provider, None if service in ("", "-") else service)
    return table


def _import_key(module: str, extra: dict[str, Key]) -> Key | None:
    parts = module.split(".")
    for size in range(len(parts), 0, -1):
        prefix = ".".join(parts[:size])
        key = extra.get(prefix) or USAGE_IMPORTS.get(prefix)
        if key is not None:
            return _named_in_namespace(prefix, parts[size:]) or _boto2_key(prefix, parts[size:]) or key
    return None


def _named_in_namespace(prefix: str, rest: list[str]) -> Key | None:
    """The service an SDK namespace's next part names (`google.cloud.secretmanager_v1` ->
    secretmanager, `azure.mgmt.compute` -> mgmt_compute), or None for its plumbing."""
    provider = CLOUD_NAMESPACES.get(prefix)
    if provider is None or not rest or rest[0] in CLOUD_SUPPORT_PARTS:
        return None
    if provider == "azure" and rest[0] in AZURE_GROUPS:
        if len(rest) < 2 or rest[1] in CLOUD_SUPPORT_PARTS:
            return None
        service = f"{rest[0]}_{_VERSION.sub('', rest[1])}"
    else:
        service = _VERSION.sub("", rest[0])
    known = USAGE_IMPORTS.get(f"{prefix}.{service.replace('_', '.')}") or USAGE_IMPORTS.get(f"{prefix}.{service}")
    if known is not None:
        return known
    categories = GCP_SERVICE_CATEGORIES if provider == "gcp" else AZURE_SERVICE_CATEGORIES
    return (categories.get(service, "cloud"), provider, service)


def _boto2_key(prefix: str, rest: list[str]) -> Key | None:
    """boto 2's sub-packages: `boto.s3.connection` -> s3, `boto.ec2.cloudwatch` -> cloudwatch."""
    if prefix != "boto":
        return None
    service = next((BOTO2_SERVICES[p] for p in reversed(rest) if p in BOTO2_SERVICES), None)
    return _aws(service) if service else None


def _aws(service: str | None) -> Key:
    return (AWS_SERVICE_CATEGORIES.get(service or "", "cloud"), "aws", service)


def _django_key(text: str) -> tuple[Key, str] | None:
    if text == "django_redis":
        return DJANGO_BACKENDS["django_redis"], "setting"
    last = text.rsplit(".", 1)[-1].lower()
    for name, key in DJANGO_BACKENDS.items():
        if last == name or last.startswith(name):
            return key, "setting"
    return None


def _string_key(text: str) -> tuple[Key, str] | None:
    if text.startswith("django"):
        return _django_key(text)
    if "://" in text and not text.startswith(("http", "//")):
        scheme = text.split("://", 1)[0].split("+")[0] if not text.startswith("mongodb+srv") else "mongodb+srv"
        key = URL_SCHEMES.get(scheme) or URL_SCHEMES.get(text.split("://", 1)[0])
        return (key, "url") if key else None
    host, _, path = text.split("://")[-1].lower().partition("/")
    labels = [label for label in host.split(".") if label]
    if len(labels) < 3:
        return None  # the bare domain (`.amazonaws.com` in a suffix check) names no service
    if host.endswith("amazonaws.com"):
        service = _listed(labels[:-2], AWS_ENDPOINT_LABELS, AWS_ENDPOINT_PREFIXES)
        return (_aws(service), "endpoint") if service else None
    if host.endswith("googleapis.com"):
        named = [_REGION_PREFIX.sub("", label) for label in labels[:-2]]
        segments = path.split("/")
        shared = segments[1] if segments[0] == "upload" and len(segments) > 1 else segments[0]  # `www.googleapis.com/upload/bigquery/v2`
        service = _listed(named, GCP_ENDPOINT_LABELS) or GCP_SHARED_HOST_PATHS.get(shared)
        return ((GCP_SERVICE_CATEGORIES.get(service, "cloud"), "gcp", service), "endpoint") if service else None
    for suffix, service in AZURE_ENDPOINTS.items():
        if host.endswith(suffix):
            return (AZURE_SERVICE_CATEGORIES.get(service, "cloud"), "azure", service), "endpoint"
    return None


def _listed(labels: list[str], table: dict[str, str], prefixes: dict[str, str] | None = None) -> str | None:
    """The service named by the listed label nearest the domain (`bucket.s3.eu-west-1`: s3), or
    None when no label is listed (`www`, `oauth2`, `acs`: no service is invented)."""
    for label in reversed(labels):
        service = table.get(label) or next((s for prefix, s in (prefixes or {}).items() if label.startswith(prefix)), None)
        if service:
            return service
    return None


# Hints of calls that name their service (`parse.sdk_calls`) -> the evidence's `via`.
_CALL_KINDS = {"aws": "client", "api": "client", "protocol": "filesystem"}


def _call_key(kind: str, name: str) -> Key | None:
    """The service of a boto 2 connection or SigV4 signer ("aws"), a Google API discovery
    client ("api": only the Cloud APIs; `drive` or `youtube` name none) or an fsspec filesystem
    ("protocol", as the URL scheme of that name: s3, gs, gcs, abfs, az, ...)."""
    if kind == "aws":
        return _aws(name)
    if kind == "api":
        service = GCP_ENDPOINT_LABELS.get(name)
        return (GCP_SERVICE_CATEGORIES.get(service, "cloud"), "gcp", service) if service else None
    return URL_SCHEMES.get(name)


_AWS_CLIENT_METHODS = frozenset({"client", "resource", "create_client"})
# the last parts of every name `_resolved` wants: the model is asked about those names only
_SERVICE_CALL_ENDS = tuple(sorted(_AWS_CLIENT_METHODS | {name.rpartition(".")[2] for name in SERVICE_CALLS}))


def _aws_client_call(name: str) -> bool:
    """`boto3.client`, `boto3.session.Session.resource`, `botocore.session.get_session.create_client`."""
    return name.split(".", 1)[0] in AWS_SDK_MODULES and name.rsplit(".", 1)[-1] in _AWS_CLIENT_METHODS and "." in name


def _resolved(model: ProgramModel, g: ImportGraph) -> dict[Key, set[Evidence]]:
    """Services named at calls the program model resolved: an SDK client or a call of
    `SERVICE_CALLS` whose service argument is a string that reaches it, through a factory in
    another module, a session kept on `self`, a wrapper method or a constant."""
    found: dict[Key, set[Evidence]] = defaultdict(set)
    for site in model.sites(lambda name: _aws_client_call(name) or name in SERVICE_CALLS, last=_SERVICE_CALL_ENDS):
        module = g.modules.get(site.module)
        if module is None or module.scope == "vendored":
            continue
        for callee in site.callees:
            if _aws_client_call(callee):
                argument, kind, default = site.argument(0, "service_name"), "aws", None
            elif callee in SERVICE_CALLS:
                kind, position, keyword, default = SERVICE_CALLS[callee]
                argument = site.argument(position, keyword)
            else:
                continue
            for name in (argument.strings if argument is not None else ()) or ((default,) if default else ()):
                if kind == "signing":  # a SigV4 signing name is the service's endpoint prefix: `es`, `execute-api`
                    kind, name = "aws", AWS_ENDPOINT_LABELS.get(name, name)
                key = _call_key(kind, name)
                if key is not None:
                    found[key].add(Evidence(module.path, site.line, module.scope, _CALL_KINDS.get(kind, "client"), f"{callee}({name!r})"))
    return found


def usage(repo: Repo, g: ImportGraph, extra: dict[str, str] | None = None, model: ProgramModel | None = None) -> tuple[Usage, ...]:
    """Every service and tool the code uses, sorted by category, provider and service. `extra`
    adds to the knowledge table (an in-house wrapper: "mycorp.storage" = "storage/aws/s3"); it
    also matches the repository's own modules, since wrappers usually live there."""
    table = user_table(extra or {})
    found: dict[Key, set[Evidence]] = _resolved(model, g) if model is not None else defaultdict(set)
    named = {(e.path, e.line) for evidence in found.values() for e in evidence}
    aws_modules = set()
    for use in g.external_imports:
        module = g.modules.get(use.importer)
        if module is None or module.scope == "vendored":
            continue
        if use.top in AWS_SDK_MODULES:
            aws_modules.add(use.importer)
        key = _import_key(use.module, table)
        if key is not None:
            found[key].add(Evidence(use.path, use.line, module.scope, "import", use.module))
    if table:  # user entries may name the repository's own modules
        for edge in g.edges:
            module = g.modules.get(edge.importer)
            key = _import_key(edge.imported, table) if module is not None and module.scope != "vendored" else None
            if key is not None and any(edge.imported == p or edge.imported.startswith(p + ".") for p in table):
                found[key].add(Evidence(module.path, edge.lines[0], module.scope, "import", edge.imported))
    for name, module in sorted(g.modules.items()):
        if module.scope == "vendored":
            continue
        for hint in module.facts.service_hints:
            if hint.kind in ("client", "wrapper") and name in aws_modules:
                if hint.name is None and (module.path, hint.line) in named:
                    continue  # the program model knows which services reach this call
                found[_aws(hint.name)].add(Evidence(module.path, hint.line, module.scope, hint.kind, hint.via))
            elif hint.kind == "session" and (module.path, hint.line) not in named:  # the file names the SDK, its users make the session
                found[_aws(hint.name)].add(Evidence(module.path, hint.line, module.scope, "client", hint.via))
            elif hint.kind in _CALL_KINDS and hint.name:
                key = _call_key(hint.kind, hint.name)
                if key is not None:
                    found[key].add(Evidence(module.path, hint.line, module.scope, _CALL_KINDS[hint.kind], hint.via))
            elif hint.kind == "string" and hint.name:
                matched = _string_key(hint.name)
                if matched is not None:
                    key, via = matched
                    found[key].add(Evidence(module.path, hint.line, module.scope, via, hint.name))
    return tuple(
        Usage(category, provider, service, _one_per_place(evidence), scopes=tuple(s for s in SCOPES if any(e.scope == s for e in evidence)))
        for (category, provider, service), evidence in sorted(found.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2] or ""))
    )


def _one_per_place(evidence: set[Evidence]) -> tuple[Evidence, ...]:
    """`from celery import Celery, shared_task` is one piece of evidence, not two."""
    kept: dict[tuple[str, int, str], Evidence] = {}
    for item in sorted(evidence, key=lambda e: (e.path, e.line, e.via, e.detail)):
        kept.setdefault((item.path, item.line, item.via), item)
    return tuple(kept.values())
