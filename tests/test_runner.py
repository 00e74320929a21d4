"""The parse runner: worker isolation (crash, hang), the cache, and warm runs without workers."""

from __future__ import annotations

import os
import signal
import time

import pytest

import onboard.parse.extract as extract_module
from onboard.facts import Failure, FileFacts
from onboard.parse.cache import FactsCache, content_key
from onboard.parse.runner import Limits, parse_all


def parse(*args, **kwargs):
    return parse_all(*args, **kwargs)[0]

GOOD = [(f"m{i}.py", f'"""Module {i}."""\n'.encode()) for i in range(30)]


def _sabotaged(real):
    def extract(path, data):
        if b"CRASH" in data:
            os.kill(os.getpid(), signal.SIGSEGV)
        if b"HANG" in data:
            time.sleep(60)
        return real(path, data)

    return extract


@pytest.fixture
def sabotaged(monkeypatch):
    """Workers are forked, so they inherit this patched `extract`."""
    monkeypatch.setattr(extract_module, "extract", _sabotaged(extract_module.extract))


def test_a_crashing_file_costs_that_file_only(sabotaged):
    sources = GOOD + [("boom.py", b"# CRASH\n"), ("zz.py", b"x = 1\n")]
    results = parse(sources, FactsCache(None), Limits(jobs=2, file_timeout=10))
    assert results["boom.py"] == Failure("parser-crashed", "the parser process died (SIGSEGV)")
    assert all(isinstance(results[path], FileFacts) for path, _ in GOOD + [("zz.py", b"")])


def test_a_hanging_file_times_out_and_the_run_goes_on(sabotaged):
    start = time.monotonic()
    results = parse(GOOD[:5] + [("slow.py", b"# HANG\n")], FactsCache(None), Limits(jobs=2, file_timeout=1))
    assert results["slow.py"].reason == "timeout"
    assert all(isinstance(results[path], FileFacts) for path, _ in GOOD[:5])
    assert time.monotonic() - start < 30


def test_warm_run_parses_nothing_and_starts_no_worker(tmp_path, monkeypatch):
    cache = FactsCache(tmp_path)
    sources = GOOD + [("bad.py", b"print 'x'\n")]
    cold = parse(sources, cache, Limits(jobs=2))
    [folder] = tmp_path.iterdir()  # onboard's own folder; nothing written beside it
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (folder / ".gitignore").exists()

    import pebble

    def no_pool(*args, **kwargs):
        raise AssertionError("a warm run started worker processes")

    monkeypatch.setattr(pebble, "ProcessPool", no_pool)
    assert parse(sources, FactsCache(tmp_path), Limits(jobs=2)) == cold


def test_corrupt_or_foreign_cache_entries_are_misses(tmp_path):
    cache = FactsCache(tmp_path)
    data = b'"""Doc."""\n'
    parse([("a.py", data)], cache, Limits(jobs=1))
    pack, offset, length = cache._location(content_key(data))
    whole = pack.read_bytes()
    pack.write_bytes(whole[:offset] + b"g" * length + whole[offset + length:])
    assert FactsCache(tmp_path).get(content_key(data)) is None
    import pickle

    foreign = pickle.dumps(os.getcwd)  # not a fact class: refused, not called
    pack.write_bytes(whole[:offset] + foreign + whole[offset + len(foreign):])
    assert FactsCache(tmp_path).get(content_key(data)) is None
    pack.write_bytes(whole[:offset])  # cut short
    assert FactsCache(tmp_path).get(content_key(data)) is None
    from onboard.facts import _row

    short = pickle.dumps(_row(FileFacts, (1, True)), protocol=5)  # a fact of too few fields
    pack.write_bytes(whole[:offset] + short + b"\0" * (length - len(short)) + whole[offset + length:])
    assert FactsCache(tmp_path).get(content_key(data)) is None
    longer = pickle.dumps(parse([("b.py", b'"""A longer docstring."""\n')], FactsCache(tmp_path / "other"), Limits(jobs=1))["b.py"], protocol=5)
    assert len(longer) > length  # a whole fact that runs past its entry's end (into the next entry)
    pack.write_bytes(whole[:offset] + longer + whole[offset + length:])
    assert FactsCache(tmp_path).get(content_key(data)) is None
    (pack.parent.parent / "index.pickle").write_bytes(b"garbage")
    assert not FactsCache(tmp_path).has(content_key(data))
    assert isinstance(parse([("a.py", data)], FactsCache(tmp_path), Limits(jobs=1))["a.py"], FileFacts)
    assert FactsCache(tmp_path).get(content_key(data)) is not None  # parsed again and cached again


def test_transient_failures_are_not_cached(tmp_path):
    cache = FactsCache(tmp_path)
    cache.put("k" * 40, Failure("timeout", "slow"))
    cache.put("j" * 40, Failure("syntax-error", "bad", 1))
    assert cache.get("k" * 40) is None and cache.get("j" * 40) == Failure("syntax-error", "bad", 1)


