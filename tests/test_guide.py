"""The guide as a newcomer reads it (issue 21), on small repositories written here: a tox matrix
is one row that says its size, the first screen answers the four questions first, long lists
open with a summary by group, and a package cycle that swallows the layering is shown as such."""

from __future__ import annotations

from onboard.report import markdown, terminal
from test_program_model import run


TOX = """\
    [tox]
    envlist = py3{10,11,12,13,14}-{aws,gcloud,azure,cdh,hdp}

    [testenv]
    commands =
        cdh,hdp: {toxinidir}/scripts/setup_hadoop.sh
        pytest {posargs}
    """


def test_a_tox_matrix_is_one_row_with_its_matrix_and_what_every_environment_runs(tmp_path):
    report = run(tmp_path, {"tox.ini": TOX, "pkg/__init__.py": ""})
    guide = markdown.render(report)
    rows = [line for line in guide.splitlines() if line.startswith("| `tox -e")]
    assert rows == ["| `tox -e py310-aws` | `pytest {posargs}` (one of 25 environments py3\\{10,11,12,13,14\\}-\\{aws,gcloud,azure,cdh,hdp\\}) "
                    "| `tox.ini:2` | package |"]


def test_a_package_that_loads_plugins_is_a_plugin_host_and_its_public_modules_are_its_api(tmp_path):
    report = run(tmp_path, {
        "pyproject.toml": '[project]\nname = "hooky"\n',
        "hooky/__init__.py": "from hooky.manager import load\n",
        "hooky/manager.py": "from importlib.metadata import entry_points\n\ndef load():\n    return entry_points(group='hooky')\n",
        "hooky/contrib/__init__.py": "",
        "hooky/contrib/slack.py": "def send():\n    pass\n",
    })
    assert report.kind.kind == "framework or plugin host"
    assert report.kind.evidence == ("loads plugins through importlib.metadata.entry_points in hooky.manager", "packaged as hooky")
    assert report.structure.public_api == ("hooky.contrib.slack",) and report.structure.orphans == ()
    assert "This is a framework or plugin host" in markdown.render(report)


def test_a_command_line_tool_that_loads_plugins_stays_a_tool_and_says_so(tmp_path):
    report = run(tmp_path, {
        "pyproject.toml": '[project]\nname = "hooky"\n[project.scripts]\nhooky = "hooky.cli:main"\n',
        "hooky/__init__.py": "",
        "hooky/cli.py": "import pluggy\n\ndef main():\n    pass\n",
    })
    assert report.kind.kind == "command-line tool"
    assert report.kind.evidence[1] == "loads plugins through pluggy in hooky.cli"


def test_unpackaged_code_that_trains_models_is_ml_research(tmp_path):
    report = run(tmp_path, {
        "train.py": "import torch\nfrom sklearn.metrics import f1_score\n\nif __name__ == '__main__':\n    pass\n",
        "model.py": "import torch.nn as nn\n",
        "tests/test_model.py": "import xgboost\n",
    })
    assert report.kind.kind == "ML research"
    assert report.kind.evidence[0] == "imports sklearn, torch in 2 files"
    packaged = run(tmp_path / "lib", {"setup.py": "from setuptools import setup\nsetup(name='nets')\n", "nets/__init__.py": "import torch\n"})
    assert packaged.kind.kind == "library"  # packaged for others: a library that happens to use torch


APP = {
    "pyproject.toml": '[project]\nname = "orders"\ndescription = "Takes orders from the shop. Also archives them."\n'
                      '[project.scripts]\norders = "orders.cli:main"\n',
    "orders/__init__.py": "",
    "orders/cli.py": "import click\n\n@click.group()\ndef main():\n    pass\n\n@main.command()\ndef serve():\n    pass\n",
    "orders/app.py": 'import os\nimport boto3\nfrom flask import Flask\nfrom orders import db\napp = Flask(__name__)\n'
                     '\n\n@app.route("/a")\ndef a():\n    boto3.client("s3").put_object(Bucket=os.environ["ARCHIVE_BUCKET"])\n\n'
                     '@app.route("/b")\ndef b():\n    pass\n',
    "orders/db.py": 'import os\nimport psycopg2\nCONN = psycopg2.connect(os.environ["DATABASE_URL"])\n',
    "orders/mail.py": "import smtplib\n",
}


