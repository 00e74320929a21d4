"""The use case, as a list of stages: discover, read, parse, model, analyse.

`analyse` returns a `Report`: plain results that the reporters format. It writes nothing but
the facts cache and prints nothing; progress goes through a callback.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from pathlib import Path
from collections.abc import Callable, Iterator

from onboard import __version__
from onboard.analyses.dependencies import dependencies
from onboard.analyses.diagram import package_diagram
from onboard.analyses.doc_priorities import ranked_modules, wanted
from onboard.analyses.docs import DocsOptions, docs_coverage
from onboard.analyses.entrypoints import entry_points, started_modules
from onboard.analyses.env_vars import env_vars
from onboard.analyses.first_screen import first_screen
from onboard.analyses.integrations import optional_integrations
from onboard.analyses.flows import flows
from onboard.analyses.kind import repository_kind
from onboard.analyses.notebooks import first_notebook, notebooks, with_first_notebook
from onboard.analyses.reading import reading_order
from onboard.analyses.structure import structure
from onboard.analyses.service_config import link_configuration
from onboard.analyses.usage import usage
from onboard.discover import Discovery, Skipped, SourceFile, WalkOptions, discover, read_source
from onboard.memo import Memo
from onboard.model.documented_env import documented_env, prose_findings
from onboard.model.metadata import MetadataWarning, read_metadata
from onboard.model.dev_commands import dev_commands
from onboard.model.manifests import manifest_commands
from onboard.model.run_files import run_commands
from onboard.model.serverless import serverless_handlers
from onboard.graph import ImportGraph, build_graph
from onboard.model.repo import build_repo
from onboard.facts import Failure
from onboard.frozen import record
from onboard.parse.cache import FactsCache, content_key
from onboard.parse.runner import Limits, parse_all
from onboard.resolve import CallGraph, bounds, build_program, call_graph, limits, model_inputs, parts
from onboard.resolve.answers import Answers, answers, answers_key, merged
from onboard.resolve.answers import load as load_answers
from onboard.resolve.answers import save as save_answers
from onboard.resolve.query import ProgramModel, Summaries
from onboard.reuse import code_fingerprint
from onboard.results import SCHEMA_VERSION, Report  # noqa: F401  (re-exported)


@record
class Settings:
    """Everything a run needs, resolved from defaults, config file and command line."""

    walk: WalkOptions
    limits: Limits
    docs: DocsOptions
    cache_dir: str | None
    usage_imports: tuple[tuple[str, str], ...] = ()  # user additions to the usage knowledge table
    entry_decorators: tuple[tuple[str, str], ...] = ()  # user decorators that mark entry points -> kind


def _read_all(root: str, discovery: Discovery, walk: WalkOptions, cache: FactsCache, started_ns: int) -> tuple[list[tuple[str, bytes | None]], dict[str, str]]:
    """Each file's bytes (None for a file the cache knows unchanged, `FactsCache.known_key`) and
    content key; what is read is recorded for the next run."""
    sources, readable, keys = [], [], {}
    for source in discovery.files:
        key = cache.known_key(source.fs_path, source.signature)
        if key is not None:
            sources.append((source.path, None))
            keys[source.path] = key
            readable.append(source)
            continue
        data = read_source(source, walk.limit(source.kind), root)
        if isinstance(data, Skipped):
            discovery.skipped.append(data)
        else:
            sources.append((source.path, data))
            keys[source.path] = key = content_key(data, source.path.endswith(".ipynb"))
            cache.learn(source.fs_path, source.signature, key, started_ns)
            readable.append(source)
    discovery.files[:] = readable
    discovery.skipped.sort(key=lambda s: s.path)
    return sources, keys


def _reader(root: str, discovery: Discovery, walk: WalkOptions) -> Callable[[str], bytes | Failure]:
    """What reads a file the cache knew unread after all (its entry proved unreadable): rarely
    asked, so the files are looked up by path only then."""
    by_path: dict[str, SourceFile] = {}

    def fetch(path: str) -> bytes | Failure:
        if not by_path:
            by_path.update((source.path, source) for source in discovery.files)
        source = by_path[path]
        data = read_source(source, walk.limit(source.kind), root)
        return Failure(data.reason, data.message) if isinstance(data, Skipped) else data

    return fetch


@contextlib.contextmanager
def collector_paused(freeze: bool = False) -> Iterator[None]:
    """The analyses without the cyclic garbage collector: the program model allocates a few
    million small sets, tuples and closures that live until its answers are read, and the
    collections that walked them again and again cost about a third of the model's time
    (1.2 s of 4.2 s on Django). What they build holds few cycles; the collector runs again
    afterwards. When the caller has turned it off, it is left alone.

    `freeze`: what was made meanwhile is frozen (`gc.freeze`) before the collector runs again.
    The CLI pauses it so for the whole analysis and the writing of its reports: turned on at
    the end, its first collection walked the program model and the report, millions of objects
    that live until the process ends (30-45 ms on SQLAlchemy), and so did the one at exit. (The
    parser processes turn it on for themselves.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if freeze:
                gc.freeze()
            gc.enable()


_NO_ANSWERS = Answers((), {}, {}, {}, {}, {}, CallGraph((), (), ()), {}, {}, {})


def _program(graph: ImportGraph, cache_dir: str | None) -> tuple[Answers | None, tuple[str, ...]]:
    """The solved program model's answers, and why there are none: a bug of ours in it costs the
    call graph and what the analyses learn from it, not the run. Kept in the cache folder: a
    tree whose modelled code is unchanged reads them back instead of solving again."""
    name = None
    if cache_dir is not None:
        name = answers_key(model_inputs(graph), code_fingerprint())
        kept = load_answers(cache_dir, name)
        if kept is not None:
            return kept, ()
    try:
        solved, values_cut, classes_cut, steps_cut = [], 0, 0, False
        for part in parts(graph):  # one at a time: the memory of the largest, not of all
            program = build_program(graph, modules=part)
            calls = call_graph(graph, program)
            hit = bounds(program)
            values_cut, classes_cut, steps_cut = values_cut + hit[0], classes_cut + hit[1], steps_cut or hit[2]
            program.release()  # what only the solving needed goes before the answers are taken out
            solved.append(answers(program, calls))
            del program, calls
        found = merged(solved, limits((values_cut, classes_cut, steps_cut))) if solved else _NO_ANSWERS
    except (Exception, RecursionError) as error:  # noqa: BLE001 - reported, never silent
        return None, (f"onboard could not build the program model ({type(error).__name__}: {str(error)[:160]}); "
                      "the call graph and flows are empty; please report it",)
    if name is not None:
        save_answers(cache_dir, name, found)
    return found, ()


def analyse(root: str, settings: Settings, progress: Callable[[int, int], None] | None = None, config_warning: str | None = None) -> Report:
    """Run every stage on the repository at `root` (an existing directory)."""
    started_ns = time.time_ns()
    root = os.path.realpath(root)
    discovery = discover(root, settings.walk)
    metadata = read_metadata(root)
    cache = FactsCache(None if settings.cache_dir is None else Path(settings.cache_dir))
    sources, keys = _read_all(root, discovery, settings.walk, cache, started_ns)
    model_files: dict[str, object] = {}
    prose = Memo(settings.cache_dir, "prose", prose_findings)

    def read_model_files() -> None:
        """What needs no facts (serverless templates, Dockerfiles, task runners, prose), read while
        the parser processes work: after one file changed, this hides part of their start."""
        model_files["serverless"] = serverless_handlers(root, tuple(e.path for e in discovery.excluded))
        model_files["commands"] = run_commands(root, discovery.run_files) + manifest_commands(root, discovery.run_files) + dev_commands(root)
        model_files["documented"] = documented_env(root, prose)
        prose.save()

    results, stats = parse_all(sources, cache, settings.limits, progress, read_model_files, keys, _reader(root, discovery, settings.walk))
    with collector_paused():
        repo = build_repo(root, discovery, results, metadata)
        docs = docs_coverage(repo, settings.docs)
        graph = build_graph(repo)
        solved, program_problem = _program(graph, settings.cache_dir)
        summaries = Summaries({name: m.facts for name, m in graph.modules.items() if m is not None})
        model = ProgramModel(solved, summaries) if solved is not None else None
        handlers, handler_problems = model_files["serverless"]
        commands = model_files["commands"] + handlers
        ways_in, entry_problems = entry_points(repo, graph, commands, dict(settings.entry_decorators), model)
        started = started_modules(ways_in, graph)
        kind = repository_kind(repo, ways_in)
        deps = dependencies(repo, graph)
        integrations = optional_integrations(repo, deps)
        found = structure(repo, graph, started, kind.library, integrations)
        warnings = [*metadata.warnings, *(MetadataWarning(p, m, line) for p, line, m in (*discovery.warnings, *handler_problems))]
        warnings += [MetadataWarning(".", problem) for problem in (*entry_problems, *program_problem)]
        if config_warning:
            warnings.append(MetadataWarning("pyproject.toml", config_warning))
        for name, paths in graph.clashes:
            warnings.append(MetadataWarning(paths[0], f"module name {name} is also given by {', '.join(paths[1:])}; the graph uses {paths[0]}"))
        env = env_vars(repo, model_files["documented"], model)
        services = link_configuration(repo, usage(repo, graph, dict(settings.usage_imports), model))
        calls = solved.calls if solved is not None else CallGraph((), (), ("the program model could not be built",))
        found_notebooks = notebooks(repo, graph, services, env)
        reading = with_first_notebook(reading_order(repo, graph, ways_in, started, kind.library), first_notebook(found_notebooks, kind.library))
        return Report(
            tool_version=__version__,
            repo=repo,
            docs=docs,
            python_files=sum(1 for m in repo.modules if m.kind not in ("stub", "notebook")),
            stub_files=sum(1 for m in repo.modules if m.kind == "stub"),
            python_lines=sum(m.facts.lines for m in repo.modules if m.kind not in ("stub", "notebook")),
            graph=graph,
            structure=found,
            reading=reading,
            diagram=package_diagram(found.packages, found.package_graph),
            dependencies=deps,
            env=env,
            usage=services,
            entry_points=ways_in,
            doc_priorities=ranked_modules(docs, graph, ways_in),
            docstrings_wanted=wanted(docs, ways_in),
            warnings=tuple(sorted(warnings, key=lambda w: (w.path, w.line or 0, w.message))),
            parse_stats=stats,
            calls=calls,
            kind=kind,
            first_screen=first_screen(metadata, kind, repo.root_packages, ways_in, services, reading.steps,
                                      frozenset(m.path for m in repo.modules if m.name in integrations)),
            flows=flows(repo, calls, ways_in, services, env),
            notebooks=found_notebooks,
        )