def test_identical_contents_are_parsed_once_and_reported_per_path(tmp_path, monkeypatch):
    log = tmp_path / "parsed.log"
    real = extract_module.extract

    def counting(path, data):
        with open(log, "a") as handle:
            handle.write(path + "\n")
        return real(path, data)

    monkeypatch.setattr(extract_module, "extract", counting)
    results, stats = parse_all([("a/__init__.py", b""), ("b/__init__.py", b""), ("c.py", b"x = 1\n")], FactsCache(None), Limits(jobs=2))
    assert set(results) == {"a/__init__.py", "b/__init__.py", "c.py"} and results["a/__init__.py"] == results["b/__init__.py"]
    assert sorted(log.read_text().split()) == ["a/__init__.py", "c.py"] and (stats.cached, stats.parsed) == (0, 2)


def test_a_bug_in_extraction_costs_one_file(monkeypatch):
    import onboard.parse.extract as module

    def broken(data, tree):
        raise KeyError("simulated bug")

    monkeypatch.setattr(module, "_facts", broken)
    result = module.extract("x.py", b"x = 1\n")
    assert result.reason == "internal-error" and "simulated bug" in result.message


def test_a_file_over_the_worker_memory_cap_is_out_of_memory_and_the_run_goes_on():
    data = b"x = [" + b", ".join(b"%d" % i for i in range(1_000_000)) + b"]\n"
    limits = Limits(jobs=1, file_timeout=60, memory_bytes=300 * 1024**2)
    results = parse([("big.py", data), ("ok.py", b"x = 1\n")], FactsCache(None), limits)
    assert results["big.py"].reason == "out-of-memory"
    assert isinstance(results["ok.py"], FileFacts)


def test_every_kind_of_fact_round_trips_through_the_cache(tmp_path, monkeypatch):
    """The facts of every sample file (calls with nested calls, constants, env reads, service
    hints, ...) come back from the cache: a warm run of all of them starts no worker."""
    from conftest import SAMPLES

    sources = [(str(p.relative_to(SAMPLES)), p.read_bytes()) for p in sorted(SAMPLES.rglob("*.py"))]
    cold = parse(sources, FactsCache(tmp_path), Limits(jobs=2))
    assert any(getattr(facts, "calls", ()) for facts in cold.values())  # the samples do record calls

    import pebble

    def no_pool(*args, **kwargs):
        raise AssertionError("a warm run started worker processes")

    monkeypatch.setattr(pebble, "ProcessPool", no_pool)
    assert parse(sources, FactsCache(tmp_path), Limits(jobs=2)) == cold


def test_a_few_changed_files_are_parsed_in_one_forked_child_without_the_pool(tmp_path, monkeypatch):
    """The incremental case: a handful of misses goes to one child process forked directly (no
    pool to import, start and poll); the results are the pool's, and they are cached."""
    cache = FactsCache(tmp_path)
    parse(GOOD, cache, Limits(jobs=2))
    changed = [(path, data + b"\n# changed\n") if index < 2 else (path, data) for index, (path, data) in enumerate(GOOD)]
    import pebble

    def no_pool(*args, **kwargs):
        raise AssertionError("a small job started the pool")

    monkeypatch.setattr(pebble, "ProcessPool", no_pool)
    results, stats = parse_all(changed, FactsCache(tmp_path), Limits(jobs=2))
    assert (stats.parsed, stats.cached) == (2, len(GOOD) - 2)
    assert all(isinstance(results[path], FileFacts) for path, _ in changed)
    monkeypatch.undo()
    assert parse_all(changed, FactsCache(tmp_path), Limits(jobs=2))[1].parsed == 0  # the child cached them


def test_the_summary_is_kept_encoded_and_decoded_only_into_scopes():
    """The program model's summary crosses the process boundary and the cache as bytes; reading
    it back accepts `Scope` and plain data only: damaged or foreign bytes are no summary."""
    import pickle

    from onboard.facts import Scope, decode_scopes, encode_scopes
    from onboard.parse.extract import extract

    facts = extract("m.py", b"import boto3\n\ndef make(name):\n    return boto3.client(name)\n\nclass Repo:\n    def get(self):\n        return make('s3')\n")
    assert isinstance(facts.summary, bytes) and facts.summary
    names = [(s.kind, s.name) for s in facts.scopes]
    assert names == [("module", ""), ("function", "make"), ("class", "Repo"), ("function", "Repo.get")]
    assert decode_scopes(encode_scopes(facts.scopes)) == facts.scopes
    assert decode_scopes(facts.summary[:-3]) == ()  # cut short
    assert decode_scopes(pickle.dumps((os.getcwd,))) == ()  # a foreign class is refused, not called
    assert decode_scopes(pickle.dumps(("not", "scopes"))) == ()
    assert encode_scopes(()) == b"" and decode_scopes(b"") == ()
    assert all(type(s) is Scope for s in facts.scopes)
