"""The JSON text of the report's data: `json.dumps(indent=2, ensure_ascii=False)`'s layout, an
object of scalars on one line, every string cleaned (`report.text.clean`). `dumps` writes with
`_Stream`, many values at a time; `_Writer`, one value at a time, decides the bytes."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterable, Iterator
from itertools import accumulate, chain, compress, repeat
from operator import attrgetter, itemgetter, not_

from onboard.report.json_strings import UNCLEAN as _UNCLEAN, plain as _plain, quote as _quote
from onboard.report.rows import Rows
from onboard.report.text import clean


class _Writer:
    """`json.dumps(value, indent=2, ensure_ascii=False)` of `value` with every string and key
    cleaned (`report.text.clean`), except that an object whose values are all strings, numbers,
    booleans or nulls is written on one line (`{"caller": "a", "callee": "b", "line": 3}`); in
    one walk, each distinct string and object key written once (names repeat by the thousand).
    It writes a value at a time; `dumps` writes with `_Stream`, whose bytes are this writer's."""

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}
        self.keys: dict[str, str] = {}  # keys that clean into themselves -> their text and ": "

    def encoded(self, value, indent: str) -> str:
        """`value` at the depth `indent` (a newline and the spaces)."""
        kind = type(value)
        if kind is str:
            text = self.strings.get(value)
            if text is None:
                text = self.strings[value] = _quote(clean(value))
            return text
        if kind is dict:
            return self.object(value, indent)
        if kind is list:
            return self.array(value, indent)
        if kind is Rows:
            return self.rows(value, indent)
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if kind is int:
            return int.__repr__(value)
        return self.other(value, indent)

    def other(self, value, indent: str) -> str:
        """The subclasses and values `json.dumps` accepts, in its order of checks (a tuple is a
        list, NaN and the infinities are written as it writes them); anything else fails as it does."""
        if isinstance(value, str):
            return _quote(clean(value))
        if isinstance(value, int):
            return int.__repr__(value)
        if isinstance(value, float):
            return _float(value)
        if isinstance(value, dict):
            return self.object(value, indent)
        if isinstance(value, (list, tuple)):
            return self.array(list(value), indent)
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

    def key(self, key) -> str | None:
        """A key's text and ": ", or None for a key that is no plain string (see `object`)."""
        if type(key) is not str:
            return None
        text = self.keys.get(key)
        if text is None:
            if clean(key) != key:
                return None
            text = self.keys[key] = _quote(key) + ": "
        return text

    def object(self, value: dict, indent: str) -> str:
        if not value:
            return "{}"
        flat = self.flat(value)
        if flat is not None:
            return flat
        inner, items = indent + "  ", []
        for key, item in value.items():
            text = self.key(key)
            if text is None:  # every key made a string and cleaned: keys that clean into one merge
                merged = {clean(k): v for k, v in value.items()}
                items = [f"{_quote(k)}: {self.encoded(v, inner)}" for k, v in merged.items()]
                break
            items.append(text + self.encoded(item, inner))
        return "{" + inner + ("," + inner).join(items) + indent + "}"

    def flat(self, value: dict) -> str | None:
        """An object of scalars on one line; None when a value is a container (or unusual)."""
        strings, keys, items = self.strings, self.keys, []
        for key, item in value.items():
            kind = type(item)
            if kind is str:
                text = strings.get(item)
                if text is None:
                    text = strings[item] = _quote(clean(item))
            elif kind is int:
                text = int.__repr__(item)
            elif item is None:
                text = "null"
            elif item is True:
                text = "true"
            elif item is False:
                text = "false"
            elif kind is float or isinstance(item, (str, int, float)):
                text = self.other(item, "")
            else:
                return None
            name = keys.get(key) or self.key(key)
            if name is None:  # every key made a string and cleaned, as in `object`
                return self.flat({clean(k): v for k, v in value.items()})
            items.append(name + text)
        return "{" + ", ".join(items) + "}"

    def rows(self, value: Rows, indent: str) -> str:
        """`Rows` as the list of their objects: a column of strings or of ints at a time (each
        distinct string quoted once), then every row through one format; any other column
        makes it the list of dicts."""
        if not value.rows:
            return "[]"
        if value.replaced:
            return self.array(value.objects(), indent)
        columns, texts = list(zip(*value.rows)), []
        strings = self.strings
        for column in columns:
            kinds = set(map(type, column))
            if kinds == {str}:
                for text in set(column).difference(strings):
                    strings[text] = _quote(clean(text))
                texts.append(map(strings.__getitem__, column))
            elif kinds == {int}:
                texts.append(map(int.__repr__, column))
            else:
                return self.array(value.objects(), indent)
        names = [self.key(k) for k in value.keys]
        if None in names:
            return self.array(value.objects(), indent)
        template = "{{" + ", ".join(name.replace("{", "{{").replace("}", "}}") + "{}" for name in names) + "}}"
        inner = indent + "  "
        return "[" + inner + ("," + inner).join(map(template.format, *texts)) + indent + "]"

    def array(self, value: list, indent: str) -> str:
        if not value:
            return "[]"
        inner = indent + "  "
        return "[" + inner + ("," + inner).join([self.encoded(item, inner) for item in value]) + indent + "]"


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


