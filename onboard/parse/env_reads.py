"""Environment-variable reads, found in the CPython AST the guard built (lines come free).

Recognised: `os.environ[...]`, `os.environ.get/setdefault/pop(...)`, `os.getenv(...)`,
`"X" in os.environ`, through `import os as o` and `from os import environ, getenv` aliases;
names held in module-level string constants; same-module wrapper functions that pass their
first parameter to one of those (`def env(name, default=None): return os.getenv(name, default)`
-> every `env("X")` call); python-decouple's `config("X")` and django-environ's `env("X")` /
`env.str("X")` on an `environ.Env()` object; pydantic `BaseSettings` fields (with `env_prefix`,
`alias`, `validation_alias`); `envvar=` on click, rich-click, cloup and typer options and
arguments (a name or a list of names; optional unless `required=True`). A read in the body of a
`try` whose handler catches `KeyError` (or `LookupError`, `Exception`, a bare `except:`) is marked
`guarded`. Writes (`os.environ["X"] = ...`, `del`) are not reads. The tree is walked only when the
source mentions one of `_MARKERS`. Limits: click's `auto_envvar_prefix=` (names built from the
prefix and each command and option name) is not followed.
"""

from __future__ import annotations

import ast
import bisect

from onboard.facts import EnvRead

_MARKERS = (b"environ", b"getenv", b"decouple", b"BaseSettings", b"dotenv_values", b"envvar")
_METHODS = {"get", "setdefault", "pop"}
# Command-line libraries whose options and arguments read the variable their `envvar=` names:
# module -> the callables that take it.
_ENVVAR_CALLS = {
    "click": {"option", "argument", "Option", "Argument"},
    "rich_click": {"option", "argument", "Option", "Argument"},
    "cloup": {"option", "argument", "Option", "Argument"},
    "typer": {"Option", "Argument"},
}
# Exceptions that, caught around a read, handle a missing variable (KeyError, or what decouple
# and django-environ raise).
_HANDLED = {"KeyError", "LookupError", "Exception", "BaseException", "UndefinedValueError", "ImproperlyConfigured"}


def _literal(node: ast.AST | None, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id]
    return None


def _last_name(node: ast.AST) -> str:
    """`KeyError` -> "KeyError", `pydantic_settings.BaseSettings` -> "BaseSettings", else ""."""
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def _default(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool)):
        return str(node.value)
    return None


class _Aliases:
    """Which local names mean the os module, os.environ, os.getenv, decouple.config, an Env()."""

    def __init__(self, tree: ast.Module, nodes: list[ast.AST]) -> None:
        self.os, self.environ, self.getenv, self.config, self.env = set(), set(), set(), set(), set()
        self.dotenv: set[str] = set()
        self.cli_modules: dict[str, str] = {}  # local name -> click/typer/... (`import click as c`)
        self.cli_calls: dict[str, str] = {}  # local name -> its library (`from click import option`)
        self.constants: dict[str, str] = {}
        for node in nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == "os":
                        self.os.add(alias.asname or "os")
                    elif alias.name in _ENVVAR_CALLS:
                        self.cli_modules[alias.asname or alias.name] = alias.name
            elif isinstance(node, ast.ImportFrom) and node.module in _ENVVAR_CALLS and node.level == 0:
                for alias in node.names:
                    if alias.name in _ENVVAR_CALLS[node.module]:
                        self.cli_calls[alias.asname or alias.name] = node.module
            elif isinstance(node, ast.ImportFrom) and node.module in ("os", "decouple") and node.level == 0:
                for alias in node.names:
                    target = {"environ": self.environ, "getenv": self.getenv, "config": self.config}.get(alias.name)
                    if target is not None and (node.module == "os") == (alias.name != "config"):
                        target.add(alias.asname or alias.name)
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                value = node.value
                if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "Env":
                    self.env.add(node.targets[0].id)  # environ.Env()
                elif isinstance(value, ast.Call) and _is_dotenv(value):
                    self.dotenv.add(node.targets[0].id)  # values = dotenv_values(".env")
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                    self.constants[node.targets[0].id] = node.value.value

    def is_environ(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Name):
            return node.id in self.environ
        return isinstance(node, ast.Attribute) and node.attr == "environ" and isinstance(node.value, ast.Name) and node.value.id in self.os

    def is_getenv(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Name):
            return node.id in self.getenv
        return isinstance(node, ast.Attribute) and node.attr == "getenv" and isinstance(node.value, ast.Name) and node.value.id in self.os

    def cli_library(self, func: ast.AST) -> str | None:
        """The library when `func` is an option or argument that takes `envvar=` (`click.option`)."""
        if isinstance(func, ast.Name):
            return self.cli_calls.get(func.id)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            library = self.cli_modules.get(func.value.id)
            return library if library is not None and func.attr in _ENVVAR_CALLS[library] else None
        return None