def test_the_first_screen_answers_the_four_questions_first(tmp_path):
    report = run(tmp_path, APP)
    screen = report.first_screen
    assert screen.what == "Takes orders from the shop." and screen.kind == "web service"
    assert [(w.command, w.kind) for w in screen.ways] == [("orders", "console script"), ("orders serve", "command"), ("GET /a", "web route")]
    assert screen.ways[2].of_its_kind == 2
    assert [(t.label, t.variables) for t in screen.touches][:3] == [  # configured first, a named service before its provider
        ("postgresql", ("DATABASE_URL",)), ("aws/s3", ("ARCHIVE_BUCKET",)), ("smtp", ())]
    assert screen.services == 3  # `aws` alone is left out: `aws/s3` says more
    assert screen.reading[0] == ("orders.cli", "starts the program: console script orders runs orders.cli:main")
    guide = markdown.render(report)
    top = guide.split("\n---\n")[0].splitlines()
    assert top[0] == "# orders" and len(top) <= 25
    assert top[2] == "**What it is**: Takes orders from the shop. A **web service** (2 web routes in the package, e.g. GET /a)."
    assert "1. `GET /a`: web route, runs `orders.app:a` (one of 2 web routes) (`orders/app.py:9`)" in top
    assert "- storage: `aws/s3`, configured by `ARCHIVE_BUCKET`" in top
    assert guide.index("**Where to start reading**") < guide.index("## How to run it")  # the answers first, the details after
    summary = terminal.render(report, width=120).splitlines()
    assert summary[2].startswith("Kind: web service") and summary.index("Details") <= 25
    assert "   1. orders.cli  starts the program: console script orders runs orders.cli:main" in summary[:25]


def test_a_library_is_imported_first_and_a_long_readme_sentence_is_cut_at_a_word(tmp_path):
    from onboard.analyses.first_screen import SENTENCE, first_sentence

    report = run(tmp_path, {"setup.py": "from setuptools import setup\nsetup(name='tidy')\n", "tidy/__init__.py": "",
                            "README.md": "# tidy\n\n[![ci](https://x/b.svg)](https://x)\n\nTidy cleans data. It is small.\n"})
    screen = report.first_screen
    assert screen.what == "Tidy cleans data." and screen.kind == "library"
    assert [(w.command, w.kind, w.runs) for w in screen.ways] == [("import tidy", "library", "its public API")]
    assert "1. `import tidy`: library: its public API" in markdown.render(report)
    assert screen.reading[0] == ("tidy", "what its users import: the library's public API")
    long = first_sentence("word " * 100)
    assert len(long) <= SENTENCE + 2 and long.endswith("word …") and first_sentence("  ") is None
    assert first_sentence("Use e.g. this tool. Then more.") == "Use e.g. this tool."


def test_a_cycle_through_every_package_is_shown_as_such_with_the_layers_inside_the_largest(tmp_path):
    report = run(tmp_path, {
        "app/__init__.py": "", "app/a/__init__.py": "", "app/b/__init__.py": "", "app/c/__init__.py": "",
        "app/a/base.py": "X = 1\n",
        "app/a/models.py": "from app.a.base import X\n",
        "app/a/views.py": "from app.a.models import X\nfrom app.b.forms import F\n",
        "app/a/admin.py": "from app.a.views import X\n",
        "app/b/forms.py": "from app.c.util import U\nfrom app.c import helpers\nF = 1\n",
        "app/c/util.py": "U = 1\n",
        "app/c/helpers.py": "from app.a.base import X\n",
    })
    s = report.structure
    assert s.tangled == 3 and [layer.packages for layer in s.layers] == [("app", "app.a", "app.b", "app.c")]  # true, and useless
    assert s.weakest_links == (("app.a", "app.b", 1),)  # the lightest link goes first
    assert s.inner_package == "app.a"
    assert [layer.packages for layer in s.inner_layers] == [("app.a", "app.a.base"), ("app.a.models",), ("app.a.views",), ("app.a.admin",)]
    guide = markdown.render(report)
    assert "3 packages import each other, so they share a level; the weakest links" in guide  # `app` itself imports none
    assert "Inside `app.a`, the largest of them (5 modules), from the foundation up:\n\n0. `app.a`, `base`\n1. `models`\n2. `views`\n3. `admin`" in guide
    summary = terminal.render(report, width=120)
    assert "3 packages import each other; weakest links: app.a -> app.b (1)" in summary
    assert "inside app.a, level 0: app.a, base" in summary


