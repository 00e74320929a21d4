"""Developer commands read as text: Makefile, justfile, tox, hatch, poe, pdm and taskipy."""

from __future__ import annotations

import os
import tomllib

import pytest

from onboard.model.dev_commands import dev_commands
from onboard.model.run_files import RunCommand

MAKEFILE = """\
.PHONY: help install test lint format docs clean
.DEFAULT_GOAL := help

PYTHON ?= python3
SRC = src
VENV := .venv
PYTEST_ARGS += -q
BUILD_DIR=build
export DJANGO_SETTINGS_MODULE

help: ## Show this help
\t@grep -E '^[a-zA-Z_-]+:.*?## .*$$' $(MAKEFILE_LIST) | sort

install: ## Install in editable mode with the dev extras
\t$(PYTHON) -m pip install -e '.[dev]'

test: install ## Run the tests
\t# the whole suite, with coverage
\t@$(PYTHON) -m pytest \\
\t\t--cov=$(SRC) tests

lint format:
\truff check $(SRC)

%.o: %.c
\t$(CC) -c $<

$(BUILD_DIR)/out.txt:
\ttouch $@

define BANNER
fake-target: not a rule
endef

ci: lint test

docs: export SPHINXOPTS = -W
docs:
\tsphinx-build docs docs/_build

export-docs: docs ; cp -r docs/_build site

ifeq ($(CI),true)
release:
\ttwine upload dist/*
endif

clean:
\t-rm -rf build dist .pytest_cache
"""


def commands(root, **kwargs) -> list[tuple[str, str, str, int | None]]:
    found = dev_commands(str(root), **kwargs)
    assert all(isinstance(c, RunCommand) and c.kind == "dev_command" for c in found)
    return [(c.path, c.name, c.command, c.line) for c in found]


def test_makefile_targets(tmp_path):
    (tmp_path / "Makefile").write_text(MAKEFILE)
    assert commands(tmp_path) == [
        ("Makefile", "make help", "grep -E '^[a-zA-Z_-]+:.*?## .*$$' $(MAKEFILE_LIST) | sort  # Show this help", 11),
        ("Makefile", "make install", "$(PYTHON) -m pip install -e '.[dev]'  # Install in editable mode with the dev extras", 14),
        ("Makefile", "make test", "$(PYTHON) -m pytest --cov=$(SRC) tests  # Run the tests", 17),
        ("Makefile", "make format", "ruff check $(SRC)", 22),
        ("Makefile", "make lint", "ruff check $(SRC)", 22),
        ("Makefile", "make ci", "make lint test", 35),
        ("Makefile", "make docs", "sphinx-build docs docs/_build", 38),
        ("Makefile", "make export-docs", "cp -r docs/_build site", 41),
        ("Makefile", "make release", "twine upload dist/*", 44),
        ("Makefile", "make clean", "rm -rf build dist .pytest_cache", 48),
    ]


