"""The CI commands: `check` (the gate), `baseline` (record today's gaps), `badge` (an SVG).

Part of the CLI (click): it parses, runs the pipeline through `onboard.cli`, asks
`onboard.analyses.gate` for the verdict, prints it in the chosen format and picks the exit code.
"""

from __future__ import annotations

import json
import os
import sys

from typing import TYPE_CHECKING

import click

from onboard.cli import EXIT_CODES_HELP, _guarded, _shared, _write_atomic, crash, main
from onboard.config import ConfigError
from onboard.exitcodes import ExitCode
from onboard.fs import Unreadable, printable, read_regular
from onboard.report.badge import render_badge
from onboard.report.gate import RENDERERS
from onboard.report.text import clean

if TYPE_CHECKING:  # the analyses are imported when a command runs (see onboard.cli)
    from onboard.analyses.gate import Baseline, Rules

_BASELINE_LIMIT = 64 * 1024 * 1024


def _load_baseline(path: str, root: str | None) -> Baseline:
    data = read_regular(path, _BASELINE_LIMIT, root)
    if isinstance(data, Unreadable):
        raise ConfigError(f"cannot read baseline {printable(path)}: {data.message}")
    from onboard.analyses.gate import read_baseline

    try:
        return read_baseline(json.loads(data.decode("utf-8")))
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise ConfigError(f"baseline {printable(path)}: {error}") from None


def _rules(values: dict, baseline_file: str | None, root: str) -> Rules:
    from onboard.analyses.gate import Rules

    baseline = None
    if baseline_file:
        baseline = _load_baseline(baseline_file, None)
    elif values["baseline"]:
        real_root = os.path.realpath(root)
        baseline = _load_baseline(os.path.join(real_root, str(values["baseline"])), real_root)
    # Against a baseline only regressions fail, unless a threshold was asked for explicitly.
    explicit = "fail-under" in values["explicit"]
    fail_under = float(values["fail-under"]) if baseline is None or explicit else None
    return Rules(fail_under, tuple(sorted(values["check"].items())), baseline, bool(values["forbid-cycles"]),
                 tuple(values["layers"]), bool(values["strict"]), bool(values["forbid-undeclared"]))


def _workspace_prefix(path: str) -> str:
    """PATH relative to the current directory, as CI annotations want file paths ("" for ".")."""
    try:
        rel = os.path.relpath(os.path.realpath(path), os.path.realpath(os.getcwd()))
    except (ValueError, OSError):
        return ""
    return "" if rel == "." or rel.startswith("..") else rel.replace(os.sep, "/") + "/"


def _outputs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """`FORMAT=FILE` pairs, each format one of the renderers'."""
    pairs = []
    for value in values:
        kind, sep, output = value.partition("=")
        if not sep or kind not in RENDERERS or not output:
            raise click.BadParameter(f"{value!r}: expected FORMAT=FILE with FORMAT one of {', '.join(sorted(RENDERERS))}")
        pairs.append((kind, output))
    return tuple(pairs)


@main.command(epilog=EXIT_CODES_HELP)
@_shared
@click.option("--fail-under", type=click.FloatRange(0, 100), help="Fail below this coverage, compared exactly (default 80; with --baseline, only if given).")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), help="Fail only on regressions against this file (from `onboard baseline`).")
@click.option("--forbid-cycles/--allow-cycles", default=None, help="Fail on import-time cycles (against a baseline: on new ones only).")
@click.option("--forbid-undeclared/--allow-undeclared", default=None, help="Fail on third-party imports of the package that no packaging file declares.")
@click.option("-f", "--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text", show_default=True,
              help="github: annotations on the lines; junit: XML for CI; markdown: a pull-request comment; sarif: for code scanning.")
@click.option("-o", "--output", "outputs", multiple=True, metavar="FORMAT=FILE", callback=_outputs,
              help="Also write the verdict in FORMAT to FILE (repeatable): -o sarif=onboard.sarif -o markdown=summary.md.")
