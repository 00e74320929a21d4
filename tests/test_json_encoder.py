"""The JSON report's encoder writes the bytes `json.dumps(indent=2)` writes, strings cleaned,
except that an object of scalars takes one line; `dumps`, which writes many values at a time,
writes the bytes of `_Writer`, which writes one at a time."""

from __future__ import annotations

import enum
import gc
import json
from collections import OrderedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SAMPLES
from onboard.config import merge
from onboard.pipeline import analyse
from onboard.report.json_report import to_dict
from onboard.report.json_writer import _Writer, dumps
from onboard.settings import build
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
    from onboard.report.rows import Rows

    keys = ("caller", "callee", "line", "kind")
    table = Rows(keys, rows)
    assert dumps({"edges": table}) == dumps({"edges": [dict(zip(keys, row)) for row in rows]}) == _reference({"edges": table.objects()})


# `dumps` writes with `_Stream`, many values at a time; `_Writer` writes one value at a time and
# decides the bytes. Each case below is a way for the fast path to go wrong (a fallback it must
# take, or a string it must clean); `_reference` checks `_Writer` itself above.

def _writers(data) -> str:
    return _Writer().encoded(data, "\n") + "\n"


HOSTILE_STRINGS = [
    "plain", "", " ", "é ü", "中文 名", "emoji \U0001f600", "tab\there", "line\nbreak", "cr\r", "nul\x00", "bell\x07", "del\x7f",
    "\x85next line", "\x9b[31m", "\u2028", "\u2029", "\u202ename", "\u2066iso", "\ufffe", "\uffff", "\udcff", "\ud83d\ude00",
    "}, {", '{"a": 1}, {"b": 2}', "%s", "%", "100%", "{}", "{0}", "\\n", "\\", '"', '\\"', "a\\x0a", "\x00", "zero\u200bwidth",
    "em \u2014 dash", "nbsp\xa0", "\xa9 soft\xadhyphen", "\ufeffbom", "\ud55c\uae00", "\ud7ff\ue000",  # beyond ASCII, clean
]


def _tables():
    strings = HOSTILE_STRINGS
    return [
        [{"name": s, "line": i} for i, s in enumerate(strings)],  # a table: a column with every hostile string
        [{"name": s} for s in strings if s.isascii() and s.isprintable()],  # clean: the fast path
        [{"name": s, "kind": "é"} for s in ("a", "b", "中")],  # clean but not ASCII
        [{s: 1} for s in strings],  # a different key in each object
        [{"name": "a", s: 1} for s in ("x", "a\n", "y")],
        [{"a": 1, "b": 2}, {"b": 3, "a": 4}],  # the same keys in another order
        [{"a": 1}, {"a": 1, "b": 2}],
        [{"a": 1, "b": 2}, {"a": 1}],
        [{"a": 1}, {"a": [1]}],  # one object on a line, one not
        [{"a": 1}, {"a": {}}, {"a": []}],
        [{"a": []}, {"a": [1, 2]}, {"a": [[], ["x\ny"]]}, {"a": [{}]}],
        [{"a": {"b": 1}}, {"a": {"b": [2]}}, {"a": {"c": "é"}}],
        [{"a": Name("x\ny")}, {"a": "y"}],  # subclasses of str and int in a column
        [{"a": Level.HIGH}, {"a": 1}, {"a": True}],
        [{"a": True}, {"a": 1}, {"a": None}, {"a": False}],  # bools are no ints
        [{"a": 1.5}, {"a": float("nan")}, {"a": float("inf")}, {"a": -float("inf")}, {"a": -0.0}, {"a": 2}, {"a": 10**30}],
        [{"a": None}, {"a": "x"}, {"a": 1}],
        [{"a": None}, {"a": "x\ny"}, {"a": True}, {"a": "p"}, {"a": False}, {"a": "p"}],  # strings or constants
        ["a", None, "b\n", True, "a"],
        [{"a\n": 1, "a\\x0a": 2}, {"a\n": 3, "a\\x0a": 4}],  # keys that clean into one
        [{1: "int key"}, {1: "again"}],
        [{True: "bool key"}, {True: "again"}],
        [{None: 1}, {2.5: 2}],
        [{"100%": "%s", "%s": "%d"}, {"100%": "{}", "%s": "%"}],  # keys and values with format characters
        [{"a": ("tuple", "x\ny")}, {"a": ("t",)}],
        [OrderedDict(a=1), {"a": 2}],
        [{}, {}],
        [{}, {"a": 1}],
        [[], [1], [], ["a", "b\n"]],  # lists of lists
        [[{"a": 1}], [{"a": 2}, {"a": [3]}], [{"b": 1}]],
        [[[1, 2], []], [[3]]],
        [1, "a", None, True, 2.5, "x\ny"],  # scalars of every kind
        ["a", "b", "\u2028"],
        [1, [2], {"a": 3}, {"a": [4]}, "x"],
        [{"deep": [{"deeper": [{"deepest": s}]}]} for s in ("a", "b\n", "c")],
    ]


