"""``platform-ops``: day-to-day operator commands (typer)."""
import typer
from sqlalchemy import select

from platform_api.cache import redis_client
from platform_api.clients.search import SearchClient
from platform_api.config import settings
from platform_api.db import SessionLocal
from platform_api.models import User

app = typer.Typer(help="Operator tools for the platform API.", no_args_is_help=True)
users_app = typer.Typer(help="Manage user accounts.")
app.add_typer(users_app, name="users")


@users_app.command("create")
def create_user(email: str, admin: bool = typer.Option(False, help="Grant admin rights.")):
    """Create a user account."""
    with SessionLocal.begin() as session:
        session.add(User(email=email, is_admin=admin))
    typer.echo(f"created {email}")


@users_app.command()
def deactivate(email: str):
    with SessionLocal.begin() as session:
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            typer.echo(f"no user {email}", err=True)
            raise typer.Exit(1)
        user.is_active = False


@app.command()
def reindex_search(index: str = "items"):
    """Ask the search cluster to rebuild an index."""
    SearchClient(settings.SEARCH_URL).reindex(index)


@app.command()
def relay(batch_size: int = 100):
    """Run the outbox relay until interrupted."""
    from platform_api.worker import Relay

    Relay(batch_size=batch_size).run_forever()


@app.command()
def status():
    pending = redis_client.xlen("events:user")
    typer.echo(f"redis ok, {pending} user events in the stream")


def main():
    app(prog_name="platform-ops")
