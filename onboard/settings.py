"""Resolving settings into the pipeline's `Settings` (the values are merged by `onboard.config.merge`)."""

from __future__ import annotations

import os
import re


from onboard.analyses.docs import DocsOptions
from onboard.config import DEFAULTS, ConfigError
from onboard.discover import WalkOptions
from onboard.knowledge import SCOPES
from onboard.parse.runner import Limits
from onboard.pipeline import Settings

def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def build(values: dict[str, object], cache_dir: str | None) -> Settings:
    """The pipeline's settings; a value that cannot work is a `ConfigError`."""
    for pattern in values["ignore-regex"]:  # type: ignore[union-attr]
        try:
            re.compile(pattern)
        except re.error as error:
            raise ConfigError(f"ignore-regex {pattern!r} is not a valid regular expression: {error}") from None
    for key, patterns in (("exclude", values["exclude"]), ("check", list(values["check"]))):  # type: ignore[arg-type]
        for pattern in patterns:
            import pathspec  # only when there are patterns: it takes 10 ms to import

            try:
                pathspec.GitIgnoreSpec.from_lines([pattern])
            except Exception as error:  # pathspec raises ValueError, TypeError and re.error
                raise ConfigError(f"{key} pattern {pattern!r} is not a valid gitignore-style pattern: {error}") from None
    unknown = [s for s in values["coverage-scopes"] if s not in SCOPES]  # type: ignore[union-attr]
    if unknown:
        raise ConfigError(f"unknown coverage scope {unknown[0]!r} (known: {', '.join(SCOPES)})")
    if not values["coverage-scopes"]:
        raise ConfigError("coverage-scopes must name at least one scope")
    docs = DocsOptions(
        **{key.replace("-", "_"): values[key] for key in DEFAULTS if key.startswith("ignore-") and key != "ignore-regex"},
        ignore_regex=tuple(values["ignore-regex"]),  # type: ignore[arg-type]
        scopes=tuple(values["coverage-scopes"]),  # type: ignore[arg-type]
    )
    return Settings(
        walk=WalkOptions(
            max_file_size=int(values["max-file-size"]),  # type: ignore[arg-type]
            max_notebook_size=int(values["max-notebook-size"]),  # type: ignore[arg-type]
            exclude=tuple(values["exclude"]),  # type: ignore[arg-type]
            include_dirs=tuple(values["include-dirs"]),  # type: ignore[arg-type]
            use_gitignore=bool(values["use-gitignore"]),
        ),
        limits=Limits(
            jobs=int(values["jobs"]) or default_jobs(),  # type: ignore[arg-type]
            file_timeout=float(values["file-timeout"]) or 20.0,  # type: ignore[arg-type]
            memory_bytes=int(values["worker-memory-mb"]) * 1024 * 1024,  # type: ignore[arg-type]
        ),
        docs=docs,
        cache_dir=cache_dir,
        usage_imports=tuple(sorted(values["usage"].items())),  # type: ignore[union-attr]
        entry_decorators=tuple(sorted(values["entry-points"].items())),  # type: ignore[union-attr]
    )
