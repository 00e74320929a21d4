"""Entry points found so far: metadata scripts and plugins, scripts, main modules, containers, processes."""

from __future__ import annotations

from conftest import SAMPLES
from onboard.pipeline import analyse
from onboard.settings import build, merge


def kinds(path):
    report = analyse(str(path), build(merge({}, {}), None))
    return [(e.kind, e.name, e.target, e.path, e.line) for e in report.entry_points]


def test_flask_sample():
    found = kinds(SAMPLES / "flask_service")
    assert found[0] == ("console_script", "orderdesk", "orderdesk.cli:main", "src/orderdesk/cli.py", 42)
    assert ("main_module", "python -m orderdesk", "orderdesk.__main__", "src/orderdesk/__main__.py", 1) in found
    assert ("main_module", "python scripts/backfill_orders.py", "scripts.backfill_orders", "scripts/backfill_orders.py", 39) in found
    assert ("container", "CMD", "gunicorn -w 4 -b 0.0.0.0:8000 orderdesk.app:create_app()", "Dockerfile", 11) in found


def test_etl_sample_and_text_files(tmp_path):
    found = kinds(SAMPLES / "etl_pipeline")
    assert ("console_script", "etl-run", "etl.runner:main") in [f[:3] for f in found]
    assert ("setup_script", "run-nightly", "bin/run-nightly", "bin/run-nightly", None) in found
    (tmp_path / "app.py").write_text('if __name__ == "__main__":\n    pass\n"""if __name__ == "__main__": in a string"""\n')
    (tmp_path / "Procfile").write_text("web: gunicorn app:app\n# comment: no\nworker: celery -A app worker\n")
    (tmp_path / "docker-compose.yml").write_text("services:\n  api:\n    command: [\"python\", \"app.py\"]\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[project.entry-points."x.plugins"]\nmine = "missing.mod:Plugin"\n')
    found = kinds(tmp_path)
    assert [f for f in found if f[0] == "main_module"] == [("main_module", "python app.py", "app", "app.py", 1)]
    assert ("process", "web", "gunicorn app:app", "Procfile", 1) in found and ("process", "worker", "celery -A app worker", "Procfile", 3) in found
    assert ("container", "api command", "python app.py", "docker-compose.yml", 3) in found
    assert ("entry_point", "mine", "missing.mod:Plugin", "pyproject.toml", None) in found
