"""The pre-commit hook, run for real: `pre-commit try-repo` installs this project into a hook
environment and runs `onboard check` in a temporary git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_pre_commit_hook_gates_a_repository(tmp_path):
    pytest.importorskip("pre_commit")
    if not os.path.isdir(os.path.join(PROJECT, ".git")):
        pytest.skip("try-repo needs this project as a git checkout")
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "ONBOARD_CACHE_DIR": str(tmp_path / "cache"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    (repo / "app.py").write_text('"""The app."""\n\ndef documented():\n    """Yes."""\n\ndef undocumented():\n    pass\n')
    (repo / "pyproject.toml").write_text("[tool.onboard]\nfail-under = 60\n")
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "init"]):
        subprocess.run(command, cwd=repo, check=True, env=env)

    def hook():
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", PROJECT, "onboard-check", "--all-files"],
                              cwd=repo, env=env, capture_output=True, text=True, timeout=900)

    passed = hook()  # 2 of 3 documented = 66.6% >= 60
    assert passed.returncode == 0, passed.stdout + passed.stderr
    (repo / "pyproject.toml").write_text("[tool.onboard]\nfail-under = 90\n")
    failed = hook()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "docstring coverage 66.6% (2/3), threshold 90%: FAILED" in failed.stdout
