"""Shapes of real projects that broke entry-point finding once (each from a public project:
allauth, datasette, flower, chalice, black's blackd, fastapi-users), as inline repositories."""

from __future__ import annotations

import onboard.analyses.entrypoints as entrypoints_module
from test_entrypoint_kinds import found
from onboard.pipeline import analyse
from onboard.config import merge
from onboard.settings import build


def test_a_urlconf_that_rewraps_its_own_urlpatterns_does_not_recurse(tmp_path):
    routes = found(tmp_path, {
        "proj/__init__.py": "", "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
        "proj/urls.py": 'from django.urls import include, path\nfrom . import views\n\n'
                        'urlpatterns = [path("a/", views.a)]\nurlpatterns = [path("p/", include(urlpatterns))]\n',
    }, {"web_route"})
    # no recursion; the list as first assigned is what onboard lists (Python would serve /p/a/)
    assert ("web_route", "ANY /a/", "proj.views:a", "proj/urls.py", 4) in routes


def test_a_django_project_in_a_subfolder_keeps_its_prefixes(tmp_path):
    routes = found(tmp_path, {
        "backend/manage.py": "import os\nif __name__ == '__main__':\n    pass\n",
        "backend/config/__init__.py": "", "backend/shop/__init__.py": "",
        "backend/config/settings.py": 'ROOT_URLCONF = "config.urls"\n',
        "backend/config/urls.py": 'from django.urls import include, path\nurlpatterns = [path("api/", include("shop.urls"))]\n',
        "backend/shop/urls.py": 'from django.urls import path\nfrom shop import views\nurlpatterns = [path("items/", views.items)]\n',
    }, {"web_route"})
    assert {name for _, name, _, _, _ in routes} == {"ANY /api/items/"}


def test_a_package_urlconf_mounted_only_by_a_test_urlconf_is_a_test_route(tmp_path):
    (tmp_path / "app").mkdir()
    found(tmp_path, {
        "app/__init__.py": "", "app/urls.py": 'from django.urls import path\nfrom app import views\nurlpatterns = [path("x/", views.x)]\n',
        "tests/urls.py": 'from django.urls import include, path\nurlpatterns = [path("t/", include("app.urls"))]\n',
        "settings.py": 'ROOT_URLCONF = "tests.urls"\n',
    })
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    assert [(e.name, e.scope) for e in report.entry_points if e.kind == "web_route"] == [("ANY /t/x/", "tests")]


