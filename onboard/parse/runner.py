"""Run `extract` over many files: cache first, then isolated worker processes for the rest.

Each worker caps its address space (`RLIMIT_AS`) and arms a per-file timer whose signal kills
it, so a file that hangs, eats memory or crashes a parser kills at most its
worker. Work goes out in chunks to amortise process overhead; when a chunk's worker dies, each
file of the chunk is retried alone, and only the file that kills its worker again is reported
(`timeout`, `parser-crashed (SIGSEGV)`, ...). pebble replaces dead workers. A run whose files
are all cached starts no process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from onboard.facts import Failure, FileFacts
from onboard.frozen import record
from onboard.parse.cache import FactsCache, Location, cacheable, content_key, write_pack

Result = FileFacts | Failure
_CHUNK_BYTES = 256 * 1024
_CHUNK_FILES = 48


@record
class ParseStats:
    """How much of a run came from the cache (for `-v`; never in a report, which must not
    depend on the cache)."""

    cached: int
    parsed: int


@record
class Limits:
    """Per-file budget of a worker."""

    jobs: int = 2
    file_timeout: float = 20.0
    memory_bytes: int = 2 * 1024**3


def _init_worker(memory_bytes: int) -> None:
    import faulthandler
    import resource

    faulthandler.disable()  # a parser crash is reported as a value, not as a traceback on stderr
    _collect_rarely()
    signal.signal(signal.SIGALRM, signal.SIG_DFL)  # the timer's signal ends the worker
    if memory_bytes > 0:
        # The budget is on top of what the worker starts with: a forked worker begins with the
        # parent's address space, which grows with the repository.
        try:
            with open("/proc/self/statm") as handle:
                start = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            start = 0
        try:
            resource.setrlimit(resource.RLIMIT_AS, (start + memory_bytes, start + memory_bytes))
        except (ValueError, OSError):
            pass


# Parsing allocates millions of short-lived objects (the AST and its facts), and every 700
# allocations the cyclic collector walks its youngest generation: several % of the parse.
# The trees hold no reference cycles and die by reference counting when a file is done, so a
# worker collects a few hundred times less often (mypy does the same). What the worker inherits
# from the parent at fork is frozen first, so collections never walk it (nor copy its pages).
_WORKER_GC_THRESHOLD = (200_000, 30, 30)


def _collect_rarely() -> None:
    gc.freeze()
    gc.set_threshold(*_WORKER_GC_THRESHOLD)
    gc.enable()  # the parent forks with its collector off (while it receives results)


def _parse_chunk(chunk: Sequence[tuple[str, str, bytes]], file_timeout: float, cache_folder: Path | None) -> list[tuple[str, bytes, Location | None]]:
    """Parse in a worker; each result is pickled once, for the cache (one pack for the chunk)
    and for the trip home, with where the pack holds it."""
    from onboard.parse.extract import extract
    from onboard.parse.notebook_facts import extract_notebook

    out, keep = [], []
    for key, path, data in chunk:
        signal.setitimer(signal.ITIMER_REAL, file_timeout)
        try:
            result = extract_notebook(data) if path.endswith(".ipynb") else extract(path, data)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        blob = pickle.dumps(result, protocol=5)
        if cacheable(result):
            keep.append((key, blob))
        out.append((key, blob))
    places = write_pack(cache_folder, keep) if cache_folder is not None else {}
    return [(key, blob, places.get(key)) for key, blob in out]


def _chunks(items: list[tuple[str, str, bytes]], jobs: int) -> list[list[tuple[str, str, bytes]]]:
    total = sum(len(data) for _, _, data in items)
    budget = max(16 * 1024, min(_CHUNK_BYTES, total // max(1, 4 * jobs)))
    chunks, current, size = [], [], 0
    for item in items:
        if current and (size + len(item[2]) > budget or len(current) >= _CHUNK_FILES):
            chunks.append(current)
            current, size = [], 0
        current.append(item)
        size += len(item[2])
    if current:
        chunks.append(current)
    return chunks


def _death(error: BaseException, file_timeout: float) -> Failure:
    import concurrent.futures  # (with the worker pool only: a run whose facts are all cached starts none)

    code = getattr(error, "exitcode", None)
    if isinstance(error, MemoryError):
        return Failure("out-of-memory", "the parser process ran out of memory")
    if isinstance(error, concurrent.futures.TimeoutError) or code == -signal.SIGALRM:
        return Failure("timeout", f"parsing took longer than {file_timeout:g} s")
    if isinstance(code, int) and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if name == "SIGKILL":
            return Failure("out-of-memory", "the parser process was killed (SIGKILL), most likely for memory")
        return Failure("parser-crashed", f"the parser process died ({name})")
    return Failure("parser-crashed", f"the parser process failed ({type(error).__name__}: {error})")


# pebble's pool polls its state every `sleep_unit` seconds (0.1 by default). A run of a few
# changed files pays that tick as latency at start and at shutdown, so a small job polls every
# 0.01 s; a large one keeps the default, because polling a hundred times a second costs the
# parent CPU that the workers need (0.17 s of 0.43 s over a cold run of Django).
_FINE_TICK, _COARSE_TICK = 0.01, 0.1  # seconds
_SMALL_JOB = 2 * 1024 * 1024  # bytes to parse: about two seconds of work


def _run_pool(misses: list[tuple[str, str, bytes]], limits: Limits, cache_folder: Path | None, done: Callable[[str, Result, Location | None], None],
              meanwhile: Callable[[], list[tuple[str, str, bytes]]] = list) -> None:
    """Parse `misses` in worker processes, calling `done` with each result. `meanwhile` runs in
    this process while the workers start and parse; the misses it returns are parsed too."""
    import pebble
    import concurrent.futures

    from pebble import ProcessPool

    consts = getattr(pebble, "CONSTS", None)
    if consts is not None and hasattr(consts, "sleep_unit"):
        consts.sleep_unit = _FINE_TICK if sum(len(item[2]) for item in misses) < _SMALL_JOB else _COARSE_TICK

    # Largest files first: the last chunks are the small ones, so the workers finish together
    # instead of one parsing a big file alone at the end.
    chunks = _chunks(sorted(misses, key=lambda item: -len(item[2])), limits.jobs)
    workers = max(1, min(limits.jobs, len(chunks)))
    with ProcessPool(max_workers=workers, initializer=_init_worker, initargs=(limits.memory_bytes,)) as pool:
        def submit(chunk):
            return pool.submit(_parse_chunk, limits.file_timeout * len(chunk) + 10, chunk, limits.file_timeout, cache_folder)

        pending = {submit(chunk): chunk for chunk in chunks}
        late = meanwhile()
        pending.update({submit(chunk): chunk for chunk in _chunks(late, limits.jobs)})
        while pending:
            finished, _ = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in finished:
                chunk = pending.pop(future)
                try:
                    for key, blob, place in future.result():
                        done(key, pickle.loads(blob), place)
                except Exception as error:
                    if len(chunk) > 1:  # find the culprit: every file of the chunk again, alone
                        pending.update({submit([item]): [item] for item in chunk})
                    else:
                        done(chunk[0][0], _death(error, limits.file_timeout), None)


def _run_forked(misses: list[tuple[str, str, bytes]], limits: Limits, cache_folder: Path | None, done: Callable[[str, Result, Location | None], None],
                meanwhile: Callable[[], list[tuple[str, str, bytes]]]) -> None:
    """A small job (a few changed files) in one child process forked directly: the same
    isolation as a pool worker (its own memory cap, a timer per file whose signal ends it, nothing
    of the child's reaches this process but its pickled results), without the pool's imports,
    threads and polling, which cost an incremental run more than the file itself. If the child
    dies, the pool takes the job over and finds the file that kills it."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        status = 1
        try:
            os.close(read_end)
            _init_worker(limits.memory_bytes)
            view = memoryview(pickle.dumps(_parse_chunk(misses, limits.file_timeout, cache_folder), protocol=5))
            while view:
                view = view[os.write(write_end, view):]
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        late = meanwhile()  # while the child parses
    finally:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()  # until the child exits, however it ends
        _, status = os.waitpid(pid, 0)
    parsed = None
    if status == 0:
        try:
            parsed = pickle.loads(data)
        except Exception:
            parsed = None
    if parsed is None:
        _run_pool(misses, limits, cache_folder, done)
    else:
        for key, blob, place in parsed:
            done(key, pickle.loads(blob), place)
    if late:
        _run_pool(late, limits, cache_folder, done)


@contextlib.contextmanager
def _kept_out_of_collections() -> Iterator[None]:
    """Load cached facts (or receive parsed ones) without the cyclic garbage collector, then
    freeze them (`gc.freeze`).

    A warm run unpickles objects the collector tracks (170,000 on Django) that live until the end
    of the run and hold no reference cycles (named tuples of tuples and strings); the collections
    that walked them over and over cost 0.2 s of a 1.1 s warm run on Django. A collection of the
    two young generations first clears what is already garbage, so that freezing keeps nothing
    alive that a collection would have freed (the oldest holds what the imports made, which a
    full collection walks for 16 ms to find nothing); frozen objects are still freed when their
    reference count drops to zero. When the caller has turned the collector off, it is left alone."""
    enabled = gc.isenabled()
    if enabled:
        gc.collect(1)
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()


def parse_all(
    sources: Sequence[tuple[str, bytes | None]],
    cache: FactsCache,
    limits: Limits,
    progress: Callable[[int, int], None] | None = None,
    alongside: Callable[[], None] | None = None,
    known: Mapping[str, str] | None = None,
    fetch: Callable[[str], bytes | Failure] | None = None,
) -> tuple[dict[str, Result], ParseStats]:
    """Facts for each `(path, data)`, keyed by path, and how many came from the cache.
    Identical contents are parsed once. `alongside`: work of the caller's that needs no facts,
    done in this process while the parser processes run (after the cached facts are loaded).
    `known`: content keys the caller has (path -> key); a file the cache knows unread
    (`FactsCache.known_key`) comes with no data and its key there; should its entry prove
    unreadable, `fetch(path)` reads it after all (or says why not)."""
    known = known or {}
    keys = {path: known[path] if path in known else content_key(data, path.endswith(".ipynb")) for path, data in sources}
    results: dict[str, Result] = {}
    hits: dict[str, tuple[str, str, bytes]] = {}
    misses: dict[str, tuple[str, str, bytes]] = {}
    for path, data in sources:
        key = keys[path]
        if key not in hits and key not in misses:
            (hits if cache.has(key) else misses)[key] = (key, path, data)
    total, finished = len(misses), 0

    def load() -> list[tuple[str, str, bytes]]:
        """The cached results; an entry that cannot be read is a miss after all."""
        nonlocal total
        with _kept_out_of_collections():
            results.update(cache.get_many(hits))
        if alongside is not None:
            alongside()
        corrupt = [item for key, item in hits.items() if key not in results]
        if any(data is None for _, _, data in corrupt):
            corrupt = _read_after_all(corrupt, sources, keys, results, fetch)
        total += len(corrupt)
        return corrupt

    def done(key: str, result: Result, place: Location | None) -> None:
        nonlocal finished
        results[key] = result  # the worker has packed it already; failures made here are transient
        if place is not None:
            cache.remember(key, place)
        finished += 1
        if progress is not None:
            progress(finished, total)

    if misses:  # the workers start while this process loads the cached facts
        cache.prepare()
        small = len(misses) <= _CHUNK_FILES and sum(len(item[2]) for item in misses.values()) < _SMALL_JOB
        with _kept_out_of_collections():
            if small and hasattr(os, "fork"):
                _run_forked(list(misses.values()), limits, cache.folder, done, load)
            else:
                _run_pool(list(misses.values()), limits, cache.folder, done, load)
    else:
        late = load()
        if late:
            cache.prepare()
            with _kept_out_of_collections():
                _run_pool(late, limits, cache.folder, done)
    cache.commit()
    stats = ParseStats(cached=len(hits) - (total - len(misses)), parsed=total)
    return {path: results[keys[path]] for path, _ in sources}, stats


def _read_after_all(corrupt: list[tuple[str, str, bytes | None]], sources: Sequence[tuple[str, bytes | None]], keys: dict[str, str],
                    results: dict[str, Result], fetch: Callable[[str], bytes | Failure] | None) -> list[tuple[str, str, bytes]]:
    """The files to parse after all when cached entries proved unreadable: those unread (known
    by their signature) are read now, each path keyed by the bytes it holds now (`keys` is
    updated), so that nothing is cached under a key its bytes do not have; a file that cannot be
    read any more is a failure (not cached: the next run reads it again)."""
    lost = {key for key, _, data in corrupt if data is None}
    again = {key: (key, path, data) for key, path, data in corrupt if data is not None}
    for path, data in sources:
        if data is not None and keys[path] in lost:  # read this run, its contents those of a file known unread
            again.setdefault(keys[path], (keys[path], path, data))
            continue
        if data is None and keys[path] in lost:
            fetched = fetch(path) if fetch is not None else Failure("read-error", "could not be read again")
            if isinstance(fetched, Failure):
                keys[path] = f"unread:{path}"  # a key no content has
                results[keys[path]] = fetched
                continue
            key = keys[path] = content_key(fetched, path.endswith(".ipynb"))
            if key not in results:
                again.setdefault(key, (key, path, fetched))
    return list(again.values())
