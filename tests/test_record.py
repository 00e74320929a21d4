"""`onboard.frozen.record`: the class `dataclass(frozen=True)` makes, method by method, without
compiling them. Each shape is made twice from one body, once by each decorator, and every
observable behaviour is compared."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from dataclasses import FrozenInstanceError, dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onboard.frozen import record


def shapes(decorate):
    """The shapes onboard's records have, and the corners of the dataclass rules."""

    @decorate
    class Plain:
        """Two fields."""

        path: str
        line: int

    @decorate
    class Defaults:
        name: str
        kind: str = "module"
        tags: list = field(default_factory=list, compare=False)
        note: str = field(default="", repr=False, compare=False)
        weight: float = field(default=0.0, hash=False)

    @decorate
    class OwnMethods:
        """It writes its own repr and equality: kept; its hash is then made (eq without hash)."""

        key: str

        def __repr__(self) -> str:
            return f"<{self.key}>"

        def __eq__(self, other: object) -> bool:
            return isinstance(other, OwnMethods) and str(self.key).lower() == str(other.key).lower()

    @decorate
    class OwnHash:
        key: str

        def __hash__(self) -> int:
            return 7

    @decorate
    class Nothing:
        """No field at all."""

    @decorate
    class One:
        value: float

    return Plain, Defaults, OwnMethods, OwnHash, Nothing, One


DATA, RECORD = shapes(dataclass(frozen=True)), shapes(record)


def outcome(call):
    try:
        return ("value", call())
    except Exception as error:  # noqa: BLE001 - the kind of failure is what is compared
        return ("raises", type(error))


def observed(cls, args, kwargs):
    """What a user of the class can see, as plain values."""
    made = outcome(lambda: cls(*args, **kwargs))
    if made[0] == "raises":
        return made
    obj = made[1]
    return {
        "vars": list(vars(obj).items()), "repr": repr(obj), "eq self": obj == obj,
        "eq copy": obj == cls(*args, **kwargs), "eq tuple": obj == tuple(vars(obj).values()),
        "hash": outcome(lambda: hash(obj)), "state": obj.__reduce_ex__(2)[2],
        "setattr": outcome(lambda: setattr(obj, "path", "x")), "setattr new": outcome(lambda: setattr(obj, "other", 1)),
        "delattr": outcome(lambda: delattr(obj, next(iter(vars(obj)), "other"))),
        "astuple": outcome(lambda: dataclasses.astuple(obj)), "replace": outcome(lambda: vars(dataclasses.replace(obj))),
    }


def anatomy(cls):
    """What the class itself shows: fields, signature, match args, docstring, params."""
    params = cls.__dataclass_params__
    return {
        "fields": [(f.name, f.type, f.default, f.default_factory, f.init, f.repr, f.compare, f.hash) for f in dataclasses.fields(cls)],
        "signature": str(inspect.signature(cls)), "doc": cls.__doc__, "match": cls.__match_args__,
        "params": (params.init, params.repr, params.eq, params.order, params.unsafe_hash, params.frozen),
        "hash is None": cls.__hash__ is None, "is dataclass": dataclasses.is_dataclass(cls),
    }


@pytest.mark.parametrize("index", range(len(DATA)))
def test_the_class_is_the_one_the_dataclass_makes(index):
    assert anatomy(RECORD[index]) == anatomy(DATA[index])


values = st.one_of(st.text(max_size=5), st.integers(), st.floats(allow_nan=True), st.lists(st.integers(), max_size=2))


@given(index=st.integers(0, len(DATA) - 1), args=st.lists(values, max_size=6),
       kwargs=st.dictionaries(st.sampled_from(["path", "line", "name", "kind", "tags", "note", "weight", "key", "value", "nope"]), values, max_size=3))
def test_every_call_gives_what_the_dataclass_gives(index, args, kwargs):
    assert observed(RECORD[index], args, kwargs) == observed(DATA[index], args, kwargs)


def test_a_default_factory_makes_a_new_value_each_time_and_nan_equals_itself_as_in_a_tuple():
    Defaults, One = RECORD[1], RECORD[5]
    first, second = Defaults("a"), Defaults("b")
    assert first.tags == [] and first.tags is not second.tags
    nan = One(float("nan"))
    assert nan == nan and nan != One(float("nan"))  # the same object compares equal inside a tuple


def test_records_pickle_and_print_as_dataclasses():
    from onboard.discover import SourceFile

    made = SourceFile("a/b.py", "/r/a/b.py", "module", 12, (1, 2), (33188, 2, 1, 12, 5, 6))
    assert pickle.loads(pickle.dumps(made)) == made and "SourceFile(path='a/b.py'" in repr(made)
    with pytest.raises(FrozenInstanceError):
        made.path = "other"


def test_a_class_that_cannot_be_a_record_is_refused():
    with pytest.raises(TypeError):
        @record
        class Slotted:
            __slots__ = ("a",)
            a: int

    with pytest.raises(TypeError):
        @record
        class Settable:
            a: int

            def __setattr__(self, name, value):
                pass
