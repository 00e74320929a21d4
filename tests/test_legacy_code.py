"""Legacy shapes met in real repositories (Fabric 1.x, s3fs): Python 2 files beside Python 3
ones, imports of files that cannot be analysed, a library with nothing to start."""

from __future__ import annotations

import json

from click.testing import CliRunner

from onboard.cli import main
from onboard.facts import Failure
from onboard.parse.extract import extract
from onboard.parse.python2 import python2_sign


def write(root, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def report(root, *extra: str):
    return CliRunner().invoke(main, [str(root), "--no-cache", *extra], catch_exceptions=False)


PY2_NETWORK = '''"""Connections."""
import socket


def connect(host):
    try:
        return socket.create_connection((host, 22))
    except socket.error, e:
        print "cannot connect: %s" % e
        raise
'''

PY2_THREADS = '''class Thread(object):
    def raise_if_needed(self):
        if self.exception:
            e = self.exception
            raise e[0], e[1], e[2]
'''

PY2_DOCSTRING_ONLY = '''"""Helpers.

print the report, then
except KeyError, e: is how old code spelled it
"""
def broken(:
    pass
'''


def test_a_python2_file_says_so_and_where():
    network = extract("fabric/network.py", PY2_NETWORK.encode())
    assert isinstance(network, Failure) and network.reason == "syntax-error" and network.line == 8
    assert network.message.endswith("(Python 2 code: `except E, name:`)")  # the sign is on the error's line
    threads = extract("fabric/thread_handling.py", PY2_THREADS.encode())
    assert threads.message == "invalid syntax (Python 2 code: `raise E, message`)"
    printing = extract("old.py", b'import os\n\ndef f(x):\n    y = x\n    print "x is", y\n')
    assert printing.line == 5 and printing.message.endswith("(Python 2 code: a `print` statement)")
    assert python2_sign(b'import sys\nprint >>sys.stderr, "x"\n') == ("a `print` statement", 2)
    assert python2_sign(b"x = 1\nname = `x`\n") == ("a backquote (repr)", 2)
    assert python2_sign(b'exec "x = 1" in ns\n') == ("an `exec` statement", 1)


def test_python3_syntax_errors_get_no_python2_hint():
    # the words are in a docstring (tokens, not text, are read), or Python 3 spells them right
    broken = extract("helpers.py", PY2_DOCSTRING_ONLY.encode())
    assert isinstance(broken, Failure) and "Python 2" not in broken.message
    for source in (b"print(x)\ndef (:\n", b"print = log\nraise Error(a, b)\nx = (\n",
                   b"try:\n    pass\nexcept (A, B):\n    pass\nclass :\n", b"if x: print('y')\nelse\n"):
        failure = extract("f.py", source)
        assert isinstance(failure, Failure) and "Python 2" not in failure.message, source
    assert python2_sign(b"try:\n    pass\nexcept (A, B) as e:\n    pass\n") is None


def test_an_import_of_a_file_that_cannot_be_analysed_is_not_a_missing_module(tmp_path):
    write(tmp_path, {
        "fabric/__init__.py": '"""Fabric."""\n',
        "fabric/network.py": PY2_NETWORK,
        "fabric/tasks.py": '"""Tasks."""\nfrom fabric.network import connect\nimport fabric.network\nfrom fabric.gone import thing\n',
    })
    result = report(tmp_path, "-f", "json", "-q")
    data = json.loads(result.output)
    why = {(u["line"], u["why"]) for u in data["graph"]["unresolved"] if u["path"] == "fabric/tasks.py"}
    assert why == {(2, "not-analysed"), (3, "not-analysed"), (4, "missing-module")}
    failed = {n["path"]: n["message"] for n in data["files"]["not_analysed"]}
    assert "Python 2 code" in failed["fabric/network.py"]
    terminal = report(tmp_path).output
    assert "1 import resolves to nothing" in terminal
    assert "2 imports of files that could not be analysed" in terminal


def test_a_library_with_nothing_to_start_gets_no_start_here(tmp_path):
    # s3fs: no console script, no server; its one entry point is a build helper with a main
    # guard, which the terminal must not offer as the way in (the Markdown and JSON do not)
    write(tmp_path, {
        "pyproject.toml": '[project]\nname = "blobfs"\nversion = "1"\n',
        "blobfs/__init__.py": '"""A file system over blobs."""\n',
        "blobfs/core.py": '"""Core."""\n\ndef ls(path):\n    """List."""\n    return []\n',
        "versioneer.py": '"""Version helper."""\n\nif __name__ == "__main__":\n    print("1.0")\n',
    })
    data = json.loads(report(tmp_path, "-f", "json", "-q").output)
    assert data["entry_points"] and not any(e["start_here"] for e in data["entry_points"])
    terminal = report(tmp_path).output
    assert "How it runs" in terminal and "start here" not in terminal


def test_a_module_named_in_django_settings_is_not_likely_unused(tmp_path):
    # allauth: `allauth.account.middleware` is imported by nothing, but MIDDLEWARE names it
    write(tmp_path, {
        "shop/__init__.py": "", "shop/middleware.py": '"""Timing."""\nclass Timing:\n    pass\n',
        "shop/backends.py": '"""Auth."""\nclass EmailBackend:\n    pass\n',
        "shop/unused.py": '"""Left over."""\n',
        "shop/only_tests_name_me.py": '"""Named in a test only."""\n',
        "shop/settings.py": 'MIDDLEWARE = ["django.middleware.common.CommonMiddleware", "shop.middleware.Timing"]\n'
                            'AUTHENTICATION_BACKENDS = ("shop.backends",)\nNOTE = "see shop.unused later"\n',
        "tests/test_settings.py": 'MIDDLEWARE = ["shop.only_tests_name_me.Thing"]\n',
    })
    data = json.loads(report(tmp_path, "-f", "json", "-q").output)
    orphans = sorted(o["module"] for o in data["graph"]["orphans"])
    assert orphans == ["shop.only_tests_name_me", "shop.unused"]


def test_a_project_skeleton_shipped_inside_a_package_is_not_the_package(tmp_path):
    # chalice: `chalice/templates/0007-lambda-only/app.py` cannot be imported as part of chalice
    write(tmp_path, {
        "chalice/__init__.py": '"""Chalice."""\n', "chalice/cli.py": '"""CLI."""\n',
        "chalice/templates/0007-lambda-only/app.py": "from chalice import Chalice\napp = Chalice(app_name='x')\n\n@app.lambda_function()\ndef first(event, context):\n    return {}\n",
        "chalice/templates/0007-lambda-only/chalicelib/__init__.py": "",
        "chalice/plugins/__init__.py": "", "chalice/plugins/s3_events.py": '"""Still the package."""\n',
        "services/my-service/worker.py": '"""A service folder outside any package keeps its scope."""\n',
    })
    data = json.loads(report(tmp_path, "-f", "json", "-q").output)
    scopes = {m["path"]: m["scope"] for m in data["docs"]["modules"]}
    assert not any("0007-lambda-only" in m["name"] for m in data["graph"]["modules"])  # no import can name it
    assert scopes["chalice/templates/0007-lambda-only/app.py"] == "examples"
    assert scopes["chalice/templates/0007-lambda-only/chalicelib/__init__.py"] == "examples"
    assert scopes["chalice/plugins/s3_events.py"] == "package" and scopes["chalice/cli.py"] == "package"
    assert scopes["services/my-service/worker.py"] != "examples"
