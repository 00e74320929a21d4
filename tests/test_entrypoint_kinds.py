"""Entry points declared in code, on inline repositories: routes through prefixes and includes,
command trees, tasks, DAGs, handlers, and the traps that must not count."""

from __future__ import annotations

import textwrap

from onboard.pipeline import analyse
from onboard.config import merge
from onboard.settings import build


def found(tmp_path, files: dict[str, str], kinds=None, config=None) -> set[tuple]:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    report = analyse(str(tmp_path), build(merge({}, config or {}), None))
    return {(e.kind, e.name, e.target, e.path, e.line) for e in report.entry_points if kinds is None or e.kind in kinds}


def details(tmp_path) -> dict[str, dict[str, str]]:
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    return {e.name: dict(e.detail) for e in report.entry_points}


FASTAPI = {
    "app/__init__.py": "",
    "app/config.py": 'API_PREFIX = "/api"\nVERSION = "v1"\n',
    "app/core.py": "class S:\n    API_V1_STR = '/x'\nsettings = S()\n",
    "app/main.py": """\
        from fastapi import FastAPI
        from app.config import API_PREFIX, VERSION
        from app.routers import api_router
        from app.core import settings

        app = FastAPI()
        app.include_router(api_router, prefix=f"{API_PREFIX}/{VERSION}")
        app.include_router(api_router, prefix=settings.API_V1_STR)

        @app.get("/health")
        async def health():
            return {}
        """,
    "app/routers/__init__.py": """\
        from fastapi import APIRouter
        from . import users
        from .items import router as items_router

        api_router = APIRouter()
        api_router.include_router(users.router)
        api_router.include_router(items_router, prefix="/items")
        """,
    "app/routers/users.py": """\
        from fastapi import APIRouter as Router

        router = Router(prefix="/users", tags=["users"])
        admin = Router(prefix="/admin")
        router.include_router(admin)

        @router.get("/{user_id}")
        def get_user(user_id: int):
            pass

        @router.api_route("/bulk", methods=["PUT", "PATCH"])
        def bulk():
            pass

        @admin.delete("/{user_id}")
        def remove(user_id):
            pass

        class Client:
            def get(self, path):
                pass

        client = Client()
        client.get("/not-a-route")
        """,
    "app/routers/items.py": "import fastapi\nrouter = fastapi.APIRouter()\n\n@router.post('/')\ndef create():\n    pass\n",
}


def test_fastapi_prefix_chains_constants_and_unresolved_prefixes(tmp_path):
    routes = found(tmp_path, FASTAPI, {"web_route"})
    names = {(name, line) for _, name, _, _, line in routes}
    assert names == {
        ("GET /health", 11),
        ("POST /api/v1/items/", 5), ("POST {settings.API_V1_STR}/items/", 5),
        ("GET /api/v1/users/{user_id}", 8), ("GET {settings.API_V1_STR}/users/{user_id}", 8),
        ("PATCH,PUT /api/v1/users/bulk", 12), ("PATCH,PUT {settings.API_V1_STR}/users/bulk", 12),
        ("DELETE /api/v1/users/admin/{user_id}", 16), ("DELETE {settings.API_V1_STR}/users/admin/{user_id}", 16),
    }
    assert ("web_route", "GET /api/v1/users/{user_id}", "app.routers.users:get_user", "app/routers/users.py", 8) in routes
    detail = details(tmp_path)
    assert detail["GET {settings.API_V1_STR}/users/{user_id}"]["resolved"].startswith("no:")
    assert "resolved" not in detail["GET /api/v1/users/{user_id}"]


