"""Table exports, used by ``platform-admin export`` and the nightly DAG.

Exporters are plugins: other packages can add formats through the
``platform_api.exporters`` entry-point group.
"""
import csv
import json
import sys
from importlib.metadata import entry_points

import click
from sqlalchemy import select

from platform_api.db import SessionLocal
from platform_api.models import Item, User

TABLES = {"users": User, "items": Item}


class CsvExporter:
    def __init__(self, stream):
        self.stream = stream
        self._writer = None

    def write(self, row):
        if self._writer is None:
            self._writer = csv.DictWriter(self.stream, fieldnames=list(row))
            self._writer.writeheader()
        self._writer.writerow(row)


class JsonlExporter:
    """One JSON document per line."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, row):
        self.stream.write(json.dumps(row, default=str) + "\n")


def load_exporter(fmt):
    for ep in entry_points(group="platform_api.exporters"):
        if ep.name == fmt:
            return ep.load()
    raise click.BadParameter("unknown format %r" % fmt)


@click.command()
@click.argument("table", type=click.Choice(sorted(TABLES)))
@click.option("--format", "fmt", default="csv", show_default=True)
def export_cmd(table, fmt):
    """Write every row of TABLE to standard output."""
    model = TABLES[table]
    exporter = load_exporter(fmt)(sys.stdout)
    columns = [c.name for c in model.__table__.columns]
    with SessionLocal() as session:
        for obj in session.scalars(select(model)):
            exporter.write({name: getattr(obj, name) for name in columns})
