"""Entry points found so far: metadata scripts and plugins, scripts, main modules, containers, processes."""

from __future__ import annotations

from conftest import SAMPLES
from onboard.pipeline import analyse
from onboard.config import merge
from onboard.settings import build


def kinds(path):
    report = analyse(str(path), build(merge({}, {}), None))
    return [(e.kind, e.name, e.target, e.path, e.line) for e in report.entry_points]


FLASK_SERVICE = {  # checked by hand against the sample (decorator lines are the `def` lines)
    ('console_script', 'orderdesk', 'orderdesk.cli:main', 'src/orderdesk/cli.py', 42),
    ('console_script', 'orderdesk-worker', 'orderdesk.worker:run', 'src/orderdesk/worker.py', 6),
    ('container', 'CMD', 'gunicorn -w 4 -b 0.0.0.0:8000 orderdesk.app:create_app()', 'Dockerfile', 11),
    ('main_module', 'python -m orderdesk', 'orderdesk.__main__', 'src/orderdesk/__main__.py', 1),
    ('main_module', 'python src/orderdesk/worker.py', 'orderdesk.worker', 'src/orderdesk/worker.py', 14),
    ('main_module', 'python scripts/backfill_orders.py', 'scripts.backfill_orders', 'scripts/backfill_orders.py', 39),
    ('cli_command', 'initdb', 'orderdesk.cli:initdb', 'src/orderdesk/cli.py', 14),
    ('cli_command', 'serve', 'orderdesk.cli:serve', 'src/orderdesk/cli.py', 25),
    ('cli_command', 'requeue', 'orderdesk.cli:requeue', 'src/orderdesk/cli.py', 34),
    ('web_route', 'GET /healthz', 'orderdesk.api.health:healthz', 'src/orderdesk/api/health.py', 14),
    ('web_route', 'GET /readyz', 'orderdesk.api.health:readyz', 'src/orderdesk/api/health.py', 19),
    ('web_route', 'POST /api/v1/orders/', 'orderdesk.api.orders:create_order', 'src/orderdesk/api/orders.py', 17),
    ('web_route', 'GET /api/v1/orders/<reference>', 'orderdesk.api.orders:get_order', 'src/orderdesk/api/orders.py', 40),
    ('web_route', 'POST /api/v1/orders/<reference>/cancel', 'orderdesk.api.orders:cancel_order', 'src/orderdesk/api/orders.py', 49),
    ('web_route', 'GET /', 'orderdesk.app:index', 'src/orderdesk/app.py', 24),
    ('web_route', 'GET /version', 'orderdesk.app:version', 'src/orderdesk/app.py', 28),
    ('task', 'orderdesk.tasks.fulfil_order', 'orderdesk.tasks:fulfil_order', 'src/orderdesk/tasks.py', 26),
    ('task', 'orderdesk.tasks.notify_customer', 'orderdesk.tasks:notify_customer', 'src/orderdesk/tasks.py', 53),
    ('task', 'orderdesk.purge_cancelled', 'orderdesk.tasks:purge_cancelled', 'src/orderdesk/tasks.py', 62),
}


def test_flask_sample():
    found = kinds(SAMPLES / "flask_service")
    assert set(found) == FLASK_SERVICE and len(found) == len(FLASK_SERVICE)
    assert found[0] == ("console_script", "orderdesk", "orderdesk.cli:main", "src/orderdesk/cli.py", 42)  # start here first