@pytest.mark.parametrize("data", _tables())
def test_lists_give_the_reference_writers_bytes(data):
    wrapped = {"list": data, "nested": {"again": [data, data], "flat": {"x": 1}}}
    assert dumps(data) == _writers(data)
    assert dumps(wrapped) == _writers(wrapped)


@pytest.mark.parametrize("string", HOSTILE_STRINGS)
def test_each_string_alone_among_clean_ones(string):
    data = {"table": [{"name": "a", "value": string}, {"name": "é", "value": "b"}], "list": ["a", string, "é"], "key": [{string: 1}, {string: 2}]}
    assert dumps(data) == _writers(data) == _reference(data)


@pytest.mark.parametrize("rows", [
    [(s, s, i, "call") for i, s in enumerate(HOSTILE_STRINGS)],
    [("a", "b", True, "call"), ("c", "d", 1, "call")],
    [("a", None, 1.5, "call"), ("b", "c", float("nan"), Name("x\ny"))],
    [("a", [1, "x\ny"], 1, {"k": "v"}), ("b", [], 2, {})],
    [("a", "b", 1, "call")],
])
@pytest.mark.parametrize("keys", [("caller", "callee", "line", "kind"), ("100%", "%s", "{}", "k"), ("a\n", "a\\x0a", "b", "c"), (1, True, None, "k")])
def test_rows_give_the_reference_writers_bytes(rows, keys):
    from onboard.report.rows import Rows

    data = {"edges": Rows(keys, rows), "rest": [Rows(keys, rows)]}
    assert dumps(data) == _writers(data) == _writers({"edges": Rows(keys, rows).objects(), "rest": [Rows(keys, rows).objects()]})


@pytest.mark.parametrize("second", ["same", "other keys", "replaced", "empty"])
def test_a_column_of_rows_gives_the_reference_writers_bytes(second):
    """Each module's missing docstrings: lists of `Rows` written as one table and cut back, or
    one at a time when their keys differ or a row is replaced (a notebook's place)."""
    from onboard.report.rows import Rows

    first = Rows(("name", "kind", "line"), [("a", "function", 1), ("b\n", "class", 2)])
    other = {"same": Rows(("name", "kind", "line"), [("c", "method", 3)]), "other keys": Rows(("name", "line"), [("c", 3)]),
             "empty": Rows(("name", "kind", "line"), [])}.get(second)
    if other is None:
        other = Rows(("name", "kind", "line"), [("c", "method", 3), ("nb", "function", 9)])
        other.replaced[1] = {"name": "nb", "kind": "function", "line": 2, "cell": 4}
    data = [{"module": "m", "missing": first, "excused": Rows(("name",), [])}, {"module": "n", "missing": other, "excused": Rows(("name",), [])}]
    objects = [{**row, "missing": row["missing"].objects(), "excused": []} for row in data]
    assert dumps(data) == _writers(data) == _writers(objects)


def test_rows_replaced_by_objects_are_written_in_their_place():
    # a notebook's place gains its cell: that row is written as its object, the others as rows
    from onboard.report.rows import Rows

    table = Rows(("name", "path", "line"), [("a", "a.py", 1), ("nb", "nb.ipynb", 9), ("c", "c\n.py", 3)])
    table.replaced[1] = {"name": "nb", "path": "nb.ipynb", "line": 2, "cell": 4}
    expected = [{"name": "a", "path": "a.py", "line": 1}, {"name": "nb", "path": "nb.ipynb", "line": 2, "cell": 4},
                {"name": "c", "path": "c\n.py", "line": 3}]
    assert table.objects() == expected
    assert dumps({"f": table}) == _writers({"f": table}) == _writers({"f": expected})
    assert '{"name": "nb", "path": "nb.ipynb", "line": 2, "cell": 4}' in dumps({"f": table})


def test_a_string_is_unclean_exactly_when_clean_changes_it():
    """`_UNCLEAN` tells the fast path which strings `clean` would change: every BMP character
    (surrogates included), and characters above it, which `clean` never changes."""
    from onboard.report.json_writer import _UNCLEAN

    changed = [chr(c) for c in range(0x10000) if clean(chr(c)) != chr(c)]
    assert changed == _UNCLEAN.findall("".join(map(chr, range(0x10000))))
    assert not _UNCLEAN.search("".join(map(chr, range(0x10000, 0x110000, 97))) + "\U0010ffff")
    # the fast path's first test: a printable string holds none of them
    assert not any(character.isprintable() for character in changed)


_SCALAR_VALUES = st.one_of(st.sampled_from(HOSTILE_STRINGS), st.text(max_size=5), st.integers(), st.booleans(), st.none(),
                           st.floats(allow_nan=True, allow_infinity=True))
_KEYS = st.one_of(st.sampled_from(["a", "b", "c", "a\n", "a\\x0a", "%s", "é"]), st.text(max_size=3))


