"""Every entry point of the Django and FastAPI sample repositories, derived by hand.

The expected sets below were written by reading the sample files, not by running the analysis:
they are an oracle. Each tuple is (kind, name, path, line) with the conventions of issue 4:
decorated functions at their `def` line, call-declared things (`path(...)`, `add_parser(...)`,
`add_command`, `add_typer`, `DAG(...)`, `add_post`) at the call line, console scripts and
entry points at the target's `def`/`class` line, main guards at the `if` line, `__main__.py` at 1.

Decisions the samples pin down (traps included on purpose, none of them is an entry point):
- django_shop: `orders/routing.py` defines and calls a helper named `route` (no web framework);
  `orders/warmup.py` registers a function with `@hooks.task` on an in-house registry (not Celery);
  `orders/management/commands/_helpers.py` and the `__init__.py` files are not commands;
  class-based views' `get`/`patch` methods are not routes (their `path(...)` is); `manage.py`
  has an extension and a shebang, so it is a main guard, not a setup script; the `urlpatterns`
  of `tests/test_views.py` (a URLconf used through `override_settings(ROOT_URLCONF=__name__)`)
  is a route in a test file and is reported with its own path.
- fastapi_platform: the module docstring of `src/platform_api/worker.py` shows an
  `if __name__ == "__main__":` example (not a guard); `SearchClient.get(self, path)` is called as
  `search.get("/_cluster/health")` (not a route); `@app.on_event` and `@app.exception_handler`
  are not routes; Airflow's `@task` is not a Celery task; `export_cmd` is a click command that is
  only reachable as `platform-admin export` (via `add_command(..., name="export")`), it is not a
  program of its own; the bare `[testenv]` section of tox.ini is not a command of its own, but
  `py311`, named in `env_list` and configured by it, is (`tox -e py311`); Makefile variables (`PYTHON ?=`, `IMAGE :=`) and
  justfile settings/assignments are not targets/recipes; the routes of the internal router sit
  behind `prefix=settings.API_V1_STR`, which is not statically resolvable and is shown as
  `{settings.API_V1_STR}`; the `nightly_cleanup` Lambda names a file that is not in the repo,
  so it points at its `handler:` line in serverless.yml.
"""

from __future__ import annotations

import pytest
from conftest import SAMPLES
from onboard.pipeline import analyse
from onboard.config import merge
from onboard.settings import build

DJANGO_SHOP = {
    ("main_module", "python manage.py", "manage.py", 21),
    ("django_command", "manage.py import_orders", "orders/management/commands/import_orders.py", 9),
    # Celery: default names are module.function, name= wins
    ("task", "orders.tasks.send_receipt", "orders/tasks.py", 16),
    ("task", "orders.sync_inventory", "orders/tasks.py", 26),
    ("task", "orders.tasks.assign_warehouse", "orders/tasks.py", 33),
    ("task", "shop.celery.debug_task", "shop/celery.py", 13),
    # ROOT_URLCONF = "shop.urls"
    ("web_route", "ANY /admin/", "shop/urls.py", 20),
    ("web_route", "ANY /api/orders/", "shop/urls.py", 15),
    ("web_route", "ANY /api/orders/<int:pk>/", "shop/urls.py", 16),
    ("web_route", "ANY /accounts/login/", "shop/urls.py", 27),
    ("web_route", "ANY /accounts/logout/", "shop/urls.py", 28),
    ("web_route", "ANY /legacy/(?P<year>[0-9]{4})/", "shop/urls.py", 33),
    ("web_route", "ANY /healthz", "shop/urls.py", 38),
    # include("orders.urls") under "orders/"
    ("web_route", "ANY /orders/", "orders/urls.py", 8),
    ("web_route", "ANY /orders/<int:pk>/", "orders/urls.py", 9),
    ("web_route", "ANY /orders/<int:pk>/cancel/", "orders/urls.py", 10),
    ("web_route", "ANY /orders/export.csv", "orders/urls.py", 11),
    # a URLconf in a test module (scope "tests")
    ("web_route", "ANY /boom/", "tests/test_views.py", 14),
    ("container", "CMD", "Dockerfile", 18),
    ("process", "release", "Procfile", 1),
    ("process", "web", "Procfile", 2),
    ("process", "worker", "Procfile", 3),
    ("process", "beat", "Procfile", 4),
}