def test_a_list_of_more_than_15_rows_opens_with_a_summary_by_group(tmp_path):
    from onboard.report.mdtable import by_group, folded

    routes = "".join(f'@app.route("/o{i}")\ndef o{i}():\n    pass\n\n' for i in range(12))
    items = "".join(f'@app.route("/i{i}")\ndef i{i}():\n    pass\n\n' for i in range(5))
    head = "from flask import Flask\napp = Flask(__name__)\n\n"
    report = run(tmp_path, {"shop/__init__.py": "", "shop/orders.py": head + routes, "shop/items.py": head + items})
    guide = markdown.render(report)
    assert "17 entries: 12 in `shop/orders.py`; 5 in `shop/items.py`.\n\n<details><summary>17 entries</summary>" in guide
    assert by_group("7 rows", list("aabbbcd")) == "7 rows: 3 b; 2 a; 1 c; 1 d."
    assert folded("3 rows", ["|h|", "|-|", "|1|"], 15, ["x"]) == ["|h|", "|-|", "|1|"]  # 15 rows or fewer: no summary


def test_the_ways_in_on_the_first_screen_are_typed_first_and_never_run_the_same_thing_twice():
    from onboard.analyses.first_screen import first_screen
    from onboard.analyses.kind import Kind
    from onboard.analyses.objects import EntryPoint
    from onboard.model.metadata import Metadata

    entries = (EntryPoint("console_script", "http", "web.__main__:main", "web/__main__.py", 6, "package", start_here=True),
               EntryPoint("console_script", "https", "web.__main__:main", "web/__main__.py", 6, "package"),
               EntryPoint("main_module", "python -m web", "web.__main__", "web/__main__.py", 1, "package"),
               EntryPoint("web_route", "GET /", "web.app:index", "web/app.py", 3, "package"),
               EntryPoint("dev_command", "make test", "pytest", "Makefile", 2, "package"),
               EntryPoint("process", "web", "gunicorn web.app:app", "Procfile", 1, "package"))
    screen = first_screen(Metadata(), Kind("web service", ()), ("web",), entries, (), ())
    assert [(w.command, w.kind, w.runs) for w in screen.ways] == [
        ("http", "console script", "web.__main__:main"), ("gunicorn web.app:app", "process", ""), ("GET /", "web route", "web.app:index")]


def test_the_reading_order_puts_the_most_imported_first_and_says_reached_only_when_it_is(tmp_path):
    report = run(tmp_path, {
        "model.py": "import torch\n", "train.py": "from model import X\n", "sample.py": "from model import X\n",
        "config/a.py": "batch = 1\n", "config/b.py": "batch = 2\n",
        "data/prep.py": "import os\n\nif __name__ == '__main__':\n    pass\n",
    })
    steps = [(s.module, s.reason) for s in report.reading.steps]
    assert steps[:3] == [("data.prep", "runs as a script (main guard at line 3)"), ("model", "imported by 2 modules"),
                         ("config.a", "a module of the package")]  # data.prep reaches none of them


def test_an_optional_integration_is_public_api_not_unused_even_in_an_application(tmp_path):
    report = run(tmp_path, {
        "pyproject.toml": '[project]\nname = "flow"\ndependencies = ["requests"]\n[project.optional-dependencies]\nsql = ["sqlalchemy"]\n',
        "flow/__init__.py": "", "flow/server.py": 'from flask import Flask\napp = Flask(__name__)\n\n@app.route("/")\ndef index():\n    pass\n',
        "flow/contrib/__init__.py": "",
        "flow/contrib/s3.py": "try:\n    import boto3\nexcept ImportError:\n    boto3 = None\n",  # used when present
        "flow/contrib/sql.py": "import sqlalchemy\n",  # an extra
        "flow/contrib/http.py": "import requests\n",  # a required dependency: nothing optional about it
        "flow/contrib/mail.py": "import sendgrid\n",  # undeclared, unguarded: a forgotten declaration or dead code
    })
    assert report.kind.kind == "web service"
    assert report.structure.public_api == ("flow.contrib.s3", "flow.contrib.sql")
    assert [o.module for o in report.structure.orphans] == ["flow.contrib.http", "flow.contrib.mail"]
    assert "2 public modules that nothing in the package imports need a dependency the project does not require" in markdown.render(report)


def test_a_service_seen_only_in_optional_integrations_comes_last_on_the_first_screen(tmp_path):
    report = run(tmp_path, {
        "pyproject.toml": '[project]\nname = "flow"\ndependencies = ["redis"]\n',
        "flow/__init__.py": "", "flow/cache.py": "import redis\n",
        "flow/contrib/__init__.py": "",
        "flow/contrib/pg.py": 'import os\ntry:\n    import psycopg2\nexcept ImportError:\n    psycopg2 = None\n'
                              'CONN = psycopg2.connect(os.environ["PG_DSN"])\n',
    })
    assert [(t.label, t.optional) for t in report.first_screen.touches] == [("redis", False), ("postgresql", True)]
    assert "- database: `postgresql`, configured by `PG_DSN` (only in optional integrations)" in markdown.render(report)


