"""Sdists from PyPI: found through its simple JSON API (PEP 691), downloaded once, checked
against a pinned sha256 (or PyPI's, for a version without a pin) and unpacked safely.

No pip and no build backend: nothing of a corpus is built, imported or run.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
import tarfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path, PurePosixPath

from common import BenchError, say


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def pep503(name: str) -> str:
    """A project name as PyPI's simple index spells it (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


_SDIST_SUFFIXES = (".tar.gz", ".zip")  # .zip only for an sdist put into the cache by hand


def _sdist_of(filename: str) -> tuple[str, str] | None:
    """(normalised name, version) of an sdist file name `NAME-VERSION.tar.gz` (PEP 625; older
    sdists keep the project's spelling, e.g. `Django-5.1.4.tar.gz`), None for anything else."""
    for suffix in _SDIST_SUFFIXES:
        if filename.endswith(suffix) and "-" in filename[: -len(suffix)]:
            name, version = filename[: -len(suffix)].rsplit("-", 1)
            return pep503(name), version.lower()
    return None


def _find_sdist(folder: Path, dist: str, version: str) -> Path | None:
    if not folder.is_dir():
        return None
    wanted = (pep503(dist), version.lower())
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and _sdist_of(entry.name) == wanted:
            return entry
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"


def _pypi_sdist(dist: str, version: str, folder: Path) -> dict:
    """The sdist entry of DIST==VERSION in PyPI's simple JSON API (PEP 691)."""
    url = f"https://pypi.org/simple/{pep503(dist)}/"
    request = urllib.request.Request(url, headers={"Accept": _SIMPLE_JSON, "User-Agent": "onboard-benchmark"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            kind = response.headers.get_content_type()
            if kind != _SIMPLE_JSON:
                raise BenchError(f"{url} answered {kind}, not {_SIMPLE_JSON}")
            files = json.load(response).get("files", [])
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise BenchError(f"PyPI has no project {dist!r} ({url}: 404)") from None
        raise BenchError(f"could not ask PyPI about {dist}: {url} answered {error.code} {error.reason}") from None
    except ValueError as error:
        raise BenchError(f"{url} answered something that is not JSON: {error}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise BenchError(f"could not ask PyPI about {dist} (no network?): {reason}\n"
                         f"Put the sdist of {dist}=={version} into {folder} and run again with the same --work.") from None
    wanted = (pep503(dist), version.lower())
    found = [f for f in files if f.get("filename", "").endswith(".tar.gz") and _sdist_of(f["filename"]) == wanted]
    if not found:
        pattern = re.compile(rf"-{re.escape(version)}[-.]", re.IGNORECASE)
        others = sorted(f.get("filename", "") for f in files if pattern.search(f.get("filename", "")))
        raise BenchError(f"PyPI has no sdist (.tar.gz) of {dist}=={version}"
                         + (f"; its files of that version: {', '.join(others)}" if others else " (is the version right?)"))
    entry = found[0]
    if not str(entry.get("url", "")).startswith("https://"):
        raise BenchError(f"PyPI gave no https address for {entry['filename']}: {entry.get('url')!r}")
    if not re.fullmatch(r"[0-9a-f]{64}", str(entry.get("hashes", {}).get("sha256", ""))):
        raise BenchError(f"PyPI gave no sha256 for {entry['filename']}: cannot verify it")
    if entry.get("yanked"):
        say(f"note: {entry['filename']} is yanked on PyPI (reason: {entry['yanked']}); it is pinned, so it is used")
    return entry


def fetch(dist: str, version: str, folder: Path, pinned: str | None = None) -> Path:
    """The sdist of DIST==VERSION in `folder`: reused when there, else downloaded from PyPI.

    With a `pinned` sha256 (the known corpora), a cached sdist, PyPI's answer and the download
    must all match it. Without one, PyPI's sha256 is checked and stored beside the file (a
    `.sha256` file), and a cached sdist is checked against that file when it is there (an sdist
    put there by hand is used as it is)."""
    found = _find_sdist(folder, dist, version)
    if found:
        stored = found.with_name(found.name + ".sha256")
        expected = pinned or ((stored.read_text().split() or [""])[0] if stored.is_file() else None)
        if expected and _sha256(found) != expected:
            raise BenchError(f"{found} does not match the sha256 {'pinned for it' if pinned else f'stored beside it ({stored.name})'}: "
                             "delete it to download it again")
        return found
    folder.mkdir(parents=True, exist_ok=True)
    entry = _pypi_sdist(dist, version, folder)
    name, expected = entry["filename"], entry["hashes"]["sha256"]
    if pinned and expected != pinned:
        raise BenchError(f"PyPI's sha256 of {name} is {expected}, not the pinned {pinned}; nothing downloaded")
    if "/" in name or "\\" in name or name.startswith("."):
        raise BenchError(f"PyPI gave an unexpected file name {name!r}")
    target, partial = folder / name, folder / f".{name}.part"
    size = entry.get("size")
    say(f"downloading {name} ({size / 1024**2:.1f} MiB) from PyPI ..." if isinstance(size, int) else f"downloading {name} from PyPI ...")
    digest = hashlib.sha256()
    try:
        with urllib.request.urlopen(urllib.request.Request(entry["url"], headers={"User-Agent": "onboard-benchmark"}), timeout=60) as response, \
                open(partial, "wb") as out:
            for block in iter(lambda: response.read(1 << 20), b""):
                digest.update(block)
                out.write(block)
    except (urllib.error.URLError, OSError) as error:
        partial.unlink(missing_ok=True)
        reason = getattr(error, "reason", error)
        raise BenchError(f"could not download {entry['url']} (no network?): {reason}\n"
                         f"Put {name} into {folder} and run again with the same --work.") from None
    if digest.hexdigest() != expected:
        partial.unlink(missing_ok=True)
        raise BenchError(f"{name}: sha256 {digest.hexdigest()} is not the expected {expected}; nothing kept")
    os.replace(partial, target)
    target.with_name(name + ".sha256").write_text(f"{expected}  {name}\n")
    return target


def _inside(path: str) -> bool:
    """Whether an archive path (or a link target joined to its folder) stays inside the archive."""
    norm = posixpath.normpath(path.replace("\\", "/"))
    return not (norm == ".." or norm.startswith(("/", "../")) or re.match(r"^[A-Za-z]:", norm))


def _checked_top(names: list[str], archive: Path) -> str:
    """The one top folder every member lies in; a BenchError for an absolute name or a `..`."""
    tops = set()
    for name in names:
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if not parts or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
            raise BenchError(f"{archive.name}: unsafe member name {name!r}; not unpacked")
        tops.add(parts[0])
    if len(tops) != 1:
        raise BenchError(f"{archive.name}: expected one top folder, found {', '.join(sorted(tops)[:5]) or 'none'}")
    return tops.pop()


def unpack(archive: Path, into: Path) -> Path:
    """Unpack an sdist into `into` once (a marker file remembers it): no absolute names, no
    `..`, no links leading outside, no device files; tarfile's "data" filter on top."""
    into.mkdir(parents=True, exist_ok=True)
    stem = archive.name.removesuffix(".tar.gz").removesuffix(".zip")
    marker = into / f".{stem}.unpacked"
    if marker.exists():
        return into / marker.read_text()
    scratch = into / f".{stem}.partial"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    try:
        if archive.name.endswith(".zip"):
            with zipfile.ZipFile(archive) as zipped:  # zipfile makes no links and keeps names inside
                top = _checked_top(zipped.namelist(), archive)
                zipped.extractall(scratch)
        else:
            with tarfile.open(archive, "r:gz") as tar:
                members = tar.getmembers()
                top = _checked_top([m.name for m in members], archive)
                skipped = []
                for member in members:
                    if not (member.isfile() or member.isdir() or member.issym() or member.islnk()):
                        raise BenchError(f"{archive.name}: {member.name!r} is a device or fifo; not unpacked")
                    if member.issym() or member.islnk():
                        # a symlink's target is relative to its folder, a hard link's to the archive
                        joined = posixpath.join(posixpath.dirname(member.name), member.linkname) if member.issym() else member.linkname
                        if member.linkname.startswith("/") or not _inside(joined) or not _inside(posixpath.relpath(joined, top)):
                            raise BenchError(f"{archive.name}: link {member.name!r} -> {member.linkname!r} leads outside; not unpacked")
                        if not hasattr(tarfile, "data_filter") and ".." in PurePosixPath(member.linkname).parts:
                            skipped.append(member)  # chains of such links could leave; the data filter checks them, else skip
                if hasattr(tarfile, "data_filter"):
                    tar.extractall(scratch, filter="data")
                else:
                    tar.extractall(scratch, members=[m for m in members if m not in skipped])
                    if skipped:
                        say(f"note: {len(skipped)} link(s) with '..' in {archive.name} left out (this Python has no tarfile data filter)")
        final = into / top
        shutil.rmtree(final, ignore_errors=True)  # an earlier, interrupted unpacking
        os.replace(scratch / top, final)
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError) as error:
        raise BenchError(f"could not unpack {archive}: {error}") from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    marker.write_text(top)
    return into / top