FASTAPI_PLATFORM = {
    ("console_script", "platform-admin", "src/platform_api/cli.py", 13),
    ("console_script", "platform-ops", "src/platform_api/ops.py", 54),
    ("entry_point", "csv", "src/platform_api/export.py", 20),
    ("entry_point", "jsonl", "src/platform_api/export.py", 32),
    ("main_module", "python -m platform_api", "src/platform_api/__main__.py", 1),
    ("main_module", "python scripts/maintenance.py", "scripts/maintenance.py", 57),
    ("main_module", "python scripts/batches.py", "scripts/batches.py", 15),  # Python 3.12 syntax: rewritten, lines kept
    ("main_module", "python legacy/aiohttp_app.py", "legacy/aiohttp_app.py", 51),
    # click, under platform-admin (click >= 8.2 names: seed_data -> seed-data)
    ("cli_command", "db", "src/platform_api/cli.py", 19),
    ("cli_command", "db upgrade", "src/platform_api/cli.py", 25),
    ("cli_command", "db seed-data", "src/platform_api/cli.py", 34),
    ("cli_command", "serve", "src/platform_api/cli.py", 51),
    ("cli_command", "export", "src/platform_api/cli.py", 56),
    # typer, under platform-ops (typer names: reindex_search -> reindex-search)
    ("cli_command", "users", "src/platform_api/ops.py", 13),
    ("cli_command", "users create", "src/platform_api/ops.py", 17),
    ("cli_command", "users deactivate", "src/platform_api/ops.py", 25),
    ("cli_command", "reindex-search", "src/platform_api/ops.py", 35),
    ("cli_command", "relay", "src/platform_api/ops.py", 41),
    ("cli_command", "status", "src/platform_api/ops.py", 49),
    # argparse, under scripts/maintenance.py; two names from a literal list at one call
    ("cli_command", "vacuum", "scripts/maintenance.py", 37),
    ("cli_command", "reindex", "scripts/maintenance.py", 42),
    ("cli_command", "analyze", "scripts/maintenance.py", 42),
    # FastAPI: API_PREFIX ("/api/v1") + api_router ("") + router prefix + route path
    ("web_route", "GET /health", "src/platform_api/main.py", 46),
    ("web_route", "GET /api/v1/users/{user_id}", "src/platform_api/routers/users.py", 22),
    ("web_route", "POST /api/v1/users/", "src/platform_api/routers/users.py", 31),
    ("web_route", "PATCH,PUT /api/v1/users/bulk", "src/platform_api/routers/users.py", 41),
    ("web_route", "DELETE /api/v1/users/admin/{user_id}", "src/platform_api/routers/users.py", 55),
    ("web_route", "POST /api/v1/users/admin/{user_id}/promote", "src/platform_api/routers/users.py", 62),
    ("web_route", "GET /api/v1/items", "src/platform_api/routers/items.py", 14),
    ("web_route", "GET /api/v1/items/{item_id}", "src/platform_api/routers/items.py", 21),
    ("web_route", "PUT /api/v1/items/{item_id}", "src/platform_api/routers/items.py", 29),
    ("web_route", "DELETE /api/v1/items/{item_id}", "src/platform_api/routers/items.py", 39),
    ("web_route", "GET {settings.API_V1_STR}/internal/search-health", "src/platform_api/routers/internal.py", 12),
    ("web_route", "POST {settings.API_V1_STR}/internal/reindex", "src/platform_api/routers/internal.py", 17),
    # aiohttp
    ("web_route", "GET /health", "legacy/aiohttp_app.py", 18),
    ("web_route", "POST /events/{source}", "legacy/aiohttp_app.py", 23),
    ("web_route", "POST /hook", "legacy/aiohttp_app.py", 46),
    # a route in a test file (scope "tests")
    ("web_route", "GET /boom", "tests/test_users.py", 12),
    # serverless.yml: handler.handle and handler.make_thumbnail exist; cleanup.py does not
    ("lambda_handler", "ingest", "lambdas/handler.py", 26),
    ("lambda_handler", "thumbnail", "lambdas/handler.py", 42),
    ("lambda_handler", "nightly_cleanup", "lambdas/serverless.yml", 29),
    ("airflow_dag", "nightly_export", "dags/nightly_export.py", 17),
    ("airflow_dag", "cleanup_exports", "dags/nightly_export.py", 38),
    ("container", "ENTRYPOINT", "Dockerfile", 15),
    ("container", "CMD", "Dockerfile", 16),
    ("container", "api command", "docker-compose.yml", 4),
    ("container", "relay command", "docker-compose.yml", 19),
    ("container", "migrate entrypoint", "docker-compose.yml", 29),
    ("container", "migrate command", "docker-compose.yml", 30),
    ("container", "Deployment relay", "deploy/helm/templates/relay.yaml", 15),  # a Helm template, its actions set aside
    ("container", "ENTRYPOINT", "tests/Dockerfile.e2e", 6),  # tests scope: not where to start
    ("dev_command", "make help", "Makefile", 6),
    ("dev_command", "make install", "Makefile", 9),
    ("dev_command", "make test", "Makefile", 12),
    ("dev_command", "make lint", "Makefile", 15),
    ("dev_command", "make run", "Makefile", 19),
    ("dev_command", "make docker-build", "Makefile", 22),
    ("dev_command", "make clean", "Makefile", 25),
    ("dev_command", "tox -e py311", "tox.ini", 2),  # named in env_list, configured by the bare [testenv]
    ("dev_command", "tox -e lint", "tox.ini", 9),
    ("dev_command", "tox -e type", "tox.ini", 14),
    ("dev_command", "nox -s tests", "noxfile.py", 8),
    ("dev_command", "nox -s lint", "noxfile.py", 14),
    ("dev_command", "nox -s docs", "noxfile.py", 21),
    ("dev_command", "hatch run test", "pyproject.toml", 45),
    ("dev_command", "hatch run cov", "pyproject.toml", 46),
    ("dev_command", "hatch run serve", "pyproject.toml", 47),
    ("dev_command", "hatch run docs:build", "pyproject.toml", 53),
    ("dev_command", "poe lint", "pyproject.toml", 56),
    ("dev_command", "poe fmt", "pyproject.toml", 57),
    ("dev_command", "poe migrate", "pyproject.toml", 58),
    ("dev_command", "just default", "justfile", 6),
    ("dev_command", "just build", "justfile", 10),
    ("dev_command", "just deploy", "justfile", 14),
    ("dev_command", "just fmt", "justfile", 18),
}


def found(name):
    report = analyse(str(SAMPLES / name), build(merge({}, {}), None))
    return {(e.kind, e.name, e.path, e.line) for e in report.entry_points}



@pytest.mark.parametrize(("name", "expected"), [("django_shop", DJANGO_SHOP), ("fastapi_platform", FASTAPI_PLATFORM)])
def test_sample_entry_points_are_exactly_the_hand_derived_ones(name, expected):
    got = found(name)
    assert sorted(got - expected) == [], "found but not expected"
    assert sorted(expected - got) == [], "expected but not found"
