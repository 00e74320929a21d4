"""The program model's answers kept in the cache folder: an unchanged tree reads them back and
gets the same report without solving; a changed file, another module layout or onboard's own code
is another entry; a corrupt or foreign entry is a miss, never an error."""

from __future__ import annotations

import dataclasses
import os
import pickle
import shutil
from pathlib import Path

import pytest

import onboard.pipeline
from onboard.config import merge
from onboard.pipeline import analyse
from onboard.report.json_report import render
from onboard.settings import build
from onboard.resolve.answers import ANSWERS_FORMAT

SAMPLE = Path(__file__).resolve().parent.parent / "sample_repos" / "etl_pipeline"


def _settings(cache):
    return dataclasses.replace(build(merge({}, {}), None), cache_dir=str(cache))


def _entries(cache) -> list[Path]:
    return sorted((Path(cache) / f"answers-{ANSWERS_FORMAT}").glob("*.pickle"))


@pytest.fixture
def counted(monkeypatch):
    """How many times the program is solved."""
    solved = []
    real = onboard.pipeline.parts

    def counting(graph):  # the program is cut into its parts once a solve
        solved.append(1)
        return real(graph)

    monkeypatch.setattr(onboard.pipeline, "parts", counting)
    return solved


def test_an_unchanged_tree_reads_the_answers_back_and_reports_the_same(tmp_path, counted):
    fresh = render(analyse(str(SAMPLE), build(merge({}, {}), None)))  # no cache folder: solved, nothing kept
    assert len(counted) == 1
    first = render(analyse(str(SAMPLE), _settings(tmp_path)))
    second = render(analyse(str(SAMPLE), _settings(tmp_path)))
    assert len(counted) == 2 and len(_entries(tmp_path)) == 1  # the second run did not solve
    assert fresh == first == second
    assert '"calls"' in second and "etl.archive" in second  # the call graph came back whole


def test_a_changed_file_is_solved_again(tmp_path, counted):
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE, repo)
    analyse(str(repo), _settings(tmp_path / "cache"))
    target = next(p for p in sorted(repo.rglob("*.py")) if p.stat().st_size > 0)
    target.write_text(target.read_text() + "\n\ndef added():\n    return len([])\n")
    report = analyse(str(repo), _settings(tmp_path / "cache"))
    assert len(counted) == 2 and len(_entries(tmp_path / "cache")) == 2
    assert any(f.name.endswith(".added") for f in report.calls.functions)


@pytest.mark.parametrize("content", [b"not a pickle", pickle.dumps((99, "old format")), b"", pickle.dumps(os.stat_result)])
def test_a_corrupt_or_foreign_entry_is_a_miss(tmp_path, counted, content):
    expected = render(analyse(str(SAMPLE), _settings(tmp_path)))
    (entry,) = _entries(tmp_path)
    entry.write_bytes(content)  # a class (os.stat_result) is refused by the unpickler too
    assert render(analyse(str(SAMPLE), _settings(tmp_path))) == expected
    assert len(counted) == 2


def test_only_the_most_recent_entries_are_kept(tmp_path, counted):
    repo = tmp_path / "repo"
    repo.mkdir()
    for round_ in range(6):
        (repo / "app.py").write_text(f"def f{round_}():\n    return len([])\n\n\nf{round_}()\n")
        analyse(str(repo), _settings(tmp_path / "cache"))
    assert len(counted) == 6 and len(_entries(tmp_path / "cache")) == 4


def test_an_edit_the_program_model_cannot_see_keeps_its_answers(tmp_path, counted):
    """The answers are keyed by what the model reads (the modelled modules' summaries and
    layout), not by every file's bytes: a test edited, a comment appended to a module, are no
    reason to solve again; an edit of the code is. Each report equals one made from scratch."""
    repo = tmp_path / "repo"
    shutil.copytree(SAMPLE, repo)
    analyse(str(repo), _settings(tmp_path / "cache"))
    module = repo / "etl" / "runner.py"
    edits = [
        (repo / "tests" / "test_transform.py", "\n\ndef test_more():\n    assert len([]) == 0\n", False),
        (module, "# a comment appended: no line of the code moves\n", False),
        (module, "\n\ndef added():\n    return len([])\n", True),
    ]
    for path, text, solves in edits:
        path.write_text(path.read_text() + text)
        before = len(counted)
        kept = render(analyse(str(repo), _settings(tmp_path / "cache")))
        assert len(counted) - before == int(solves), path
        assert kept == render(analyse(str(repo), build(merge({}, {}), None)))  # from scratch, no cache
    assert '"etl.runner.added"' in kept


