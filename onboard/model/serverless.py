"""AWS Lambda handlers declared outside Python: Serverless Framework and SAM/CloudFormation files.

What it finds, at the top of the repository and up to three folders down (handlers relative to
the declaring file's folder): `serverless.yml`/`.yaml`/`.json` functions
(`functions: NAME: handler: src/handlers/users.get`) and, in `template.yaml`/`.yml`/`.json`,
resources of type `AWS::Serverless::Function` (with `Globals.Function` defaults) or
`AWS::Lambda::Function`. Each is a `RunCommand` of kind "lambda_handler": its name is the
function's name (Serverless) or logical resource id (SAM), its line the line of the `handler:` /
`Handler:` key (the resource's line when the handler comes from `Globals`), and its command the
handler, relative to the repository root (a SAM `CodeUri`, or `Code` path, is put in front:
`CodeUri: src/users/` + `app.handler` gives `src/users/app.handler`), followed by `  # ` and a
summary of its events when it has some (`http GET /users, schedule rate(5 minutes), sqs`).
`handler_files` turns such a command into the Python files that may define it.

Problems are values: `serverless_handlers` returns the handlers and, for each file that exists
but could not be read or parsed, `(path, line or None, message)`. A `template.*` file is only
reported when it mentions `AWS::` (other templates are none of our business).

Limits: YAML is parsed with PyYAML's safe loader (the C one when present) and only composed,
never constructed into objects; CloudFormation tags (`!Ref`, `!Sub`, `!GetAtt`, ...) are
accepted, and a value behind one is not resolved (a `!Sub` handler or `CodeUri` is skipped).
Only the few keys above are looked at, never a whole tree, so alias bombs stay cheap. Merge keys
(`<<: *defaults`), `${...}` variables, `${file(...)}` includes and nested stacks are not
followed; functions whose runtime is set and not Python, and image-based ones, are left out.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from onboard import fs
from onboard.fs import Unreadable, read_regular
from onboard.model.run_files import RunCommand

if TYPE_CHECKING:
    import yaml

_LIMIT = 1024 * 1024
_DEPTH = 3
_SKIPPED_DIRS = frozenset({"node_modules", "venv", "env", "site-packages", "__pycache__", "build", "dist", "vendor", "cdk.out", ".aws-sam"})
_MAX = 300
_EVENTS_SHOWN = 10
_SERVERLESS = ("serverless.yml", "serverless.yaml", "serverless.json")
_TEMPLATES = ("template.yaml", "template.yml", "template.json")
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{kind}" for kind in ("str", "int", "float", "bool", "timestamp"))
_FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")
# event type (Serverless key or SAM `Type`) -> the keys that describe it, in order
_EVENT_DETAIL = {
    "http": ("method", "path"), "httpApi": ("method", "path"), "websocket": ("route",), "schedule": ("rate",),
    "Api": ("Method", "Path"), "HttpApi": ("Method", "Path"), "Schedule": ("Schedule",), "ScheduleV2": ("ScheduleExpression",),
}

Problem = tuple[str, int | None, str]  # (path, line or None, message)


@cache
def tag_loader():
    """PyYAML's safe loader that also accepts local tags (`!Ref`, `!GetAtt`, `!Sub`, `!If`, ...),
    building plain data from them: a string, a list or a dict, never an object. Made, and PyYAML
    imported, when a run first reads such a file: most runs have none, and the import costs 10 ms
    (so each function here that needs PyYAML imports it itself)."""
    import yaml

    class SafeTagLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    SafeTagLoader.add_multi_constructor("!", _plain)
    return SafeTagLoader


def _plain(loader, suffix, node):
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


def serverless_handlers(root: str, excluded: tuple[str, ...] = ()) -> tuple[tuple[RunCommand, ...], tuple[Problem, ...]]:
    """The Lambda handlers declared in `root`, sorted by file, line and name, and the problems met
    reading those files, sorted by file. `excluded`: paths the run leaves out (its `exclude`
    settings, `.gitignore`), whose files are not read."""
    root = os.path.realpath(root)
    found: list[RunCommand] = []
    problems: list[Problem] = []
    for rel in _candidates(root):
        if any(rel == e or rel.startswith(e.rstrip("/") + "/") for e in excluded):
            continue
        templates = posixpath.basename(rel) in _TEMPLATES
        document = _document(root, rel, problems, quiet=templates)
        folder = posixpath.dirname(rel)
        for command in (_sam if templates else _serverless)(document, rel) if document is not None else []:
            # handlers are relative to the file that declares them
            found.append(replace(command, command=posixpath.join(folder, command.command)) if folder else command)
    return tuple(sorted(found, key=lambda c: (c.path, c.line, c.name))), tuple(sorted(problems, key=lambda p: p[0]))


def _candidates(root: str) -> list[str]:
    """serverless.yml and template.yaml files at the top and up to `_DEPTH` folders down (a
    `lambdas/serverless.yml` beside its handlers is common), hidden and vendored folders skipped,
    symlinked folders never entered."""
    names = set(_SERVERLESS) | set(_TEMPLATES)
    found = []
    for folder, dirs, files in os.walk(root):
        fs.looked_at(folder)
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        depth = 0 if rel == "." else rel.count("/") + 1
        dirs[:] = sorted(d for d in dirs if depth < _DEPTH and not d.startswith(".") and d not in _SKIPPED_DIRS)
        found += [f if rel == "." else f"{rel}/{f}" for f in sorted(files) if f in names]
    return found


def handler_files(handler: str) -> tuple[tuple[str, ...], str]:
    """The Python files that may define a handler, and its function: `src/handlers/users.get`
    gives (("src/handlers/users.py", "src/handlers/users/__init__.py"), "get"), `app.handler`
    (("app.py", "app/__init__.py"), "handler"), `pkg.mod.main` (("pkg/mod.py", ...), "main").
    A command's `  # events` tail is ignored; a handler without a dot, or a module path leaving
    the repository, gives no files."""
    words = handler.split()
    module, dot, function = (words[0] if words else "").rpartition(".")
    folder, _, name = module.rpartition("/")
    path = posixpath.normpath(posixpath.join(folder, name.replace(".", "/"))) if module else ""
    if not dot or not function or not path or path == "." or path.startswith(("/", "../")) or path == "..":
        return (), function if dot else ""
    return (f"{path}.py", f"{path}/__init__.py"), function


def load_yaml(text: str):
    """A YAML document as plain data with `tag_loader()`, or None when it is not valid YAML."""
    import yaml  # see `tag_loader`

    try:
        return yaml.load(text, Loader=tag_loader())
    except (yaml.YAMLError, RecursionError, ValueError):
        return None


def _document(root: str, rel: str, problems: list[Problem], quiet: bool) -> yaml.Node | None:
    """The composed node tree of a file, or None after noting why not."""
    import yaml

    data = read_regular(os.path.join(root, rel), _LIMIT, root)
    if isinstance(data, Unreadable):
        problems.append((rel, None, data.message))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append((rel, None, "not UTF-8 text; not read"))
        return None
    try:
        return yaml.compose(text, Loader=tag_loader())
    except (yaml.YAMLError, RecursionError, ValueError) as error:
        if not quiet or "AWS::" in text:
            mark = getattr(error, "problem_mark", None)
            message = getattr(error, "problem", None) or str(error).splitlines()[0]
            problems.append((rel, mark.line + 1 if mark else None, f"not valid YAML: {message}"))
        return None


def _entry(node, key: str) -> tuple[yaml.Node | None, yaml.Node | None]:
    """The key node and value node of `key` in a mapping node (the last one, as loaders do)."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value in reversed(node.value):
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return key_node, value
    return None, None


