"""Dispatch tables: the commands of a program that picks a function by name from a table it
writes out, rather than through a command-line framework.

What it finds: in a module that runs as a program (a main guard, or an extension-less script),
a dict display mapping three to 200 literal names to functions of the module
(`COMMANDS = {"sync": cmd_sync, ...}`), or a list of at least three dict displays that share a
key holding a literal name and a key holding such a function
(`[{"cmd": "mb", "func": cmd_bucket_create, ...}, ...]`), wherever it is written (a module
constant, a function's return value). Why it matters: these programs have sub-commands that no
framework declares. Limits: a table built item by item, or whose names are computed, is not
read; the line is the function's `def` (none for a function imported from elsewhere), since a
table's items carry none.
"""

from __future__ import annotations

from onboard.analyses.objects import EntryPoint, entry
from onboard.model.repo import Module, Repo

_MIN_ENTRIES = 3
_MAX_ENTRIES = 200  # a bigger table is data (a lookup of codes), not a program's commands


def _functions(module: Module) -> dict[str, int]:
    """The module's functions and its classes' methods ("f", "Cls.method") -> their line."""
    definitions = module.facts.definitions
    found = {d.name: d.line for d in definitions if d.parent == -1 and d.kind == "function"}
    for d in definitions:
        owner = definitions[d.parent] if d.parent >= 0 else None
        if d.kind == "function" and owner is not None and owner.parent == -1 and owner.kind == "class":
            found[f"{owner.name}.{d.name}"] = d.line
    return found


def _function(value, functions: dict[str, int]) -> str | None:
    """The function a skeleton names: `f` of the module, or `Name.attr` (a method of a class
    of the module, or of one it imports: `CfCmd.create`)."""
    if value is not None and value[0] == "a" and value[1] is not None and value[1][0] == "n":
        return f"{value[1][1]}.{value[2]}"
    return value[1] if value is not None and value[0] == "n" and value[1] in functions else None


def _anchored(pairs: list[tuple[str, str]], functions: dict[str, int]) -> list[tuple[str, str]]:
    """The table, if at least one of its functions is defined in the module itself."""
    return pairs if any(function in functions for _, function in pairs) else []


def _named(pairs: tuple, functions: dict[str, int]) -> list[tuple[str, str]]:
    """(name, function) of a dict display {"name": function, ...}."""
    found = []
    for key, value in pairs:
        function = _function(value, functions)
        if key is not None and key[0] == "s" and function is not None:
            found.append((key[1], function))
    return _anchored(found, functions) if len(found) == len(pairs) else []


def _records(items: tuple, functions: dict[str, int]) -> list[tuple[str, str]]:
    """(name, function) of a list of records {"cmd": "mb", "func": f, ...} sharing those keys."""
    records = [dict((k[1], v) for k, v in item[1] if k is not None and k[0] == "s") for item in items if item is not None and item[0] == "d"]
    if not _MIN_ENTRIES <= len(records) <= _MAX_ENTRIES or len(records) != len(items):
        return []
    shared = set.intersection(*(set(r) for r in records))
    names = [k for k in sorted(shared) if all(r[k] is not None and r[k][0] == "s" for r in records)]
    words = [k for k in names if len({r[k][1] for r in records}) == len(records) and not any(" " in r[k][1] for r in records)]
    name_key = (words or names or [None])[0]  # a name is one word, and no two records share it
    function_key = next((k for k in sorted(shared) if all(_function(r[k], functions) for r in records)), None)
    if name_key is None or function_key is None:
        return []
    return _anchored([(r[name_key][1], _function(r[function_key], functions)) for r in records], functions)


def _tables(skeleton, functions: dict[str, int], depth: int = 0):
    """Every table in an expression skeleton (displays nested in displays included)."""
    if not isinstance(skeleton, tuple) or not skeleton or depth > 4:
        return
    if skeleton[0] == "d":
        named = _named(skeleton[1], functions)
        if _MIN_ENTRIES <= len(named) <= _MAX_ENTRIES:
            yield named
    elif skeleton[0] == "l":
        records = _records(skeleton[1], functions)
        if records:
            yield records
            return
        for item in skeleton[1]:
            yield from _tables(item, functions, depth + 1)


def dispatch_tables(repo: Repo) -> list[EntryPoint]:
    """The commands of every dispatch table of a program module."""
    found = []
    for module in repo.modules:
        if module.kind == "stub" or not (module.facts.main_guard_line or module.kind == "script"):
            continue
        functions = _functions(module)
        seen = set()
        for scope in module.facts.scopes:
            for op in scope.ops:
                value = op[2] if op[0] == "=" else op[1] if op[0] == "ret" else None
                for table in _tables(value, functions):
                    for name, function in table:
                        if (name, function) not in seen:
                            seen.add((name, function))
                            found.append(entry("cli_command", name, f"{module.name}:{function}", module, functions.get(function),
                                               framework="dispatch table", program=module.path.rsplit("/", 1)[-1]))
    return found
