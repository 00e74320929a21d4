"""``etl-archive``: the archive's admin commands, on the vendored click."""
from etl._vendor import click


@click.command("purge")
def purge_command():
    """Delete archived extracts older than the retention period."""


@click.command("verify")
def verify_command():
    """Check every archived file against its checksum."""


class ArchiveGroup(click.Group):
    """The archive's commands, registered when the group is made."""

    def __init__(self, **attrs):
        super(ArchiveGroup, self).__init__(**attrs)
        self.add_command(purge_command)
        self.add_command(verify_command)


cli = ArchiveGroup(name="etl-archive")
