"""The JSON report's encoder writes the bytes `json.dumps(indent=2)` writes, strings cleaned."""

from __future__ import annotations

import enum
import json
from collections import OrderedDict

import pytest

from onboard.report.json_report import _cleaned, dumps


class Level(enum.IntEnum):
    HIGH = 3


class Name(str):
    pass


def _reference(data) -> str:
    return json.dumps(_cleaned(data), indent=2, ensure_ascii=False) + "\n"


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
