"""`Rows`: a list of JSON objects of the same keys kept as tuples of their values, for the call
graph's tens of thousands of functions and edges (`json_writer.dumps` writes them column by
column, without making a dict of each)."""

from __future__ import annotations


class Rows:
    """Objects of the same keys as tuples of their values. `replaced`: row index -> the object
    written instead of that row (a place in a notebook gains its `cell`, `report.places`)."""

    def __init__(self, keys: tuple[str, ...], rows: list[tuple]) -> None:
        self.keys, self.rows = keys, rows
        self.replaced: dict[int, dict] = {}

    def objects(self) -> list[dict]:
        found = [dict(zip(self.keys, row)) for row in self.rows]
        for index, obj in self.replaced.items():
            found[index] = obj
        return found