def _rewritten(entry: Path, change) -> None:
    """The entry with one of its fields changed by `change(fields)`, pickled again as plain data."""
    fields = list(pickle.loads(entry.read_bytes()))
    change(fields)
    entry.write_bytes(pickle.dumps(tuple(fields), protocol=5))


@pytest.mark.parametrize("damage", ["blob", "edge"])
def test_an_entry_damaged_inside_is_a_miss_before_any_question(tmp_path, counted, damage):
    """The chunks read on first use are checked when the entry is read (their CRC-32), and so
    are the call graph's rows: damage is a miss then, not a failure in the middle of the analyses."""
    expected = render(analyse(str(SAMPLE), _settings(tmp_path)))
    (entry,) = _entries(tmp_path)

    def change(fields):
        if damage == "blob":
            data = bytearray(fields[3])
            data[len(data) // 2] ^= 0xFF
            fields[3] = bytes(data)
        else:
            fields[12] = (*fields[12], ("only", "three", 1))
    _rewritten(entry, change)
    assert render(analyse(str(SAMPLE), _settings(tmp_path))) == expected
    assert len(counted) == 2


def test_the_kept_answers_read_on_first_use_are_the_solved_ones():
    """Sites, nodes' values and values packed in chunks read back the same, over several chunks,
    keys absent from any chunk included."""
    from onboard.resolve.chunks import Blob, LazyMapping, LazySequence, pack_mapping, pack_sequence

    sites = tuple(("m", line, "m.f", (f"n{line % 7}",), (line,), ()) for line in range(1000))
    points = {node: (node, node + 1) for node in range(0, 3000, 3)}
    blob = Blob()
    packed_sites, packed_points = pack_sequence(blob, sites), pack_mapping(blob, points)
    data, _ = blob.joined()
    read = Blob(data)
    lazy_sites, lazy_points = LazySequence(read, *packed_sites), LazyMapping(read, packed_points, len(points))
    assert len(lazy_sites) == len(sites) and [lazy_sites[i] for i in (999, 0, 256, 255)] == [sites[i] for i in (999, 0, 256, 255)]
    assert len(lazy_sites.loaded) == 3  # only the chunks asked for
    assert tuple(lazy_sites) == sites
    with pytest.raises(IndexError):
        lazy_sites[1000]
    assert lazy_points.get(2997) == points[2997] and lazy_points.get(2998) is None and lazy_points.get(10**6, ()) == ()
    assert 3 in lazy_points and 4 not in lazy_points and lazy_points[0] == (0, 1)
    assert dict(lazy_points) == points and len(lazy_points) == len(points)


def test_the_callee_index_read_on_first_use_is_the_whole_one():
    from onboard.resolve.chunks import Blob, LazyIndex, LazySequence, pack_sequence

    index = {f"m.f{n}": tuple(range(n, n + 3)) for n in range(600)}
    blob = Blob()
    packed = pack_sequence(blob, tuple(index.values()))
    lazy = LazyIndex(tuple(index), LazySequence(Blob(blob.joined()[0]), *packed))
    assert lazy["m.f599"] == index["m.f599"] and lazy.get("m.f3") == (3, 4, 5) and lazy.get("absent", ()) == ()
    assert "m.f0" in lazy and "absent" not in lazy and len(lazy) == 600 and list(lazy) == list(index)
    assert dict(lazy) == index


def test_the_answers_key_follows_each_summary_with_or_without_its_digest():
    """`model_inputs` reads each summary's digest, made with the summary by the parser; facts made
    elsewhere without one are digested then: the same key either way, another for another summary."""
    from onboard.facts import summary_digest
    from onboard.graph import build_graph
    from onboard.resolve import model_inputs
    from tests.test_graph import facts, repo

    def key(summary: bytes, with_digest: bool) -> str:
        made = facts()._replace(summary=summary, summary_digest=summary_digest(summary) if with_digest else b"")
        return model_inputs(build_graph(repo({"app": ("app/__init__.py", made)})))

    assert key(b"one", True) == key(b"one", False) != key(b"two", False) == key(b"two", True)