def test_the_first_screen_reads_at_most_two_ways_in_then_the_most_imported_core():
    from onboard.analyses.first_screen import first_screen
    from onboard.analyses.kind import Kind
    from onboard.analyses.reading import Step
    from onboard.model.metadata import Metadata

    steps = (Step("app.cli", "", "starts the program", "", True), Step("app.tools.a", "", "starts the program", "", True),
             Step("app.tools.b", "", "starts the program", "", True), Step("app.config", "", "imported by 2 modules", "", False, 2),
             Step("app.task", "", "imported by 9 modules", "", False, 9), Step("app.extra", "", "a module of the package", ""))
    screen = first_screen(Metadata(), Kind("command-line tool", ()), ("app",), (), (), steps)
    assert [m for m, _ in screen.reading] == ["app.cli", "app.tools.a", "app.task", "app.config", "app.tools.b"]


def test_the_first_screen_shows_a_second_console_script_before_a_container_and_notebooks_when_room_is_left():
    from onboard.analyses.first_screen import first_screen
    from onboard.analyses.kind import Kind
    from onboard.analyses.objects import EntryPoint
    from onboard.model.metadata import Metadata

    entries = (EntryPoint("console_script", "get", "web.__main__:main", "web/__main__.py", 6, "package", start_here=True),
               EntryPoint("container", "ENTRYPOINT", "mv dist /artifacts", "build/Dockerfile", 3, "package", start_here=True),
               EntryPoint("console_script", "webctl", "web.manager:main", "web/manager.py", 2, "package"),
               EntryPoint("main_module", "python build.py", "build", "build.py", 9, "package"))
    screen = first_screen(Metadata(), Kind("command-line tool", ()), ("web",), entries, (), ())
    assert [w.command for w in screen.ways] == ["get", "webctl", "mv dist /artifacts"]
    notebooks = (EntryPoint("main_module", "python prep.py", "prep", "prep.py", 3, "package"),
                 EntryPoint("notebook", "a.ipynb", "jupyter nbconvert --to notebook --execute a.ipynb", "a.ipynb", None, "notebooks"),
                 EntryPoint("notebook", "b.ipynb", "jupyter nbconvert --to notebook --execute b.ipynb", "b.ipynb", None, "notebooks"))
    screen = first_screen(Metadata(), Kind("ML research", ()), (), notebooks, (), ())
    assert [(w.command, w.kind, w.of_its_kind) for w in screen.ways] == [
        ("python prep.py", "module", 1), ("a.ipynb", "notebook", 2), ("b.ipynb", "notebook", 2)]


def test_the_files_the_readme_names_are_read_first(tmp_path):
    report = run(tmp_path, {
        "README.md": "# gpt\n\nThe file `train.py` trains it and ./model.py defines it; see also data/prepare.py and missing.py.\n",
        "model.py": "import torch\n", "train.py": "from model import X\n", "sample.py": "from model import X\n",
        "data/prepare.py": "import os\n\nif __name__ == '__main__':\n    pass\n", "other/prepare.py": "x = 1\n",
    })
    steps = [(s.module, s.reason) for s in report.reading.steps]
    assert steps[:4] == [("train", "the README names it"), ("model", "the README names it"), ("data.prepare", "the README names it"),
                         ("other.prepare", "a module of the package")]  # the entries reach nothing else: the rest of the package
    assert [m for m, _ in report.first_screen.reading][:3] == ["train", "model", "data.prepare"]


def test_a_package_that_gathers_a_public_api_is_a_library_even_with_routes_of_its_own(tmp_path):
    names = [f"Thing{i}" for i in range(10)]
    files = {"pyproject.toml": '[project]\nname = "flowy"\n[project.scripts]\nflowyd = "flowy.server:main"\n',
             "flowy/__init__.py": f"from flowy.core import {', '.join(names)}\nfrom ._private import _hidden\n",
             "flowy/core.py": "".join(f"class {n}:\n    pass\n" for n in names),
             "flowy/server.py": 'from flask import Flask\napp = Flask(__name__)\n\n@app.route("/")\ndef index():\n    pass\n\n'
                                '@app.route("/history")\ndef history():\n    pass\n\ndef main():\n    app.run()\n'}
    report = run(tmp_path, files)
    assert report.kind.kind == "library"
    assert report.kind.evidence == ("flowy re-exports 10 names from its modules for its users", "also 2 web routes of its own, e.g. GET /")
    assert report.first_screen.ways[0].command == "import flowy"
    fewer = run(tmp_path / "app", {**files, "flowy/__init__.py": f"from flowy.core import {', '.join(names[:9])}\n"})
    assert fewer.kind.kind == "web service"  # nine names: not yet an API its users build on
