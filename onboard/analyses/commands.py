"""Command-line trees of click, typer and argparse: each command with its full path under the
program (`db upgrade`), where it is declared, and the program it hangs under.

What it finds: click `@click.group()`/`@click.command()` and `@group.command()`/`@group.group()`
(names from the first argument or `name=`, else the function name with `_` -> `-` and click
8.2's `_command`/`_cmd`/`_group`/`_grp` suffixes dropped), `group.add_command(cmd, name=)`, and
Flask's `@app.cli.command()` (commands of the `flask` program), `self.add_command(cmd)` in a
method of a `click.Group` subclass (through the program model);
typer `Typer()` apps, `@app.command()`, `app.add_typer(sub, name=)` (a sub-app without a name
merges into its parent); argparse `add_subparsers()`/`add_parser("name")`, nested, with names
from literal lists and dicts looped over in the same module. Limits: a command whose name is
computed, or added from a variable onboard cannot follow, is listed as `<dynamic>` with a reason;
argparse variables are followed in source order within a module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from onboard.analyses.objects import EntryPoint, Objects, entry, split
from onboard.analyses.symbols import Symbols
from onboard.facts import Call
from onboard.knowledge import ENTRY_OBJECTS
from onboard.model.repo import Module
from onboard.resolve.query import ProgramModel

_CLICK_SUFFIXES = ("_command", "_cmd", "_group", "_grp")
_DYNAMIC = "<dynamic>"
_MAX_PATHS = 16


@dataclass
class _Node:
    key: tuple[str, str]  # (module, bound name) or (module, "line N") for argparse parsers
    framework: str
    module: Module
    name: str
    line: int
    target: str
    parents: list[tuple[tuple[str, str], str | None, int, Module]] = field(default_factory=list)  # (parent, name override, line, where)
    note: str = ""


def _click_name(function: str) -> str:
    name = function.lower()
    for suffix in _CLICK_SUFFIXES:
        if name.endswith(suffix) and name != suffix:
            name = name[: -len(suffix)]
            break
    return name.replace("_", "-")


class _Trees:
    def __init__(self, symbols: Symbols, objects: Objects) -> None:
        self.symbols, self.objects = symbols, objects
        self.nodes: dict[tuple[str, str], _Node] = {}
        self._paths: dict[tuple[str, str], list] = {}

    def declared_name(self, module: Module, call: Call, default: str) -> str:
        value = call.args[0] if call.args and call.args[0][0] in ("str", "name", "concat") else call.keyword("name")
        if value is None:
            return default
        text, ok = self.symbols.text(module.name, value)
        return text if ok else default

    def decorated(self, module: Module, call: Call) -> None:
        obj = self.objects.of(module.name, call.target)
        owner, method = split(call.callee)
        if obj is not None and obj.framework == "click" and obj.call is call:
            node = _Node((module.name, call.target), "click", module, self.declared_name(module, call, _click_name(call.target)),
                         call.line, f"{module.name}:{call.target}")
            parent = self.objects.of(module.name, owner, method) if owner else None
            if parent is not None and parent.framework == "click":
                node.parents.append((parent.key, None, call.line, module))
            self.nodes[node.key] = node
        elif method in ("command", "group") and owner.endswith(".cli"):
            self.flask_command(module, call, owner)
        elif method == "command" and owner:
            parent = self.objects.of(module.name, owner, method)
            if parent is not None and parent.framework == "typer" and parent.known:
                key = (module.name, call.target)
                name = self.declared_name(module, call, call.target.lower().replace("_", "-"))
                self.nodes[key] = _Node(key, "typer", module, name, call.line, f"{module.name}:{call.target}", [(parent.key, None, call.line, module)])

    def flask_command(self, module: Module, call: Call, owner: str) -> None:
        """`@app.cli.command("seed")` / `@bp.cli.command()`: a command of the `flask` program."""
        app = self.objects.of(module.name, owner.rpartition(".")[0], "route")
        if app is None or app.framework != "flask":
            return
        root = (app.module, f"{app.name}.cli")
        self.nodes.setdefault(root, _Node(root, "click", module, "flask", call.line, "flask"))
        key = (module.name, call.target)
        name = self.declared_name(module, call, _click_name(call.target))
        self.nodes[key] = _Node(key, "click", module, name, call.line, f"{module.name}:{call.target}", [(root, None, call.line, module)])

    def typer_app(self, module: Module, call: Call) -> None:
        key = (module.name, call.target)
        if key not in self.nodes:
            name = self.declared_name(module, Call("", 0, (), call.kwargs, "", ""), "")
            self.nodes[key] = _Node(key, "typer", module, name, call.line, f"{module.name}:{call.target}")

    def attach(self, module: Module, call: Call, framework: str) -> None:
        owner, _ = split(call.callee)
        parent = self.objects.of(module.name, owner)
        if parent is None or parent.framework != framework or not call.args:
            return
        child = self.objects.of(module.name, call.args[0][1]) if call.args[0][0] == "name" else None
        override = call.args[1] if len(call.args) > 1 else call.keyword("name")
        name = self.symbols.text(module.name, override)[0] if override is not None else None
        if child is None:
            shown = name or (call.args[0][1].rsplit(".", 1)[-1].replace("_", "-") if call.args[0][0] == "name" else _DYNAMIC)
            key = (module.name, f"line {call.line}")
            self.nodes[key] = _Node(key, framework, module, shown, call.line, call.args[0][1] if call.args[0][0] == "name" else "",
                                    [(parent.key, None, call.line, module)], "the command object is not followed statically")
            return
        if child.key not in self.nodes:
            self.nodes[child.key] = _Node(child.key, framework, module, "", call.line, f"{child.module}:{child.name}")
        self.nodes[child.key].parents.append((parent.key, name, call.line, module))

    def argparse(self, module: Module) -> None:
        parsers: dict[str, tuple[str, str]] = {}  # variable -> parser node key
        subparsers: dict[str, tuple[str, str]] = {}  # variable -> the parser it adds to
        for call in module.facts.calls:
            owner, method = split(call.callee)
            if ENTRY_OBJECTS.get(self.symbols.qualified(module.name, call.callee)) == ("argparse", "parser"):
                key = (module.name, f"line {call.line}")
                prog = self.symbols.text(module.name, call.keyword("prog"))[0] or f"python {module.path}"
                self.nodes[key] = _Node(key, "argparse", module, prog, call.line, module.name)
                if call.target:
                    parsers[call.target] = key
            elif method == "add_subparsers" and owner in parsers:
                if call.target:
                    subparsers[call.target] = parsers[owner]
            elif method == "add_parser" and owner in subparsers:
                self.add_parser(module, call, subparsers[owner], parsers)
            elif method == "set_defaults" and call.keyword("func") is not None:
                self.set_handler(module, call, owner, parsers)

    def set_handler(self, module: Module, call: Call, owner: str, parsers: dict) -> None:
        """`p.set_defaults(func=handler)` or `sub.add_parser("x").set_defaults(func=handler)`:
        the function the command runs becomes its target."""
        if owner.endswith(".add_parser()"):
            key = next((k for k, n in reversed(self.nodes.items()) if n.framework == "argparse" and n.line == call.line
                        and n.module is module), None)
        else:
            key = parsers.get(owner)
        node = self.nodes.get(key) if key else None
        handler = self.symbols.handler(module.name, call.keyword("func"))
        if node is not None and handler and handler != "{?}":
            node.target = handler

    def add_parser(self, module: Module, call: Call, parent: tuple[str, str], parsers: dict) -> None:
        value = call.args[0] if call.args else call.keyword("name")
        names: tuple[str, ...] = ()
        if value is not None and value[0] == "each":
            names = value[1]
        elif value is not None:
            text, ok = self.symbols.text(module.name, value)
            names = (text,) if ok else ()
        note = "" if names else "the parser's name is computed at run time"
        for name in names or (_DYNAMIC,):
            key = (module.name, f"line {call.line} {name}")
            self.nodes[key] = _Node(key, "argparse", module, name, call.line, module.name, [(parent, None, call.line, module)], note)
            if call.target and len(names) <= 1:
                parsers[call.target] = key

    def paths(self, node: _Node, seen: frozenset = frozenset()) -> list[tuple[list[str], _Node, int, Module, _Node]]:
        """(names from below the root, node, line, module where attached, root) per parent chain,
        at most `_MAX_PATHS` (a group added to several groups in many layers multiplies them)."""
        if not seen and node.key in self._paths:
            return self._paths[node.key]
        found = self._walk(node, seen)[:_MAX_PATHS]
        if not seen:
            self._paths[node.key] = found
        return found

    def _walk(self, node: _Node, seen: frozenset) -> list[tuple[list[str], _Node, int, Module, _Node]]:
        if not node.parents or node.key in seen:
            return [([], node, node.line, node.module, node)]
        found = []
        for parent_key, override, line, where in node.parents:
            parent = self.nodes.get(parent_key)
            if parent is None:
                continue
            name = override if override is not None else node.name
            for names, _, _, _, root in self.paths(parent, seen | {node.key}):
                found.append((names + ([name] if name else []), node, line, where, root))
        return found


def _same_module(programs: dict[str, str], target: str) -> str:
    """The one console script whose function lives in the root command's module (`main()` that
    calls `cli(prog_name=...)`), else ""."""
    module = target.partition(":")[0]
    names = [name for t, name in programs.items() if t.partition(":")[0] == module]
    return names[0] if len(names) == 1 else ""


def _group_methods(trees: _Trees, model: ProgramModel) -> None:
    """`self.add_command(cmd)` in a method of a click `Group` subclass (the program model
    resolves `self.add_command` to click's): the command hangs under the class."""
    for site in model.sites(lambda name: name.startswith("click.") and name.endswith(".add_command")):
        owner = model.owner_class(site.caller)
        module = trees.symbols.module(site.module)
        child = site.argument(0, "cmd")
        if owner is None or module is None or child is None:
            continue
        root = (owner[0], owner[1])
        trees.nodes.setdefault(root, _Node(root, "click", module, "", site.line, f"{owner[0]}:{owner[1]}"))
        names = site.argument(1, "name")
        override = names.strings[0] if names is not None and len(names.strings) == 1 else None
        for qualified in child.objects:
            key = tuple(qualified.rsplit(".", 1))
            if key in trees.nodes and trees.nodes[key] is not trees.nodes[root]:
                trees.nodes[key].parents.append((root, override, site.line, module))


def command_trees(symbols: Symbols, objects: Objects, programs: dict[str, str], model: ProgramModel | None = None) -> list[EntryPoint]:
    """Every command below a program root; `programs` maps "module:function" to a console script."""
    trees = _Trees(symbols, objects)
    modules = sorted((m for m in symbols.graph.modules.values() if m is not None and m.facts.calls), key=lambda m: m.name)
    for module in modules:
        for call in module.facts.calls:
            owner, method = split(call.callee)
            if call.role == "decorator":
                trees.decorated(module, call)
            elif call.role in ("assign", "with") and ENTRY_OBJECTS.get(symbols.qualified(module.name, call.callee)) == ("typer", "app"):
                trees.typer_app(module, call)
    for module in modules:
        for call in module.facts.calls:
            method = split(call.callee)[1]
            if method in ("add_command", "add_typer") and call.role == "call":
                trees.attach(module, call, "click" if method == "add_command" else "typer")
        trees.argparse(module)
    if model is not None:
        _group_methods(trees, model)
    found = []
    for node in trees.nodes.values():
        for names, _, line, where, root in trees.paths(node):
            if node is root or not names:
                continue
            program = programs.get(root.target) or _same_module(programs, root.target) or root.name or root.target
            found.append(entry("cli_command", " ".join(names), node.target, where, line, framework=node.framework,
                               program=program, resolved=f"no: {node.note}" if node.note else ""))
    return found