def _same_keys(children):
    """Lists of objects that mostly share their keys, as the report's lists do (tables)."""
    return st.tuples(st.lists(_KEYS, min_size=1, max_size=3, unique=True), st.lists(st.lists(children, min_size=3, max_size=3), max_size=6)).map(
        lambda t: [dict(zip(t[0], row)) for row in t[1]])


_DATA = st.recursive(_SCALAR_VALUES, lambda children: st.one_of(
    st.lists(children, max_size=5), st.dictionaries(_KEYS, children, max_size=4), _same_keys(children)), max_leaves=40)


@settings(deadline=None)
@given(_DATA)
def test_any_data_gives_the_reference_writers_bytes(data):
    assert dumps(data) == _writers(data)


def test_a_column_of_new_strings_still_cleans_one_seen_before():
    # nearly all new and clean: quoted as they come, but not a string met before that needed cleaning
    data = {"a": ["x\n"], "b": ["x\n", "p", "q", "r", "s"], "c": [{"name": n} for n in ("x\n", "p2", "q2", "r2", "s2")]}
    assert dumps(data) == _writers(data)


@pytest.mark.parametrize("chunk", [1, 2, 3, 4096])
def test_the_bytes_made_in_chunks_are_the_whole_texts(monkeypatch, chunk):
    """`dumps_utf8` joins and encodes a few thousand pieces at a time: wherever the chunks end,
    its bytes are the whole text's, non-ASCII and hostile strings included."""
    from onboard.report import json_writer

    monkeypatch.setattr(json_writer, "_CHUNK_PARTS", chunk)
    data = {"tables": _tables(), "rows": [{"name": s, "line": i} for i in range(700) for s in ("a", "中", "\udcff", "emoji \U0001f600")],
            "nested": [[s, {"k": s}] for s in HOSTILE_STRINGS]}
    whole = dumps(data).encode("utf-8", "backslashreplace")
    assert json_writer.dumps_utf8(data) == whole
    chunks = list(json_writer.utf8_chunks(data))  # as a run that keeps nothing writes them: each whole characters
    assert b"".join(chunks) == whole and "".join(c.decode("utf-8") for c in chunks) == whole.decode("utf-8")


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.iterdir() if p.is_dir()))
def test_every_sample_report_gives_the_reference_writers_bytes(name):
    """The sample reports (their text is also checked against tests/golden by test_cli)."""
    report = analyse(str(SAMPLES / name), build(merge({}, {}), None))
    for data in (to_dict(report, rows=True), to_dict(report)):
        assert dumps(data) == _writers(data)


def test_a_plain_string_is_one_whose_json_is_itself_in_quotes():
    """`_plain` lets a column of strings be written as they are: exactly the strings that
    `clean` leaves alone and `_quote` escapes nothing in, every BMP character (surrogates
    included) and some beyond it, alone and among others."""
    from onboard.report.json_strings import plain as _plain, quote as _quote

    characters = [chr(c) for c in range(0x10000)] + [chr(c) for c in range(0x10000, 0x110000, 97)]
    for character in characters:
        for text in (character, "a" + character + "\u00e9", "\u4e2d" + character):
            assert _plain(text) == (_quote(clean(text)) == '"' + text + '"'), repr(text)


@pytest.fixture
def collector_paused():
    """As the CLI writes its reports: `_Stream` takes the columns of `Rows` with `zip` then."""
    enabled = gc.isenabled()
    gc.disable()
    yield
    if enabled:
        gc.enable()


@pytest.mark.parametrize("rows", [
    [(s, s, i, "call") for i, s in enumerate(HOSTILE_STRINGS)],
    [("a", "b", True, "call", "extra"), ("c", "d", 1, "call", "extra")],  # longer rows: their first columns
    [("a", [1, "x\ny"], 1, {"k": "v"}), ("b", [], 2, {})],
])
def test_rows_give_the_same_bytes_with_the_collector_paused(rows, collector_paused):
    from onboard.report.rows import Rows

    keys = ("caller", "callee", "line", "kind")
    data = {"edges": Rows(keys, rows), "rest": [Rows(keys, rows), Rows(keys, rows[:1])], "tables": _tables()}
    assert dumps(data) == _writers(data) == _writers({**data, "edges": Rows(keys, rows).objects(),
                                                      "rest": [Rows(keys, rows).objects(), Rows(keys, rows[:1]).objects()]})


@pytest.mark.parametrize("paused", [False, True])
def test_a_row_shorter_than_its_keys_fails_rather_than_cutting_the_table(paused):
    from onboard.report.rows import Rows

    enabled = gc.isenabled()
    if paused:
        gc.disable()
    try:
        with pytest.raises(IndexError):
            dumps({"edges": Rows(("caller", "callee", "line"), [("a", "b", 1), ("c", "d")])})
    finally:
        if enabled:
            gc.enable()
