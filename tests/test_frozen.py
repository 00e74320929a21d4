"""`onboard.frozen.maker`: the objects a frozen dataclass makes, without its `__init__`."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

import pytest

from onboard.discover import SourceFile
from onboard.facts import FileFacts
from onboard.frozen import maker
from onboard.model.repo import Module


@pytest.mark.parametrize("cls, values", [
    (SourceFile, ("a/b.py", "/r/a/b.py", "module", 12, (1, 2), (33188, 2, 1, 12, 5, 6))),
    (Module, ("a/b.py", "a.b", "tests", "module", FileFacts(1, False, "", (), (), None))),
])
def test_made_objects_are_those_the_dataclass_makes(cls, values):
    made, plain = maker(cls)(*values), cls(*values)
    assert type(made) is cls and made == plain and hash(made) == hash(plain) and repr(made) == repr(plain)
    assert list(vars(made)) == list(vars(plain)) and pickle.dumps(made) == pickle.dumps(plain)
    with pytest.raises(AttributeError):
        made.path = "other"  # still frozen


def test_a_class_whose_init_does_more_is_refused_and_so_are_missing_values():
    @dataclass(frozen=True)
    class Checked:
        value: int

        def __post_init__(self) -> None:
            raise ValueError

    with pytest.raises(TypeError):
        maker(Checked)
    with pytest.raises(TypeError):
        maker(SourceFile)("a.py", "/r/a.py", "module", 1)  # the default is not filled in: say all
