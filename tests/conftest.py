"""Shared fixtures: the sample repositories, a CLI runner with a private cache, golden files."""

from __future__ import annotations

import pathlib

import pytest
from hypothesis import HealthCheck, settings

# `pytest --hypothesis-profile=long` for a long fuzzing run; the default keeps CI quick.
settings.register_profile("default", max_examples=150)
settings.register_profile("long", max_examples=5000, suppress_health_check=list(HealthCheck))

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_repos"
GOLDEN = pathlib.Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden from the current output.")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """No test reads or writes the user's real cache."""
    monkeypatch.setenv("ONBOARD_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("NO_COLOR", "1")