_SCALARS = frozenset({str, int, float, bool, type(None)})  # exactly these types, no subclasses
_CONSTANTS = {True: "true", False: "false", None: "null"}


class _Stream(_Writer):
    """`_Writer`'s text, appended to one list of pieces joined once, and written many values at
    a time.

    Why not `_Writer` alone: it returns each container's text and its parent concatenates it
    again, so the report's megabytes were copied at every level of nesting (and all widened to
    two bytes a character when one name is Chinese): a third of its time on Django. And it wrote
    each of the tens of thousands of objects in a list key by key.

    Here the texts of a list's values are made together (`texts`): a list of objects of the same
    keys is a table (like `Rows`), each column's texts made in one pass (its distinct strings
    cleaned and quoted at once, its ints through `int.__repr__`) and each row through one format;
    a column of lists (each import's lines) or of `Rows` (each module's missing docstrings) is one
    batch of all their items, cut back into the lists, so that thousands of short lists cost one table.

    Columns are taken with `itemgetter`, or with `zip(*rows)` only while the collector is paused
    (`_columns`): it holds an iterator per row at once, forty-five thousand objects the collector
    counts, enough to start collections that walk the whole report.

    `_Writer` stays what decides the bytes: what is not plain data (a subclass, a key that is not
    a clean string, objects of different keys, a column mixing scalars and containers) is given
    to its methods, a value at a time. (The standard library's C encoder was tried for lists of
    objects: its text needs checking for strings that want cleaning and cutting into items, and
    on Django it was slower than this.)"""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.ints: dict[int, str] = {}  # int -> its text, as `strings` (line numbers repeat)

    def write(self, value, indent: str) -> None:
        """Append `value`'s text at the depth `indent` (a newline and the spaces)."""
        kind = type(value)
        if kind is dict and value:
            self.write_object(value, indent)
        elif kind is list and value:
            self.write_items(self.texts(value, indent + "  "), indent)
        elif kind is Rows and value.rows and value.keys:
            columns = _columns(value.rows, len(value.keys))
            rows = self.table(value.keys, columns, indent + "  ")
            if rows is None:
                self.parts.append(self.rows(value, indent))
            else:
                for index, obj in value.replaced.items():  # places in notebooks, with their cells
                    rows[index] = self.text(obj, indent + "  ")
                self.write_items(rows, indent)
        else:
            self.parts.append(self.encoded(value, indent))

    def write_object(self, value: dict, indent: str) -> None:
        """An object (not empty): on one line as `_Writer` writes it, or its values written in turn."""
        flat = self.flat(value)
        if flat is not None:
            self.parts.append(flat)
            return
        names = list(map(self.key, value))
        if None in names:  # keys that are not clean strings: `_Writer` merges them
            self.parts.append(self.object(value, indent))
            return
        inner, parts = indent + "  ", self.parts
        separator = "{" + inner
        for name, item in zip(names, value.values()):
            parts.append(separator + name)
            self.write(item, inner)
            separator = "," + inner
        parts.append(indent + "}")

    def write_items(self, texts: list[str], indent: str) -> None:
        """A list of the items' `texts` (at least one), without joining them into one string."""
        inner = indent + "  "
        self.parts.append("[" + inner)
        self.parts.extend(chain.from_iterable(zip(texts, repeat("," + inner))))
        self.parts[-1] = indent + "]"

    def text(self, value, indent: str) -> str:
        """`value`'s text as one string."""
        parts, self.parts = self.parts, []
        self.write(value, indent)
        text, self.parts = "".join(self.parts), parts
        return text

    def texts(self, values: list, indent: str) -> list[str]:
        """The text of each of `values`, all at the depth `indent`."""
        kinds = set(map(type, values))
        if kinds <= _SCALARS:
            return list(self.cells(values, kinds))
        if kinds == {list}:
            return self.lists(values, indent)
        if kinds == {Rows}:
            return self.rows_lists(values, indent)
        if kinds == {dict}:
            keys = tuple(values[0])
            if keys and all(map(keys.__eq__, map(tuple, values))):
                rows = self.table(keys, [list(map(itemgetter(key), values)) for key in keys], indent)
                if rows is not None:
                    return rows
        return [self.text(value, indent) for value in values]

    def lists(self, values: list[list], indent: str) -> list[str]:
        """The texts of lists: their items' texts made together, then cut back into the lists."""
        items = list(chain.from_iterable(values))
        return self.cut(self.texts(items, indent + "  ") if items else [], list(map(len, values)), indent)

    def rows_lists(self, values: list[Rows], indent: str) -> list[str]:
        """The texts of `Rows` of the same keys (each module's missing docstrings): all their
        rows made in one table, then cut back into their lists."""
        keys, lists = values[0].keys, list(map(_ROWS, values))
        rows = list(chain.from_iterable(lists))
        if not rows:  # `Rows` with none is `[]` whatever its keys (each module's excused docstrings, mostly)
            return ["[]"] * len(values)
        if keys and all(map(keys.__eq__, map(_KEYS, values))) and not any(map(_REPLACED, values)):
            texts = self.table(keys, _columns(rows, len(keys)), indent + "  ")
            if texts is not None:
                return self.cut(texts, list(map(len, lists)), indent)
        return [self.text(value, indent) for value in values]

    def cut(self, texts: list[str], sizes: list[int], indent: str) -> list[str]:
        """`texts` cut back into lists of the `sizes` in turn, each list's text: each slice
        joined, all without a Python step per list (thousands of them, most of one item), but
        for the empty ones, whose text is `[]`."""
        inner = indent + "  "
        ends = list(accumulate(sizes))
        items = map(("," + inner).join, map(texts.__getitem__, map(slice, chain((0,), ends), ends)))
        lists = list(map("".join, zip(repeat("[" + inner), items, repeat(indent + "]"))))
        for index in compress(range(len(sizes)), map(not_, sizes)):
            lists[index] = "[]"
        return lists

    def table(self, keys: tuple, columns: list[list], indent: str) -> list[str] | None:
        """The texts of the objects of the `keys` whose values are the `columns` (each as long
        as there are objects), or None when `_Writer` has to write them (see the class)."""
        names = list(map(self.key, keys))
        if None in names:
            return None
        inner = indent + "  "
        texts, raw, flat = [], [], True
        for column in columns:
            kinds = set(map(type, column))
            raw.append(kinds == {str} and _plain("".join(column)))  # written as they are, in quotes
            if raw[-1] or kinds <= _SCALARS:
                texts.append(column if raw[-1] else self.cells(column, kinds))
                continue
            scalars = {kind for kind in kinds if kind is type(None) or issubclass(kind, (str, int, float))}
            if scalars == kinds:  # subclasses: written as `_Writer.flat` writes them
                texts.append([self.encoded(value, inner) for value in column])
            elif scalars:  # some of these objects would be on one line, some not
                return None
            else:
                texts.append(self.texts(column, inner))
                flat = False
        # each row is the join of its key texts and cells: "".join over the columns zipped with
        # the constant pieces, twice as fast as a format per row (65,000 call edges); a column
        # of plain strings (nearly every column of names and paths) is itself, its quotes in the
        # pieces either side, with no text to make or look up per string
        between = ", " if flat else "," + inner
        pieces = ["{" + ("" if flat else inner) + names[0], *(between + name for name in names[1:]), "}" if flat else indent + "}"]
        for index in (index for index, quoted in enumerate(raw) if quoted):
            pieces[index] += '"'
            pieces[index + 1] = '"' + pieces[index + 1]
        zipped = [part for piece, column in zip(pieces, texts) for part in (repeat(piece), column)]
        return list(map("".join, zip(*zipped, repeat(pieces[-1]))))

    def cells(self, values: list, kinds: set) -> Iterable[str]:
        """The texts of `values` of the exact scalar `kinds`: a distinct string cleaned and quoted once."""
        if kinds == {str}:
            strings = self.strings
            distinct = set(values)
            new = distinct.difference(strings)
            if new:
                joined = "".join(new)
                clean_already = joined.isprintable() or not _UNCLEAN.search(joined)  # each unclean character is unprintable (tested)
                # nearly all new and clean (names of undocumented items): quoted as they come, not
                # kept, when each string met before is its own clean text too
                if clean_already and len(new) * 4 > len(values) * 3 and all(strings[text] == _quote(text) for text in distinct - new):
                    return map(_quote, values)
                if clean_already:
                    strings.update(zip(new, map(_quote, new)))  # each its own clean text
                else:
                    strings.update((text, _quote(clean(text))) for text in new)
            return map(strings.__getitem__, values)
        if kinds == {int}:
            ints = self.ints
            new = set(values).difference(ints)
            if new:
                ints.update(zip(new, map(int.__repr__, new)))
            return map(ints.__getitem__, values)
        if kinds <= {bool, type(None)}:
            return map(_CONSTANTS.__getitem__, values)
        if kinds <= {str, bool, type(None)}:  # names or nothing: a table of the distinct values' texts
            distinct = list(set(values).difference(_CONSTANTS))  # no string equals a constant
            texts = dict(zip(distinct, self.cells(distinct, {str})))
            texts.update(_CONSTANTS)
            return map(texts.__getitem__, values)
        return [self.encoded(value, "") for value in values]