ETL_PIPELINE = {  # read off the sample by hand
    # etl-admin of setup.cfg is not installed: setup.py's entry_points= replaces [options.entry_points]
    ("console_script", "etl-run", "etl.runner:main", "etl/runner.py", 61),
    ("gui_script", "etl-monitor", "etl.monitor:main", "etl/monitor.py", 26),
    ("main_module", "python etl/admin.py", "etl.admin", "etl/admin.py", 63),
    ("main_module", "python etl/legacy_report.py", "etl.legacy_report", "etl/legacy_report.py", 47),
    ("main_module", "python etl/runner.py", "etl.runner", "etl/runner.py", 80),
    ("main_module", "python bin/run-nightly", "bin.run-nightly", "bin/run-nightly", 36),
    ("cli_command", "config", "etl.admin:show_config", "etl/admin.py", 49),  # sub.add_parser("config").set_defaults(func=...)
    ("cli_command", "truncate", "etl.admin:truncate_table", "etl/admin.py", 50),
    ("cli_command", "partitions", "etl.admin", "etl/admin.py", 40),  # a recursive builder over a nested dict
    ("cli_command", "partitions compact", "etl.admin", "etl/admin.py", 40),  # ("help" is popped: not a command)
    ("cli_command", "partitions expire", "etl.admin", "etl/admin.py", 40),
    ("cli_command", "vacuum", "etl.admin", "etl/admin.py", 40),
    ("cli_command", "run", "etl.runner", "etl/runner.py", 26),
    ("cli_command", "all", "etl.runner", "etl/runner.py", 31),
    ("cli_command", "list", "etl.runner", "etl/runner.py", 34),
    ("setup_script", "run-nightly", "bin/run-nightly", "bin/run-nightly", None),
    # the archive subpackage: ways in that only the program model sees
    ("console_script", "etl-archive", "etl.archive.admin_cli:cli", "etl/archive/admin_cli.py", 24),
    ("main_module", "python etl/archive/ctl.py", "etl.archive.ctl", "etl/archive/ctl.py", 39),
    ("cli_command", "purge", "etl.archive.admin_cli:purge_command", "etl/archive/admin_cli.py", 20),  # self.add_command in a Group
    ("cli_command", "verify", "etl.archive.admin_cli:verify_command", "etl/archive/admin_cli.py", 21),  # subclass, vendored click
    ("cli_command", "archive", "etl.archive.ctl:cmd_archive", "etl/archive/ctl.py", 7),  # a dispatch table
    ("cli_command", "rebuild", "etl.archive.ctl:cmd_rebuild", "etl/archive/ctl.py", 11),
    ("cli_command", "crawl", "etl.archive.ctl:cmd_crawl", "etl/archive/ctl.py", 15),
    ("cli_command", "status", "etl.archive.ctl:cmd_status", "etl/archive/ctl.py", 19),
    ("web_route", "GET /jobs", "etl.archive.status:JobsHandler", "etl/archive/status.py", 20),  # tornado list built in a function
    ("web_route", r"POST /jobs/(\d+)/retry", "etl.archive.status:RetryHandler", "etl/archive/status.py", 20),
}


