"""Where a docstring would help most, on the flask sample (checked by hand)."""

from __future__ import annotations

from conftest import SAMPLES
from onboard.pipeline import analyse
from onboard.config import merge
from onboard.settings import build


def test_undocumented_modules_rank_by_fan_in_then_entry_points_then_size():
    report = analyse(str(SAMPLES / "flask_service"), build(merge({}, {}), None))
    ranked = [(p.module, p.reason) for p in report.doc_priorities]
    assert ranked[:2] == [("orderdesk.storage", "imported by 2 modules, 60 lines"),
                          ("orderdesk.api.orders", "imported by 1 module, declares 3 entry points, 57 lines")]
    assert {m.module for m in report.docs.undocumented} == {m for m, _ in ranked}  # the same modules, ranked


def test_entry_points_without_docstrings_start_here_first():
    report = analyse(str(SAMPLES / "flask_service"), build(merge({}, {}), None))
    wanted = [(w.target, w.line, w.how, w.name) for w in report.docstrings_wanted]
    assert wanted[0] == ("orderdesk.cli:main", 42, "console script", "orderdesk")  # start here, undocumented
    assert ("orderdesk.cli:requeue", 34, "command", "orderdesk requeue") in wanted
    assert not any(target == "orderdesk.cli:initdb" for target, *_ in wanted)  # it has a docstring


def test_only_the_modules_of_the_entry_points_are_looked_in_and_the_last_item_of_a_name_wins():
    from onboard.analyses.doc_priorities import wanted
    from onboard.analyses.docs import DocsResult, Missing, ModuleDocs
    from onboard.analyses.objects import EntryPoint

    def docs(module: str, path: str, *missing: Missing) -> ModuleDocs:
        return ModuleDocs(module, path, "package", 5, 5 - len(missing), True, "", missing)

    modules = (docs("app.cli", "app/cli.py", Missing("run", "function", 3), Missing("run", "function", 9)),
               docs("app.jobs", "app/jobs.py", Missing("Nightly", "class", 4), Missing("Nightly.go", "method", 5)),
               docs("app.other", "app/other.py", Missing("serve", "function", 2)))
    result = DocsResult(None, ("package",), {}, {}, modules, ())
    entries = (EntryPoint("console_script", "app", "app.cli:run", "app/cli.py", 9, "package"),
               EntryPoint("task", "nightly", "app.jobs:Nightly", "app/jobs.py", 4, "package"),
               EntryPoint("task", "go", "app.jobs:Nightly.go", "app/jobs.py", 5, "package"))
    assert [(w.target, w.line) for w in wanted(result, entries)] == [("app.cli:run", 9), ("app.jobs:Nightly", 4)]
