"""Environment-variable reads (inline sources) and the configuration analysis on a sample."""

from __future__ import annotations

from onboard.facts import FileFacts
from onboard.parse.extract import extract
from onboard.pipeline import analyse
from onboard.config import merge
from onboard.settings import build
from conftest import SAMPLES


def reads(source: bytes):
    result = extract("m.py", source)
    assert isinstance(result, FileFacts), result
    return [(r.name, r.default, r.has_default, r.line, r.via) for r in result.env_reads]


def test_every_read_mechanism():
    src = b'''import os as system
from os import environ as E, getenv
from decouple import config
import environ
env = environ.Env()
NAME = "DATABASE_URL"
a = system.environ["A"]
b = system.environ.get("B", "b")
c = getenv(NAME)
d = E.setdefault("D", 3)
if "F" in system.environ:
    pass
system.environ["WRITE"] = "1"
del system.environ["GONE"]
def setting(name, default=None):
    return system.getenv(name, default)
g = setting("G")
h = system.environ[f"H_{a}"]
i = config("SECRET_KEY")
j = env.str("J", default="x")
k = system.environ.pop("K")
'''
    assert reads(src) == [
        ("A", None, False, 7, "os.environ[]"), ("B", "b", True, 8, "os.environ.get"), ("DATABASE_URL", None, True, 9, "os.getenv"),
        ("D", "3", True, 10, "os.environ.setdefault"), ("F", None, True, 11, "in os.environ"), ("G", None, True, 17, "wrapper setting()"),
        (None, None, False, 18, "os.environ[]"), ("SECRET_KEY", None, False, 19, "decouple.config"), ("J", "x", True, 20, "environ.Env"),
        ("K", None, False, 21, "os.environ.pop"),
    ]


def test_traps_are_not_reads():
    assert reads(b'x = "os.environ[\\"NOT_A_READ\\"]"\nenviron = {}\nenviron["LOCAL"]\n') == []
    assert reads(b"import os\nos.environ['X'] = 'y'\n") == []


def test_configuration_of_the_sample():
    report = analyse(str(SAMPLES / "flask_service"), build(merge({}, {}), None))
    by_name = {v.name: v for v in report.env.variables}
    assert by_name["NOTIFY_URL"].required and not by_name["NOTIFY_URL"].documented_in
    assert not by_name["ORDERDESK_DEBUG"].required  # the wrapper's own read has a default
    assert by_name["DATABASE_URL"].documented_in == (".env.example", "README.md") and by_name["DATABASE_URL"].default.startswith("postgresql://")
    assert ("PYTHONUNBUFFERED", ("Dockerfile",)) in report.env.documented_unread
    assert ("LEGACY_FTP_HOST", (".env.example",)) in report.env.documented_unread
    # `if "SENTRY_DSN" in os.environ: sentry_sdk.init(dsn=os.environ["SENTRY_DSN"])`: guarded, so optional
    assert not by_name["SENTRY_DSN"].required and by_name["SENTRY_DSN"].documented_in == (".env.example",)


def test_pydantic_settings_fields():
    src = b'''from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_")
    debug: bool = False
    database_url: str
    token: str = Field(..., alias="API_TOKEN")
    region: str = Field("eu-west-1")

class Old(BaseSettings):
    class Config:
        env_prefix = "OLD_"
    name: str = "x"
'''
    assert reads(src) == [
        ("APP_DEBUG", "False", True, 6, "pydantic BaseSettings"), ("APP_DATABASE_URL", None, False, 7, "pydantic BaseSettings"),
        ("API_TOKEN", None, False, 8, "pydantic BaseSettings"), ("APP_REGION", "eu-west-1", True, 9, "pydantic BaseSettings"),
        ("OLD_NAME", "x", True, 14, "pydantic BaseSettings"),
    ]


def test_dotenv_values():
    src = b'from dotenv import dotenv_values\nvalues = dotenv_values(".env")\na = values["A"]\nb = dotenv_values()["B"]\nc = values.get("C", "1")\n'
    assert reads(src) == [("A", None, False, 3, "dotenv_values"), ("B", None, False, 4, "dotenv_values"), ("C", "1", True, 5, "dotenv_values")]


