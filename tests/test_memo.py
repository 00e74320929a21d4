"""The memo of findings kept by content (a prose page's environment variables): read back for the
same bytes, worked out again for other bytes or another onboard, ignored when it cannot be
trusted, and never a change in what is found nor a failed run."""

from __future__ import annotations

import os
import pickle

import onboard.model.documented_env as documented
from onboard.config import merge
from onboard.memo import Memo
from onboard.model.documented_env import documented_env, prose_findings
from onboard.pipeline import analyse
from onboard.settings import build

PAGE = b"# Settings\n\nSet the environment variable `SHOP_DB_URL` before you start.\n\nThe setting `DEBUG_TOOLBAR` is optional.\n"


def _counting():
    calls = []

    def work(data: bytes):
        calls.append(data)
        return (len(data),)

    return calls, work


def _sized(found: object) -> bool:
    return type(found) is tuple and len(found) == 1 and type(found[0]) is int


def test_the_same_bytes_are_read_back_other_bytes_worked_out(tmp_path):
    calls, work = _counting()
    first = Memo(str(tmp_path), "t", _sized)
    assert first.found(b"abc", work) == (3,)
    first.save()
    again = Memo(str(tmp_path), "t", _sized)
    assert again.found(b"abc", work) == (3,) and again.found(b"abcd", work) == (4,)
    assert calls == [b"abc", b"abcd"]


def test_another_onboard_or_a_bad_foreign_or_misshapen_memo_is_worked_out_again(tmp_path, monkeypatch):
    calls, work = _counting()
    memo = Memo(str(tmp_path), "t", _sized)
    memo.found(b"abc", work)
    memo.save()
    path = tmp_path / "memo-t.pickle"
    version, kept = pickle.loads(path.read_bytes())

    def run() -> tuple:
        return Memo(str(tmp_path), "t", _sized).found(b"abc", work)

    path.write_bytes(pickle.dumps(("another onboard", kept)))
    assert run() == (3,) and len(calls) == 2
    path.write_bytes(b"not a pickle")
    assert run() == (3,) and len(calls) == 3
    path.write_bytes(pickle.dumps((version, {k: os.stat for k in kept})))  # anything but plain data is refused
    assert run() == (3,) and len(calls) == 4
    for wrong in (None, ("AB", "CD"), (3, 4), "3"):  # plain data of the wrong shape: not trusted either
        path.write_bytes(pickle.dumps((version, {k: wrong for k in kept})))
        assert run() == (3,)
    assert len(calls) == 8
    path.write_bytes(pickle.dumps((version, kept)))
    assert run() == (3,) and len(calls) == 8  # the good one is read back
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1)  # another user's file
    assert run() == (3,) and len(calls) == 9


def test_saving_follows_no_link_and_leaves_nothing_behind(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / f"memo-t.pickle.{os.getpid()}.tmp").symlink_to(victim)  # planted where the memo writes aside
    memo = Memo(str(tmp_path), "t", _sized)
    memo.found(b"abc", _counting()[1])
    memo.save()
    assert victim.read_text() == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["victim.txt"]  # the link removed, nothing kept this time
    memo = Memo(str(tmp_path), "t", _sized)
    memo.found(b"abc", _counting()[1])
    memo.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo-t.pickle", "victim.txt"]


def test_without_a_cache_folder_everything_is_worked_out(tmp_path):
    calls, work = _counting()
    for _ in range(2):
        memo = Memo(None, "t", _sized)
        memo.found(b"abc", work)
        memo.save()
    assert len(calls) == 2


def test_prose_pages_are_read_back_from_the_memo_with_the_same_findings(tmp_path, monkeypatch):
    repo, cache = tmp_path / "repo", tmp_path / "cache"
    (repo / "docs").mkdir(parents=True)
    (repo / "docs" / "settings.md").write_bytes(PAGE)
    (repo / "README.md").write_bytes(b"# shop\n\n```\nPORT=8000 shop\n```\n")
    (repo / "shop.py").write_text('import os\n\nURL = os.environ["SHOP_DB_URL"]\nDEBUG = os.getenv("DEBUG_TOOLBAR")\n')
    without = documented_env(str(repo))
    assert without.declared == {"PORT": ("README.md",), "SHOP_DB_URL": ("docs/settings.md",)}
    assert "DEBUG_TOOLBAR" in without.mentioned
    assert all(prose_findings(documented._prose(page)) for page in (PAGE, b"", b"`X` and `Y_Z`"))
    settings = build(merge({}, {}), str(cache))
    first = analyse(str(repo), settings)
    assert (cache / "memo-prose.pickle").is_file()

    def refuse(text):
        raise AssertionError("searched again")

    monkeypatch.setattr(documented, "prose_env", refuse)
    again = analyse(str(repo), settings)  # the pipeline reads both pages back
    assert again.env == first.env
    assert [(v.name, v.documented_in) for v in again.env.variables] == [("DEBUG_TOOLBAR", ("docs/settings.md",)),
                                                                      ("SHOP_DB_URL", ("docs/settings.md",))]
