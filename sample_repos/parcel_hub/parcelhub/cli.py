"""The `parcel-hub` command."""
import click

from parcelhub import jobs


@click.group()
def cli():
    """Administrative commands for parcel-hub."""


@cli.command()
def digest():
    """Send the daily digest."""
    jobs.send_digest()


@cli.command()
@click.option("--channel", type=click.Choice(["sms", "email"]), default="sms")
@click.argument("text")
def page(channel, text):
    """Page the on-call person."""
    jobs.page_on_call(channel, text)
