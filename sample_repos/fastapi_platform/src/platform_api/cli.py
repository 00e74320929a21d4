"""``platform-admin``: database and maintenance commands for operators."""
import logging
import random

import click
import uvicorn

from platform_api.export import export_cmd


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log at DEBUG level.")
def cli(verbose):
    """Administration of the platform API."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO)


@cli.group()
def db():
    """Schema migrations and test data."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def upgrade_cmd(revision):
    from alembic import command
    from alembic.config import Config

    command.upgrade(Config("alembic.ini"), revision)


@db.command()
@click.option("--count", default=50, show_default=True)
def seed_data(count):
    """Fill an empty database with fake users and items (dev only)."""
    from platform_api.db import SessionLocal
    from platform_api.models import Item, User

    with SessionLocal.begin() as session:
        for n in range(count):
            user = User(email=f"user{n}@example.com", full_name=f"User {n}")
            user.items = [Item(title=f"item {n}.{i}") for i in range(random.randint(0, 3))]
            session.add(user)
    click.echo(f"seeded {count} users")


@cli.command()
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=8000, type=int)
@click.option("--reload", is_flag=True)
def serve(host, port, reload):
    """Run the API with uvicorn (use the container in production)."""
    uvicorn.run("platform_api.main:app", host=host, port=port, reload=reload)


cli.add_command(export_cmd, name="export")
