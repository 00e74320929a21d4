"""The facts cache knows a file by its signature (`FactsCache.known_key`): an unchanged file is
neither read nor hashed again, a changed one is, a file changed just before its run is never
taken on trust, and a damaged entry or record costs a reading, never a wrong fact."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import onboard.pipeline as pipeline
from onboard.config import merge
from onboard.pipeline import analyse
from onboard.report.json_report import render
from onboard.settings import build

FILES = {
    "shop/__init__.py": '"""A shop."""\n',
    "shop/orders.py": '"""Orders."""\n\n\ndef place(order):\n    """Place it."""\n    return order\n',
    "shop/cli.py": "import sys\n\n\ndef main():\n    print(sys.argv)\n\n\nif __name__ == '__main__':\n    main()\n",
}


@pytest.fixture(scope="module")
def settled(tmp_path_factory) -> dict[str, Path]:
    """Copies of a repository, one a test, whose files were last changed over two seconds ago
    (no longer "racy"); made together, to wait once."""
    trees = {}
    for use in ("change", "damage", "shared"):
        root = trees[use] = tmp_path_factory.mktemp(use) / "repo"
        for name, text in FILES.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
    time.sleep(2.1)
    return trees


def _counting_reads(monkeypatch) -> list[str]:
    read: list[str] = []
    original = pipeline.read_source

    def counted(source, *args, **kwargs):
        read.append(source.path)
        return original(source, *args, **kwargs)

    monkeypatch.setattr(pipeline, "read_source", counted)
    return read


def test_an_unchanged_file_is_not_read_again_and_a_changed_one_is(settled, tmp_path, monkeypatch):
    root = settled["change"]
    settings = build(merge({}, {}), str(tmp_path / "cache"))
    read = _counting_reads(monkeypatch)
    first = render(analyse(str(root), settings))
    assert sorted(read) == sorted(FILES)  # the first run reads everything, and records it
    read.clear()
    assert render(analyse(str(root), settings)) == first
    assert read == []  # known by their signatures, with their facts in the cache

    # a change (a new file replaces the link, as editors and git write files) is read again
    orders = root / "shop/orders.py"
    orders.unlink()
    orders.write_text(FILES["shop/orders.py"] + "\n\ndef cancel(order):\n    return None\n")
    read.clear()
    report = analyse(str(root), settings)
    assert read == ["shop/orders.py"]
    assert "shop.orders.cancel" in render(report)


def test_a_file_changed_just_before_the_run_is_read_every_time(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    (root / "app").mkdir(parents=True)
    (root / "app/__init__.py").write_text("")
    (root / "app/main.py").write_text("def main():\n    return 1\n")
    settings = build(merge({}, {}), str(tmp_path / "cache"))
    read = _counting_reads(monkeypatch)
    analyse(str(root), settings)
    read.clear()
    analyse(str(root), settings)
    # changed within two seconds of the runs: a change in the same tick of a coarse clock
    # would keep its signature, so neither run took it on trust
    assert sorted(read) == ["app/__init__.py", "app/main.py"]


def test_a_damaged_entry_or_record_costs_a_reading_never_a_wrong_fact(settled, tmp_path, monkeypatch):
    root = settled["damage"]
    cache = tmp_path / "cache"
    settings = build(merge({}, {}), str(cache))
    first = render(analyse(str(root), settings))
    read = _counting_reads(monkeypatch)

    packs = list(cache.glob("facts-*/packs/*.pack"))
    assert packs
    for pack in packs:  # every entry damaged: the files known unread must be read after all
        pack.write_bytes(b"\x80\x05garbage" * 64)
    assert render(analyse(str(root), settings)) == first
    assert sorted(read) == sorted(FILES)

    read.clear()
    (record,) = cache.glob("facts-*/files.pickle")
    record.write_bytes(b"not a pickle")
    assert render(analyse(str(root), settings)) == first
    assert sorted(read) == sorted(FILES)  # nothing known: everything read, and recorded again
    read.clear()
    assert render(analyse(str(root), settings)) == first
    assert read == []


def test_a_damaged_entry_shared_by_a_file_known_unread_and_one_read_costs_no_crash(settled, monkeypatch):
    """Two files of the same bytes, one known by its signature (unread), one read this run (new):
    their entry damaged and the known one unreadable now, the other is still parsed and the
    known one reported, never a crash."""
    from onboard.discover import Skipped

    root = settled["shared"]
    (root / "zother").mkdir()  # after the known file in the walk's order
    (root / "zother/__init__.py").write_text(FILES["shop/__init__.py"])  # just written: read, not trusted
    cache = root.parent / "cache"
    settings = build(merge({}, {}), str(cache))
    analyse(str(root), settings)  # records the settled files
    for pack in cache.glob("facts-*/packs/*.pack"):
        pack.write_bytes(b"\x80\x05garbage" * 64)
    original = pipeline.read_source
    unread = []

    def failing(source, *args, **kwargs):  # the known file cannot be read any more
        if source.path == "shop/__init__.py":
            unread.append(source.path)
            return Skipped(source.path, "read-error", "gone")
        return original(source, *args, **kwargs)

    monkeypatch.setattr(pipeline, "read_source", failing)
    report = analyse(str(root), settings)
    assert unread == ["shop/__init__.py"]  # asked after all, when its entry proved damaged
    assert "zother" in {m.name for m in report.repo.modules}
    assert [(n.path, n.reason) for n in report.repo.not_analysed] == [("shop/__init__.py", "read-error")]
