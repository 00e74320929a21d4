"""The JSON text of one string of the report: which strings `report.text.clean` changes, and
which are written as they are, in quotes (`plain`), so that a column of them needs no text made
per string (`json_writer`)."""

from __future__ import annotations

import re
from json.encoder import encode_basestring as quote  # the C function when there is one, as json.dumps

# What `clean` changes: a control or bidi character (as `report.text._CONTROL`) or a surrogate
# (which UTF-8 cannot encode). A string without any is its own clean text.
UNCLEAN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")
# The bytes of the ASCII characters `quote` escapes or `clean` changes, and the first bytes in
# UTF-8 of every other character `clean` changes (U+0080-U+009F, U+2028-U+202E, U+2066-U+2069,
# U+FFFE, U+FFFF, the surrogates). No byte of a character beyond ASCII is an ASCII byte.
_ESCAPED_ASCII = bytes(range(0x20)) + b'\x7f"\\'
_UNCLEAN_LEADS = (b"\xc2", b"\xe2", b"\xef", b"\xed")


def plain(text: str) -> bool:
    """Whether `text` is its own clean text (`clean`) and `quote` escapes nothing in it: its
    JSON is itself in quotes. Its UTF-8 bytes (surrogates let through) hold no byte of an
    escaped ASCII character, and, when it goes beyond ASCII, none of the first bytes of the
    others `clean` changes, or else `UNCLEAN` finds none of them: scans in C over contiguous
    memory, several times faster than `str.isprintable` or the regular expression alone."""
    data = text.encode("utf-8", "surrogatepass")
    if len(data.translate(None, _ESCAPED_ASCII)) != len(data):
        return False
    if text.isascii() or not any(map(data.__contains__, _UNCLEAN_LEADS)):
        return True
    return not UNCLEAN.search(text)
