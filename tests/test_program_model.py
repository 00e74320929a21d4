"""The program model (`onboard.resolve`): the call graph of inline programs, PyCG's conventions,
and each indirection the analyses now see through, on repositories written here."""

from __future__ import annotations

import textwrap

from onboard.config import merge
from onboard.pipeline import analyse
from onboard.settings import build


def run(tmp_path, files: dict[str, str]):
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return analyse(str(tmp_path), build(merge({}, {}), None))


def edges(report) -> set[tuple[str, str]]:
    return {(e.caller, e.callee) for e in report.calls.edges}


def test_calls_through_imports_parameters_returns_and_containers(tmp_path):
    report = run(tmp_path, {
        "main.py": """\
            from helpers import make, apply
            import helpers as h

            def first():
                pass

            def second():
                pass

            table = {"a": first, "b": second}
            table["a"]()
            handlers = [first]
            handlers.append(second)
            for handler in handlers:
                handler()
            apply(make())
            h.apply(lambda: None)
            """,
        "helpers.py": """\
            def target():
                pass

            def make():
                return target

            def apply(function):
                function()
            """,
    })
    assert edges(report) == {
        ("main", "main.first"), ("main", "main.second"), ("main", "helpers.make"), ("main", "helpers.apply"),
        ("helpers.apply", "helpers.target"), ("helpers.apply", "main.<lambda1>"),
    }
    functions = {f.name: f.kind for f in report.calls.functions}
    assert functions["main"] == "module" and functions["helpers.apply"] == "function" and functions["main.<lambda1>"] == "lambda"


def test_classes_self_attributes_mro_super_and_decorators(tmp_path):
    report = run(tmp_path, {
        "app.py": """\
            class Base:
                def __init__(self):
                    self.step = self.default

                def default(self):
                    pass

                def run(self):
                    self.step()

            class Child(Base):
                def __init__(self):
                    super().__init__()
                    self.step = self.special

                def special(self):
                    pass

            def logged(function):
                def wrapper():
                    return function()
                return wrapper

            @logged
            def main():
                Child().run()

            main()
            """,
    })
    got = edges(report)
    assert {("app", "app.logged"), ("app", "app.logged.wrapper"), ("app.logged.wrapper", "app.main"), ("app.main", "app.Child.__init__"),
            ("app.main", "app.Base.run"), ("app.Child.__init__", "app.Base.__init__"), ("app.Child.__init__", "<builtin>.super"),
            ("app.Base.run", "app.Base.default"), ("app.Base.run", "app.Child.special")} <= got
    assert ("app", "app.main") not in got  # `main` is bound to what the decorator returns


def test_straight_line_reassignment_is_read_in_order(tmp_path):
    report = run(tmp_path, {
        "m.py": """\
            def one():
                pass

            def two():
                pass

            f = one
            f = two
            f()
            if input():
                g = one
            else:
                g = two
            g()
            """,
    })
    got = edges(report)
    assert ("m", "m.two") in got and ("m", "m.one") in got  # `g` may be either
    assert sum(1 for caller, callee in got if callee == "m.one") == 1


def test_external_names_builtins_and_passed_functions(tmp_path):
    report = run(tmp_path, {
        "job.py": """\
            import threading
            from ext import Client

            def work():
                pass

            client = Client()
            client.fetch()
            threading.Thread(target=work).start()
            len([])
            """,
    })
    got = {(e.caller, e.callee, e.kind) for e in report.calls.edges}
    assert {("job", "ext.Client", "call"), ("job", "ext.Client.fetch", "call"), ("job", "threading.Thread", "call"),
            ("job", "job.work", "passed"), ("job", "<builtin>.len", "call")} <= got


