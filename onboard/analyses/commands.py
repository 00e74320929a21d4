"""Command-line trees of click, typer and argparse: each command with its full path under the
program (`db upgrade`), where it is declared, and the program it hangs under.

What it finds: click `@click.group()`/`@click.command()` and `@group.command()`/`@group.group()`
(names from the first argument or `name=`, else the function name with `_` -> `-` and click
8.2's `_command`/`_cmd`/`_group`/`_grp` suffixes dropped), `group.add_command(cmd, name=)`, and
Flask's `@app.cli.command()` (commands of the `flask` program), `self.add_command(cmd)` in a
method of a `click.Group` subclass (through the program model);
typer `Typer()` apps, `@app.command()`, `app.add_typer(sub, name=)` (a sub-app without a name
merges into its parent); argparse `add_subparsers()`/`add_parser("name")`, nested, with names
from literal lists and dicts looped over in the same module; what `command_tables` reads through
the program model (names from the keys of a dict, a builder function's command table, click's
`lazy_subcommands`, parsers of an `ArgumentParser` subclass). Limits: a command whose name is
computed, or added from a variable onboard cannot follow, is listed as `<dynamic>` with a reason;
argparse variables are followed in source order within a module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from onboard.analyses.command_tables import Spec, lazy_commands, lazy_targets, loop_names, parser_class, table_trees
from onboard.analyses.objects import EntryPoint, Objects, entry
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
    def __init__(self, symbols: Symbols, objects: Objects, model: ProgramModel | None = None) -> None:
        self.symbols, self.objects, self.model = symbols, objects, model
        self.nodes: dict[tuple[str, str], _Node] = {}
        self._paths: dict[tuple[str, str], list] = {}
        self.lazy: list[tuple[Module, Call, tuple[str, str]]] = []  # click groups with `lazy_subcommands`

    def declared_name(self, module: Module, call: Call, default: str) -> str:
        value = call.args[0] if call.args and call.args[0][0] in ("str", "name", "concat") else call.keyword("name")
        if value is None:
            return default
        text, ok = self.symbols.text(module.name, value)
        return text if ok else default

    def decorated(self, module: Module, call: Call, owner: str, method: str, qualified: str) -> None:
        """A command made by a decorator: only click's decorators, `.command` and `.group` make
        one (most decorators, `@property`, are not looked at: `command_trees`)."""
        obj = self.objects.of(module.name, call.target)
        if obj is not None and obj.framework == "click" and obj.call is call:
            node = _Node((module.name, call.target), "click", module, self.declared_name(module, call, _click_name(call.target)),
                         call.line, f"{module.name}:{call.target}")
            parent = self.objects.of(module.name, owner, method) if owner else None
            if parent is not None and parent.framework == "click":
                node.parents.append((parent.key, None, call.line, module))
            self.nodes[node.key] = node
            if call.keyword("lazy_subcommands") is not None:
                self.lazy.append((module, call, node.key))
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

    def attach(self, module: Module, call: Call, owner: str, framework: str) -> None:
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
        for call, owner, method, qualified in self.symbols.callees(module):
            if ENTRY_OBJECTS.get(qualified) == ("argparse", "parser") or call.role == "assign" and parser_class(self.model, qualified):
                key = (module.name, f"line {call.line}")
                prog = self.symbols.text(module.name, call.keyword("prog"))[0] or self.model_prog(module, call.line, qualified) \
                    or f"python {module.path}"
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

    def model_prog(self, module: Module, line: int, qualified: str) -> str:
        """`prog=` of a parser made from a class of the repository (its call is recorded without
        arguments), from the program model's call site."""
        if self.model is None:
            return ""
        for site in self.model.sites(qualified):
            prog = site.argument(99, "prog") if site.module == module.name and site.line == line else None
            if prog is not None and len(prog.strings) == 1:
                return prog.strings[0]
        return ""

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
            found = (text,) if ok else loop_names(self.model, module, call) if self.model is not None else ()
            if found is None:
                return  # named by the keys of the tables the function is called with: `tables`
            names = found
        note = "" if names else "the parser's name is computed at run time"
        for name in names or (_DYNAMIC,):
            key = (module.name, f"line {call.line} {name}")
            self.nodes[key] = _Node(key, "argparse", module, name, call.line, module.name, [(parent, None, call.line, module)], note)
            if call.target and len(names) <= 1:
                parsers[call.target] = key

    def tables(self, modules: list[Module]) -> None:
        """Sub-commands a function adds from the tables its callers pass (`command_tables`), under
        the parser made last before the call in the caller's module."""
        for tree in table_trees(self.model, modules):
            roots = [n for n in self.nodes.values() if n.framework == "argparse" and not n.parents and n.module.name == tree.caller_module
                     and n.key[1].startswith("line ") and n.line <= tree.caller_line]
            root = max(roots, key=lambda n: n.line) if roots else None
            if root is None:
                where = self.symbols.module(tree.caller_module) or tree.module
                key = (where.name, f"line {tree.caller_line}")
                root = self.nodes.setdefault(key, _Node(key, "argparse", where, f"python {where.path}", tree.caller_line, where.name))
            self.specs(tree.module, tree.line, tree.commands, root.key)

    def specs(self, module: Module, line: int, commands: tuple[Spec, ...], parent: tuple[str, str]) -> None:
        for spec in commands:
            key = (module.name, f"line {line} {parent[1]} {spec.name}")
            if key not in self.nodes:
                self.nodes[key] = _Node(key, "argparse", module, spec.name, line, module.name, [(parent, None, line, module)])
                self.specs(module, line, spec.commands, key)

    def attach_lazy(self) -> None:
        """`lazy_subcommands={"run": "pkg.cmds.run"}`: each command under its group, the command
        object itself when the repository defines it (its own sub-commands follow)."""
        targets = lazy_targets(self.model) if self.lazy else {}
        for module, call, group in self.lazy:
            for name, target in lazy_commands(targets, module.name, call):
                owner, _, attr = target.replace(":", ".").rpartition(".")
                child = self.nodes.get((owner, attr)) if owner else None
                if child is not None and child.key != group:
                    child.parents.append((group, name, call.line, module))
                    continue
                key = (module.name, f"lazy {call.target} {name}")
                note = "" if target else "the lazily loaded command is not followed statically"
                self.nodes[key] = _Node(key, "click", module, name, call.line, f"{owner}:{attr}" if owner else "", [(group, None, call.line, module)], note)

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
    # the names by their last part: the services analysis makes that index in any run with a model
    for site in model.sites(lambda name: name.startswith("click.") and name.endswith(".add_command"), last=("add_command",)):
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
    trees = _Trees(symbols, objects, model)
    modules = sorted((m for m in symbols.graph.modules.values() if m is not None and m.facts.calls), key=lambda m: m.name)
    for module in modules:
        for call, owner, method, qualified in symbols.callees(module):
            if call.role == "decorator" and (method in ("command", "group") or qualified.startswith("click.")):
                trees.decorated(module, call, owner, method, qualified)
            elif call.role in ("assign", "with") and ENTRY_OBJECTS.get(qualified) == ("typer", "app"):
                trees.typer_app(module, call)
    for module in modules:
        for call, owner, method, _ in symbols.callees(module):
            if method in ("add_command", "add_typer") and call.role == "call":
                trees.attach(module, call, owner, "click" if method == "add_command" else "typer")
        trees.argparse(module)
    trees.attach_lazy()
    if model is not None:
        trees.tables(modules)
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
