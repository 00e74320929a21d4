"""Command line interface (``orderdesk ...``)."""
import click

from orderdesk import __version__


@click.group()
@click.version_option(__version__)
def cli():
    """Administrative commands for orderdesk."""


@cli.command()
def initdb():
    """Create all database tables."""
    from orderdesk.db import init_db

    init_db()
    click.echo("database initialised")


@cli.command()
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
def serve(host, port):
    """Run the development server (use gunicorn in production)."""
    from orderdesk.app import create_app

    create_app().run(host=host, port=port)


@cli.command("requeue")
@click.argument("references", nargs=-1, required=True)
def requeue(references):
    from orderdesk.tasks import fulfil_order

    for ref in references:
        fulfil_order.delay(ref)
        click.echo("queued %s" % ref)


def main():
    cli(prog_name="orderdesk")
