"""Command trees declared as data, read through the program model: argparse sub-parsers named by
the keys of a dict, click groups that load their commands lazily, and argparse parsers made from
a subclass of `argparse.ArgumentParser`.

What it finds:
- `for name, spec in table.items(): sub.add_parser(name)` (or `for name in table`), `table` any
  name the program model can follow (a module constant, one changed by `TABLE["x"] = {...}`
  later, a local): one command per literal key.
- The same loop in a function whose `table` is a parameter: the keys of the dicts its callers
  pass. When the function also calls itself (`build(sub_parser, spec, ...)`), a key whose value
  is a dict is a group whose commands are that dict's keys, recursively; the literal keys the
  function pops (`spec.pop("help")`) are the entry's settings, not commands. The tree hangs under
  the parser made last before the call, in the caller's module.
- `@click.group(cls=LazyGroup, lazy_subcommands={"run": "pkg.cmds.run"})` (click's documented
  recipe for lazily loaded sub-commands): one command per key, the command object named by the
  value when the repository defines it.

Why it matters: command tables and lazy registries are how larger tools keep start-up fast or
their help text in one place; a scan of literal `add_parser("x")` calls finds none of them.

Limits: a table built by code the program model does not follow (read from a file, returned by
a library) gives nothing; nesting deeper than eight levels is cut; which key's value a recursive
call receives is not followed: a dict value means a group.
"""

from __future__ import annotations

from onboard.facts import Call
from onboard.frozen import record
from onboard.model.repo import Module
from onboard.resolve.query import Argument, ProgramModel

_ARGPARSE = "argparse.ArgumentParser"


@record
class Spec:
    """A command read from a table: its name and, for a group, its commands."""

    name: str
    commands: tuple["Spec", ...] = ()


@record
class TableTree:
    """The commands a function adds from its table parameter, under the parser a call passes."""

    module: Module  # where the `add_parser` call is
    line: int
    caller_module: str  # where the function is called from
    caller_line: int
    commands: tuple[Spec, ...]


def scope_at(module: Module, line: int) -> str:
    """The dotted name in the file of the innermost function around `line` ("" at module level)."""
    definitions = module.facts.definitions
    best = -1
    for index, d in enumerate(definitions):
        if d.kind == "function" and d.line <= line <= d.end_line and (best < 0 or d.line >= definitions[best].line):
            best = index
    names = []
    while best >= 0:
        names.append(definitions[best].name)
        best = definitions[best].parent
    return ".".join(reversed(names))


def loop_source(call: Call) -> tuple[str, str] | None:
    """(loop variable, iterated name) when the parser's name is the variable of a `for` loop over
    a name that is not a literal."""
    value = call.args[0] if call.args else call.keyword("name")
    if value is None or value[0] != "name":
        return None
    source = next((name for variable, name in call.loops if variable == value[1]), None)
    return (value[1], source) if source else None


def keys(argument: Argument, popped: frozenset[str] = frozenset(), nested: bool = False, depth: int = 0) -> tuple[Spec, ...]:
    """The commands the keys of the tables `argument` can be give, in order, each once; with
    `nested`, a key whose value is a dict is a group of that dict's keys less `popped`."""
    found: dict[str, tuple[Spec, ...]] = {}
    for table in argument.tables:
        for key, value in table.items:
            if depth and key in popped:
                continue
            inner = keys(value, popped, nested, depth + 1) if nested and value.tables else ()
            found[key] = found.get(key, ()) or inner
    return tuple(Spec(name, commands) for name, commands in found.items())


def loop_names(model: ProgramModel, module: Module, call: Call) -> tuple[str, ...] | None:
    """The names `sub.add_parser(name)` takes in a loop over a table the model can follow; None
    when the table is a parameter of the function around it (its callers': `table_trees`)."""
    source = loop_source(call)
    if source is None:
        return ()
    scope = scope_at(module, call.line)
    if _parameter(module, scope, source[1]) is not None:
        return None
    return tuple(spec.name for spec in keys(model.variable(module.name, scope, source[1])))


def _parameter(module: Module, scope: str, name: str) -> tuple[int, bool] | None:
    """(position at a call site, is a method) of the parameter `name` of the function `scope`."""
    if not scope:
        return None
    found = next((s for s in module.facts.scopes if s.name == scope and s.kind == "function"), None)
    positional = [p for p, kind in found.params if kind == "p"] if found is not None else []
    if name not in positional:
        return None
    owner = next((s for s in module.facts.scopes if s.name == scope.rpartition(".")[0]), None) if "." in scope else None
    method = owner is not None and owner.kind == "class"
    return positional.index(name) - (1 if method else 0), method


def table_trees(model: ProgramModel, modules: list[Module]) -> list[TableTree]:
    """`add_parser(name)` in a loop over a parameter of a function (see the module docstring)."""
    found, done = [], set()
    for module in modules:
        for call in module.facts.calls:
            source = loop_source(call) if call.callee == "add_parser" or call.callee.endswith(".add_parser") else None
            scope = scope_at(module, call.line) if source else ""
            where = _parameter(module, scope, source[1]) if source else None
            function = f"{module.name}.{scope}"
            if where is None or (function, source[1]) in done:
                continue  # one tree per function and table: a group and a leaf `add_parser` in two branches name the same keys
            done.add((function, source[1]))
            sites = list(model.sites(function, tables=True))
            recursive = any(site.caller == function for site in sites)
            popped = model.popped_keys(function) if recursive else frozenset()
            for site in sites:
                argument = site.argument(where[0], source[1]) if site.caller != function else None
                commands = keys(argument, popped, recursive) if argument is not None else ()
                if commands:
                    found.append(TableTree(module, call.line, site.module, site.line, commands))
    return found


def lazy_targets(model: ProgramModel | None) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """Per module, (line, name -> "module.attribute") of each `group(...)`/`command(...)` call
    given `lazy_subcommands={...}`, in source order."""
    found: dict[str, list[tuple[int, dict[str, str]]]] = {}
    if model is None:
        return found
    for site in model.sites(lambda n: True, tables=True, last=("group", "command")):
        argument = dict(site.kwargs).get("lazy_subcommands")
        if argument is not None and argument.tables:
            targets = {key: item.strings[0] for table in argument.tables for key, item in table.items if len(item.strings) == 1}
            found.setdefault(site.module, []).append((site.line, targets))
    return found


def lazy_commands(targets: dict[str, list[tuple[int, dict[str, str]]]], module: str, call: Call) -> tuple[tuple[str, str], ...]:
    """(name, "module.attribute" or "") of each lazily loaded command of a click group made by
    the decorator `call` (`lazy_subcommands={...}`); the target comes from the model's site of
    the decorator, the last one with the keyword at or before the decorated `def`."""
    value = call.keyword("lazy_subcommands")
    if value is None or value[0] != "list":
        return ()
    names = tuple(v[1] for v in value[1] if v[0] == "str")
    before = [found for line, found in targets.get(module, ()) if line <= call.line]
    known = before[-1] if before else {}
    return tuple((name, known.get(name, "")) for name in names)


def parser_class(model: ProgramModel | None, qualified: str) -> bool:
    """Whether `qualified` is a class of the repository derived from argparse's parser."""
    return model is not None and _ARGPARSE in model.class_bases(qualified)
