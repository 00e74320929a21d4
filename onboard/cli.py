"""The `onboard` command (click): parse arguments, run the pipeline, write the reports, exit.

Thin on purpose: settings come from `onboard.settings`, results from `onboard.pipeline`, text
from `onboard.report`. Only this module writes output files and chooses the exit code.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from onboard import __version__, fs, reuse
from onboard.config import DEFAULTS, ConfigError, Loaded, load, merge, source_url
from onboard.exitcodes import MEANING, ExitCode
from onboard.report.text import clean, count

if TYPE_CHECKING:
    from collections.abc import Iterator

    from onboard.pipeline import Report

# The pipeline, the renderers and what only a new analysis or a failure needs (the facts,
# tempfile, traceback) are imported when a run needs them: a run that reuses the last reports
# (`onboard.reuse`) costs a few imports, a config read and a few thousand `lstat`s.
EXIT_CODES_HELP = "\b\nExit codes:\n" + "\n".join(f"  {code.value:<3} {text}" for code, text in MEANING.items())
# format -> (file written under --output, renderer module, whether it takes the source URL)
RENDERERS = {"markdown": ("onboard.md", "markdown", True), "json": ("onboard.json", "json_report", False),
             "dot": ("onboard.dot", "diagrams", False), "html": ("onboard.html", "html", True),
             "codetour": (".tours/onboard.tour", "codetour", False)}


def render(fmt: str, report: Report, url: str, streamed: bool = False) -> bytes | Iterator[bytes]:
    """The UTF-8 bytes of one file format (a lone surrogate as its backslash escape); `streamed`:
    the JSON's as chunks encoded while they are written, for a run that keeps nothing."""
    import importlib

    _, module, takes_url = RENDERERS[fmt]
    renderer = importlib.import_module(f"onboard.report.{module}")
    if module == "diagrams":
        text = renderer.render_dot(report)
    elif module == "json_report":  # encoded in chunks: the largest report by far
        return renderer.render_chunks(report) if streamed else renderer.render_utf8(report)
    else:
        text = renderer.render(report, url) if takes_url else renderer.render(report)
    return text.encode("utf-8", "backslashreplace")


_OWN_FLAGS = {"ignore-overrides": "onboard's own: leave out methods decorated @override (their base documents them)."}
_FLAGS = [k for k, v in DEFAULTS.items() if isinstance(v, bool) and k.startswith("ignore-")]