def test_flask_blueprints_registered_by_a_function_and_the_traps(tmp_path):
    routes = found(tmp_path, {
        "shop/__init__.py": "",
        "shop/views.py": """\
            from flask import Blueprint
            bp = Blueprint("orders", __name__, url_prefix="/orders")

            @bp.route("/", methods=("GET", "POST"))
            def index():
                pass

            def legacy():
                pass

            bp.add_url_rule("/old", view_func=legacy)
            """,
        "shop/api.py": """\
            from shop.views import bp

            def register(app):
                app.register_blueprint(bp, url_prefix="/v2/orders")
            """,
        "shop/other.py": """\
            from mylib import Router
            router = Router()

            @router.route("/x")
            def x():
                pass

            def route(path):
                return lambda f: f

            @route("/y")
            def y():
                pass
            """,
        "tests/test_views.py": "from flask import Flask\napp = Flask(__name__)\n\n@app.get('/only-in-tests')\ndef t():\n    pass\n",
    }, {"web_route"})
    assert {(name, path) for _, name, _, path, _ in routes} == {
        ("GET,POST /v2/orders/", "shop/views.py"), ("GET /v2/orders/old", "shop/views.py"), ("GET /only-in-tests", "tests/test_views.py"),
    }
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    assert [e.scope for e in report.entry_points if e.name == "GET /only-in-tests"] == ["tests"]


CLI = {
    "pyproject.toml": '[project]\nname = "kit"\n[project.scripts]\nkit = "kit.cli:cli"\nadm = "kit.admin:app"\n',
    "kit/__init__.py": "",
    "kit/cli.py": """\
        import click
        from kit.export import export_cmd

        @click.group()
        def cli():
            pass

        @cli.group()
        def db():
            pass

        @db.command("upgrade")
        def do_upgrade():
            pass

        @db.command()
        def seed_data():
            pass

        @cli.command(name="sync-all")
        def sync():
            pass

        @click.command()
        def init_command():
            pass

        cli.add_command(export_cmd, name="export")
        cli.add_command(init_command)
        cli.add_command(PLUGINS[0])
        """,
    "kit/export.py": "import click\n\n@click.command()\ndef export_cmd():\n    pass\n",
    "kit/admin.py": """\
        import typer
        app = typer.Typer()
        users_app = typer.Typer()
        app.add_typer(users_app, name="users")

        @app.command()
        def reset_all():
            pass

        @users_app.command("create")
        def create_user():
            pass
        """,
    "bin/maint.py": """\
        import argparse
        ACTIONS = {"reindex": "Rebuild", "analyze": "Stats"}

        def build():
            parser = argparse.ArgumentParser(prog="maint")
            sub = parser.add_subparsers(dest="cmd")
            vac = sub.add_parser("vacuum", help="x")
            vsub = vac.add_subparsers()
            vsub.add_parser("full")
            for name, helptext in ACTIONS.items():
                sub.add_parser(name, help=helptext)
            sub.add_parser(compute())
            return parser
        """,
}


def test_click_typer_argparse_trees(tmp_path):
    commands = {(name, target, path, line) for kind, name, target, path, line in found(tmp_path, CLI, {"cli_command"})}
    assert commands == {
        ("db", "kit.cli:db", "kit/cli.py", 9), ("db upgrade", "kit.cli:do_upgrade", "kit/cli.py", 13),
        ("db seed-data", "kit.cli:seed_data", "kit/cli.py", 17), ("sync-all", "kit.cli:sync", "kit/cli.py", 21),
        ("export", "kit.export:export_cmd", "kit/cli.py", 28), ("init", "kit.cli:init_command", "kit/cli.py", 29),
        ("<dynamic>", "", "kit/cli.py", 30),
        ("users", "kit.admin:users_app", "kit/admin.py", 4), ("reset-all", "kit.admin:reset_all", "kit/admin.py", 7),
        ("users create", "kit.admin:create_user", "kit/admin.py", 11),
        ("vacuum", "bin.maint", "bin/maint.py", 7), ("vacuum full", "bin.maint", "bin/maint.py", 9),
        ("reindex", "bin.maint", "bin/maint.py", 11), ("analyze", "bin.maint", "bin/maint.py", 11),
        ("<dynamic>", "bin.maint", "bin/maint.py", 12),
    }
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    programs = {(e.name, dict(e.detail)["program"]) for e in report.entry_points if e.kind == "cli_command"}
    assert ("db upgrade", "kit") in programs and ("users create", "adm") in programs and ("vacuum full", "maint") in programs
    assert ("console_script", "adm", "kit.admin:app", "kit/admin.py", 2) in found(tmp_path, {}, {"console_script"})


