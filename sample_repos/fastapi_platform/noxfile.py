"""Nox sessions; CI runs ``nox -s lint tests``."""
import nox

nox.options.sessions = ["lint", "tests"]


@nox.session
def tests(session):
    session.install("-e", ".[dev]")
    session.run("pytest", "-q", *session.posargs)


@nox.session(reuse_venv=True)
def lint(session):
    session.install("ruff", "mypy")
    session.run("ruff", "check", "src", "tests")
    session.run("mypy", "src")


@nox.session(name="docs")
def build_docs(session):
    """Build the MkDocs site into site/."""
    session.install("mkdocs-material")
    session.run("mkdocs", "build", "--strict")
