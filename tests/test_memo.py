"""The memo of findings kept by content (a prose page's environment variables): read back for the
same bytes, worked out again for other bytes or another onboard, ignored when it cannot be
trusted, and never a change in what is found."""

from __future__ import annotations

import os
import pickle

from onboard.memo import Memo
from onboard.model.documented_env import documented_env

PAGE = b"# Settings\n\nSet the environment variable `SHOP_DB_URL` before you start.\n\nThe setting `DEBUG_TOOLBAR` is optional.\n"


def _counting():
    calls = []

    def work(data: bytes):
        calls.append(data)
        return (len(data),)

    return calls, work


def test_the_same_bytes_are_read_back_other_bytes_worked_out(tmp_path):
    calls, work = _counting()
    first = Memo(str(tmp_path), "t")
    assert first.found(b"abc", work) == (3,)
    first.save()
    again = Memo(str(tmp_path), "t")
    assert again.found(b"abc", work) == (3,) and again.found(b"abcd", work) == (4,)
    assert calls == [b"abc", b"abcd"]


def test_another_onboard_or_a_bad_or_foreign_memo_is_empty(tmp_path, monkeypatch):
    calls, work = _counting()
    memo = Memo(str(tmp_path), "t")
    memo.found(b"abc", work)
    memo.save()
    path = tmp_path / "memo-t.pickle"
    code, kept = pickle.loads(path.read_bytes())
    path.write_bytes(pickle.dumps(("another onboard", kept)))
    Memo(str(tmp_path), "t").found(b"abc", work)
    assert len(calls) == 2
    path.write_bytes(b"not a pickle")
    Memo(str(tmp_path), "t").found(b"abc", work)
    assert len(calls) == 3
    path.write_bytes(pickle.dumps((code, {k: os.stat for k in kept})))  # anything but plain data is refused
    assert Memo(str(tmp_path), "t").found(b"abc", work) == (3,) and len(calls) == 4
    path.write_bytes(pickle.dumps((code, kept)))
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1)  # another user's file
    Memo(str(tmp_path), "t").found(b"abc", work)
    assert len(calls) == 5


def test_without_a_cache_folder_nothing_is_kept(tmp_path):
    calls, work = _counting()
    for _ in range(2):
        memo = Memo(None, "t")
        memo.found(b"abc", work)
        memo.save()
    assert len(calls) == 2 and not list(tmp_path.iterdir())


def test_prose_pages_are_read_back_from_the_memo_with_the_same_findings(tmp_path):
    repo, cache = tmp_path / "repo", tmp_path / "cache"
    (repo / "docs").mkdir(parents=True)
    (repo / "docs" / "settings.md").write_bytes(PAGE)
    (repo / "README.md").write_bytes(b"# shop\n\n```\nPORT=8000 shop\n```\n")
    without = documented_env(str(repo))
    assert without.declared == {"PORT": ("README.md",), "SHOP_DB_URL": ("docs/settings.md",)}
    assert "DEBUG_TOOLBAR" in without.mentioned
    memo = Memo(str(cache), "prose")
    assert documented_env(str(repo), memo) == without
    memo.save()
    kept = Memo(str(cache), "prose")
    kept.found(b"", lambda data: ())  # loads it
    assert len(kept._kept) == 3  # both pages and the empty one: nothing else
    read_back = Memo(str(cache), "prose")
    import onboard.model.documented_env as module

    def refuse(text):
        raise AssertionError("searched again")

    original, module.prose_env = module.prose_env, refuse
    try:
        assert documented_env(str(repo), read_back) == without
    finally:
        module.prose_env = original
