"""Running the measured commands: a small launcher process that times one command and samples
the resident memory of every process of its tree, the rounds that alternate the corpora, and medians.

Each command runs under the launcher: the main thread waits on it (so the wall time is not
rounded to the sampling period) while a thread sums the RSS of the command's process tree from
/proc every 50 ms (a lower bound of the true peak); getrusage of the children gives the peak RSS
of the largest single process.

Every command runs with bytecode caching on (`PYTHONDONTWRITEBYTECODE` removed from its
environment), as an installed onboard runs: where the variable is set, an editable checkout
would otherwise compile each of onboard's modules again on every run (about 0.15 s). The untimed
run that fills a corpus's cache writes the `.pyc` files before any timed run. Relative entries of
PYTHONPATH are made absolute: the commands run in the work folder, and must import the onboard
bench.py imports.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from common import BenchError, say

BENCH = Path(__file__).resolve().with_name("bench.py")

LAUNCHER = r"""
import json, os, resource, subprocess, sys, threading, time
result, stdout_path, cwd, cmd = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
page = os.sysconf("SC_PAGE_SIZE")
peak = [0, 0]

def sample(root):
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/stat" % name, "rb") as handle:
                    text = handle.read()
                ppid = int(text[text.rindex(b")") + 2:].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(name))
    total, count, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open("/proc/%d/statm" % pid) as handle:
                total += int(handle.read().split()[1]) * page
            count += 1
        except (OSError, ValueError, IndexError):
            pass
        todo.extend(children.get(pid, ()))
    peak[0] = max(peak[0], total)
    peak[1] = max(peak[1], count)

def sampler(proc, done):
    # in a thread: the main thread times the command by waiting on it, so the wall time is not
    # rounded up to the sampling period
    while not done.is_set():
        try:
            sample(proc.pid)
        except OSError:
            return
        done.wait(0.05)

sampling = os.path.isdir("/proc")
with open(stdout_path, "wb") as out, open(stdout_path + ".err", "wb") as err:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd)
    done = threading.Event()
    thread = threading.Thread(target=sampler, args=(proc, done), daemon=True)
    if sampling:
        thread.start()
    code = proc.wait()
    wall = time.perf_counter() - start
    done.set()
    if sampling:
        thread.join()
maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
with open(result, "w") as handle:
    json.dump({"wall": wall, "rc": code, "maxrss": maxrss, "tree_peak": peak[0] if sampling or peak[0] else None,
               "processes": peak[1]}, handle)
"""


def measured_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a measured command: this one's, with bytecode caching on, and
    PYTHONPATH's entries absolute (the command runs in another folder, and must import the
    onboard this process imports)."""
    env = {k: v for k, v in (os.environ if base is None else base).items() if k != "PYTHONDONTWRITEBYTECODE"}
    if env.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.pathsep.join(os.path.abspath(entry) for entry in env["PYTHONPATH"].split(os.pathsep))  # "" is the folder too
    return env


class Runner:
    """Launches the measured commands, each under the launcher, from the work folder."""

    def __init__(self, work: Path, jobs: int, pairs: int = 3) -> None:
        self.work = work
        self.jobs = jobs
        self.pairs = pairs  # incremental / warm-facts-copy pairs per round
        self.scratch = work / "runs"
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.counter = 0
        self.no_reuse = has_no_reuse(work)

    def launch(self, cmd: list[str], stdout: Path | None = None, cwd: Path | None = None) -> dict:
        """Run `cmd` under the launcher: its wall time, exit code, peak RSS of its largest process
        and the sampled peak of its tree's summed RSS (every process of the run)."""
        self.counter += 1
        result = self.scratch / f"result{self.counter}.json"
        out = stdout or self.scratch / f"out{self.counter}"
        subprocess.run([sys.executable, "-c", LAUNCHER, str(result), str(out), str(cwd or self.work), *cmd], check=True,
                       env=measured_environment())
        data = json.loads(result.read_text())
        result.unlink()
        data["stdout"] = out
        return data

    def onboard(self, root: Path, cache: Path, *extra: str) -> list[str]:
        return [sys.executable, "-m", "onboard", str(root), "-j", str(self.jobs), "--cache-dir", str(cache), "-f", "json", *extra]

    def me(self, *args: str) -> list[str]:
        """bench.py in one of its hidden modes."""
        return [sys.executable, str(BENCH), *args]


def has_no_reuse(cwd: Path) -> bool:
    """Whether the installed onboard knows `--no-reuse` (an older one rejects it with a usage
    error): asked once, from the report command's help, run where the measured runs run (not in
    a checkout, whose `onboard` folder `python -m` would pick up instead of the installed one)."""
    try:
        done = subprocess.run([sys.executable, "-m", "onboard", "report", "--help"], capture_output=True, text=True, timeout=120,
                              cwd=cwd, check=False, env=measured_environment())
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BenchError(f"could not run `python -m onboard report --help`: {error}") from None
    if done.returncode != 0:
        raise BenchError(f"`python -m onboard report --help` exited with {done.returncode}: {done.stderr.strip()[-500:]}")
    return "--no-reuse" in done.stdout


NO_WARM_FACTS = ("the installed onboard has no --no-reuse: the warm-facts command (warm without the reuse of the last run's "
                 "reports) and its figures are left out, and warm stands alone")


def ok(result: dict, what: str, codes: tuple[int, ...] = (0,)) -> dict:
    """The launcher's result, or a BenchError with the tail of the command's stderr."""
    if result["rc"] not in codes:
        err = Path(f"{result['stdout']}.err")
        tail = err.read_text(errors="replace").strip().splitlines()[-5:] if err.exists() else []
        raise BenchError(f"{what} exited with {result['rc']}:\n  " + "\n  ".join(tail))
    return result


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def alternate(corpora: list, step: Callable[[object, int], None]) -> None:
    """Round 1 of every corpus, then round 2 of every corpus, ...: a drift of the machine's load
    spreads over all of them, and ratios are taken within one round (`step(corpus, index)`)."""
    for index in range(max(c.rounds for c in corpora)):
        for corpus in corpora:
            if index < corpus.rounds:
                start = time.perf_counter()
                step(corpus, index)
                runs = corpus.runs
                shown = ", ".join(f"{name} {runs[name][-1]['wall']:.2f}" for name in
                                  ("cold", "floor", "warm", "warm-facts", "incremental", "code-changed", "interrogate") if name in runs)
                say(f"round {index + 1}/{corpus.rounds} of {corpus.label}: {time.perf_counter() - start:.1f} s ({shown})")