def test_a_factory_in_another_module_a_session_on_self_and_a_wrapper_method_name_their_services(tmp_path):
    report = run(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/aws.py": """\
            import boto3

            def get_aws_client(name, region=None):
                return boto3.client(name, region_name=region)

            class Clients:
                def __init__(self):
                    self.session = boto3.session.Session()

                def make(self, service):
                    return self.session.client(service)

                def make_s3_resource(self):
                    return self.session.resource("s3")
            """,
        "pkg/jobs.py": """\
            from pkg.aws import get_aws_client, Clients

            BATCH = "batch"

            def submit():
                get_aws_client(BATCH).submit_job()

            def notify():
                Clients().make("apigatewaymanagementapi").post_to_connection()
                Clients().make_s3_resource()
            """,
    })
    services = {(u.provider, u.service): {(e.path, e.line, e.via) for e in u.evidence} for u in report.usage}
    assert services[("aws", "batch")] == {("pkg/aws.py", 4, "client")}
    assert services[("aws", "apigatewaymanagementapi")] == {("pkg/aws.py", 11, "client")}
    assert services[("aws", "s3")] == {("pkg/aws.py", 14, "client")}


def test_service_calls_of_every_kind_are_resolved_through_the_model(tmp_path):
    """The model is asked only about the names that end as a wanted call does (`client`,
    `create_client`, `build`, `filesystem`...): each kind is still found through a wrapper."""
    report = run(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/names.py": 'API = "bigquery"\nPROTOCOL = "gcs"\nQUEUE = "sqs"\n',
        "pkg/make.py": """\
            from googleapiclient import discovery
            import fsspec
            from aiobotocore.session import get_session

            def api(name):
                return discovery.build(name, "v2")

            def files(protocol):
                return fsspec.filesystem(protocol)

            async def queue(name):
                return get_session().create_client(name)
            """,
        "pkg/use.py": """\
            from pkg.make import api, files, queue
            from pkg.names import API, PROTOCOL, QUEUE

            def run():
                api(API)
                files(PROTOCOL)
                queue(QUEUE)
            """,
    })
    services = {(u.provider, u.service): {(e.path, e.line, e.via) for e in u.evidence} for u in report.usage}
    assert ("pkg/make.py", 6, "client") in services[("gcp", "bigquery")]
    assert ("pkg/make.py", 9, "filesystem") in services[("gcp", "storage")]
    assert ("pkg/make.py", 12, "client") in services[("aws", "sqs")]


def test_a_tornado_handler_list_built_in_a_function(tmp_path):
    report = run(tmp_path, {
        "web/__init__.py": "",
        "web/server.py": """\
            import tornado.web

            class Api(tornado.web.RequestHandler):
                def get(self, path):
                    pass

                def post(self, path):
                    pass

            class Root(tornado.web.RequestHandler):
                def get(self):
                    pass

            class NotAHandler:
                pass

            def app(scheduler):
                handlers = [
                    (r"/api/(.*)", Api, {"scheduler": scheduler}),
                    (r"/", Root),
                ]
                handlers.append((r"/x", NotAHandler))
                return tornado.web.Application(handlers, debug=False)
            """,
    })
    routes = {(e.name, e.target, e.line) for e in report.entry_points if e.kind == "web_route"}
    assert routes == {("GET,POST /api/(.*)", "web.server:Api", 23), ("GET /", "web.server:Root", 23)}


def test_add_command_in_a_click_group_subclass_and_a_vendored_click(tmp_path):
    report = run(tmp_path, {
        "tool/__init__.py": "",
        "tool/_vendor/__init__.py": "",
        "tool/_vendor/click/__init__.py": "def command(*a, **k):\n    pass\ndef group(*a, **k):\n    pass\nclass Group:\n    pass\n",
        "tool/cli.py": """\
            import click
            from tool._vendor import click as vclick

            @click.command("serve")
            def serve_command():
                pass

            class ToolGroup(click.Group):
                def __init__(self, **extra):
                    super().__init__(**extra)
                    self.add_command(serve_command)

            @vclick.group()
            def admin():
                pass

            @admin.command()
            def rotate_keys():
                pass
            """,
    })
    commands = {(e.name, e.target) for e in report.entry_points if e.kind == "cli_command"}
    assert commands == {("serve", "tool.cli:serve_command"), ("rotate-keys", "tool.cli:rotate_keys")}


def test_a_task_made_by_a_decorator_the_project_defines(tmp_path):
    report = run(tmp_path, {
        "jobs/__init__.py": "",
        "jobs/celery_app.py": """\
            from celery import Celery

            app = Celery("jobs")

            def task(**options):
                return app.task(autoretry_for=(Exception,), **options)
            """,
        "jobs/work.py": """\
            from jobs.celery_app import task

            @task(queue="reports")
            def build_report(day):
                return day

            def plain(day):
                return day
            """,
    })
    tasks = {(e.name, e.target, dict(e.detail).get("queue")) for e in report.entry_points if e.kind == "task"}
    assert tasks == {("jobs.work.build_report", "jobs.work:build_report", "reports")}


def test_a_dispatch_table_of_a_program_is_its_commands(tmp_path):
    report = run(tmp_path, {
        "tool.py": """\
            def cmd_put(args):
                pass

            def cmd_get(args):
                pass

            def cmd_ls(args):
                pass

            def commands():
                return [
                    {"cmd": "put", "help": "Upload", "func": cmd_put},
                    {"cmd": "get", "help": "Download", "func": cmd_get},
                    {"cmd": "ls", "help": "List", "func": cmd_ls},
                ]

            if __name__ == "__main__":
                pass
            """,
        "lib.py": 'def a():\n    pass\ndef b():\n    pass\ndef c():\n    pass\nSERIALISERS = {"a": a, "b": b, "c": c}\n',
    })
    commands = {(e.name, e.target, e.line) for e in report.entry_points if e.kind == "cli_command"}
    assert commands == {("put", "tool:cmd_put", 1), ("get", "tool:cmd_get", 4), ("ls", "tool:cmd_ls", 7)}


def test_the_call_graph_is_the_same_every_run(tmp_path):
    files = {"a.py": "import b\n\nclass K(b.Base):\n    def go(self):\n        self.run()\n\nK().go()\n",
             "b.py": "class Base:\n    def run(self):\n        return [f for f in (len, max)]\n"}
    first = run(tmp_path, files).calls
    assert run(tmp_path, files).calls == first and ("a.K.go", "b.Base.run") in {(e.caller, e.callee) for e in first.edges}


def test_a_method_called_on_a_module_level_name_from_a_registry_goes_by_its_name(tmp_path):
    report = run(tmp_path, {
        "cloud.py": """\
            import boto3

            class Boto3Provider:
                @staticmethod
                def get_client(module):
                    return boto3.client(module)

            provider = None

            def get_client(module):
                global provider
                if provider is None:
                    provider = load_plugin("aws_client_provider")
                return provider.get_client(module)

            def handler(event):
                return event.get("Records")

            get_client("events")
            """,
        "store.py": "class Store:\n    def get(self, key):\n        pass\n",
    })
    assert ("cloud.get_client", "cloud.Boto3Provider.get_client") in edges(report)
    assert not [e for e in report.calls.edges if e.caller == "cloud.handler" and e.callee.startswith("store.")]  # a parameter: no guess
    assert {(u.provider, u.service) for u in report.usage} >= {("aws", "events")}


def test_an_environment_variable_read_through_a_settings_helper_in_another_module(tmp_path):
    report = run(tmp_path, {
        "app/__init__.py": "",
        "app/settings.py": "import os\n\ndef setting(name, default=None):\n    return os.environ.get(name, default)\n\ndef secret(name):\n    return os.getenv(name)\n",
        "app/jobs.py": 'from app.settings import secret, setting\n\ndef notify():\n    return setting("NOTIFY_URL"), secret("API_TOKEN")\n',
    })
    got = {v.name: (v.required, [(s.path, s.line, s.via) for s in v.reads]) for v in report.env.variables}
    assert got["NOTIFY_URL"] == (False, [("app/settings.py", 4, "os.environ.get (name passed in)")])
    assert got["API_TOKEN"] == (True, [("app/settings.py", 7, "os.getenv (name passed in)")])


def test_a_name_only_a_test_passes_to_a_settings_helper_is_not_read_by_the_code(tmp_path):
    report = run(tmp_path, {
        "app/__init__.py": "",
        "app/config.py": "import os\n\ndef from_envvar(variable_name):\n    return os.environ.get(variable_name)\n",
        "tests/test_config.py": 'from app.config import from_envvar\n\ndef test_it():\n    from_envvar("FOO_SETTINGS")\n',
    })
    assert "FOO_SETTINGS" not in {v.name for v in report.env.variables}


def test_a_library_s_public_modules_are_its_api_not_unused(tmp_path):
    report = run(tmp_path, {
        "pyproject.toml": '[project]\nname = "tidy"\n',
        "tidy/__init__.py": "from tidy.core import clean\n",
        "tidy/core.py": "def clean(x):\n    return x\n",
        "tidy/contrib/__init__.py": "",
        "tidy/contrib/s3.py": "def load(path):\n    pass\n",
        "tidy/_legacy.py": "def old():\n    pass\n",
    })
    assert report.kind.kind == "library" and "packaged as tidy" in report.kind.evidence[0]
    assert report.structure.public_api == ("tidy.contrib.s3",)
    assert [o.module for o in report.structure.orphans] == ["tidy._legacy"]


def test_the_kind_of_an_application_comes_from_its_ways_in(tmp_path):
    report = run(tmp_path, {"svc/__init__.py": "", "svc/app.py": 'from flask import Flask\napp = Flask(__name__)\n\n@app.route("/x")\ndef x():\n    pass\n'})
    assert report.kind.kind == "web service" and report.structure.public_api == ()


PROJECT = {
    "{p}/__init__.py": "",
    "{p}/aws.py": """\
        import boto3

        def get_client(name):
            return boto3.client(name)
        """,
    "{p}/jobs.py": """\
        from {p}.aws import get_client
        from {p} import tables

        def run():
            get_client("{service}").send()
            return tables.ROUTES["{service}"]()
        """,
    "{p}/tables.py": """\
        def {service}_handler():
            pass

        ROUTES = {{"{service}": {service}_handler}}
        """,
    "{p}/web.py": """\
        import tornado.web

        class Page(tornado.web.RequestHandler):
            def get(self):
                pass

        def make_app(handlers):
            return tornado.web.Application(handlers)
        """,
    "{p}/main.py": """\
        from {p}.web import Page, make_app

        app = make_app([(r"/{service}", Page)])
        """,
}


def _project(package: str, service: str) -> dict[str, str]:
    return {rel.format(p=package): text.format(p=package, service=service) for rel, text in PROJECT.items()}


def test_independent_projects_are_solved_one_at_a_time_with_the_same_answers(tmp_path):
    """Two projects that import nothing of each other are two parts of the program model; the
    part solved second is read through its own nodes (its factory's service, its table's
    handler), and each part alone gives what the whole gives."""
    from onboard.graph import build_graph
    from onboard.resolve import parts

    both = run(tmp_path / "both", {**_project("alpha", "sqs"), **_project("beta", "sns"), "tool.py": "import beta.jobs\n",
                                   "lonely.py": "print('alone')\n"})
    assert [sorted(p) for p in parts(build_graph(both.repo))] == [
        ["alpha", "alpha.aws", "alpha.jobs", "alpha.main", "alpha.tables", "alpha.web"],
        ["beta", "beta.aws", "beta.jobs", "beta.main", "beta.tables", "beta.web", "tool"], ["lonely"]]
    services = {u.service: sorted({e.path for e in u.evidence}) for u in both.usage if u.provider == "aws" and u.service}
    assert services == {"sqs": ["alpha/aws.py"], "sns": ["beta/aws.py"]}
    assert ("alpha.jobs.run", "alpha.tables.sqs_handler") in edges(both)
    assert ("beta.jobs.run", "beta.tables.sns_handler") in edges(both)
    routes = {(e.name, e.target) for e in both.entry_points if e.kind == "web_route"}
    assert routes == {("GET /sqs", "alpha.web:Page"), ("GET /sns", "beta.web:Page")}  # a list passed in: nodes of each part
    alone = run(tmp_path / "beta", _project("beta", "sns"))
    assert {e for e in edges(both) if e[0].startswith("beta.")} == edges(alone)


def test_merged_answers_renumber_each_parts_nodes_and_values():
    """Parts solved apart number their nodes and values from 0: merged, each site still reads
    its own part's strings, tables and containers."""
    from onboard.resolve import CallEdge, CallGraph, Function
    from onboard.resolve.answers import Answers, merged
    from onboard.resolve.query import ProgramModel

    def part(module: str, text: str) -> Answers:
        # node 0: a string argument; node 1: a dict whose key "k" is held by node 2
        points = {0: (0,), 1: (1,), 2: (0,)}
        values = {0: ("str", text), 1: ("box", "dict")}
        calls = CallGraph((Function(module, f"{module}.py", 1, "module"),), (CallEdge(module, "ext.f", 1),), ())
        return Answers(((module, 1, module, ("ext.f",), (0, 1), ()),), points, values, {}, {}, {}, calls,
                       {1: (("k", 2),)}, {(module, "", "table"): 1}, {})

    model = ProgramModel(merged([part("a", "x"), part("b", "y")], ("a limit",)))
    found = {site.module: site for site in model.sites(lambda name: name == "ext.f", tables=True)}
    for module, text in (("a", "x"), ("b", "y")):
        plain, table = found[module].args
        assert plain.strings == (text,)
        assert [(key, value.strings) for key, value in table.tables[0].items] == [("k", (text,))]
        assert model.variable(module, "", "table").tables[0].items[0][1].strings == (text,)
    assert [f.name for f in model.answers.calls.functions] == ["a", "b"] and model.answers.calls.limits == ("a limit",)


def test_call_sites_asked_by_the_last_part_of_the_name_are_those_every_name_is_asked_for():
    from onboard.resolve import CallGraph
    from onboard.resolve.answers import Answers
    from onboard.resolve.query import ProgramModel

    names = [("click.Group.add_command",), ("app.cli.add_command",), ("click.command",), ("app.command",),
             ("click.group", "app.group"), ("len",), ("add_command",)]
    sites = tuple(("m", line, "m", called, (), ()) for line, called in enumerate(names, 1))
    model = ProgramModel(Answers(sites, {}, {}, {}, {}, {}, CallGraph((), (), ()), {}, {}, {}))

    def lines(found) -> list[int]:
        return [site.line for site in found]

    clicks = lambda name: name.startswith("click.")  # noqa: E731
    assert lines(model.sites(clicks, last=("add_command",))) == [1]
    assert lines(model.sites(lambda name: name.startswith("click.") and name.endswith(".add_command"))) == [1]
    assert lines(model.sites(lambda name: True, last=("group", "command"))) == [3, 4, 5]
    assert lines(model.sites(lambda name: name.rsplit(".", 1)[-1] in ("group", "command"))) == [3, 4, 5]
    assert lines(model.sites(lambda name: True, last=("nothing",))) == []
