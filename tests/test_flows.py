"""Flows (issue 18): what each way in reaches through the call graph, with witness paths.

The parcel_hub sample is written for this: a route -> a service function in another module -> a
repository method -> an S3 client made by a factory in a third module; a command -> a job -> a
variable read through a settings helper; a route that enqueues a Celery task that writes to a
queue; a dispatch dictionary (uncertain); and dead code that nothing reaches. Hand-built call
graphs test the search's bounds and the rules for `certain`.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import SAMPLES
from onboard.analyses.flow_graph import MAX_DEPTH, MAX_FANOUT, FlowGraph, search
from onboard.analyses.flow_places import Touch
from onboard.cli import main
from onboard.config import merge
from onboard.pipeline import analyse
from onboard.report import markdown
from onboard.report.json_report import to_dict
from onboard.resolve import CallEdge, CallGraph, Function, uncertain_callees
from onboard.settings import build

HUB = SAMPLES / "parcel_hub"


@pytest.fixture(scope="module")
def hub():
    return analyse(str(HUB), build(merge({}, {}), None))


def _flows(report) -> dict[str, dict[tuple[str, str], tuple[bool, list[tuple[str, str, int]]]]]:
    """entry name -> (kind, name) -> (certain, [(function, path, line)])."""
    return {f["entry"]["name"]: {(r["kind"], r["name"]): (r["certain"], [(s["function"], s["path"], s["line"]) for s in r["path"]])
                                 for r in f["reaches"]}
            for f in to_dict(report)["flows"]}


def test_a_route_reaches_s3_through_a_service_a_repository_method_and_a_factory(hub):
    route = _flows(hub)["POST /api/parcels/"]
    to_s3 = [("parcelhub.web.routes.create_parcel", "parcelhub/web/routes.py", 13),
             ("parcelhub.services.parcels.register_parcel", "parcelhub/services/parcels.py", 11),
             ("parcelhub.repository.ParcelRepository.save", "parcelhub/repository.py", 16),
             ("parcelhub.clients.make_s3", "parcelhub/clients.py", 9)]
    assert route == {
        ("service", "storage/aws/s3"): (True, to_s3),
        ("service", "cloud/aws/-"): (True, to_s3),  # `import boto3`, placed where boto3 is called
        ("env_var", "LABEL_BUCKET"): (True, [("parcelhub.web.routes.create_parcel", "parcelhub/web/routes.py", 13),
                                             ("parcelhub.services.parcels.register_parcel", "parcelhub/services/parcels.py", 10),
                                             ("parcelhub.repository.ParcelRepository.__init__", "parcelhub/repository.py", 12),
                                             ("parcelhub.settings.label_bucket", "parcelhub/settings.py", 11)]),
    }


def test_a_command_reaches_a_variable_through_a_job_and_a_settings_helper(hub):
    assert _flows(hub)["digest"] == {
        ("env_var", "NOTIFY_URL"): (True, [("parcelhub.cli.digest", "parcelhub/cli.py", 15), ("parcelhub.jobs.send_digest", "parcelhub/jobs.py", 10),
                                           ("parcelhub.settings.notify_url", "parcelhub/settings.py", 21)]),
        ("service", "http_api/-/-"): (True, [("parcelhub.cli.digest", "parcelhub/cli.py", 15), ("parcelhub.jobs.send_digest", "parcelhub/jobs.py", 10)]),
    }


def test_a_route_that_enqueues_a_task_reaches_the_task_and_its_queue_uncertainly(hub):
    route = _flows(hub)["POST /api/parcels/<reference>/dispatch"]
    enqueue = ("parcelhub.web.routes.dispatch", "parcelhub/web/routes.py", 20)
    assert route[("entry_point", "parcelhub.tasks.dispatch_parcel")] == (False, [enqueue, ("parcelhub.tasks.dispatch_parcel", "parcelhub/tasks.py", 11)])
    assert route[("service", "queue/aws/sqs")] == (False, [enqueue, ("parcelhub.tasks.dispatch_parcel", "parcelhub/tasks.py", 13),
                                                           ("parcelhub.clients.make_sqs", "parcelhub/clients.py", 14)])
    # the module-level `celery = Celery(...)` of the task's module is reached on the way
    assert route[("service", "queue/-/celery")] == (False, [enqueue, ("parcelhub.tasks.dispatch_parcel", "parcelhub/tasks.py", 11),
                                                            ("parcelhub.tasks", "parcelhub/tasks.py", 7)])
    assert set(route) == {("entry_point", "parcelhub.tasks.dispatch_parcel"), ("env_var", "CARRIER_QUEUE_URL"), ("service", "cloud/aws/-"),
                          ("service", "queue/-/celery"), ("service", "queue/aws/sqs")}
    task = _flows(hub)["parcelhub.tasks.dispatch_parcel"]  # the task itself: the same, certain
    assert task[("service", "queue/aws/sqs")] == (True, [("parcelhub.tasks.dispatch_parcel", "parcelhub/tasks.py", 13),
                                                         ("parcelhub.clients.make_sqs", "parcelhub/clients.py", 14)])


def test_a_dispatch_dictionary_makes_its_reachesuncertain_callees(hub):
    page = _flows(hub)["page"]
    assert {key: certain for key, (certain, _) in page.items()} == {
        ("service", "cloud/aws/-"): False, ("service", "email/aws/ses"): False, ("service", "queue/aws/sns"): False}
    assert [f for f, _, _ in page[("service", "queue/aws/sns")][1]] == [
        "parcelhub.cli.page", "parcelhub.jobs.page_on_call", "parcelhub.notify.page", "parcelhub.notify.by_sms", "parcelhub.clients.make_sns"]


def test_dead_code_is_reached_by_nothing(hub):
    flows = to_dict(hub)["flows"]
    text = json.dumps(flows)
    assert "glacier" not in text and "ARCHIVE_VAULT" not in text and "freeze_old_labels" not in text
    assert _flows(hub)["GET /api/health"] == {}
    assert _flows(hub)["parcel-hub"] == {}  # the click group: commands are started by click, not by a call


def test_the_guide_shows_what_each_way_in_touches_and_what_reaches_each_service(hub):
    text = markdown.render(hub)
    assert "| `POST /api/parcels/` | `aws`, `s3`, env `LABEL_BUCKET` |" in text
    assert ("| `POST /api/parcels/<reference>/dispatch` | `aws` (maybe), `celery` (maybe), `sqs` (maybe), "
            "task `parcelhub.tasks.dispatch_parcel` (maybe), env `CARRIER_QUEUE_URL` (maybe) |") in text
    assert ("- `storage/aws/s3`: `parcelhub.web.routes.create_parcel` (`parcelhub/web/routes.py:13`) → `parcelhub.services.parcels.register_parcel` "
            "(`parcelhub/services/parcels.py:11`) → `parcelhub.repository.ParcelRepository.save` (`parcelhub/repository.py:16`) → "
            "`parcelhub.clients.make_s3` (`parcelhub/clients.py:9`)") in text
    assert "| env `NOTIFY_URL` | `parcel-hub digest` |" in text
    assert "| `queue/aws/sqs` | `POST /api/parcels/<reference>/dispatch` (maybe), `parcelhub.tasks.dispatch_parcel` |" in text
    assert "No way in reaches these through the call graph" in text and "`cloud/aws/glacier`, env `ARCHIVE_VAULT`." in text
    how, touches = text.index("## How to run it"), text.index("## What it touches")
    assert how < text.index("### What each way in touches") < touches < text.index("### Reached from")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_trace_prints_the_chains_through_a_service_plain_when_piped():
    result = run("trace", "s3", HUB, "--no-cache")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "web route POST /api/parcels/  parcelhub/web/routes.py:11\n"
        "  parcelhub.web.routes.create_parcel  parcelhub/web/routes.py:13\n"
        "    parcelhub.services.parcels.register_parcel  parcelhub/services/parcels.py:11\n"
        "      parcelhub.repository.ParcelRepository.save  parcelhub/repository.py:16\n"
        "        parcelhub.clients.make_s3  parcelhub/clients.py:9\n"
        "          → service storage/aws/s3\n")
    assert run("trace", "storage/aws/s3", HUB, "--no-cache").output == result.output


def test_trace_of_a_function_joins_the_way_in_to_it_and_what_it_reaches():
    result = run("trace", "parcelhub.notify.page", HUB, "--no-cache")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "cli command parcel-hub page  parcelhub/cli.py:21\n"
        "  parcelhub.cli.page  parcelhub/cli.py:23\n"
        "    parcelhub.jobs.page_on_call  parcelhub/jobs.py:15\n"
        "      parcelhub.notify.page  parcelhub/notify.py:21\n"
        "        parcelhub.notify.by_email  parcelhub/notify.py:12\n"
        "          parcelhub.clients.make_ses  parcelhub/clients.py:24\n"
        "            → service cloud/aws/- (maybe)\n"
        "            → service email/aws/ses (maybe)\n"
        "        parcelhub.notify.by_sms  parcelhub/notify.py:7\n"
        "          parcelhub.clients.make_sns  parcelhub/clients.py:19\n"
        "            → service queue/aws/sns (maybe)\n")
    dead = run("trace", "parcelhub.archive.freeze_old_labels", HUB, "--no-cache")  # no way in reaches it: what it reaches itself
    assert dead.output.splitlines()[0] == "function parcelhub.archive.freeze_old_labels  parcelhub/archive.py:7"
    assert "→ env ARCHIVE_VAULT" in dead.output and "→ service cloud/aws/glacier" in dead.output


def test_trace_json_of_a_variable_and_of_a_route_path():
    data = json.loads(run("trace", "CARRIER_QUEUE_URL", HUB, "--no-cache", "-f", "json").output)
    assert data["matched"] == [{"kind": "env_var", "name": "CARRIER_QUEUE_URL"}]
    assert [(f["entry"]["name"], [r["certain"] for r in f["reaches"]]) for f in data["flows"]] == [
        ("parcelhub.tasks.dispatch_parcel", [True]), ("POST /api/parcels/<reference>/dispatch", [False])]
    route = json.loads(run("trace", "/api/parcels/", HUB, "--no-cache", "-f", "json").output)
    assert route["matched"] == [{"kind": "entry_point", "name": "POST /api/parcels/"}]
    assert [r["name"] for r in route["flows"][0]["reaches"]] == ["LABEL_BUCKET", "cloud/aws/-", "storage/aws/s3"]


def test_the_help_shows_real_output():
    shown = run("trace", "--help").output
    for line in run("trace", "NOTIFY_URL", HUB, "--no-cache").output.splitlines():
        assert f"  {line}\n" in shown


def test_trace_of_an_unknown_name_lists_the_closest_and_exits_2():
    result = CliRunner().invoke(main, ["trace", "NOTIFY_URI", str(HUB), "--no-cache"])
    assert result.exit_code == 2
    assert "no entry point, route, function, service or environment variable is named 'NOTIFY_URI'; closest: NOTIFY_URL" in result.output


def test_the_rich_tree_renders_the_same_chain():
    from onboard.analyses.trace import trace
    from onboard.report.trace import tree

    report = analyse(str(HUB), build(merge({}, {}), None))
    assert tree(trace(report, "NOTIFY_URL"), width=100, color=False) == (
        "cli command parcel-hub digest  parcelhub/cli.py:13\n"
        "└── parcelhub.cli.digest  parcelhub/cli.py:15\n"
        "    └── parcelhub.jobs.send_digest  parcelhub/jobs.py:10\n"
        "        └── parcelhub.settings.notify_url  parcelhub/settings.py:21\n"
        "            └── → env NOTIFY_URL\n")


# hand-built call graphs: the search and `certain`

def _graph(edges: list[tuple[str, str, int, str]], modules: tuple[str, ...] = ("m",)) -> FlowGraph:
    names = sorted({n for e in edges for n in e[:2]} - set(modules))
    functions = [Function(m, f"{m}.py", 1, "module") for m in modules] + [Function(n, "m.py", i + 2, "function") for i, n in enumerate(names)]
    calls = CallGraph(tuple(functions), tuple(CallEdge(*e) for e in edges), ())
    return FlowGraph(calls)


def test_recursion_and_cycles_end_and_the_shortest_path_wins():
    graph = _graph([("m.a", "m.b", 3, "call"), ("m.b", "m.a", 4, "call"), ("m.b", "m.c", 5, "call"), ("m.a", "m.c", 6, "call"),
                    ("m.c", "m.c", 7, "call")])
    found = search(graph, ("m.a",), {"m.c": [Touch("env_var", "X", 9)]})
    assert found.hits[("env_var", "X")].path == (("m.a", 6), ("m.c", 9)) and found.hits[("env_var", "X")].certain
    assert not found.limits


def test_a_certain_path_is_preferred_to_a_shorter_uncertain_one():
    graph = _graph([("m.a", "m.c", 3, "passed"), ("m.a", "m.b", 4, "call"), ("m.b", "m.c", 5, "call")])
    hit = search(graph, ("m.a",), {"m.c": [Touch("service", "s", 8)]}).hits[("service", "s")]
    assert hit.certain and hit.path == (("m.a", 4), ("m.b", 5), ("m.c", 8))


def test_a_function_reaches_its_module_top_level_but_not_what_that_code_calls():
    graph = _graph([("m.a", "m.b", 3, "call"), ("m", "m.c", 9, "call")])
    found = search(graph, ("m.a",), {"m": [Touch("service", "s3", 1)], "m.c": [Touch("env_var", "Y", 2)]})
    assert found.hits[("service", "s3")].path == (("m.a", 2), ("m", 1))
    assert ("env_var", "Y") not in found.hits
    assert ("env_var", "Y") in search(graph, ("m",), {"m.c": [Touch("env_var", "Y", 2)]}).hits  # started as a script, it does


def test_depth_and_fanout_bounds_are_reported():
    chain = _graph([(f"m.f{i}", f"m.f{i + 1}", i + 1, "call") for i in range(MAX_DEPTH + 5)])
    found = search(chain, ("m.f0",), {f"m.f{MAX_DEPTH + 5}": [Touch("env_var", "END", 1)]})
    assert found.limits == {"depth"} and not found.hits
    wide = _graph([("m.hub", f"m.g{i:03}", i + 1, "call") for i in range(MAX_FANOUT + 1)])
    found = search(wide, ("m.hub",), {f"m.g{MAX_FANOUT:03}": [Touch("env_var", "LAST", 1)], "m.g000": [Touch("env_var", "FIRST", 1)]})
    assert found.limits == {"fanout"} and set(found.hits) == {("env_var", "FIRST")}


def test_the_visits_bound_counts_every_edge_to_a_new_function(monkeypatch):
    import onboard.analyses.flow_graph as flow_graph

    # the hub's 4 successors (3 functions, its module's top level) fit in 5, the 4 callees of
    # `m.b` do not: the search stops there, before `m.c`
    graph = _graph([("m.hub", "m.a", 2, "call"), ("m.hub", "m.b", 3, "call"), ("m.hub", "m.c", 4, "call"),
                    *((("m.b", f"m.d{i}", i + 1, "call")) for i in range(4))])
    monkeypatch.setattr(flow_graph, "MAX_VISITS", 5)
    wanted = {"m.a": [Touch("env_var", "A", 1)], "m.c": [Touch("env_var", "C", 1)], "m.d0": [Touch("env_var", "D", 1)]}
    found = search(graph, ("m.hub",), wanted)
    assert found.limits == {"visits"} and set(found.hits) == {("env_var", "A")} and found.visited == 5
    monkeypatch.setattr(flow_graph, "MAX_VISITS", 9)  # exactly as many as there are: no bound met
    found = search(graph, ("m.hub",), {"m.d3": [Touch("env_var", "D", 1)]})
    assert not found.limits and found.hits[("env_var", "D")].path == (("m.hub", 3), ("m.b", 4), ("m.d3", 1))


def test_a_callers_edges_are_found_whatever_the_order_of_the_edges():
    from onboard.analyses.flow_places import Callers

    edges = (CallEdge("m.b", "m.x", 1), CallEdge("m.a", "m.y", 2), CallEdge("m.b", "m.z", 3), CallEdge("m.a", "m.x", 4))
    callers = Callers(edges)
    assert callers.edges("m.a") == (edges[1], edges[3]) and callers.edges("m.b") == (edges[0], edges[2])
    assert callers.edges("m.c") == () and Callers(tuple(sorted(edges))).edges("m.a") == (edges[3], edges[1])


def test_ways_in_that_start_at_the_same_functions_share_a_search_and_each_counts_its_visits(hub):
    from dataclasses import replace

    from onboard.analyses.flows import Tracer

    tracer = Tracer(hub.repo, hub.calls, hub.entry_points, hub.usage, hub.env)
    route = next(e for e in tracer.starts if e.name == "POST /api/parcels/")
    twin = replace(route, name="POST /api/v2/parcels/")
    tracer.starts[twin] = tracer.starts[route]
    first = tracer.flow(route)
    visited = tracer.visited
    assert tracer.flow(twin) == replace(first, entry=twin) and tracer.visited == 2 * visited > 0
    # a search for something else is its own
    only = {"parcelhub.clients.make_s3": [Touch("function", "parcelhub.clients.make_s3", 1)]}
    assert [r.name for r in tracer.reaches(tracer.starts[route], only)[0]] == ["parcelhub.clients.make_s3"]


def test_several_callees_of_one_call_site_are_uncertain_several_calls_on_a_line_are_not():
    from collections import Counter

    # `asyncio.gather(_check_db(), _check_redis())`: three calls, each its own function
    assert uncertain_callees(["m._check_db", "m._check_redis"], ["asyncio.gather"], Counter({"gather": 1, "_check_db": 1, "_check_redis": 1})) == set()
    # `self.repo.save()` resolving to two classes' `save`
    assert uncertain_callees(["m.A.save", "m.B.save"], [], Counter({"save": 1})) == {"m.A.save", "m.B.save"}
    # `fn(x)` with a parameter bound to two functions; `HANDLERS[key](x)` even with one callee left on the line
    assert uncertain_callees(["m.f", "m.g"], [], Counter({"fn": 1})) == {"m.f", "m.g"}
    assert uncertain_callees(["m.g"], [], Counter({"[]": 1})) == {"m.g"}
    # `Order(ref=_new_reference())`: a class called and a function
    assert uncertain_callees(["m.Order.__init__", "m._new_reference"], [], Counter({"Order": 1, "_new_reference": 1})) == set()


def test_a_flow_graph_built_on_the_places_searches_as_one_built_alone(hub):
    """The tracer hands its places (functions by name, modules by path, edges by caller) to its
    flow graph instead of having them worked out twice: the same searches come out."""
    from onboard.analyses.flow_places import Places

    alone, shared = FlowGraph(hub.calls), FlowGraph(hub.calls, Places(hub.repo, hub.calls))
    for function in alone.functions:
        assert search(alone, (function,), {}) == search(shared, (function,), {})
        assert alone.view(function, False) == shared.view(function, False) and alone.view(function, True) == shared.view(function, True)
