"""Command trees declared as data, on inline repositories: argparse sub-parsers named by the keys
of a dict (a constant, a parameter, nested through a recursive builder), click's lazily loaded
sub-commands, parsers made from a subclass of argparse's, and the traps."""

from __future__ import annotations

import pytest

from onboard.config import merge
from onboard.pipeline import analyse
from onboard.settings import build
from test_entrypoint_kinds import found


def commands(tmp_path, files: dict[str, str]) -> set[tuple[str, str, str, int]]:
    return {(name, target, path, line) for _, name, target, path, line in found(tmp_path, files, {"cli_command"})}


def programs(tmp_path) -> set[tuple[str, str]]:
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    return {(e.name, dict(e.detail).get("program", "")) for e in report.entry_points if e.kind == "cli_command"}


RECURSIVE = {
    "tool/parsing.py": """\
        import argparse

        class ToolParser(argparse.ArgumentParser):
            pass
        """,
    "tool/cli.py": """\
        from tool.parsing import ToolParser

        COMMANDS = {
            "cache": {
                "help": "Manage the cache",
                "clear": ["Clear it", {"flags": ["--all"]}],
                "stats": ["Show sizes"],
            },
            "sync": ["Synchronise", {"dest": "target"}],
        }
        COMMANDS["remote"] = {"help": "Remotes", "add": ["Add one"], "remove": ["Remove one"]}


        def add_commands(parent, table):
            actions = parent.add_subparsers()
            for name, spec in table.items():
                is_group = isinstance(spec, dict)
                spec = spec.copy()
                text = spec.pop("help", None) if is_group else spec.pop(0)
                command = actions.add_parser(name, description=text)
                if is_group:
                    add_commands(command, spec)
                    continue
                for argument in spec:
                    command.add_argument(*argument.pop("flags", []), **argument)


        parser = ToolParser(prog="tool")
        parser.add_argument("--debug", action="store_true")
        add_commands(parser, COMMANDS)
        """,
}


def test_a_recursive_builder_over_a_nested_dict_gives_the_tree_without_the_popped_keys(tmp_path):
    assert commands(tmp_path, RECURSIVE) == {
        (name, "tool.cli", "tool/cli.py", 20)
        for name in ("cache", "cache clear", "cache stats", "sync", "remote", "remote add", "remote remove")
    }
    assert ("remote add", "tool") in programs(tmp_path)  # under the subclass parser made before the call, by its prog=


FLAT = {
    "ops/main.py": """\
        import argparse


        def main(argv=None):
            parser = argparse.ArgumentParser(prog="ops")
            sub = parser.add_subparsers(dest="cmd")
            for name in ACTIONS:
                sub.add_parser(name)
            for name, spec in TASKS.items():
                sub.add_parser(name, help=spec["help"])
            return parser.parse_args(argv)


        ACTIONS = {"start": "Start it", "stop": "Stop it"}
        ACTIONS["restart"] = "Both"
        TASKS = {"backup": {"help": "Back up", "nightly": "yes"}}
        """,
}


def test_a_loop_over_a_table_the_model_follows_names_one_command_per_key(tmp_path):
    # defined after the function and extended later: no literal at the loop, the program model
    # follows it; a dict value without recursion is the command's settings, not a group
    assert commands(tmp_path, FLAT) == {
        ("start", "ops.main", "ops/main.py", 8), ("stop", "ops.main", "ops/main.py", 8),
        ("restart", "ops.main", "ops/main.py", 8), ("backup", "ops.main", "ops/main.py", 10),
    }


BUILDER = {
    "svc/builder.py": """\
        def register(sub, table):
            for name, text in table.items():
                sub.add_parser(name, help=text)
        """,
    "svc/cli.py": """\
        import argparse
        from svc.builder import register

        def main():
            parser = argparse.ArgumentParser(prog="svc")
            register(parser.add_subparsers(), {"serve": "Serve", "migrate": "Migrate"})
            register(None, {})
        """,
}


def test_a_builder_in_another_module_hangs_under_the_callers_parser(tmp_path):
    assert commands(tmp_path, BUILDER) == {("serve", "svc.builder", "svc/builder.py", 3), ("migrate", "svc.builder", "svc/builder.py", 3)}
    assert ("serve", "svc") in programs(tmp_path)


LAZY = {
    "flow/cli.py": """\
        import click
        from flow.lazy import LazyGroup

        @click.group(
            cls=LazyGroup,
            lazy_subcommands={"run": "flow.commands.run", "deploy": "flow.commands.deploy", "gone": "flow.missing.gone"},
        )
        def cli():
            pass

        @cli.command()
        def show():
            pass
        """,
    "flow/lazy.py": """\
        import importlib
        import click

        class LazyGroup(click.Group):
            def __init__(self, *args, lazy_subcommands=None, **kwargs):
                super().__init__(*args, **kwargs)
                self.lazy_subcommands = lazy_subcommands or {}
        """,
    "flow/commands.py": """\
        import click

        @click.command()
        def run():
            pass

        @click.group()
        def deploy():
            pass

        @deploy.command()
        def status():
            pass
        """,
}


def test_lazily_loaded_click_commands_are_the_command_objects_they_name(tmp_path):
    assert commands(tmp_path, LAZY) == {
        ("show", "flow.cli:show", "flow/cli.py", 12),
        ("run", "flow.commands:run", "flow/cli.py", 8), ("deploy", "flow.commands:deploy", "flow/cli.py", 8),
        ("deploy status", "flow.commands:status", "flow/commands.py", 12),
        ("gone", "flow.missing:gone", "flow/cli.py", 8),
    }


TRAPS = {
    "app/cli.py": """\
        import argparse
        import json


        def never_called(parent, table):
            actions = parent.add_subparsers()
            for name in table:
                actions.add_parser(name)


        def from_a_file(path):
            parser = argparse.ArgumentParser()
            sub = parser.add_subparsers()
            for name in json.load(open(path)):
                sub.add_parser(name)
            for name in LOADED:
                sub.add_parser(name)


        LOADED = json.load(open("commands.json"))
        """,
}


def test_tables_nothing_can_follow_stay_dynamic_and_an_uncalled_builder_gives_nothing(tmp_path):
    assert commands(tmp_path, TRAPS) == {("<dynamic>", "app.cli", "app/cli.py", 15), ("<dynamic>", "app.cli", "app/cli.py", 17)}


def test_a_chained_assignment_into_a_nested_table(tmp_path):
    """A dict read through its in-place copy (`d["k"] = v` in straight-line code) keeps its items,
    so the second target of a chained assignment into d["a"] has a dict to store into."""
    files = {"tool/cli.py": RECURSIVE["tool/cli.py"].replace('COMMANDS["remote"] = {', 'COMMANDS["remote"] = COMMANDS["cache"]["remote"] = {')}
    files["tool/parsing.py"] = RECURSIVE["tool/parsing.py"]
    assert ("cache remote add", "tool.cli", "tool/cli.py", 20) in commands(tmp_path, files)