def _get(node, key: str) -> yaml.Node | None:
    return _entry(node, key)[1]


def _text(node) -> str | None:
    """A plain scalar's text; None for anything else, a tagged (`!Sub ...`, `!!python/...`) one too."""
    import yaml

    if isinstance(node, yaml.ScalarNode) and node.tag in _PLAIN_TAGS and node.value.strip():
        return node.value.strip()
    return None


def _items(node) -> list[tuple[yaml.Node, yaml.Node]]:
    """A mapping node's (key, value) pairs with plain keys, the last of duplicate keys."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return []
    pairs = {key.value: (key, value) for key, value in node.value if _text(key)}
    return list(pairs.values())


def _python(runtime: str | None) -> bool:
    return runtime is None or runtime.lower().startswith("python")


def _command(handler: str, events: list[str]) -> str:
    events = [e for e in events if e][:_EVENTS_SHOWN]
    return (f"{handler}  # {', '.join(events)}" if events else handler)[:_MAX]


def _event(kind: str | None, details) -> str:
    """`http GET /users`: the event type, lower-cased, and the texts of its describing keys."""
    import yaml

    if not kind:
        return ""
    parts = [_text(details)] if _text(details) else []
    for key in _EVENT_DETAIL.get(kind, ()) if isinstance(details, yaml.MappingNode) else ():
        value = _get(details, key)
        value = value.value[0] if isinstance(value, yaml.SequenceNode) and value.value else value
        parts += [_text(value)] if _text(value) else []
    return " ".join([kind.lower()] + parts)


def _serverless(document, rel: str) -> list[RunCommand]:
    import yaml

    runtime = _text(_get(_get(document, "provider"), "runtime"))
    functions = _get(document, "functions")
    groups = functions.value if isinstance(functions, yaml.SequenceNode) else [functions]  # a list of maps, v1 style
    found = []
    for name, function in (pair for group in groups for pair in _items(group)):
        key, handler = _entry(function, "handler")
        if _text(handler) is None or _get(function, "image") is not None or not _python(_text(_get(function, "runtime")) or runtime):
            continue
        events = _get(function, "events")
        listed = events.value[:_EVENTS_SHOWN] if isinstance(events, yaml.SequenceNode) else []
        summary = [_event(_text(kind), details) for event in listed for kind, details in _items(event)[:1]]
        found.append(RunCommand("lambda_handler", name.value, _command(_text(handler), summary), rel, key.start_mark.line + 1))
    return found


def _sam(document, rel: str) -> list[RunCommand]:
    defaults = _get(_get(document, "Globals"), "Function")
    found = []
    for name, resource in _items(_get(document, "Resources")):
        kind = _text(_get(resource, "Type"))
        if kind not in _FUNCTION_TYPES:
            continue
        properties = _get(resource, "Properties")
        sam = kind == "AWS::Serverless::Function"
        keys = ("Handler", "PackageType", "Runtime", "CodeUri" if sam else "Code")
        handler, package, runtime, code = (_property(properties, defaults if sam else None, key) for key in keys)
        if handler is None or package == "Image" or not _python(runtime):
            continue
        key = _entry(properties, "Handler")[0] or name
        events = [_event(_text(_get(event, "Type")), _get(event, "Properties")) for _, event in _items(_get(properties, "Events"))[:_EVENTS_SHOWN]]
        found.append(RunCommand("lambda_handler", name.value, _command(_code_path(code, handler), events), rel, key.start_mark.line + 1))
    return found


def _property(properties, defaults, key: str) -> str | None:
    """A function's property as plain text, else its `Globals.Function` default (SAM only)."""
    own = _get(properties, key)
    return _text(own if own is not None or defaults is None else _get(defaults, key))


def _code_path(code: str | None, handler: str) -> str:
    """The handler relative to the root: behind a local `CodeUri` folder, as is otherwise (an S3
    location, an archive, a variable)."""
    if not code or "://" in code or "${" in code or code.endswith((".zip", ".jar")) or posixpath.isabs(code):
        return handler
    folder = posixpath.normpath(code)
    return handler if folder == "." else posixpath.join(folder, handler)