def test_django_urlconf_includes_from_root_urlconf(tmp_path):
    routes = found(tmp_path, {
        "mysite/__init__.py": "", "shop/__init__.py": "", "blog/__init__.py": "",
        "mysite/settings.py": 'ROOT_URLCONF = "mysite.urls"\n',
        "mysite/urls.py": """\
            from django.contrib import admin
            from django.urls import include, path, re_path
            from rest_framework import routers
            from shop import views
            import blog.urls

            router = routers.DefaultRouter()
            router.register(r"products", views.ProductViewSet, basename="product")

            api_patterns = [path("status/", views.status)]

            urlpatterns = [
                path("admin/", admin.site.urls),
                path("shop/", include("shop.urls")),
                path("blog/", include(blog.urls)),
                path("api/", include((api_patterns, "api"))),
                path("api/v2/", include(router.urls)),
                re_path(r"^archive/(?P<year>[0-9]{4})/$", views.archive),
                path("inline/", include([path("a/", views.a), path("b/", views.B.as_view())])),
            ]
            urlpatterns += [path("extra/", views.extra)]
            """,
        "shop/urls.py": """\
            from django.urls import path
            from . import views
            app_name = "shop"
            urlpatterns = [
                path("", views.index, name="index"),
                path("<int:pk>/", views.Detail.as_view(), name="detail"),
            ]
            """,
        "blog/urls.py": 'from django.conf.urls import url\nfrom blog import views\nurlpatterns = [url(r"^$", views.home), url(r"^post/(\\d+)/$", views.post)]\n',
        "blog/old_urls.py": 'from django.urls import path\nurlpatterns = [path("legacy/", lambda r: None)]\n',
        "shop/management/__init__.py": "", "shop/management/commands/__init__.py": "",
        "shop/management/commands/import_products.py": "from django.core.management.base import BaseCommand\n\nclass Command(BaseCommand):\n    pass\n",
        "shop/management/commands/_util.py": "class Command:\n    pass\n",
    }, {"web_route", "django_command"})
    assert {(name, target, path, line) for _, name, target, path, line in routes} == {
        ("ANY /admin/", "django.contrib.admin.site:urls", "mysite/urls.py", 13),
        ("ANY /shop/", "shop.views:index", "shop/urls.py", 5), ("ANY /shop/<int:pk>/", "shop.views:Detail", "shop/urls.py", 6),
        ("ANY /blog/", "blog.views:home", "blog/urls.py", 3), ("ANY /blog/post/(\\d+)/", "blog.views:post", "blog/urls.py", 3),
        ("ANY /api/status/", "shop.views:status", "mysite/urls.py", 10),
        ("ANY /api/v2/products/", "shop.views:ProductViewSet", "mysite/urls.py", 8),
        ("ANY /archive/(?P<year>[0-9]{4})/", "shop.views:archive", "mysite/urls.py", 18),
        ("ANY /inline/a/", "shop.views:a", "mysite/urls.py", 19), ("ANY /inline/b/", "shop.views:B", "mysite/urls.py", 19),
        ("ANY /extra/", "shop.views:extra", "mysite/urls.py", 21),
        ("ANY /legacy/", "{?}", "blog/old_urls.py", 2),
        ("manage.py import_products", "shop.management.commands.import_products:Command", "shop/management/commands/import_products.py", 3),
    }
    assert details(tmp_path)["ANY /legacy/"]["mounted"].startswith("no:")