def test_shadowed_names_are_not_the_environment():
    assert reads(b"def g(os):\n    return os.environ['X']\n") == []  # no `import os`: a parameter named os
    src = b"from pydantic_settings import BaseSettings\nfrom typing import ClassVar\nclass S(BaseSettings):\n    limit: ClassVar[int] = 3\n    _cache: dict = {}\n    name: str = 'n'\n"
    assert reads(src) == [("NAME", "n", True, 6, "pydantic BaseSettings")]


def test_dockerfile_env_continued_over_lines_documents_every_name():
    report = analyse(str(SAMPLES / "django_shop"), build(merge({}, {}), None))
    by_name = {v.name: v for v in report.env.variables}
    # `ENV PYTHONDONTWRITEBYTECODE=1 \` then `DJANGO_SETTINGS_MODULE=shop.settings` two lines down
    assert by_name["DJANGO_SETTINGS_MODULE"].documented_in == ("Dockerfile",)


def test_click_and_typer_envvar_options_are_optional_reads():
    src = b'''import click
import typer
from click import option as opt
import mylib
TOKEN = "APP_TOKEN"

@click.command()
@click.option("--secret", envvar="APP_SECRET")
@click.option("--region", envvar=["APP_REGION", "AWS_REGION"], default="eu-west-1")
@click.option("--key", envvar="APP_KEY", required=True)
@opt("--token", envvar=TOKEN)
@click.argument("src", envvar=None)
@mylib.option("--other", envvar="NOT_CLICK")
def main(secret, region, key, token, src, other):
    pass

def serve(port: int = typer.Option(8000, envvar="PORT"), name: str = typer.Option(..., envvar="NAME")):
    pass
'''
    assert reads(src) == [
        ("APP_SECRET", None, True, 8, "click envvar"), ("APP_REGION", "eu-west-1", True, 9, "click envvar"),
        ("AWS_REGION", "eu-west-1", True, 9, "click envvar"), ("APP_KEY", None, False, 10, "click envvar"),
        ("APP_TOKEN", None, True, 11, "click envvar"), ("NAME", None, False, 17, "typer envvar"), ("PORT", "8000", True, 17, "typer envvar"),
    ]
    assert reads(b'def f(option):\n    return option("--x", envvar="NO_IMPORT")\n') == []  # no click import: not click's option


def test_read_in_a_try_that_catches_a_missing_variable_is_guarded():
    src = b'''import os
try:
    a = os.environ["CAUGHT"]
except KeyError:
    a = None
try:
    b = os.environ["BROAD"]
except (ValueError, LookupError):
    b = None
try:
    c = os.environ["WRONG_HANDLER"]
except ValueError:
    c = None
try:
    def later():
        return os.environ["LATER"]
except KeyError:
    pass
def setting(name):
    try:
        return os.environ[name]
    except KeyError:
        return None
d = setting("WRAPPED")
'''
    result = extract("m.py", src)
    assert isinstance(result, FileFacts), result
    assert [(r.name, r.has_default, r.guarded) for r in result.env_reads] == [
        ("CAUGHT", False, True), ("BROAD", False, True), ("WRONG_HANDLER", False, False), ("LATER", False, False), ("WRAPPED", True, False),
    ]


def test_guarded_and_click_reads_in_the_report(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_text(
        'import os\nimport click\n\n\ndef config():\n    try:\n        return os.environ["APP_CONFIG"]\n    except KeyError:\n        return None\n\n\n'
        '@click.command()\n@click.option("--token", envvar="APP_TOKEN")\ndef main(token):\n    """m"""\n    return os.environ["APP_HOME"]\n')
    by_name = {v.name: v for v in analyse(str(tmp_path), build(merge({}, {}), None)).env.variables}
    assert not by_name["APP_CONFIG"].required and not by_name["APP_TOKEN"].required and by_name["APP_HOME"].required
    assert [(s.path, s.line, s.via) for s in by_name["APP_TOKEN"].reads] == [("pkg/__init__.py", 13, "click envvar")]