def _is_dotenv(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and (getattr(node.func, "id", None) == "dotenv_values" or getattr(node.func, "attr", None) == "dotenv_values")


def _read(node: ast.AST, names: _Aliases) -> tuple[ast.AST | None, ast.AST | None, bool, str] | None:
    """(name node, default node, has default, via) when `node` reads the environment."""
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and names.is_environ(node.value):
        return node.slice, None, False, "os.environ[]"
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and (
            _is_dotenv(node.value) or isinstance(node.value, ast.Name) and node.value.id in names.dotenv):
        return node.slice, None, False, "dotenv_values"
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        default = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg in ("default", "value")), None)
        if isinstance(func, ast.Attribute) and func.attr in _METHODS and names.is_environ(func.value):
            required = func.attr == "pop" and default is None
            return node.args[0], default, not required, f"os.environ.{func.attr}"
        if isinstance(func, ast.Attribute) and func.attr == "get" and (
                _is_dotenv(func.value) or isinstance(func.value, ast.Name) and func.value.id in names.dotenv):
            return node.args[0], default, True, "dotenv_values"
        if names.is_getenv(func):
            return node.args[0], default, True, "os.getenv"
        if isinstance(func, ast.Name) and func.id in names.config:
            return node.args[0], default, default is not None, "decouple.config"
        if isinstance(func, ast.Name) and func.id in names.env:
            return node.args[0], default, default is not None, "environ.Env"
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in names.env:
            return node.args[0], default, default is not None, "environ.Env"
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn)) and names.is_environ(node.comparators[0]):
        return node.left, None, True, "in os.environ"
    return None


def _envvar_reads(node: ast.Call, names: _Aliases) -> list[EnvRead]:
    """`@click.option("--token", envvar="TOKEN")`, `typer.Option(envvar=["A", "B"])`: one read
    per name, at its line; optional unless `required=True` (or typer's `...` default)."""
    library = names.cli_library(node.func)
    keywords = {k.arg: k.value for k in node.keywords if k.arg}
    value = keywords.get("envvar")
    if library is None or value is None or isinstance(value, ast.Constant) and value.value is None:
        return []
    default = keywords.get("default")
    if default is None and library == "typer" and node.args:
        default = node.args[0]  # typer.Option("x", envvar=...): the first argument is the default
    required = isinstance(keywords.get("required"), ast.Constant) and keywords["required"].value is True
    required = required or isinstance(default, ast.Constant) and default.value is Ellipsis
    items = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
    return [EnvRead(_literal(item, names.constants), _default(default), not required, item.lineno, f"{library} envvar") for item in items]


def _handles_missing(node: ast.Try) -> bool:
    for handler in node.handlers:
        types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        if handler.type is None or any(_last_name(t) in _HANDLED for t in types):
            return True
    return False


def _guarded(nodes: list[ast.AST]) -> set[int]:
    """Ids of the nodes in the body of a `try` that handles a missing variable; a function or
    lambda defined there runs later, outside the `try`."""
    found: set[int] = set()
    for node in nodes:
        if isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))) and _handles_missing(node):
            stack = list(node.body)
            while stack:
                item = stack.pop()
                if not isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    found.add(id(item))
                    stack.extend(ast.iter_child_nodes(item))
    return found


