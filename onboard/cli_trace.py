"""The `trace` command: the flows through one name (a way in, a route, a function, a service,
an environment variable), from the ways in to what they touch.

Part of the CLI (click): it runs the pipeline through `onboard.cli`, asks `onboard.analyses.trace`
for the flows and prints them with `onboard.report.trace`: a tree on a terminal, indented lines
when piped, JSON with `--format json`. An unknown name exits 2 with the closest names.
"""

from __future__ import annotations

import sys

import click

from onboard.cli import EXIT_CODES_HELP, _color, _guarded, _shared, _width, crash, main
from onboard.exitcodes import ExitCode
from onboard.report.text import clean


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("target")
@_shared
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="text: a tree on a terminal, indented lines when piped; json: for tools.")
def trace(target: str, fmt: str, **params) -> None:
    """Show how the ways in reach TARGET, and what it reaches, as call chains with path:line.

    TARGET is an entry point's name, a route's path, a function's qualified name, a service
    (s3 or storage/aws/s3) or an environment variable. PATH is the repository (default: .).

    \b
    Examples:
      onboard trace 'POST /api/parcels/' sample_repos/parcel_hub
      onboard trace s3 sample_repos/parcel_hub
      onboard trace NOTIFY_URL sample_repos/parcel_hub --format json

    \b
    $ onboard trace NOTIFY_URL sample_repos/parcel_hub
    cli command parcel-hub digest  parcelhub/cli.py:13
      parcelhub.cli.digest  parcelhub/cli.py:15
        parcelhub.jobs.send_digest  parcelhub/jobs.py:10
          parcelhub.settings.notify_url  parcelhub/settings.py:21
            → env NOTIFY_URL
    """
    report, _ = _guarded(params, {})
    try:
        from onboard.analyses.trace import trace as traced_flows
        from onboard.report import trace as render

        traced = traced_flows(report, target)
        if not traced.matched:
            closest = ", ".join(clean(name) for name in traced.closest)
            click.echo(f"onboard: no entry point, route, function, service or environment variable is named {clean(target)!r}"
                       + (f"; closest: {closest}" if closest else ""), err=True)
            sys.exit(ExitCode.USAGE)
        if fmt == "json":
            text = render.render_json(traced)
        elif sys.stdout.isatty():
            text = render.tree(traced, width=_width(), color=_color())
        else:
            text = render.plain(traced)
    except SystemExit:
        raise
    except Exception as error:
        crash(error)
    click.echo(text or f"nothing reaches or is reached through {clean(target)}\n", nl=False, color=_color())
    sys.exit(ExitCode.OK)
