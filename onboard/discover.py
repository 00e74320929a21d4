"""Discovery: which files of a repository are Python, which are left out, and why.

The walk uses `os.scandir` and `lstat` only: it never follows a symlink, never opens anything
but a regular file, and never reads a file larger than the size limit. What it cannot or will
not look at is a value (`Skipped`, `Excluded`), never an exception: an unreadable directory is
reported as `permission-denied` and the walk goes on (where `os.walk` would drop it silently).
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from dataclasses import dataclass, field

from onboard.frozen import maker, record
from onboard.fs import Unreadable, is_file, looked_at, printable, read_regular, recording_now, stat_signature

# Directories left out by default, each re-includable by name (`--include-dir`).
DEFAULT_EXCLUDED_DIRS = (
    ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "env", ".eggs", "__pypackages__",
    "_build", "buck-out", "build", "dist", "node_modules", "site-packages", "__pycache__",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", "*.egg-info", ".ipynb_checkpoints",
)
_SHEBANG_BYTES = 128
_COUNT_CAP = 100_000
_GITIGNORE_LIMIT = 1024 * 1024


@record
class SourceFile:
    """A Python file to parse. `path` is repo-relative, `/`-separated and printable."""

    path: str
    fs_path: str
    kind: str  # "module" | "stub" | "script" (extension-less with a python shebang) | "notebook" (`.ipynb`)
    size: int
    identity: tuple[int, int] | None = None  # (device, inode) the walk saw, reached without a link
    signature: tuple[int, ...] | None = None  # `fs.signature` as the walk saw it (the facts cache knows its bytes by it)


_source_file = maker(SourceFile)  # one a Python file (`onboard.frozen`)


@record
class Skipped:
    """A file or directory that was not analysed, with its reason code."""

    path: str
    reason: str
    message: str


@record
class Excluded:
    """A directory (or Python file) left out on purpose, and how many files it holds."""

    path: str
    files: int
    why: str  # "default" | "virtualenv" | "gitignore" | "config"


@dataclass
class Discovery:
    """What the walk found."""

    files: list[SourceFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    warnings: list[tuple[str, int | None, str]] = field(default_factory=list)  # path, line, message
    run_files: list[str] = field(default_factory=list)  # Dockerfiles, compose files and YAML files (perhaps manifests), not left out


@record
class WalkOptions:
    """What to leave out."""

    max_file_size: int = 2 * 1024 * 1024
    max_notebook_size: int = 20 * 1024 * 1024  # notebooks carry their outputs (images, data)

    def limit(self, kind: str) -> int:
        """The size limit of a file of this kind."""
        return self.max_notebook_size if kind == "notebook" else self.max_file_size
    exclude: tuple[str, ...] = ()  # gitignore-style patterns from the user
    include_dirs: tuple[str, ...] = ()  # default-excluded names to walk after all
    use_gitignore: bool = True


def _count_files(path: str) -> int:
    count, stack = 0, [path]
    while stack and count < _COUNT_CAP:
        folder = stack.pop()
        looked_at(folder)
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    else:
                        count += 1
        except OSError:
            continue
    return min(count, _COUNT_CAP)


def _has_python_shebang(fs_path: str) -> bool:
    looked_at(fs_path)
    try:
        fd = os.open(fs_path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        first = os.read(fd, _SHEBANG_BYTES).split(b"\n", 1)[0]
    except OSError:
        return False
    finally:
        os.close(fd)
    return first.startswith(b"#!") and b"python" in first


def _symlink(root: str, fs_path: str, rel: str) -> Skipped | None:
    looked_at(os.path.realpath(fs_path))  # what the link points to, absent or not
    try:
        target = os.path.realpath(fs_path, strict=True)
        target_stat = os.stat(fs_path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return Skipped(rel, "symlink-loop", "symbolic link loop; not followed")
        return Skipped(rel, "broken-symlink", "symbolic link to nothing")
    if os.path.commonpath([root, target]) != root:
        return Skipped(rel, "symlink-outside-repo", "symbolic link out of the repository; not followed")
    if stat.S_ISREG(target_stat.st_mode) and not _python_name(os.path.basename(fs_path)):
        return None  # a link to a data file of the repo: nothing to say
    return Skipped(rel, "symlink-not-followed", "symbolic link; not followed (its target is analysed where it lives)")


def _listed_folder(entry: os.DirEntry) -> bool:
    """A folder, not a link, by the type the folder listing gave (no system call); when that
    fails, the entry's `stat` says what it is (and why it cannot be looked at)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _plain_file(entry: os.DirEntry) -> bool:
    """A regular file, not a link, by the type the folder listing gave (no system call)."""
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False