HANDLERS = {
    "pyproject.toml": '[project]\nname = "svc"\n',
    "svc/__init__.py": "",
    "svc/jobs.py": "def job(fn):\n    return fn\n",
    "svc/work.py": """\
        import dramatiq
        from rq.decorators import job as rq_job
        from huey import RedisHuey, crontab
        from celery import shared_task
        from .jobs import job

        huey = RedisHuey("svc")

        @dramatiq.actor(queue_name="emails")
        def send_email(to):
            pass

        @rq_job("default")
        def crunch():
            pass

        @huey.periodic_task(crontab(minute="0"))
        def nightly():
            pass

        @shared_task(name="svc.cleanup", queue="low")
        def cleanup():
            pass

        @job
        def in_house():
            pass

        class Thing:
            task = None

        thing = Thing()

        @thing.task
        def not_a_task():
            pass
        """,
    "dags/export.py": """\
        from datetime import datetime
        from airflow import DAG
        from airflow.decorators import dag

        DAG_ID = "nightly_export"
        with DAG(DAG_ID, start_date=datetime(2024, 1, 1)) as d:
            pass

        other = DAG(dag_id="weekly")

        @dag(schedule="@daily")
        def taskflow_pipeline():
            pass
        """,
    "svc/handler.py": "import json\n\ndef handle(event, context):\n    return json.dumps(event)\n",
    "svc/gui.py": "def on_click(event, context):\n    pass\n",
    "svc/chalice_app.py": """\
        from chalice import Chalice
        app = Chalice(app_name="svc")

        @app.route("/items", methods=["POST"])
        def add():
            pass

        @app.schedule("rate(5 minutes)")
        def every():
            pass
        """,
    "svc/aio.py": """\
        from aiohttp import web
        routes = web.RouteTableDef()

        @routes.get("/health")
        async def health(request):
            pass

        async def hook(request):
            pass

        app = web.Application()
        app.router.add_post("/hook", hook)
        app.add_routes([web.get("/a", hook), web.route("PATCH", "/b", hook)])
        app.add_routes(routes)
        """,
    "svc/tornado_app.py": """\
        import tornado.web

        class Main(tornado.web.RequestHandler):
            def get(self):
                pass

        HANDLERS = [(r"/", Main)]

        def make_app():
            return tornado.web.Application(HANDLERS)
        """,
    "noxfile.py": "import nox\n\n@nox.session\ndef tests(session):\n    pass\n\n@nox.session(name='docs')\ndef build_docs(session):\n    pass\n",
    "tasks.py": "from invoke import task\n\n@task\ndef build_wheel(c):\n    pass\n",
}


def test_tasks_dags_handlers_and_user_decorators(tmp_path):
    got = {(kind, name, line) for kind, name, _, _, line in found(tmp_path, HANDLERS, config={"entry-points": {"svc.jobs.job": "task"}})
           if kind not in ("main_module",)}
    assert got == {
        ("task", "send_email", 10), ("task", "crunch", 14), ("task", "nightly", 18), ("task", "svc.cleanup", 22), ("task", "in_house", 26),
        ("airflow_dag", "nightly_export", 6), ("airflow_dag", "weekly", 9), ("airflow_dag", "taskflow_pipeline", 12),
        ("lambda_handler", "svc.handler.handle", 3), ("lambda_handler", "every", 9), ("web_route", "POST /items", 5),
        ("web_route", "GET /health", 5), ("web_route", "POST /hook", 12), ("web_route", "GET /a", 13), ("web_route", "PATCH /b", 13),
        ("web_route", "GET /", 10),
        ("dev_command", "nox -s tests", 4), ("dev_command", "nox -s docs", 8), ("dev_command", "invoke build-wheel", 4),
    }
    without_config = {name for _, name, _, _, _ in found(tmp_path, {}, {"task"})}
    assert "in_house" not in without_config  # the user's decorator counts only when configured
    assert details(tmp_path)["send_email"]["queue"] == "emails"



def test_starlette_routes_under_mounts(tmp_path):
    got = found(tmp_path, {"app.py": """\
        from starlette.applications import Starlette
        from starlette.routing import Mount, Route

        async def home(request):
            pass

        async def users(request):
            pass

        API = [Route("/users", users, methods=["GET", "POST"])]
        routes = [
            Route("/", home),
            Mount("/api", routes=[Mount("/v1", routes=[Route("/users", users)])]),
        ]
        app = Starlette(routes=routes)
        """}, {"web_route"})
    assert {(name, line) for _, name, _, _, line in got} == {("GET /", 12), ("GET /api/v1/users", 13), ("GET,POST /users", 10)}


