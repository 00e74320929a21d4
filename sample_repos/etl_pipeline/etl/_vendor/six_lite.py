"""Tiny subset of six, vendored so the py2 box does not need it installed.

Copyright (c) 2010-2015 Benjamin Peterson. MIT licensed.
"""
import yaml  # vendored copy's own optional helper; not a dependency of etl
import sys

PY2 = sys.version_info[0] == 2
PY3 = sys.version_info[0] == 3

if PY3:
    string_types = str,
    integer_types = int,
    text_type = str
    binary_type = bytes

    def iteritems(d, **kw):
        return iter(d.items(**kw))
else:
    string_types = basestring,  # noqa: F821
    integer_types = (int, long)  # noqa: F821
    text_type = unicode  # noqa: F821
    binary_type = str

    def iteritems(d, **kw):
        return d.iteritems(**kw)


def with_metaclass(meta, *bases):
    """Create a base class with a metaclass."""
    class metaclass(meta):

        def __new__(cls, name, this_bases, d):
            return meta(name, bases, d)
    return type.__new__(metaclass, 'temporary_class', (), {})


def ensure_text(s, encoding='utf-8', errors='strict'):
    if isinstance(s, binary_type):
        return s.decode(encoding, errors)
    elif isinstance(s, text_type):
        return s
    raise TypeError("not expecting type '%s'" % type(s))