def test_a_command_named_like_an_earlier_import_is_the_command(tmp_path):
    commands = found(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/cli.py": """\
            import click
            try:
                from rich.traceback import install
            except ImportError:
                pass

            @click.group()
            def cli():
                pass

            @cli.command()
            def install():
                pass
            """,
    }, {"cli_command"})
    assert {name for _, name, _, _, _ in commands} == {"install"}


def test_tornado_handler_lists_imported_from_another_module(tmp_path):
    routes = found(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/views.py": "import tornado.web\n\nclass Main(tornado.web.RequestHandler):\n    pass\n\nclass Api(tornado.web.RequestHandler):\n    pass\n",
        "pkg/urls.py": "from tornado.web import url\nfrom .views import Main, Api\n\nhandlers = [\n    url(r'/', Main),\n    (r'/api/items', Api),\n]\n",
        "pkg/app.py": "import tornado.web\nfrom .urls import handlers\n\ndef make_app():\n    return tornado.web.Application(handlers)\n",
    }, {"web_route"})
    assert {(name, target, path) for _, name, target, path, _ in routes} == {
        ("ANY /", "pkg.views:Main", "pkg/urls.py"), ("ANY /api/items", "pkg.views:Api", "pkg/app.py")}


def test_tornado_handler_tuples_of_a_list_the_app_gets_through_kwargs(tmp_path):
    """flower: `handlers = [url(...), (r"/api/workers", workers.ListWorkers), ...]` reaches a
    `tornado.web.Application` subclass through `super().__init__(**kwargs)`."""
    routes = found(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/views/__init__.py": "import tornado.web\n\nclass BaseHandler(tornado.web.RequestHandler):\n    pass\n",
        "pkg/views/main.py": "from . import BaseHandler\n\nclass Main(BaseHandler):\n    pass\n\nclass NotFound(BaseHandler):\n    pass\n",
        "pkg/api/__init__.py": "",
        "pkg/api/workers.py": "from ..views import BaseHandler\n\nclass ApiBase(BaseHandler):\n    pass\n\nclass ListWorkers(ApiBase):\n    pass\n",
        "pkg/live.py": "from tornado.websocket import WebSocketHandler as WS\n\nclass Live(WS):\n    pass\n",
        "pkg/urls.py": """\
            from tornado.web import StaticFileHandler, url

            from .api import workers
            from .live import Live
            from .views.main import Main, NotFound

            handlers = [
                url(r"/", Main, name="main"),
                (r"/api/workers", workers.ListWorkers),
                (r"/static/(.*)", StaticFileHandler,
                 {"path": "static"}),
                (r"/live", Live),
                (r".*", NotFound),
            ]
            """,
        "pkg/app.py": """\
            import tornado.web
            from .urls import handlers as default_handlers

            class App(tornado.web.Application):
                def __init__(self, **kwargs):
                    kwargs.update(handlers=default_handlers)
                    super().__init__(**kwargs)
            """,
    }, {"web_route"})
    assert {(name, target, line) for _, name, target, _, line in routes} == {
        ("ANY /", "pkg.views.main:Main", 8), ("ANY /api/workers", "pkg.api.workers:ListWorkers", 9),
        ("ANY /static/(.*)", "tornado.web:StaticFileHandler", 10), ("ANY /live", "pkg.live:Live", 12),
        ("ANY .*", "pkg.views.main:NotFound", 13)}


def test_lists_of_tuples_that_are_not_tornado_routes(tmp_path):
    routes = found(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/handlers.py": "import tornado.web\n\nclass Main(tornado.web.RequestHandler):\n    pass\n",
        "pkg/tables.py": """\
            import json
            import tornado.web
            from .handlers import Main

            class Plugin:
                pass

            class A(B):
                pass

            class B(A):
                pass

            COLORS = [("/red", "Red"), ("/blue", "Blue")]
            PLUGINS = [("/plugin", Plugin), (r"/json", json.JSONEncoder)]
            CYCLE = [("/cycle", A)]
            BY_NAME = [("main", Main), ("main", Main, {}, "x")]
            TOO_LONG = [("/a", Main, {}, "name", "extra")]
            UNKNOWN = [("/u", make_handler)]
            """,
    }, {"web_route"})
    assert routes == set()


def test_aliased_constructors_keep_their_arguments(tmp_path):
    routes = found(tmp_path, {
        "app.py": """\
            from flask import Flask, Blueprint as BP
            from airflow import DAG as ModelDAG

            bp = BP("x", __name__, url_prefix="/bp")

            @bp.route("/hello")
            def hello():
                pass

            flask_app = Flask(__name__)
            flask_app.register_blueprint(bp)

            with ModelDAG(dag_id="aliased") as dag:
                pass
            """,
    }, {"web_route", "airflow_dag"})
    assert {name for _, name, _, _, _ in routes} == {"GET /bp/hello", "aliased"}


def test_chalice_lambda_function_once_with_its_name_and_partial_handlers(tmp_path):
    got = found(tmp_path, {
        "app.py": """\
            from chalice import Chalice
            app = Chalice(app_name="x")

            @app.lambda_function(name="custom")
            def first_function(event, context):
                return {}
            """,
        "blackd.py": """\
            from functools import partial
            from aiohttp import web

            async def handle(request, executor):
                pass

            def make_app():
                app = web.Application()
                app.add_routes([web.post("/", partial(handle, executor=None))])
                return app
            """,
    }, {"lambda_handler", "web_route"})
    assert {(kind, name, target) for kind, name, target, _, _ in got} == {
        ("lambda_handler", "custom", "app:first_function"), ("web_route", "POST /", "blackd:handle")}


def test_a_router_made_at_run_time_is_said_not_dropped(tmp_path):
    routes = found(tmp_path, {
        "main.py": "from fastapi import FastAPI\nfrom users import fastapi_users\n\napp = FastAPI()\n"
                   "app.include_router(fastapi_users.get_auth_router(backend), prefix='/auth/jwt')\n",
    }, {"web_route"})
    assert {(name, target, line) for _, name, target, _, line in routes} == {("<dynamic> /auth/jwt", "fastapi_users.get_auth_router", 5)}


def test_a_failing_finder_costs_its_results_not_the_report(tmp_path, monkeypatch):
    def broken(*args):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(entrypoints_module, "web_routes", broken)
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n\n@app.get('/x')\ndef x():\n    pass\n"
                                      "\nif __name__ == '__main__':\n    app.run()\n")
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    assert [e.kind for e in report.entry_points] == ["main_module"]
    assert any("could not finish looking for web routes" in w.message for w in report.warnings)


def test_setup_py_with_a_main_guard_is_packaging_not_a_way_in(tmp_path):
    got = found(tmp_path, {"setup.py": "from setuptools import setup\n\nif __name__ == '__main__':\n    setup(name='x')\n",
                           "tool.py": "if __name__ == '__main__':\n    print(1)\n"}, {"main_module"})
    assert {name for _, name, _, _, _ in got} == {"python tool.py"}


def test_shapes_that_once_hung_or_lost_every_route(tmp_path):
    got = found(tmp_path, {
        "app.py": "from flask import Flask\napp = Flask(__name__)\nPREFIX = '/api'\nPREFIX = PREFIX + '/v1'\n\n"
                  "@app.route(PREFIX + '/users')\ndef users():\n    pass\n\n@app.route('/health')\ndef health():\n    pass\n",
        "cli.py": "import click\n\n@click.group()\ndef tool():\n    pass\n\n@tool.command()\ndef ok():\n    pass\n\n"
                  "@sync.command()\ndef sync():\n    pass\n",
    }, {"web_route", "cli_command"})
    # a constant defined by itself stays unresolved, the rest of the repo is unharmed
    assert {name for _, name, _, _, _ in got} == {"GET {PREFIX}/v1/users", "GET /health", "ok"}


def test_mounts_that_multiply_are_capped(tmp_path):
    groups = "".join(f"@click.group()\ndef g{i}():\n    pass\n\n" for i in range(30))
    adds = "".join(f"g{i}.add_command(g{j})\n" for i in range(30) for j in (i + 1, i + 2) if j < 30)
    got = found(tmp_path, {"cli.py": "import click\n\n" + groups + adds}, {"cli_command"})
    assert 29 <= len(got) <= 30 * 16  # every group listed, each under at most 16 paths


def test_same_input_same_order_whatever_the_hash_seed(tmp_path):
    import os
    import subprocess
    import sys

    (tmp_path / "app.py").write_text(
        "from fastapi import FastAPI, APIRouter\napp = FastAPI()\nr = APIRouter(prefix='/r')\norphan = APIRouter()\n"
        "PREFIX = compute()\n\n@r.get('/x')\ndef x():\n    pass\n\napp.include_router(r)\norphan.include_router(r)\n"
        "app.include_router(r, prefix=PREFIX)\n")
    outputs = {subprocess.run([sys.executable, "-m", "onboard", str(tmp_path), "-f", "json", "--no-cache"], capture_output=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}, check=True).stdout for seed in (1, 2, 3, 4)}
    assert len(outputs) == 1


def test_module_level_binding_wins_over_a_function_local_one(tmp_path):
    got = found(tmp_path, {"api.py": """\
        from fastapi import APIRouter, FastAPI
        app = FastAPI()
        router = APIRouter(prefix="/api")

        @router.get("/x")
        def x():
            pass

        app.include_router(router)

        def make_test_router():
            router = APIRouter(prefix="/other")
            return router
        """}, {"web_route"})
    assert {name for _, name, _, _, _ in got} == {"GET /api/x"}


def test_include_of_a_string_with_a_namespace_and_aliases_under_try(tmp_path):
    got = found(tmp_path, {
        "site/__init__.py": "", "pages/__init__.py": "",
        "site/settings.py": 'ROOT_URLCONF = "site.urls"\n',
        "site/urls.py": 'from django.urls import include, path\nurlpatterns = [path("p/", include(("pages.urls", "pages"), namespace="pages"))]\n',
        "pages/urls.py": 'from django.urls import path\nfrom pages import views\nurlpatterns = [path("about/", views.about)]\n',
        "bp.py": "try:\n    from flask import Blueprint as BP\nexcept ImportError:\n    BP = None\n\n"
                 "bp = BP('x', __name__, url_prefix='/bp')\n\n@bp.route('/hi')\ndef hi():\n    pass\n",
    }, {"web_route"})
    assert {name for _, name, _, _, _ in got} == {"ANY /p/about/", "GET /bp/hi"}


def test_wrapped_views_and_methods_of_the_same_object(tmp_path):
    got = found(tmp_path, {
        "proj/__init__.py": "", "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
        "proj/urls.py": """\
            from django.contrib.auth.decorators import login_required
            from django.urls import path
            from proj import views

            urlpatterns = [path("a/", login_required(views.dashboard)), path("b/", views.Report.as_view())]
            """,
        "proj/site.py": """\
            from django.urls import path

            class Site:
                def get_urls(self):
                    urlpatterns = [path("login/", self.login)]
                    return urlpatterns
            """,
    }, {"web_route"})
    assert {(name, target) for _, name, target, _, _ in got} == {
        ("ANY /a/", "proj.views:dashboard"), ("ANY /b/", "proj.views:Report"), ("ANY /login/", "self.login")}


def test_flask_cli_commands_hang_under_the_flask_program(tmp_path):
    (tmp_path / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\n\n@app.cli.command('seed-db')\ndef seed():\n    pass\n\n"
                                      "@app.cli.command()\ndef purge_cache():\n    pass\n")
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    assert [(e.name, dict(e.detail)["program"], e.line) for e in report.entry_points if e.kind == "cli_command"] == [
        ("seed-db", "flask", 5), ("purge-cache", "flask", 9)]


def test_an_unknown_kind_in_the_users_table_is_a_configuration_error(tmp_path):
    from click.testing import CliRunner

    from onboard.cli import main

    (tmp_path / "pyproject.toml").write_text('[tool.onboard.entry-points]\n"mycorp.jobs.job" = "nonsense"\n')
    result = CliRunner().invoke(main, [str(tmp_path), "--no-cache", "-q"])
    assert result.exit_code == 2 and "entry-points" in result.output and "task" in result.output


def test_a_urlconf_of_the_package_mounted_by_the_project_and_by_a_test_urlconf(tmp_path):
    """Whether a route is a test one is kept for each chain of URLconfs: the same URLconf's routes
    are the package's through the project, the tests' through a test URLconf."""
    found(tmp_path, {
        "proj/__init__.py": "", "proj/settings.py": 'ROOT_URLCONF = "proj.urls"\n',
        "proj/urls.py": 'from django.urls import include, path\nurlpatterns = [path("shop/", include("proj.shop"))]\n',
        "proj/shop.py": 'from django.urls import path\nfrom . import views\nurlpatterns = [path("a/", views.a), path("b/", views.b)]\n',
        "tests/__init__.py": "",
        "tests/urls.py": 'from django.urls import include, path\nurlpatterns = [path("t/", include("proj.shop"))]\n',
    })
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    scopes = {e.name: e.scope for e in report.entry_points if e.kind == "web_route"}
    assert scopes == {"ANY /shop/a/": "package", "ANY /shop/b/": "package", "ANY /t/a/": "tests", "ANY /t/b/": "tests"}