def _wrappers(tree: ast.Module, reads: dict[int, tuple], guarded: set[int]) -> tuple[dict[str, tuple[int, bool]], set[int]]:
    """Module-level functions that read the variable named by one of their parameters:
    function name -> (index of that parameter, whether that inner read has a default); and the
    ids of those inner reads, which are the wrapper's mechanism, not reads of their own. `reads`:
    every read of the file by node id; only a function whose lines hold one is walked."""
    found, inner_reads = {}, set()
    lines = sorted({read[4] for read in reads.values()})
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        at = bisect.bisect_left(lines, first)
        if at == len(lines) or lines[at] > (node.end_lineno or node.lineno):
            continue  # no read in its lines
        params = [a.arg for a in node.args.posonlyargs + node.args.args]
        for inner in ast.walk(node):
            read = reads.get(id(inner))
            if read is not None and isinstance(read[0], ast.Name) and read[0].id in params:
                found.setdefault(node.name, (params.index(read[0].id), read[2] or id(inner) in guarded))
                inner_reads.add(id(inner))
    return found, inner_reads


def _is_settings_class(node: ast.ClassDef) -> bool:
    return any(_last_name(b) == "BaseSettings" for b in node.bases)


def _env_prefix(node: ast.ClassDef) -> str:
    for item in node.body:
        if isinstance(item, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "model_config" for t in item.targets):
            if isinstance(item.value, ast.Call):
                for keyword in item.value.keywords:
                    if keyword.arg == "env_prefix" and isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                        return keyword.value.value
        if isinstance(item, ast.ClassDef) and item.name == "Config":
            for inner in item.body:
                if isinstance(inner, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "env_prefix" for t in inner.targets):
                    if isinstance(inner.value, ast.Constant) and isinstance(inner.value.value, str):
                        return inner.value.value
    return ""


def _settings_fields(tree: ast.Module) -> list[EnvRead]:
    """pydantic `BaseSettings` fields: each is read from the variable PREFIX + FIELD (or its alias)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef) or not _is_settings_class(node):
            continue
        prefix = _env_prefix(node)
        for item in node.body:
            if not (isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)) or item.target.id == "model_config":
                continue
            if item.target.id.startswith("_") or "ClassVar" in ast.unparse(item.annotation):
                continue  # private attributes and class variables are not settings
            name, value = (prefix + item.target.id).upper(), item.value
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "Field":
                for keyword in value.keywords:
                    if keyword.arg in ("alias", "validation_alias", "env") and isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                        name = keyword.value.value
                default = value.args[0] if value.args else next((k.value for k in value.keywords if k.arg == "default"), None)
                has_default = default is not None and not (isinstance(default, ast.Constant) and default.value is Ellipsis)
                value = default
            else:
                has_default = value is not None
            found.append(EnvRead(name, _default(value), has_default, item.lineno, "pydantic BaseSettings"))
    return found


def env_reads(tree: ast.Module, source: bytes) -> list[EnvRead]:
    """Every read of an environment variable, in source order."""
    if not any(marker in source for marker in _MARKERS):
        return []
    nodes = list(ast.walk(tree))  # one walk, read by every pass below
    names = _Aliases(tree, nodes)
    guarded = _guarded(nodes) if b"try" in source else set()  # no `try`: no pass for one
    reads = {}
    for node in nodes:
        read = _read(node, names)
        if read is not None:
            reads[id(node)] = (*read, node.lineno)
    wrappers, inner_reads = _wrappers(tree, reads, guarded)
    found = []
    for node in nodes:
        if id(node) in inner_reads:
            continue
        if isinstance(node, ast.Call) and node.keywords and (names.cli_modules or names.cli_calls):
            found += _envvar_reads(node, names)
        read = reads.get(id(node))
        read = read[:4] if read is not None else None
        if read is None and isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in wrappers:
            index, inner_default = wrappers[node.func.id]
            if len(node.args) > index:
                default = node.args[index + 1] if len(node.args) > index + 1 else None
                read = (node.args[index], default, inner_default or default is not None, f"wrapper {node.func.id}()")
        if read is None:
            continue
        name_node, default, has_default, via = read
        name = _literal(name_node, names.constants)
        found.append(EnvRead(name, _default(default), has_default, node.lineno, via, id(node) in guarded))
    if b"BaseSettings" in source:
        found += _settings_fields(tree)
    return sorted(found, key=lambda r: (r.line, r.name or "", r.via))
