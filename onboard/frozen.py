"""Frozen value objects, made faster than their dataclass makes them: the class and each object.

`record` is `dataclass(frozen=True)` without the source it compiles: Python 3.11 compiles six
small functions a class (`__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`,
`__delattr__`), 0.5 ms a class, 30 ms of every run's start for onboard's seventy; `record` makes
them as closures over the field names, the same methods with the same results.

A frozen dataclass's `__init__` sets each field through `object.__setattr__`, about a
microsecond an object of five to seven fields; the stages that make thousands (an edge of the
import graph, a discovered file, a module of the model) make them with `maker(cls)` instead.
"""

from __future__ import annotations

import dataclasses
import inspect
import reprlib
from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError, field, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """`cls` as `@dataclass(frozen=True)` makes it: its fields (`dataclasses.fields`, `replace`,
    `asdict` work), an `__init__` taking them by position or name with their defaults and
    default factories, a repr, equality and a hash over the compared fields, assignment refused
    with `FrozenInstanceError`, pickled as a dataclass pickles. A method the class defines itself
    is kept, as the dataclass keeps it."""
    own = dict(cls.__dict__)
    doc_missing = not cls.__doc__
    if "__slots__" in own:
        raise TypeError(f"{cls.__name__}: a record keeps its fields in its __dict__, not in slots")
    for name in ("__setattr__", "__delattr__"):
        if name in own:
            raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
    dataclasses.dataclass(cls, init=False, repr=False, eq=False)  # the fields, nothing compiled
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    for name in ("init", "repr", "eq", "frozen"):
        setattr(params, name, True)  # what it is now, for `dataclass` on a subclass
    every = fields(cls)  # type: ignore[arg-type]
    names = frozenset(f.name for f in every)
    compared = _getter(tuple(f.name for f in every if f.compare))
    hashed = _getter(tuple(f.name for f in every if (f.compare if f.hash is None else f.hash)))
    shown = tuple(f.name for f in every if f.repr)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        self.__dict__.update(zip(order, args if len(args) == count and not kwargs else bind(args, kwargs)))
        if post_init is not None:
            post_init(self)

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})"

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    def __setattr__(self: Any, name: str, value: object) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)  # type: ignore[misc]

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)  # type: ignore[misc]

    inits = tuple(f for f in every if f.init)
    order, count, bind = tuple(f.name for f in inits), len(inits), _binder(cls.__name__, inits)
    post_init = getattr(cls, "__post_init__", None)
    __init__.__signature__ = _signature(inits)  # type: ignore[attr-defined]
    made = {"__init__": __init__, "__repr__": __repr__, "__eq__": __eq__, "__setattr__": __setattr__, "__delattr__": __delattr__}
    for name, method in made.items():
        if name not in own:
            method.__qualname__ = f"{cls.__qualname__}.{name}"
            setattr(cls, name, method)
    explicit_hash = own.get("__hash__", MISSING)
    if explicit_hash is MISSING or (explicit_hash is None and "__eq__" in own):
        __hash__.__qualname__ = f"{cls.__qualname__}.__hash__"
        cls.__hash__ = __hash__  # type: ignore[method-assign,assignment]
    if doc_missing:
        cls.__doc__ = cls.__name__ + str(inspect.signature(cls)).replace(" -> None", "")
    return cls


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple]:
    """The tuple of these attributes (as the dataclass compares and hashes: a tuple, one field too)."""
    if len(names) == 1:
        one = names[0]
        return lambda obj: (getattr(obj, one),)
    return attrgetter(*names) if names else (lambda obj: ())


def _binder(cls_name: str, inits: tuple[dataclasses.Field, ...]) -> Callable[[tuple, dict], list]:
    """The values of `__init__`'s fields in order from a call that is not all of them by position:
    keywords, defaults and default factories; a call Python would refuse is refused alike."""
    known = {f.name: i for i, f in enumerate(inits)}

    def bind(args: tuple, kwargs: dict) -> list:
        if len(args) > len(inits):
            raise TypeError(f"{cls_name}.__init__() takes {len(inits) + 1} positional arguments but {len(args) + 1} were given")
        values: list = [*args, *[MISSING] * (len(inits) - len(args))]
        for name, value in kwargs.items():
            where = known.get(name)
            if where is None:
                raise TypeError(f"{cls_name}.__init__() got an unexpected keyword argument {name!r}")
            if where < len(args):
                raise TypeError(f"{cls_name}.__init__() got multiple values for argument {name!r}")
            values[where] = value
        for where, f in enumerate(inits):
            if values[where] is MISSING:
                if f.default is not MISSING:
                    values[where] = f.default
                elif f.default_factory is not MISSING:
                    values[where] = f.default_factory()
                else:
                    raise TypeError(f"{cls_name}.__init__() missing required argument: {f.name!r}")
        return values

    return bind


class _Factory:
    """The default a field made by its default factory shows in a signature, as in a dataclass's."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _signature(inits: tuple[dataclasses.Field, ...]) -> inspect.Signature:
    """`__init__`'s signature as the dataclass writes it (for `inspect`, `help` and hypothesis)."""
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    params = [inspect.Parameter("self", kind)]
    for f in inits:
        default = f.default if f.default is not MISSING else inspect.Parameter.empty
        if f.default_factory is not MISSING:
            default = _FACTORY
        params.append(inspect.Parameter(f.name, kind, default=default, annotation=f.type))
    return inspect.Signature(params, return_annotation=None)


def maker(cls: type[T]) -> Callable[..., T]:
    """`cls(*values)` (every field given, in order) without `cls.__init__`: the fields go into the
    object's `__dict__` in their order, as `__init__` puts them, so it is equal, hashes, prints
    and pickles the same. Only for a class whose `__init__` does nothing more: no `__post_init__`,
    no slots, no field left out of `__init__` (checked here, once)."""
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    if any(not f.init for f in fields(cls)) or hasattr(cls, "__post_init__") or "__slots__" in cls.__dict__:  # type: ignore[arg-type]
        raise TypeError(f"{cls.__name__} is not made by setting its fields in order")
    # one small function compiled for the class, as the dataclass compiles its `__init__`: each
    # field stored by name (0.3 µs an object of seven fields, against 0.65 through a loop over
    # the names and 0.8 for `__init__`); the local names cannot meet a field's (`_onboard_`)
    stores = "".join(f"    _onboard_fields[{name!r}] = {name}\n" for name in names)
    source = (f"def made({', '.join(names)}):\n    _onboard_found = _onboard_new(_onboard_cls)\n"
              f"    _onboard_fields = _onboard_found.__dict__\n{stores}    return _onboard_found\n")
    scope = {"_onboard_new": object.__new__, "_onboard_cls": cls}
    exec(source, scope)  # noqa: S102 - our own source, made of the field names of our own class
    made = scope["made"]
    made.__qualname__ = f"maker({cls.__qualname__})"
    return made