_RUN_FILE = re.compile(r"dockerfile|dockerfile[._-].*|.*\.dockerfile|.*\.ya?ml", re.I)
_RUN_FILE_MATCH = _RUN_FILE.fullmatch


def run_file(name: str) -> bool:
    """A file that may say how the code is started: a Dockerfile (`Dockerfile`, `Dockerfile.dev`,
    `api.dockerfile`, any case), or a YAML file (compose files, Kubernetes manifests, Helm templates)."""
    return _RUN_FILE_MATCH(name) is not None and not name.lower().endswith(".dockerignore")


def _python_name(name: str) -> str | None:
    if name.endswith(".py"):
        return "module"
    if name.endswith(".pyi"):
        return "stub"
    if name.endswith(".ipynb"):
        return "notebook"
    return None


def _spec(lines: list[str]):
    """Gitignore-style patterns compiled (pathspec is imported when a run has some: 10 ms)."""
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


class _Walker:
    def __init__(self, root: str, options: WalkOptions) -> None:
        self.root, self.options, self.found = root, options, Discovery()
        patterns = [p for p in DEFAULT_EXCLUDED_DIRS if p not in options.include_dirs]
        self.default_dirs = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns) or "(?!)").match  # one match a folder
        self.user_spec = _spec(options.exclude) if options.exclude else None

    def _excluded_dir(self, name: str, fs_path: str, rel: str, specs) -> str | None:
        """Why a folder is left out, by its name or the patterns; a virtual environment (a
        `pyvenv.cfg` in it) is found when the folder is listed (`_virtualenv`), except that a
        folder the patterns leave out is looked into here, as that reason comes first."""
        if self.default_dirs(name):
            return "default"
        ignored = self._ignored(rel + "/", specs)
        if ignored and name not in self.options.include_dirs and is_file(os.path.join(fs_path, "pyvenv.cfg")):
            return "virtualenv"
        return ignored

    def _virtualenv(self, fs_dir: str, rel_dir: str, names: set[str]) -> bool:
        """A listed folder that holds a `pyvenv.cfg` file is a virtual environment: left out."""
        if "pyvenv.cfg" in names and rel_dir and os.path.basename(fs_dir) not in self.options.include_dirs \
                and is_file(os.path.join(fs_dir, "pyvenv.cfg")):
            self.found.excluded.append(Excluded(rel_dir.rstrip("/"), _count_files(fs_dir), "virtualenv"))
            return True
        return False

    def _ignored(self, rel: str, specs) -> str | None:
        if self.user_spec is not None and self.user_spec.match_file(rel):
            return "config"
        for base, spec in reversed(specs):  # the deepest .gitignore that decides wins
            decision = spec.check_file(rel[len(base):]).include
            if decision is not None:
                return "gitignore" if decision else None
        return None

    def _gitignore(self, fs_dir: str, rel_dir: str, names: set[str]):
        """The folder's `.gitignore` (when its listing has one), read safely; a line git would
        not accept is left out and reported, the rest still applies."""
        if not self.options.use_gitignore or ".gitignore" not in names:
            return None
        path = os.path.join(fs_dir, ".gitignore")
        data = read_regular(path, _GITIGNORE_LIMIT, self.root)
        rel = rel_dir + ".gitignore"
        if isinstance(data, Unreadable):
            self.found.warnings.append((rel, None, f"not read ({data.reason}): {data.message}"))
            return None
        lines = data.decode("utf-8", "replace").splitlines()
        try:
            return (rel_dir, _spec(lines))  # each pattern compiled once: the usual case
        except Exception:  # noqa: BLE001 - pathspec raises ValueError, TypeError and re.error (`[z-a]`)
            pass
        accepted = []
        for number, line in enumerate(lines, 1):
            try:
                _spec([line])
                accepted.append(line)
            except Exception as error:  # noqa: BLE001 - as above: a line git would not take is left out
                self.found.warnings.append((rel, number, f"pattern left out: {printable(str(error))[:120]}"))
        return (rel_dir, _spec(accepted))

    def _directory(self, entry: os.DirEntry, rel: str, specs) -> bool | None:
        why = self._excluded_dir(entry.name, entry.path, rel, specs)
        if why:
            self.found.excluded.append(Excluded(rel, _count_files(entry.path), why))
            return None
        return True

    def walk(self) -> Discovery:
        stack = [(self.root, "", [])]
        # Hoisted out of the loop, which runs once a name (Django: 10,000 names, 3,200 folders).
        # Not recording, a folder is known from the listing's type, without a system call; with
        # nothing to match names against here, `_ignored` would say None to each of them.
        quick, default_dirs, descend = not recording_now(), self.default_dirs, stack.append
        while stack:
            fs_dir, rel_dir, specs = stack.pop()
            looked_at(fs_dir)  # listed: a name that appears or goes changes its times
            try:
                with os.scandir(fs_dir) as iterator:
                    entries = list(iterator)  # in any order: every list of the result is sorted at the end
            except OSError as error:
                self._denied(rel_dir.rstrip("/") or ".", error)
                continue
            # the names the folder holds decide whether to look for its `.gitignore` and
            # `pyvenv.cfg` (two probes a folder, most of them for nothing, otherwise)
            names = {entry.name for entry in entries}
            if self._virtualenv(fs_dir, rel_dir, names):
                continue
            own = self._gitignore(fs_dir, rel_dir, names)
            specs = specs + [own] if own else specs
            patterns = bool(specs) or self.user_spec is not None
            for entry in entries:
                name = entry.name
                if _RUN_FILE_MATCH(name) is not None and run_file(name) and _plain_file(entry):
                    rel = rel_dir + printable(name)
                    if not self._ignored(rel, specs) and rel == os.path.relpath(entry.path, self.root).replace(os.sep, "/"):
                        self.found.run_files.append(rel)
                    continue
                if "." in name and not name.endswith((".py", ".pyi", ".ipynb")) and _plain_file(entry):
                    continue  # a data file (most of a repository): nothing to do, not even a stat
                rel = rel_dir + printable(name)
                if quick and _listed_folder(entry):
                    if default_dirs(name) is None and not (patterns and self._excluded_dir(name, entry.path, rel, specs)):
                        descend((entry.path, rel + "/", specs))
                    else:
                        self._directory(entry, rel, specs)
                elif self._examined(entry, rel, specs):
                    descend((entry.path, rel + "/", specs))
        self.found.files.sort(key=lambda f: f.path)
        self.found.skipped.sort(key=lambda s: s.path)
        self.found.excluded.sort(key=lambda e: e.path)
        self.found.warnings.sort(key=lambda w: (w[0], w[1] or 0, w[2]))
        self.found.run_files.sort()
        return self.found

    def _denied(self, rel: str, error: OSError) -> None:
        if error.errno in (errno.EACCES, errno.EPERM):
            self.found.skipped.append(Skipped(rel, "permission-denied", "permission denied"))
        else:
            self.found.skipped.append(Skipped(rel, "read-error", printable(error.strerror or str(error))))

    def _examined(self, entry: os.DirEntry, rel: str, specs) -> bool | None:
        """Record an entry by what its `stat` (links not followed) says it is (a folder too, when
        the walk records what it looked at: its signature is kept); True when it is a directory
        to descend into."""
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError as error:
            self._denied(rel, error)
            return None
        looked_at(entry.path, info)  # its size or type may decide (too-large, scripts, links)
        if stat.S_ISLNK(info.st_mode):
            skipped = _symlink(self.root, entry.path, rel)
            if skipped is not None and not self._ignored(rel, specs):
                self.found.skipped.append(skipped)
            return None
        if stat.S_ISDIR(info.st_mode):
            return self._directory(entry, rel, specs)
        kind = _python_name(entry.name)
        if not stat.S_ISREG(info.st_mode):
            if not self._ignored(rel, specs):
                self.found.skipped.append(Skipped(rel, "not-a-regular-file", "not a regular file (FIFO, socket or device); never opened"))
            return None
        if kind is None and "." not in entry.name and info.st_size and _has_python_shebang(entry.path):
            kind = "script"
        if kind is None:
            return None
        why = self._ignored(rel, specs)
        if why:
            self.found.excluded.append(Excluded(rel, 1, why))
        elif info.st_size > self.options.limit(kind):
            limit, option = self.options.limit(kind), "--max-notebook-size" if kind == "notebook" else "--max-file-size"
            self.found.skipped.append(Skipped(rel, "too-large", f"{info.st_size:,} bytes, over the {limit:,}-byte limit ({option}); not read"))
        else:
            self.found.files.append(_source_file(rel, entry.path, kind, info.st_size, (info.st_dev, info.st_ino), stat_signature(info)))
        return None


def discover(root: str, options: WalkOptions = WalkOptions()) -> Discovery:
    """Walk `root` (an existing directory) and sort what is in it."""
    return _Walker(os.path.realpath(root), options).walk()


def read_source(source: SourceFile, max_file_size: int, root: str | None = None) -> bytes | Skipped:
    """The bytes of a discovered file, re-checked at open time (it may have changed since the
    walk): still a regular file, reached without a symlink, within the size limit."""
    data = read_regular(source.fs_path, max_file_size, root, source.identity)
    return Skipped(source.path, data.reason, data.message) if isinstance(data, Unreadable) else data
