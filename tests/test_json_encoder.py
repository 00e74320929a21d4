"""The JSON report's encoder writes the bytes `json.dumps(indent=2)` writes, strings cleaned,
except that an object of scalars takes one line."""

from __future__ import annotations

import enum
import json
from collections import OrderedDict

import pytest

from onboard.report.json_report import dumps
from onboard.report.text import clean


class Level(enum.IntEnum):
    HIGH = 3


class Name(str):
    pass


def _cleaned(value):
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean(k): _cleaned(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_cleaned(v) for v in value]
    return value


def _layout(value, indent: str) -> str:
    """json.dumps(indent=2), written out, with an object of scalars on one line."""
    if isinstance(value, dict) and value and not any(isinstance(v, (dict, list)) for v in value.values()):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict) and value:
        inner = indent + "  "
        return "{" + ",".join(f"{inner}{json.dumps(k, ensure_ascii=False)}: {_layout(v, inner)}" for k, v in value.items()) + indent + "}"
    if isinstance(value, list) and value:
        inner = indent + "  "
        return "[" + ",".join(f"{inner}{_layout(v, inner)}" for v in value) + indent + "]"
    return json.dumps(value, ensure_ascii=False)


def _reference(data) -> str:
    return _layout(_cleaned(data), "\n") + "\n"


def test_the_layout_is_json_dumps_with_flat_objects_on_one_line():
    data = {"edges": [{"caller": "a", "callee": "b", "line": 3, "kind": "call"}], "n": {"x": 1.5, "y": None}, "deep": {"a": [1]}}
    assert dumps(data) == ('{\n  "edges": [\n    {"caller": "a", "callee": "b", "line": 3, "kind": "call"}\n  ],\n'
                           '  "n": {"x": 1.5, "y": null},\n  "deep": {\n    "a": [\n      1\n    ]\n  }\n}\n')
    assert json.loads(dumps(data)) == data


@pytest.mark.parametrize("data", [
    {},
    [],
    {"a": [], "b": {}, "c": [[], [{}]], "d": None, "e": True, "f": False},
    {"n": [0, -1, 10**30, 1.5, -0.0, 1e-300, 2.0**70, Level.HIGH, 3.3]},
    {"text": ["plain", "é ü 中文", "tab\there", "line\nbreak", "bell\x07", "\x9b[31m", "\u202ename", "\udcff", '"q" \\ /']},
    {"ключ": 1, "new\nline": 2, "\u2028": [3]},
    {"a\n": 1, "a\\x0a": 2},  # keys that clean into one: the later value wins, as before
    OrderedDict([("z", 1), ("a", [OrderedDict(k="v")])]),
    {"sub": Name("x\ny"), Name("key"): 1},
    [{"deep": [{"deeper": [{"deepest": ["x"]}]}]}],
])
def test_same_bytes_as_json_dumps(data):
    assert dumps(data) == _reference(data)


@pytest.mark.parametrize("data", [
    {"tuple": ("left\nuncleaned", 1)},
    {"nan": float("nan"), "inf": [float("inf"), float("-inf")]},
    {1: "int key", None: "none key", False: "bool key", 2.5: "float key"},
])
def test_unusual_values_give_the_same_bytes(data):
    assert dumps(data) == _reference(data)


def test_unencodable_values_still_fail():
    with pytest.raises(TypeError):
        dumps({"set": {1}})


@pytest.mark.parametrize("rows", [
    [("a", "b", 3, "call"), ("a\nb", "é", 10**20, "passed"), ("a", "\u202e", -1, "call")],  # strings cleaned, quoted once
    [("a", None, 3, "call"), ("b", "c", 4, "call")],  # a column of mixed kinds: written as dicts
    [("a", "b", True, "call")],  # a bool is no int here
    [],
])
def test_rows_are_written_as_the_list_of_their_objects(rows):
    from onboard.report.json_report import Rows

    keys = ("caller", "callee", "line", "kind")
    table = Rows(keys, rows)
    assert dumps({"edges": table}) == dumps({"edges": [dict(zip(keys, row)) for row in rows]}) == _reference({"edges": table.objects()})