_ROWS, _KEYS, _REPLACED = attrgetter("rows"), attrgetter("keys"), attrgetter("replaced")


def _columns(rows: list[tuple], width: int) -> list:
    """The first `width` columns of `rows` (tuples, each at least as long): with `zip(*rows)`,
    in half the time of an `itemgetter` per column, while the collector is paused (as the CLI
    pauses it to write its reports; see `_Stream`). A shorter row fails (`itemgetter`), rather
    than cutting every row short."""
    if not gc.isenabled():
        columns = list(zip(*rows))
        if len(columns) >= width:
            return columns[:width]
    return [list(map(itemgetter(i), rows)) for i in range(width)]


def dumps(data) -> str:
    """The report's JSON text and a newline: two-space indented like `json.dumps(indent=2,
    ensure_ascii=False)`, an object of scalars on one line (a call edge, a function, a place),
    strings cleaned (`report.text.clean`). One walk writing each distinct string once (`_Stream`,
    whose bytes are `_Writer`'s): the standard library's indenting encoder is pure Python and
    cleaning first would be a second walk; the call graph's tens of thousands of edges on a line
    each are a fifth of the bytes."""
    return "".join(_pieces(data))


def _pieces(data) -> list[str]:
    """The pieces of `dumps(data)`'s text, in order."""
    stream = _Stream()
    stream.write(data, "\n")
    stream.parts.append("\n")
    return stream.parts


_CHUNK_PARTS = 4096


def utf8_chunks(data) -> Iterator[bytes]:
    """`dumps(data)` encoded as UTF-8 (a lone surrogate as its backslash escape), chunk by chunk:
    the text's pieces made at once, each few thousand joined and encoded when its chunk is asked
    for, so that one character beyond ASCII slows the encoding of its chunk only (on Django's
    17 MB: 10 ms instead of 42), and a run that keeps nothing writes them without the 17 MB
    joined. The encoder takes each character alone: the chunks joined are the whole text's."""
    parts = _pieces(data)
    return ("".join(parts[start:start + _CHUNK_PARTS]).encode("utf-8", "backslashreplace") for start in range(0, len(parts), _CHUNK_PARTS))


def dumps_utf8(data) -> bytes:
    """`utf8_chunks(data)` joined, by a `BytesIO`, whose buffer grows in place and becomes the
    bytes returned: each chunk's bytes are freed as soon as written, and their memory serves the
    next, where `b"".join` keeps them all."""
    out = io.BytesIO()
    for chunk in utf8_chunks(data):
        out.write(chunk)
    return out.getvalue()
