"""The step of onboard's GitHub Action (`action.yml`) that runs the gate and publishes its results.

It reads the action's inputs from the environment (INPUT_PATH, INPUT_ARGS, INPUT_FORMATS), runs
`onboard check` once with the interpreter it was started with, and, by the formats asked for,
prints annotations, appends the Markdown verdict to $GITHUB_STEP_SUMMARY, writes SARIF for code
scanning and the HTML guide for an artifact. It records `exit-code`, `sarif-file` and `html-dir`
in $GITHUB_OUTPUT, and exits with the gate's exit code. The arguments are split like a shell
would split them but never pass through one, so an input cannot run a command.
Standard library only: it runs before anything but onboard is installed.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile

FORMATS = ("summary", "annotations", "sarif", "html")
USAGE = 2


def requested(text: str) -> list[str]:
    """The formats named in INPUT_FORMATS (commas or blanks between them); ValueError on an unknown one."""
    names = [name for name in text.replace(",", " ").split() if name]
    unknown = sorted(set(names) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown format {', '.join(unknown)} (known: {', '.join(FORMATS)})")
    return sorted(set(names), key=FORMATS.index)


def check_command(path: str, args: list[str], formats: list[str], folder: str) -> list[str]:
    """`onboard check` with one output per format asked for: one analysis serves them all."""
    command = [sys.executable, "-m", "onboard", "check", path, *args, "--format", "github" if "annotations" in formats else "text"]
    if "summary" in formats:
        command += ["-o", f"markdown={os.path.join(folder, 'summary.md')}"]
    if "sarif" in formats:
        command += ["-o", f"sarif={os.path.join(folder, 'onboard.sarif')}"]
    return command


def append(path: str | None, text: str) -> None:
    """Add to one of the runner's files (step summary, outputs); nothing when it is not set."""
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)


def publish_summary(folder: str, code: int) -> None:
    """The Markdown verdict on the run's page; a line saying why when the gate did not give one."""
    try:
        with open(os.path.join(folder, "summary.md"), encoding="utf-8") as handle:
            text = handle.read()
    except OSError:
        text = f"### onboard check could not give a verdict (exit code {code}); the step's log says why\n"
    append(os.environ.get("GITHUB_STEP_SUMMARY"), text + "\n")


def write_guide(path: str, folder: str) -> str | None:
    """The HTML guide (`onboard PATH -f html`); its folder, or None when it could not be written."""
    guide = os.path.join(folder, "guide")
    done = subprocess.run([sys.executable, "-m", "onboard", "report", path, "-f", "html", "-o", guide, "-q"], check=False)
    if done.returncode != 0:
        print(f"onboard: the HTML guide was not written (exit code {done.returncode})", file=sys.stderr)
        return None
    return guide


def main() -> int:
    """Run the gate, publish what was asked for, return the gate's exit code."""
    path = os.environ.get("INPUT_PATH") or "."
    try:
        formats = requested(os.environ.get("INPUT_FORMATS", "summary annotations"))
        args = shlex.split(os.environ.get("INPUT_ARGS", ""))
    except ValueError as error:
        print(f"onboard action: {error}", file=sys.stderr)
        return USAGE
    folder = tempfile.mkdtemp(prefix="onboard-", dir=os.environ.get("RUNNER_TEMP") or None)  # a new one each time the action runs
    code = subprocess.run(check_command(path, args, formats, folder), check=False).returncode
    outputs = {"exit-code": str(code)}
    if "summary" in formats:
        publish_summary(folder, code)
    if "sarif" in formats and os.path.isfile(os.path.join(folder, "onboard.sarif")):
        outputs["sarif-file"] = os.path.join(folder, "onboard.sarif")
    if "html" in formats:
        outputs["html-dir"] = write_guide(path, folder) or ""
    append(os.environ.get("GITHUB_OUTPUT"), "".join(f"{key}={value}\n" for key, value in outputs.items()))
    return code


if __name__ == "__main__":
    sys.exit(main())
