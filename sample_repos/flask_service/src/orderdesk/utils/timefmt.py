"""Helpers for formatting timestamps in API responses."""
from datetime import datetime, timezone

ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utcnow():
    return datetime.now(timezone.utc)


def to_iso(dt):
    """Format an aware datetime as a UTC ISO-8601 string with a ``Z`` suffix."""
    if dt.tzinfo is None:
        raise ValueError("naive datetime")
    return dt.astimezone(timezone.utc).strftime(ISO_FORMAT)


def parse_iso(value):
    return datetime.strptime(value, ISO_FORMAT).replace(tzinfo=timezone.utc)


def humanize_delta(seconds):
    seconds = int(seconds)
    if seconds < 60:
        return "%ds" % seconds
    if seconds < 3600:
        return "%dm" % (seconds // 60)
    return "%dh%02dm" % (seconds // 3600, (seconds % 3600) // 60)