def test_etl_sample_and_text_files(tmp_path):
    found = kinds(SAMPLES / "etl_pipeline")
    assert set(found) == ETL_PIPELINE and len(found) == len(ETL_PIPELINE)
    (tmp_path / "app.py").write_text('if __name__ == "__main__":\n    pass\n"""if __name__ == "__main__": in a string"""\n')
    (tmp_path / "Procfile").write_text("web: gunicorn app:app\n# comment: no\nworker: celery -A app worker\n")
    (tmp_path / "docker-compose.yml").write_text("services:\n  api:\n    command: [\"python\", \"app.py\"]\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[project.entry-points."x.plugins"]\nmine = "missing.mod:Plugin"\n')
    found = kinds(tmp_path)
    assert [f for f in found if f[0] == "main_module"] == [("main_module", "python app.py", "app", "app.py", 1)]
    assert ("process", "web", "gunicorn app:app", "Procfile", 1) in found and ("process", "worker", "celery -A app worker", "Procfile", 3) in found
    assert ("container", "api command", "python app.py", "docker-compose.yml", 3) in found
    assert ("entry_point", "mine", "missing.mod:Plugin", "pyproject.toml", None) in found


def test_a_re_exported_script_target_is_placed_at_its_definition(tmp_path):
    """cookiecutter: `cookiecutter = "cookiecutter.__main__:main"` and `__main__.py` only does
    `from cookiecutter.cli import main`."""
    files = {
        "pyproject.toml": '[project]\nname = "tool"\n[project.scripts]\ntool = "tool.__main__:main"\nshim = "tool.shim:run"\n'
                          'loop = "tool.a:f"\next = "tool.ext:dumps"\nmissing = "tool.__main__:nothing"\n',
        "tool/__init__.py": "",
        "tool/__main__.py": '"""Run."""\nfrom tool.cli import main\n\nif __name__ == "__main__":\n    main()\n',
        "tool/cli.py": "import click\n\n\n@click.command()\ndef main():\n    pass\n",
        "tool/shim.py": "from .mid import run\n",  # two hops, renamed on the way
        "tool/mid.py": "from .impl import start as run\n",
        "tool/impl.py": "def start():\n    pass\n",
        "tool/a.py": "from .b import f\n",  # a cycle: no definition anywhere
        "tool/b.py": "import os\nfrom .a import f\n",
        "tool/ext.py": "import os\nfrom json import dumps\n",  # defined outside the repository
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    scripts = {e.name: (e.target, e.path, e.line, dict(e.detail).get("defined_in")) for e in report.entry_points if e.kind == "console_script"}
    assert scripts == {
        "tool": ("tool.__main__:main", "tool/cli.py", 5, "tool.cli:main"),
        "shim": ("tool.shim:run", "tool/impl.py", 1, "tool.impl:start"),
        "loop": ("tool.a:f", "tool/a.py", 1, None),
        "ext": ("tool.ext:dumps", "tool/ext.py", 2, None),
        "missing": ("tool.__main__:nothing", "tool/__main__.py", None, None),
    }


def test_compose_commands_as_block_lists_and_block_scalars(tmp_path):
    """django-allauth's example: `command:` followed by `- make` items; a folded `>` and a
    literal `|` command; the one-line forms as before."""
    (tmp_path / "docker-compose.yml").write_text(
        'version: "3"\n'
        "services:\n"
        "  web:\n"
        "    build: .\n"
        "    command:\n"
        "      - make\n"
        "      - migrate\n"
        "      # a comment between items\n"
        "      - 'run server'\n"
        "    ports:\n"
        "      - 8000:8000\n"
        "  worker:\n"
        "    command: >\n"
        "      celery -A proj worker\n"
        "      --loglevel=info\n"
        "    entrypoint:\n"
        "    - /tini\n"
        "    - --\n"
        "  beat:\n"
        "    command: |-\n"
        "      celery -A proj beat\n"
        "        -s /tmp/schedule\n"
        "  flow:\n"
        '    command: ["python", "-m", "flow", "--name", "two words"]\n'
        "  plain:\n"
        "    command: python app.py\n"
        "  nothing:\n"
        "    command:\n"
        "    image: x\n"
    )
    found = [f for f in kinds(tmp_path) if f[0] == "container"]
    assert sorted(found, key=lambda f: f[4]) == [
        ("container", "web command", "make migrate 'run server'", "docker-compose.yml", 5),
        ("container", "worker command", "celery -A proj worker --loglevel=info", "docker-compose.yml", 13),
        ("container", "worker entrypoint", "/tini --", "docker-compose.yml", 16),
        ("container", "beat command", "celery -A proj beat -s /tmp/schedule", "docker-compose.yml", 20),
        ("container", "flow command", "python -m flow --name 'two words'", "docker-compose.yml", 24),
        ("container", "plain command", "python app.py", "docker-compose.yml", 26),
    ]


def test_an_exec_form_word_with_spaces_is_quoted(tmp_path):
    (tmp_path / "Dockerfile").write_text('FROM python\nCMD ["sh", "-c", "python manage.py migrate && gunicorn app:app"]\n')
    assert ("container", "CMD", "sh -c 'python manage.py migrate && gunicorn app:app'", "Dockerfile", 2) in kinds(tmp_path)


def write(root, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)


def containers(path) -> list[tuple]:
    report = analyse(str(path), build(merge({}, {}), None))
    return sorted((e.path, e.line, e.name, e.target, e.scope) for e in report.entry_points if e.kind == "container")


def test_every_dockerfile_in_the_tree_gives_what_its_image_runs(tmp_path):
    write(tmp_path, {
        "backend/Dockerfile": 'FROM node AS frontend\nCMD ["npm", "start"]\n\nFROM python:3.12\nCMD ["fastapi", "run", "--workers", "4"]\n',
        "run-tests.dockerfile": 'FROM python\nENTRYPOINT ["python","run-tests.py"]\nHEALTHCHECK CMD ./check.py\n',
        "docker/Dockerfile.worker": "FROM python AS base\nCMD celery -A proj \\\n    # a comment line inside the instruction\n"
                                    "    worker --loglevel=info\n\nFROM base AS final\nRUN pip install x\n",
        "deploy/api.DOCKERFILE": "# escape=`\nFROM mcr.microsoft.com/windows\nCMD python `\n    serve.py\n",
        "heredoc/dockerfile": "FROM python\nCMD [\"gunicorn\", \"app:app\"]\nCMD [\"python\", \"app.py\"]\nRUN <<EOF\nCMD not a command\nEOF\n",
        "builder/Dockerfile": "FROM python\nRUN make\n",  # no command: nothing to report
        "tests/e2e/Dockerfile": 'FROM python\nCMD ["pytest"]\n',
        "examples/demo/Dockerfile-dev": "FROM python\nENTRYPOINT /bin/sh -c 'python demo.py'\n",
        "Dockerfile.dockerignore": "CMD nothing\n",
    })
    assert containers(tmp_path) == [
        ("backend/Dockerfile", 5, "CMD", "fastapi run --workers 4", "package"),  # the last stage's
        ("deploy/api.DOCKERFILE", 3, "CMD", "python serve.py", "package"),
        ("docker/Dockerfile.worker", 2, "CMD", "celery -A proj worker --loglevel=info", "package"),  # inherited from `base`
        ("examples/demo/Dockerfile-dev", 2, "ENTRYPOINT", "/bin/sh -c 'python demo.py'", "examples"),
        ("heredoc/dockerfile", 3, "CMD", "python app.py", "package"),  # the last CMD wins; a heredoc's body is no instruction
        ("run-tests.dockerfile", 2, "ENTRYPOINT", "python run-tests.py", "package"),
        ("tests/e2e/Dockerfile", 2, "CMD", "pytest", "tests"),
    ]


def test_container_files_respect_the_walks_exclusions(tmp_path):
    write(tmp_path, {
        ".gitignore": "ignored/\nsecret.Dockerfile\n",
        "ignored/Dockerfile": 'FROM python\nCMD ["no"]\n', "secret.Dockerfile": 'FROM python\nCMD ["no"]\n',
        "node_modules/pkg/Dockerfile": 'FROM node\nCMD ["no"]\n', "skipme/Dockerfile": 'FROM python\nCMD ["no"]\n',
        "services/api/docker-compose.yml": "services:\n  api:\n    command: python -m api\n",
        ".github/workflows/deploy-docker-compose.yml": "jobs:\n  x:\n    steps:\n      - run: docker compose up\n",
    })
    report = analyse(str(tmp_path), build(merge({}, {"exclude": ("skipme/",)}), None))
    assert [(e.path, e.name, e.target) for e in report.entry_points if e.kind == "container"] == [
        ("services/api/docker-compose.yml", "api command", "python -m api")]


def test_kubernetes_manifests_and_helm_templates(tmp_path):
    write(tmp_path, {
        "k8s/deploy.yaml": (
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n"
            "      initContainers:\n        - name: migrate\n          command: [python, manage.py, migrate]\n"
            "      containers:\n        - name: web\n          image: app\n          command: [\"gunicorn\"]\n"
            "          args: [\"app.wsgi:application\", \"--bind\", \"0.0.0.0:8000\"]\n"
            "        - name: sidecar\n          image: envoy\n"
            "---\napiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: nightly\nspec:\n  jobTemplate:\n    spec:\n"
            "      template:\n        spec:\n          containers:\n            - name: report\n"
            "              command:\n                - sh\n                - -c\n                - |\n                  python -m app.report\n"
            "                  echo done\n"
            "---\nkind: Service\nspec:\n  containers:\n    - command: [no]\n"
        ),
        "chart/templates/worker.yaml": (
            "{{- if .Values.worker.enabled }}\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n"
            "  name: {{ include \"chart.fullname\" . }}\n  labels:\n    {{- include \"chart.labels\" . | nindent 4 }}\n"
            "spec:\n  template:\n    spec:\n      containers:\n        - name: {{ .Chart.Name }}-worker\n"
            "          command: [\"celery\", \"-A\", \"app\", \"worker\", \"-Q\", \"{{ .Values.queue }}\"]\n"
            "        - name: templated\n          command: {{ toYaml .Values.command | nindent 12 }}\n"
            "{{- end }}\n"
        ),
        "chart/templates/broken.yaml": "kind: Pod\nspec:\n  containers: [\n    - command: {{ .x }\n",
        "tests/k8s/pod.yml": "kind: Pod\nspec:\n  containers:\n    - name: t\n      args: [\"--smoke\"]\n",
    })
    assert containers(tmp_path) == [
        ("chart/templates/worker.yaml", 13, "StatefulSet {{ .Chart.Name }}-worker", "celery -A app worker -Q '{{ .Values.queue }}'", "package"),
        ("k8s/deploy.yaml", 14, "Deployment web", "gunicorn app.wsgi:application --bind 0.0.0.0:8000", "package"),
        ("k8s/deploy.yaml", 30, "CronJob report", "sh -c 'python -m app.report echo done'", "package"),
        ("tests/k8s/pod.yml", 5, "Pod t", "--smoke", "tests"),
    ]


def test_a_script_with_no_main_guard_is_a_way_in_and_config_run_by_tools_is_not(tmp_path):
    """`python train.py`: a file outside the packages whose top level does work (a call made as a
    statement, a loop) is run by path even without a main guard. Files whose top level only sets
    up the interpreter, files read by a tool or a server, tooling, tests and package modules are not."""
    write(tmp_path, {
        "train.py": "import argparse\nimport torch\nparser = argparse.ArgumentParser()\nparser.add_argument('--epochs')\n"
                    "args = parser.parse_args()\ntorch.save({}, 'model.pt')\n",
        "scripts/sweep.py": "import sys\nsys.path.insert(0, '.')\nfor lr in (0.1, 0.01):\n    pass\n",
        "scripts/plot_style.py": "import matplotlib\nmatplotlib.use('Agg')\nSTYLE = 'x'\n",  # setup only
        "scripts/export.py": "import json\nDATA = json.loads('{}')\n",  # assignments only: a module of constants
        "scripts/guarded.py": "def main():\n    pass\nif __name__ == '__main__':\n    main()\n",  # a main module already
        "docs/conf.py": "import os\nos.getcwd()\nproject = 'x'\n",
        "wsgi.py": "import app\napp.configure()\napplication = app.make()\n",
        "setup.py": "from setuptools import setup\nsetup(name='x')\n",
        "tests/test_train.py": "import train\ntrain.run()\n",
        "lib/__init__.py": "",
        "lib/registry.py": "import logging\nlogging.getLogger(__name__).info('loaded')\nregister()\n",
        "examples/app/__init__.py": "",
        "examples/app/db.py": "import sqlite3\nsqlite3.register_converter('ts', int)\n",  # imported by its app, not run
    })
    scripts = [(e.name, e.path, e.line, e.scope) for e in analyse(str(tmp_path), build(merge({}, {}), None)).entry_points
               if e.kind == "script"]
    assert scripts == [("python scripts/sweep.py", "scripts/sweep.py", 3, "scripts"), ("python train.py", "train.py", 4, "scripts")]


def test_an_unpackaged_repository_starts_at_its_root_script_and_reads_it_first(tmp_path):
    write(tmp_path, {
        "train.py": "from model.net import Net\nNet().fit()\n",
        "model/__init__.py": "",
        "model/net.py": "class Net:\n    def fit(self):\n        pass\n",
        "model/unused.py": "X = 1\n",
    })
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    assert [(e.kind, e.name) for e in report.entry_points if e.start_here] == [("script", "python train.py")]
    assert [(s.module, s.reason) for s in report.reading.steps][:2] == [("train", "start here: python train.py"),
                                                                        ("model.net", "reached from the entry points")]
    write(tmp_path, {"pyproject.toml": '[project]\nname = "nets"\nversion = "1"\n'})  # packaged: a root script is no start
    assert not any(e.start_here for e in analyse(str(tmp_path), build(merge({}, {}), None)).entry_points)
