"""Making frozen value objects in bulk: the same objects as their dataclass makes, faster.

A frozen dataclass's `__init__` sets each field through `object.__setattr__`, about a
microsecond an object of five to seven fields; the stages that make thousands (an edge of the
import graph, a discovered file, a module of the model) make them with `maker(cls)` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import TypeVar

T = TypeVar("T")


def maker(cls: type[T]) -> Callable[..., T]:
    """`cls(*values)` (every field given, in order) without `cls.__init__`: the fields go into the
    object's `__dict__` in their order, as `__init__` puts them, so it is equal, hashes, prints
    and pickles the same. Only for a class whose `__init__` does nothing more: no `__post_init__`,
    no slots, no field left out of `__init__` (checked here, once)."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    if any(not f.init for f in fields(cls)) or hasattr(cls, "__post_init__") or "__slots__" in cls.__dict__:  # type: ignore[arg-type]
        raise TypeError(f"{cls.__name__} is not made by setting its fields in order")
    make = object.__new__

    def made(*values: object) -> T:
        if len(values) != len(names):
            raise TypeError(f"{cls.__name__} takes {len(names)} values, not {len(values)}")
        found = make(cls)
        found.__dict__.update(zip(names, values))
        return found

    return made