def check(fail_under: float | None, baseline_file: str | None, forbid_cycles: bool | None, forbid_undeclared: bool | None,
          fmt: str, outputs: tuple[tuple[str, str], ...], **params) -> None:
    """Gate PATH on docstring coverage and structure; exit 1 when a rule fails.

    Rules: --fail-under; per-path minimums in [tool.onboard.check] ("src/app/api/**" = 90);
    --baseline (only regressions fail: a newly undocumented public item, a new cycle);
    forbid-cycles; layers = ["app.web", "app.services", "app.models"] (top first).
    A file that cannot be parsed never fails the gate unless --strict (then it does, exit 1).

    \b
    Examples:
      onboard check . --fail-under 80
      onboard baseline . -o onboard-baseline.json && onboard check . --baseline onboard-baseline.json
      onboard check . --format github        (in a GitHub Actions step)
      onboard check . --format github -o sarif=onboard.sarif   (annotations, and SARIF for code scanning)
    """
    extra = {key: value for key, value in (("fail-under", fail_under), ("forbid-cycles", forbid_cycles),
                                           ("forbid-undeclared", forbid_undeclared)) if value is not None}
    from onboard.analyses.gate import evaluate

    report, values = _guarded(params, extra)
    try:
        verdict = evaluate(report, _rules(values, baseline_file, params["path"]))
        prefix = _workspace_prefix(params["path"])
        text = RENDERERS[fmt](verdict, prefix)
        files = [(output, RENDERERS[kind](verdict, prefix)) for kind, output in outputs]
    except ConfigError as error:
        click.echo(f"onboard: configuration error: {clean(error)}", err=True)
        sys.exit(ExitCode.USAGE)
    except Exception as error:
        crash(error)
    for output, content in files:
        _write_file(output, content, params["quiet"])
    if fmt != "text" or not params["quiet"] or not verdict.passed:  # -q silences only the human format
        click.echo(text, nl=False)
    if report.repo.not_analysed and not params["quiet"] and not values["strict"]:
        count = len(report.repo.not_analysed)
        click.echo(f"{count} file{'s' if count != 1 else ''} not analysed (`onboard report` says why; --strict fails on them)", err=True)
    sys.exit(ExitCode.OK if verdict.passed else ExitCode.CHECK_FAILED)


@main.command(epilog=EXIT_CODES_HELP)
@_shared
@click.option("-o", "--output", default="onboard-baseline.json", show_default=True, type=click.Path(dir_okay=False),
              help="Where to write the baseline.")
def baseline(output: str, **params) -> None:
    """Record PATH's documentation gaps and import cycles, for `check --baseline`.

    Items are identified by module and qualified name, not by line, so moving code does not
    change the baseline. Commit the file; regenerate it when you have fixed gaps.
    """
    from onboard.analyses.gate import baseline_data

    report, _ = _guarded(params, {})
    _write_file(output, json.dumps(baseline_data(report), indent=2) + "\n", params["quiet"])


@main.command(epilog=EXIT_CODES_HELP)
@_shared
@click.option("-o", "--output", default="onboard-coverage.svg", show_default=True, type=click.Path(dir_okay=False), help="Where to write the SVG.")
def badge(output: str, **params) -> None:
    """Write an SVG badge of PATH's docstring coverage (deterministic: same coverage, same bytes)."""
    report, _ = _guarded(params, {})
    _write_file(output, render_badge(report.docs.overall.percent), params["quiet"])


def _write_file(output: str, text: str, quiet: bool) -> None:
    directory, name = os.path.split(os.path.abspath(output))
    try:
        path = _write_atomic(directory, name, text.encode("utf-8", "backslashreplace"))
    except OSError as error:
        click.echo(f"onboard: cannot write {clean(output)}: {clean(error.strerror or error)}", err=True)
        sys.exit(ExitCode.USAGE)
    if not quiet:
        click.echo(f"wrote {clean(path)}", err=True)