def _shared(command):
    """The options every command takes; each also settable in [tool.onboard]."""
    options = [
        click.argument("path", default=".", type=click.Path(exists=True, file_okay=False, dir_okay=True)),
        click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Read settings from this TOML file ([tool.onboard] table or top-level keys) instead of PATH/pyproject.toml."),
        click.option("--exclude", multiple=True, help="Leave out paths matching this gitignore-style pattern (repeatable)."),
        click.option("--include-dir", "include_dirs", multiple=True, help="Walk a directory that is excluded by default, e.g. `build` (repeatable)."),
        click.option("--gitignore/--no-gitignore", "use_gitignore", default=None, help="Honour .gitignore files (default: yes)."),
        click.option("--max-file-size", type=click.IntRange(min=1), help="Skip Python files larger than this many bytes, unread (default 2 MiB)."),
        click.option("--max-notebook-size", type=click.IntRange(min=1), help="Skip Jupyter notebooks larger than this many bytes, unread (default 20 MiB: they carry their outputs)."),
        click.option("--file-timeout", type=click.FloatRange(min=0.1), help="Give up on one file after this many seconds (default 20)."),
        click.option("-j", "--jobs", type=click.IntRange(min=1), help="Worker processes for parsing (default: the number of CPUs)."),
        click.option("--cache-dir", envvar="ONBOARD_CACHE_DIR", type=click.Path(file_okay=False), help="Where to cache parse results (default: the user cache directory; env ONBOARD_CACHE_DIR)."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
        click.option("--reuse/--no-reuse", "reuse", default=None, help="When nothing the last run with the same settings read has changed (checked by size and change time), print its reports again without analysing (default: yes; needs the cache)."),
        click.option("--coverage-scope", "coverage_scopes", multiple=True, type=click.Choice(["package", "tests", "scripts", "examples", "docs", "vendored", "notebooks"]), help="Scopes counted in the overall coverage (default: package; repeatable)."),
        *[click.option(f"--{flag}/--no-{flag}", flag.replace("-", "_"), default=None,
                       help=_OWN_FLAGS.get(flag, "interrogate's option of the same name.")) for flag in _FLAGS],
        click.option("--ignore-regex", multiple=True, help="Do not count classes or functions whose name matches this regex (repeatable)."),
        click.option("--strict", is_flag=True, help="Files that could not be analysed are an error: exit 3 for report, a failed gate (exit 1) for check."),
        click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors."),
        click.option("-v", "--verbose", is_flag=True, help="Say where settings came from and what was cached."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _cli_values(params: dict) -> dict[str, object]:
    """The settings given on the command line (or by environment), and only those."""
    ctx = click.get_current_context()
    given = (click.core.ParameterSource.COMMANDLINE, click.core.ParameterSource.ENVIRONMENT)
    values: dict[str, object] = {}
    for key in DEFAULTS:
        name = key.replace("-", "_")
        if name in params and ctx.get_parameter_source(name) in given:
            value = params[name]
            values[key] = list(value) if isinstance(value, tuple) else value
    return values


def _configure(params: dict, extra: dict[str, object]) -> tuple[Loaded, dict[str, object], str | None]:
    """The config file read, the settings merged (defaults < file < command line), the cache folder."""
    loaded = load(params["path"], params["config_file"])
    given = {**_cli_values(params), **extra}
    values = merge(loaded.values, given)
    values["explicit"] = sorted(set(loaded.values) | set(given))
    values["source-url"] = source_url(str(values["source-url"]))  # checked before the analysis runs
    cache_dir = None if params["no_cache"] else (params["cache_dir"] or _user_cache_dir())
    return loaded, values, cache_dir


def _run(params: dict, extra: dict[str, object], configured: tuple | None = None) -> tuple[Report, dict[str, object]]:
    from onboard.pipeline import analyse
    from onboard.settings import build

    loaded, values, cache_dir = configured or _configure(params, extra)
    root = params["path"]
    settings = build(values, cache_dir)
    if params["verbose"]:
        click.echo(f"onboard {__version__}: settings from {clean(loaded.source or 'defaults')}; cache {clean(cache_dir or 'off')}; {settings.limits.jobs} jobs", err=True)
    progress = None
    if not params["quiet"] and sys.stderr.isatty():
        from onboard.progress import DelayedProgress

        progress = DelayedProgress()
    try:
        report = analyse(root, settings, progress, loaded.warning)
    finally:
        if progress is not None:
            progress.close()
    if params["verbose"] and report.parse_stats is not None:
        stats = report.parse_stats
        click.echo(f"onboard: {stats.cached} files from the cache, {stats.parsed} parsed", err=True)
    _LAST[:] = [report]  # freed by the end of the process, not object by object (`entry`)
    return report, values


_LAST: list[Report] = []


def entry() -> None:
    """The `onboard` command (and `python -m onboard`): `main`, then, once standard output and
    error are flushed, an exit that does not free the last analysis object by object, nor tear
    the interpreter down module by module (Django's report and program model are millions of
    objects: 0.04 s). `main` itself, which the tests call, exits as click does."""
    try:
        main()
        code: object = 0
    except SystemExit as done:
        code = done.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # what `sys.exit("message")` does
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - a stream that cannot be flushed: the normal exit reports it
        sys.exit(code)
    os._exit(code or 0)


def _user_cache_dir() -> str:
    import platformdirs

    return platformdirs.user_cache_dir("onboard", appauthor=False)


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


_SLICE = 1 << 20


def _slices(data: bytes | Iterator[bytes]) -> Iterator[bytes | memoryview]:
    """A report's bytes (or its chunks) a MiB at most at a time: one write of Django's 17 MB JSON
    took 35-40 ms of the run in most tries, the same bytes written a MiB after another 4 ms."""
    for chunk in (data,) if isinstance(data, bytes) else data:
        if len(chunk) <= _SLICE:
            yield chunk
        else:
            view = memoryview(chunk)
            yield from (view[start:start + _SLICE] for start in range(0, len(chunk), _SLICE))


def _write_stdout(data: bytes | Iterator[bytes]) -> None:
    """A report's UTF-8 bytes (or its chunks, each whole characters) to standard output as they
    are, whatever the locale (as the files are written); a stream without bytes underneath gets
    the text."""
    sys.stdout.flush()
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        for chunk in (data,) if isinstance(data, bytes) else data:
            sys.stdout.write(chunk.decode("utf-8"))
        return
    for piece in _slices(data):
        stream.write(piece)  # (not `writelines`: a stream may be a subclass that only overrides `write`)
    stream.flush()


def _write_atomic(directory: str, name: str, data: bytes | Iterator[bytes]) -> str:
    os.makedirs(directory, exist_ok=True)
    target = os.path.join(directory, name)
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{name}.", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)  # read without changing it (no threads here)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp's 0600 would hide the report from the team
        with os.fdopen(fd, "wb") as handle:
            for piece in _slices(data):
                handle.write(piece)
        os.replace(tmp, target)  # replaces a symlink at `target` itself, never its target
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return target


class _DefaultGroup(click.Group):
    """`onboard PATH ...` means `onboard report PATH ...`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["report", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
             epilog=EXIT_CODES_HELP)
@click.version_option(__version__, "--version", prog_name="onboard")
def main() -> None:
    """onboard: what is this repository, how does it run, where do I start reading?

    It reads the code as text (it never imports or runs it). `onboard PATH` is `onboard report PATH`.

    \b
    Examples:
      onboard                                   summary of the current directory
      onboard path/to/repo --output out --format markdown --format json
      onboard check path/to/repo --fail-under 80    a CI gate on docstring coverage
      onboard trace s3 path/to/repo             which ways in reach S3, and through what
    """


@main.command(epilog=EXIT_CODES_HELP)
@_shared
@click.option("-o", "--output", type=click.Path(file_okay=False), help="Write the reports into this directory (onboard.md, onboard.html, onboard.json, onboard.dot, .tours/onboard.tour).")
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(["terminal", "markdown", "html", "json", "dot", "codetour"]), help="Report format (repeatable; default terminal). html: the guide as one self-contained page; dot: the module import graph for Graphviz; codetour: the reading order as a VS Code CodeTour (.tours/onboard.tour).")
@click.option("--source-url", help="Link every path:line to this URL + path + #L + line, e.g. https://github.com/org/repo/blob/main/ (markdown, html).")
def report(output: str | None, formats: tuple[str, ...], **params) -> None:
    """Analyse PATH (default: .) and report on it.

    \b
    Examples:
      onboard report .                                terminal summary
      onboard report . -f json > onboard.json         one format to stdout
      onboard report . -o docs/onboard -f markdown -f json
    """
    formats = tuple(dict.fromkeys(formats or ("terminal",)))
    files = [f for f in formats if f != "terminal"]
    if output is None and len(files) + ("terminal" in formats) > 1:
        raise click.UsageError("--output DIR is needed to write a file format as well as another format (only one can go to stdout)")
    kept, strict = _outputs(params, files, "terminal" in formats and not params["quiet"])
    if kept.screen is not None:
        click.echo(kept.screen, nl=False, color=_color())
    for fmt in files:
        name = RENDERERS[fmt][0]
        if output is None:
            _write_stdout(kept.texts[fmt])
            continue
        folder, _, base = name.rpartition("/")  # codetour's file goes in .tours/
        try:
            path = _write_atomic(os.path.join(output, folder) if folder else output, base, kept.texts[fmt])
        except OSError as error:
            click.echo(f"onboard: cannot write {clean(os.path.join(output, name))}: {clean(error.strerror or error)}", err=True)
            sys.exit(ExitCode.USAGE)
        if not params["quiet"]:
            click.echo(f"wrote {clean(path)}", err=True)
    if strict and kept.not_analysed:
        click.echo(f"onboard: --strict: {count(kept.not_analysed, 'file')} could not be analysed (the reports list them, with why); exit 3", err=True)
        sys.exit(ExitCode.NOT_ANALYSED)
    sys.exit(ExitCode.OK)


def _outputs(params: dict, files: list[str], screen: bool) -> tuple[reuse.Kept, bool]:
    """The texts of the asked formats and the terminal summary: the last run's when nothing it
    read has changed (`onboard.reuse`), else from a new analysis (kept for the next run)."""
    started = reuse.now_ns()
    with fs.recording() as inputs:
        configured = _guarded(params, {}, _configure)
        loaded, values, cache_dir = configured
        asked = {"formats": files, "screen": [_width(), _color()] if screen else None}
        name = _reuse_key(params["path"], values, asked) if cache_dir and values["reuse"] else None
        kept = reuse.load(cache_dir, name, files) if name else None
        if kept is not None:
            if params["verbose"]:
                click.echo(f"onboard {__version__}: settings from {clean(loaded.source or 'defaults')}; cache {clean(cache_dir)}", err=True)
                click.echo(f"onboard: reports reused: nothing changed since the last run ({kept.inputs} files and folders checked)", err=True)
            return kept, bool(values["strict"])
        from contextlib import nullcontext

        from onboard.pipeline import collector_paused

        # the analysis and its reports without the collector (see there); what they look at is
        # recorded only when the run is kept for the next one
        with collector_paused(freeze=True), nullcontext() if name else fs.unrecorded():
            result, values = _guarded(params, {}, _run, configured)
            try:
                # a run that keeps nothing writes the JSON's chunks as they are encoded
                texts = {fmt: render(fmt, result, str(values["source-url"]), streamed=name is None) for fmt in files}
                if screen:
                    from onboard.report import terminal

                    shown = terminal.render(result, width=_width(), color=_color())
                else:
                    shown = None
            except Exception as error:
                crash(error)
    kept = reuse.Kept(texts, shown, len(result.repo.not_analysed), len(inputs))
    from onboard.facts import TRANSIENT_REASONS

    if name and not any(n.reason in TRANSIENT_REASONS for n in result.repo.not_analysed):
        reuse.save(cache_dir, name, inputs, kept, started)
    return kept, bool(values["strict"])


def _reuse_key(path: str, values: dict, asked: dict) -> str | None:
    try:
        return reuse.key(path, values, asked)
    except Exception:  # never worth a failed run: analyse, and keep nothing
        return None


def _width() -> int:
    try:
        return max(60, min(os.get_terminal_size().columns, 140)) if sys.stdout.isatty() else 100
    except OSError:
        return 100


def _guarded(params: dict, extra: dict, step=None, *args):
    """Run the pipeline (or `step` of it); a config problem exits 2, a bug of ours exits 70 with a
    saved traceback."""
    try:
        return (step or _run)(params, extra, *args)
    except ConfigError as error:
        click.echo(f"onboard: configuration error: {clean(error)}", err=True)
        sys.exit(ExitCode.USAGE)
    except KeyboardInterrupt:
        raise
    except Exception as error:
        crash(error)


def crash(error: Exception) -> None:
    """A bug of ours: one line on stderr, the traceback in a file, exit 70 (never 1)."""
    import tempfile
    import traceback

    fd, path = tempfile.mkstemp(prefix="onboard-crash-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(traceback.format_exc())
    click.echo(f"onboard: internal error ({type(error).__name__}: {clean(error)[:300]}); traceback saved to {path}; please report it", err=True)
    sys.exit(ExitCode.INTERNAL)


from onboard import cli_gate  # noqa: E402,F401  (registers check, baseline and badge)
from onboard import cli_trace  # noqa: E402,F401  (registers trace)