def test_make_reads_gnumakefile_first_and_only_the_top(tmp_path):
    (tmp_path / "GNUmakefile").write_text("all:\n\techo gnu\n")
    (tmp_path / "Makefile").write_text("all:\n\techo plain\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "justfile").write_text("nested:\n    echo no\n")
    assert commands(tmp_path) == [("GNUmakefile", "make all", "echo gnu", 1)]


JUSTFILE = """\
set dotenv-load
set shell := ["bash", "-uc"]

version := `git describe --tags`
export RUST_LOG := "info"
alias t := test

# List the recipes
default:
    @just --list

# Run the tests
test *args: build
    pytest {{args}}

[private]
helper:
    echo hidden

_internal:
    echo hidden too

[doc("Deploy to an environment")]
[group('ops')]
deploy env="prod": (build "release")
    #!/usr/bin/env bash
    set -euo pipefail
    ./deploy.sh {{env}}

build target="debug":
    python -m build --{{target}}

all: build test
"""


def test_justfile_recipes(tmp_path):
    (tmp_path / "justfile").write_text(JUSTFILE)
    assert commands(tmp_path) == [
        ("justfile", "just default", "just --list  # List the recipes", 9),
        ("justfile", "just test", "pytest {{args}}  # Run the tests", 13),
        ("justfile", "just deploy", "set -euo pipefail && ./deploy.sh {{env}}  # Deploy to an environment", 25),
        ("justfile", "just build", "python -m build --{{target}}", 30),
        ("justfile", "just all", "just build test", 33),
    ]


TOX_INI = """\
[tox]
envlist =
    py{38,39,310}-django{32,42}
    lint, docs
    py3{11-12}
isolated_build = true

[testenv]
description = run the unit tests
deps = pytest
commands =
    pytest {posargs:tests}
    coverage report

[testenv:lint]
description = run linters
skip_install = true
commands = ruff check .

[testenv:{docs,docs-live}]
commands = sphinx-build -W docs docs/_build
"""


def test_tox_environments(tmp_path):
    (tmp_path / "tox.ini").write_text(TOX_INI)
    (tmp_path / "setup.cfg").write_text("[tox:tox]\nenvlist = ignored\n")  # tox.ini wins, as in tox
    unit = "pytest {posargs:tests}  # run the unit tests"
    assert commands(tmp_path) == [  # a generated matrix is one row: its first environment, the matrix as written
        ("tox.ini", "tox -e py311", unit + "; one of 2 environments py3{11-12}", 2),
        ("tox.ini", "tox -e py38-django32", unit + "; one of 6 environments py{38,39,310}-django{32,42}", 2),
    ] + [
        ("tox.ini", "tox -e lint", "ruff check .  # run linters", 15),
        ("tox.ini", "tox -e docs", "sphinx-build -W docs docs/_build  # run the unit tests", 20),
        ("tox.ini", "tox -e docs-live", "sphinx-build -W docs docs/_build  # run the unit tests", 20),
    ]


def test_tox_factor_conditional_commands_are_conditions(tmp_path):
    (tmp_path / "tox.ini").write_text(
        "[tox]\nenvlist = py{310,311}-{aws,gcloud}\n\n[testenv]\ncommands =\n    aws,gcloud: {toxinidir}/scripts/cloud.sh\n"
        "    pytest tests\n\n[testenv:only-cloud]\ncommands =\n    aws: pytest tests/aws\n\n"
        "[testenv:hadoop-{cdh,hdp,local}]\ncommands =\n    cdh,hdp: {toxinidir}/scripts/hadoop.sh\n")
    assert commands(tmp_path) == [
        # `aws,gcloud` holds for every environment of the matrix: plain, and first
        ("tox.ini", "tox -e py310-aws", "{toxinidir}/scripts/cloud.sh  # one of 4 environments py{310,311}-{aws,gcloud}", 2),
        ("tox.ini", "tox -e only-cloud", "", 9),  # `aws` is not a factor of only-cloud: tox runs nothing
        # for some of them: a condition; a generative section is one row
        ("tox.ini", "tox -e hadoop-cdh", "if cdh,hdp: {toxinidir}/scripts/hadoop.sh  # one of 3 environments hadoop-{cdh,hdp,local}", 13),
    ]


def test_tox_factor_conditions_are_resolved_against_the_environments_a_row_stands_for():
    from onboard.model.tox import for_members

    lines = "b,!a: ruff check\na-lint: mypy\n  pytest\npy3.12: docs"
    assert for_members(lines, ["lint-a"]) == "mypy\n  pytest"  # `a-lint`: a and lint; `b,!a`: b or not a
    assert for_members(lines, ["lint-b"]) == "ruff check\n  pytest"
    assert for_members(lines, ["lint-a", "lint-b"]) == "b,!a: ruff check\na-lint: mypy\n  pytest"  # some of them: conditions
    assert for_members(lines, ["py3.12-x"]) == "ruff check\n  pytest\ndocs"


def test_tox_in_setup_cfg_and_in_pyproject(tmp_path):
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = x\n\n[tox:tox]\nenvlist = py311\n\n[testenv]\ncommands = pytest\n")
    assert commands(tmp_path) == [("setup.cfg", "tox -e py311", "pytest", 5)]
    (tmp_path / "pyproject.toml").write_text('[tool.tox]\nlegacy_tox_ini = """\n[tox]\nenvlist = py312\n\n[testenv:lint]\ncommands = ruff check\n"""\n')
    assert commands(tmp_path) == [("pyproject.toml", "tox -e py312", "", 4), ("pyproject.toml", "tox -e lint", "ruff check", 6)]


PYPROJECT = """\
[project]
name = "shop"

[tool.hatch.envs.default.scripts]
test = "pytest {args:tests}"
cov = ["test-cov", "cov-report"]

[tool.hatch.envs.docs]
dependencies = ["mkdocs"]
scripts = { build = "mkdocs build --clean --strict", serve = "mkdocs serve" }

[tool.poe.tasks]
lint = "ruff check ."
_hidden = "echo private"
test.cmd = "pytest"
test.help = "Run the tests"
check = ["lint", "test"]
serve = { shell = "uvicorn app:app --reload", help = "Dev server" }

[tool.poe.tasks.release]
sequence = ["lint", { cmd = "twine upload dist/*" }]
help = "Publish"

[tool.pdm.scripts]
_.env_file = ".env"
start = "flask run -p 54321"
migrate = { cmd = ["alembic", "upgrade", "head"], help = "Apply migrations" }
all = { composite = ["lint", "test"] }
entry = { call = "shop.cli:main" }

[tool.taskipy.tasks]
test = "pytest"
lint = { cmd = "ruff check", help = "lint it" }
"""

PYPROJECT_EXPECTED = [
    ("pyproject.toml", "hatch run test", "pytest {args:tests}", 5),
    ("pyproject.toml", "hatch run cov", "test-cov && cov-report", 6),
    ("pyproject.toml", "hatch run docs:build", "mkdocs build --clean --strict", 10),  # an inline table: its line
    ("pyproject.toml", "hatch run docs:serve", "mkdocs serve", 10),
    ("pyproject.toml", "poe lint", "ruff check .", 13),
    ("pyproject.toml", "poe test", "pytest  # Run the tests", 15),
    ("pyproject.toml", "poe check", "lint && test", 17),
    ("pyproject.toml", "poe serve", "uvicorn app:app --reload  # Dev server", 18),
    ("pyproject.toml", "poe release", "lint && twine upload dist/*  # Publish", 20),
    ("pyproject.toml", "pdm run start", "flask run -p 54321", 26),
    ("pyproject.toml", "pdm run migrate", "alembic upgrade head  # Apply migrations", 27),
    ("pyproject.toml", "pdm run all", "lint && test", 28),
    ("pyproject.toml", "pdm run entry", "shop.cli:main", 29),
    ("pyproject.toml", "task test", "pytest", 32),
    ("pyproject.toml", "task lint", "ruff check  # lint it", 33),
]


def test_pyproject_task_tables(tmp_path):
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    assert commands(tmp_path) == PYPROJECT_EXPECTED
    assert commands(tmp_path, pyproject=tomllib.loads(PYPROJECT)) == PYPROJECT_EXPECTED


def test_a_parsed_pyproject_is_used_and_lines_are_none_without_text(tmp_path):
    parsed = {"tool": {"taskipy": {"tasks": {"docs": "mkdocs serve"}}, "hatch": {"envs": {"lint": {"scripts": {"all": "ruff check"}}}}}}
    assert commands(tmp_path, pyproject=parsed) == [
        ("pyproject.toml", "hatch run lint:all", "ruff check", None),
        ("pyproject.toml", "task docs", "mkdocs serve", None),
    ]


def test_hatch_toml(tmp_path):
    (tmp_path / "hatch.toml").write_text('[envs.default]\ndependencies = ["pytest"]\n\n[envs.default.scripts]\ntest = "pytest -x"\n')
    assert commands(tmp_path) == [("hatch.toml", "hatch run test", "pytest -x", 5)]


def test_malformed_values_never_raise(tmp_path):
    parsed = {
        "tool": {
            "poe": {"tasks": ["not", "a", "table"]},
            "pdm": {"scripts": {"odd": 3, "deep": [[[[[[["too deep"]]]]]]], "argv": {"cmd": ["a", 1, None, "b"]}}},
            "taskipy": {"tasks": {"none": {"help": ["x"]}, "long": "x" * 1000}},
            "hatch": {"envs": {"default": {"scripts": "not a table"}, "broken": 7}},
            "tox": "not a table",
        }
    }
    assert commands(tmp_path, pyproject=parsed) == [
        ("pyproject.toml", "pdm run argv", "a b", None),
        ("pyproject.toml", "pdm run deep", "", None),
        ("pyproject.toml", "pdm run odd", "", None),
        ("pyproject.toml", "task long", "x" * 300, None),
        ("pyproject.toml", "task none", "", None),
    ]


def test_unreadable_files_give_nothing(tmp_path):
    (tmp_path / "Makefile").write_bytes(b"\xff\xfe\x00binary:\n\techo \x80\x81\n")
    (tmp_path / "tox.ini").write_text("no section header\n[broken")
    (tmp_path / "pyproject.toml").write_text("[tool.poe.tasks\nlint = ")
    (tmp_path / "justfile").mkdir()
    assert commands(tmp_path) == []
    assert dev_commands(str(tmp_path / "missing")) == ()


def test_a_symlinked_makefile_is_not_followed(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    (tmp_path / "Makefile").write_text("steal:\n\tcat /etc/passwd\n")  # outside the repository
    for name in ("Makefile", "justfile"):
        (root / name).symlink_to(tmp_path / "Makefile")
    assert commands(root) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_never_opened(tmp_path):
    os.mkfifo(tmp_path / "Makefile")
    assert commands(tmp_path) == []


def test_hostile_input_stays_cheap(tmp_path):
    spaces = " " * 200_000
    (tmp_path / "Makefile").write_text(f"a{spaces}b\nc{spaces}:=d\n" + "x: \\\n" * 50_000 + "\n\techo done\n")
    (tmp_path / "justfile").write_text(f"a{spaces}b\n[{'doc(' * 50_000}]\nok:\n    echo ok\n")
    (tmp_path / "tox.ini").write_text("[tox]\nenvlist = " + "{a,b}" * 40 + ", py{1-99999999}\n")
    found = commands(tmp_path)
    assert found[0] == ("Makefile", "make x", "echo done", 3)
    assert ("justfile", "just ok", "echo ok", 3) in found
    tox = [f for f in found if f[0] == "tox.ini"]
    assert tox == [("tox.ini", "tox -e py1", "# one of 256 environments py{1-99999999}", 2),  # 256 at most, one row
                   ("tox.ini", "tox -e " + "{a,b}" * 40, "", 2)]  # kept as written