def test_starlette_routes_written_in_the_arguments_of_any_call(tmp_path):
    """Routes inside a call's arguments, in a keyword's list or positional, are looked for
    whatever the call is (the scan skips only calls with no call or list in their arguments)."""
    got = found(tmp_path, {"app.py": """\
        from starlette.applications import Starlette
        from starlette.routing import Mount, Route

        async def home(request):
            pass

        app = Starlette(debug=True, routes=[Route("/direct", home), Mount("/m", routes=[Route("/x", home)])])
        other = Starlette(True, [Route("/positional", home), Mount("/p", routes=[Route("/z", home)])])
        """}, {"web_route"})
    assert {(name, line) for _, name, _, _, line in got} == {
        ("GET /direct", 7), ("GET /m/x", 7), ("GET /positional", 8), ("GET /p/z", 8)}


def test_a_dag_made_inside_a_function_with_a_computed_id_is_a_factory_not_a_dag(tmp_path):
    files = {"pipelines/gen.py": """\
        from airflow import DAG

        class Compiler:
            def compile(self, name):
                return DAG(dag_id=name, schedule=None)

        def make_daily():
            return DAG("daily_rollup")

        with DAG("hourly") as hourly:
            pass
        """}
    assert found(tmp_path, files, kinds={"airflow_dag"}) == {
        ("airflow_dag", "daily_rollup", "pipelines.gen", "pipelines/gen.py", 8), ("airflow_dag", "hourly", "pipelines.gen", "pipelines/gen.py", 10)}


def test_routes_in_the_templates_a_framework_ships_with_its_own_code(tmp_path):
    """In the framework's own repository `from chalice import Chalice` re-exports the repo's
    class: the app is still recognised by the name it is imported as."""
    files = {
        "chalice/__init__.py": "from chalice.app import Chalice\n",
        "chalice/app.py": "class Chalice:\n    def route(self, path, **kw):\n        return lambda f: f\n",
        "chalice/templates/0000-rest-api/app.py": """\
            from chalice import Chalice

            app = Chalice(app_name="{{app_name}}")


            @app.route("/")
            def index():
                return {}


            @app.on_s3_event(bucket="b")
            def s3_handler(event):
                pass
            """,
    }
    got = found(tmp_path, files, kinds={"web_route", "lambda_handler"})
    assert {(kind, name, line) for kind, name, _, _, line in got} == {("web_route", "GET /", 7), ("lambda_handler", "s3_handler", 12)}


def test_the_task_decorator_table_is_the_rule_it_stands_for():
    """`handlers._TASK_MAKERS`, made once from the knowledge tables, says of every name what the
    rule says: a task decorator, or a task method of a framework's object."""
    from onboard.analyses.handlers import _TASK_MAKERS
    from onboard.knowledge import ENTRY_DECORATORS, ENTRY_METHODS, ENTRY_OBJECTS

    def rule(name):
        owner, _, method = name.rpartition(".")
        framework = ENTRY_OBJECTS.get(owner, (None,))[0]
        if ENTRY_DECORATORS.get(name) == "task" or ENTRY_METHODS.get((framework, method), (None,))[0] == "task":
            return (framework or name.split(".")[0], owner if framework else "")
        return None

    names = {*ENTRY_DECORATORS, *(f"{owner}.{method}" for owner in ENTRY_OBJECTS for _, method in ENTRY_METHODS),
             "task", "celery.task.task", "pkg.tasks.task", "huey.Huey.route"}
    assert {name: rule(name) for name in names if rule(name)} == _TASK_MAKERS
    assert _TASK_MAKERS["celery.Celery.task"] == ("celery", "celery.Celery") and _TASK_MAKERS["dramatiq.actor"] == ("dramatiq", "")


def test_an_entry_made_in_bulk_is_the_entry_its_class_makes():
    from dataclasses import replace

    from onboard.analyses.objects import EntryPoint, entry
    from onboard.facts import FileFacts
    from onboard.model.repo import Module

    module = Module("pkg/app.py", "pkg.app", "package", "module", FileFacts(1, False, "", (), ()))
    made = entry("task", "job", "pkg.app:job", module, 3, framework="celery", queue="", app="pkg.app.celery")
    expected = EntryPoint("task", "job", "pkg.app:job", "pkg/app.py", 3, "package", (("app", "pkg.app.celery"), ("framework", "celery")))
    assert made == expected and hash(made) == hash(expected) and repr(made) == repr(expected)
    assert replace(made, start_here=True) == replace(expected, start_here=True)
