# Python 2/3 helpers. Most of this is superseded by etl._vendor.six_lite.
import sys

PY2 = sys.version_info[0] == 2

if PY2:
    string_types = basestring,
    text_type = unicode
else:
    string_types = str,
    text_type = str


def to_text(value, encoding="utf-8"):
    if isinstance(value, bytes):
        return value.decode(encoding)
    return text_type(value)


def debug_repr(obj):
    # old-style repr via backticks
    return `obj`


def warn(msg):
    print >>sys.stderr, "WARNING:", msg
