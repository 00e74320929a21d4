"""A hostile repository, built at test time (standard library only).

`build(root)` writes into the empty folder `root/repo` (and a secret beside it) one file for
each kind of bad input onboard must survive, and returns what onboard must say about each:
`Expect.analysed` (paths that must be analysed), `Expect.reasons` (path -> allowed reason codes),
and the markers that must never appear (files dropped by code that ran, text that leaked).
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass, field

SECRET = "SECRET-MARKER-5d1c0"
MARKER_CODE = "import pathlib; pathlib.Path(__file__).with_name('EXECUTED-{name}').write_text('ran')\n"
INJECTION_NAME = "ſcript_ℌeading"  # identifiers may hold non-ASCII letters
INJECTION = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) </script> # Heading | a | b | ```fence``` \x1b[31mRED\x1b]0;title\x07 \r\b\x07 \u202eevil [bold red]x[/] {{ 7*7 }}"


@dataclass
class Expect:
    analysed: set[str] = field(default_factory=set)
    reasons: dict[str, set[str]] = field(default_factory=dict)
    excluded: dict[str, int] = field(default_factory=dict)  # path -> at least this many files
    lines: dict[str, dict[str, int]] = field(default_factory=dict)  # path -> {definition: line}
    sockets: list = field(default_factory=list)


def _write(repo: str, rel: str | bytes, data: bytes) -> None:
    path = os.path.join(os.fsencode(repo), rel if isinstance(rel, bytes) else os.fsencode(rel))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)


def _syntax(repo: str, e: Expect) -> None:
    bad = {
        "syntax/unclosed.py": b"x = 1\ny = (\n", "syntax/py2_print.py": b'print "x"\n', "syntax/py2_octal.py": b"x = 0777\n",
        "syntax/py2_backticks.py": b"x = `1`\n", "syntax/tabs.py": b"def f():\n\tif x:\n        pass\n\tpass\n",
        "syntax/eof_backslash.py": b"x = 1 + \\",
    }
    good = {
        "syntax/pep695.py": b"def first[T](items: list[T]) -> T:\n    return items[0]\n\ntype Pair[K, V] = tuple[K, V]\n",
        "syntax/pep696.py": b"class Box[T = int]:\n    pass\n", "syntax/except_star.py": b"try:\n    pass\nexcept* ValueError:\n    pass\n",
        "syntax/tstring.py": b'name = "x"\ngreeting = t"hi {name}"\n', "syntax/except_comma.py": b"try:\n    pass\nexcept KeyError, ValueError:\n    pass\n",
        "syntax/unicode_ident.py": "def café():\n    'Unicode names are fine.'\n".encode(), "syntax/stub.pyi": b"def f(x: int) -> int: ...\n",
    }
    for rel, data in bad.items():
        _write(repo, rel, data)
        e.reasons[rel] = {"syntax-error"}
    for rel, data in good.items():
        _write(repo, rel, data)
        e.analysed.add(rel)


def _encodings(repo: str, e: Expect) -> None:
    bad = {
        "enc/bad_utf8.py": b"x = '\xff\xfe'\n", "enc/lying_cookie.py": "# coding: ascii\nx = 'é'\n".encode(),
        "enc/cookie_mypy.py": b"# coding: mypy\nx = 1\n", "enc/cookie_rot13.py": b"# coding: rot13\nx = 1\n",
        "enc/bom_latin1.py": b"\xef\xbb\xbf# coding: latin-1\nx = 1\n", "enc/utf16.py": "x = 1\n".encode("utf-16"),
    }
    for rel, data in bad.items():
        _write(repo, rel, data)
        e.reasons[rel] = {"encoding-error"}
    _write(repo, "enc/nul.py", b"x = 1\x00\n")
    e.reasons["enc/nul.py"] = {"nul-bytes"}
    _write(repo, "enc/blob.py", bytes((i * 131 + 7) % 256 for i in range(4096)))
    e.reasons["enc/blob.py"] = {"binary-file", "encoding-error", "nul-bytes"}
    good = {
        "enc/latin1.py": "# -*- coding: latin-1 -*-\n'''Café crème.'''\n".encode("latin-1"),
        "enc/bom.py": b"\xef\xbb\xbf'''With a BOM.'''\n", "enc/empty.py": b"", "enc/blank.py": b"  \n\t\n\n",
        "enc/crlf.py": b"x = 1\r\n\r\ndef crlf():\r\n    pass\r\n", "enc/cr.py": b"x = 1\r\rdef cr():\r    pass\r",
        "enc/mixed.py": b"x = 1\n\r\n\rdef mixed():\n    pass\n", "enc/formfeed.py": b"x = 1\n\x0c\ndef ff():\n    pass\n",
    }
    for rel, data in good.items():
        _write(repo, rel, data)
        e.analysed.add(rel)
    e.lines.update({"enc/crlf.py": {"crlf": 3}, "enc/cr.py": {"cr": 3}, "enc/mixed.py": {"mixed": 4}, "enc/formfeed.py": {"ff": 3}})


def _depth(repo: str, e: Expect) -> None:
    deep = {
        "deep/paren1000.py": b"x = " + b"(" * 1000 + b")" * 1000 + b"\n", "deep/paren5000.py": b"x = " + b"(" * 5000 + b")" * 5000 + b"\n",
        "deep/lists1000.py": b"x = " + b"[" * 1000 + b"]" * 1000 + b"\n", "deep/lambda5000.py": b"x = " + b"lambda: " * 5000 + b"1\n",
        "deep/unary50000.py": b"x = " + b"-" * 50000 + b"1\n", "deep/plus10000.py": b"x = " + b" + ".join([b"a"] * 10000) + b"\n",
        "deep/attr50000.py": b"x = a" + b".b" * 50000 + b"\n",
    }
    allowed = {"too-deeply-nested", "timeout", "out-of-memory", "parser-crashed"}
    for rel, data in deep.items():
        _write(repo, rel, data)
        e.reasons[rel] = allowed
    _write(repo, "deep/longline.py", b'x = "' + b"a" * 100_000 + b'"\n')
    e.analysed.add("deep/longline.py")
    lines = b"".join(b"def f%d(x):\n    return x + %d\n\n" % (i, i) for i in range(20 * 1024 * 1024 // 30))
    _write(repo, "deep/big20.py", lines)
    e.reasons["deep/big20.py"] = {"too-large"}
    with open(os.path.join(repo, "deep", "sparse1g.py"), "wb") as handle:
        handle.truncate(1024**3)
    e.reasons["deep/sparse1g.py"] = {"too-large"}


def build_call_graphs(root: str) -> Expect:
    """Write into `root/repo` call graphs that a naive walk never leaves: mutual recursion, a
    10,000-way dispatch dictionary and a function calling 198 others, a 5,000-long chain of
    calls ending in an environment read. Each is a script (a main guard), so its flow is
    searched. Apart from `build` so that the commands run on that one run on these once."""
    repo = os.path.join(root, "repo")
    e = Expect()
    _write(repo, "prog/recursion.py", b"import os\n\n\ndef ping(n):\n    return pong(n - 1) if n else os.environ.get('PING_END')\n\n\n"
           b"def pong(n):\n    return ping(n) or pong(n)\n\n\nif __name__ == '__main__':\n    ping(3)\n")
    handlers = b"".join(b"def h%d(x):\n    return x + %d\n\n\n" % (i, i) for i in range(10_000) if i != 1)
    table = b"HANDLERS = {" + b", ".join(b"'k%d': h%d" % (i, i) for i in range(10_000)) + b"}\n\n\n"
    every = b"def run_all(x):\n" + b"".join(b"    h%d(x)\n" % i for i in range(2, 200)) + b"\n\n"
    _write(repo, "prog/dispatch.py", b"import os\n\n\ndef h1(x):\n    return os.environ['HANDLER_ONE']\n\n\n" + handlers + table + every
           + b"def dispatch(key, x):\n    return HANDLERS[key](x)\n\n\nif __name__ == '__main__':\n    dispatch('k1', run_all(2))\n")
    chain = b"".join(b"def c%d():\n    return c%d()\n\n\n" % (i, i + 1) for i in range(4_999))
    _write(repo, "prog/chain.py", b"import os\n\n\n" + chain + b"def c4999():\n    return os.environ['CHAIN_END']\n\n\n"
           b"if __name__ == '__main__':\n    c0()\n")
    e.analysed.update({"prog/recursion.py", "prog/dispatch.py", "prog/chain.py"})
    return e


def _filesystem(root: str, repo: str, e: Expect) -> None:
    os.makedirs(os.path.join(repo, "fs", "real"))
    _write(repo, "fs/real/target.py", b"x = 1\n")
    e.analysed.add("fs/real/target.py")
    secret = os.path.join(root, "secret.py")
    with open(secret, "w") as handle:
        handle.write(f"TOKEN = '{SECRET}'\n")
    fs = os.path.join(repo, "fs")
    os.mkfifo(os.path.join(fs, "fifo.py"))
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(os.path.join(fs, "sock.py"))
    e.sockets.append(sock)
    links = {"zero.py": ("/dev/zero", "symlink-outside-repo"), "secret_link.py": (secret, "symlink-outside-repo"),
             "loop.py": (os.path.join(fs, "loop.py"), "symlink-loop"), "broken.py": (os.path.join(fs, "nothing.py"), "broken-symlink"),
             "linked_dir": (os.path.join(fs, "real"), "symlink-not-followed")}
    for name, (target, reason) in links.items():
        os.symlink(target, os.path.join(fs, name))
        e.reasons[f"fs/{name}"] = {reason}
    e.reasons["fs/fifo.py"] = e.reasons["fs/sock.py"] = {"not-a-regular-file"}
    for rel in ("fs/mode000.py", "fs/mode000_dir/inner.py"):
        _write(repo, rel, b"x = 1\n")
    os.chmod(os.path.join(fs, "mode000.py"), 0)
    os.chmod(os.path.join(fs, "mode000_dir"), 0)
    if os.geteuid() == 0:  # root reads anything: these are analysed
        e.analysed |= {"fs/mode000.py", "fs/mode000_dir/inner.py"}
    else:
        e.reasons["fs/mode000.py"] = e.reasons["fs/mode000_dir"] = {"permission-denied"}
    deep_dir = os.path.join("fs", *["d" * 200] * 20)
    _write(repo, os.path.join(deep_dir, "deep_path.py"), b"x = 1\n")
    e.analysed.add(deep_dir + "/deep_path.py")
    names = {"fs/with space.py": "fs/with space.py", "fs/new\nline.py": "fs/new\\x0aline.py",
             "fs/quote'\".py": "fs/quote'\".py", "fs/<script>.py": "fs/<script>.py", "fs/\x1b[31mansi.py": "fs/\\x1b[31mansi.py"}
    for raw, shown in names.items():
        _write(repo, raw, b"x = 1\n")
        e.analysed.add(shown)
    _write(repo, b"fs/bad\xffbyte.py", b"x = 1\n")
    e.analysed.add("fs/bad\\xffbyte.py")


def _metadata(repo: str, e: Expect) -> None:
    _write(repo, "pyproject.toml", b"[project]\nname = 1\ndependencies = 'x'\n[tool.x]\ny = " + b"[" * 3000 + b"]" * 3000 + b"\n")
    _write(repo, "setup.cfg", b"[metadata]\nname = hostile\nname = twice\nversion = file: ../secret.py\ndescription = 100% %(x)s\n")
    _write(repo, "requirements.txt", b"-r requirements-dev.txt\nflask\n-r ../secret.py\n")
    _write(repo, "requirements-dev.txt", b"-r requirements.txt\npytest\n")


def _traps(repo: str, e: Expect) -> None:
    for name in ("setup.py", "conftest.py", "__init__.py", "json.py", "rich.py", "click.py", "libcst.py", "networkx.py", "pebble.py", "pathspec.py"):
        _write(repo, name, MARKER_CODE.replace("{name}", name).encode())
        e.analysed.add(name)
    os.makedirs(os.path.join(repo, ".git"))
    marker = os.path.join(repo, "EXECUTED-git")
    _write(repo, ".git/config", f"[core]\n\tfsmonitor = touch {marker}\n".encode())
    source = f'"""{INJECTION}"""\n\ndef {INJECTION_NAME}():\n    """\\ud800 lone surrogate {INJECTION}"""\n'
    _write(repo, "inject/payload.py", source.encode("utf-8"))
    e.analysed.add("inject/payload.py")
    _write(repo, "README.md", INJECTION.encode())


def _excluded(repo: str, e: Expect) -> None:
    for folder in ("node_modules/pkg", ".venv/lib", "venv_like/lib", "site-packages/x", "build/lib", ".tox/py", "thing.egg-info", "__pycache__"):
        for i in range(120):
            _write(repo, f"{folder}/m{i}.py", b"print 'broken'\n" if i % 3 == 0 else b"x = 1\n")
    _write(repo, "venv_like/pyvenv.cfg", b"home = /usr\n")
    e.excluded.update({"node_modules": 120, ".venv": 120, "venv_like": 121, "site-packages": 120, "build": 120, ".tox": 120,
                       "thing.egg-info": 120, "__pycache__": 120})


def _notebooks(root: str, repo: str, e: Expect) -> None:
    """Hostile notebooks: each analysed, or reported with its reason; none of their outputs shown."""
    def notebook(*cells) -> bytes:
        return json.dumps({"nbformat": 4, "metadata": {}, "cells": [
            {"cell_type": "code", "source": source, "metadata": {}, "outputs": [{"output_type": "stream", "text": SECRET}]} for source in cells]}).encode()
    bad = {"nb/invalid.ipynb": (b'{"cells": [', "invalid-json"), "nb/deep.ipynb": (b"[" * 100_000 + b"]" * 100_000, "too-deeply-nested"),
           "nb/not_notebook.ipynb": (b'{"name": "x"}', "not-a-notebook"), "nb/nul_raw.ipynb": (notebook("x = 1")[:-2] + b"\x00]}", "invalid-json"),
           "nb/only_bad.ipynb": (notebook(42, "def (:"), "notebook-without-code")}
    for rel, (data, reason) in bad.items():
        _write(repo, rel, data)
        e.reasons[rel] = {reason}
    cells = [{"cell_type": "code" if i % 100 == 0 else "markdown", "source": f"import os\nx{i} = os.environ['V{i}']\n", "metadata": {}}
             for i in range(100_000)]
    good = {"nb/cells100k.ipynb": json.dumps({"nbformat": 4, "cells": cells}).encode(),
            "nb/source_number.ipynb": notebook(42, ["import os\n"], "%%bash\nrm -rf /\n", "!echo $SECRET\n%env A=1\nlen?"),
            "nb/nul_escape.ipynb": notebook("x = 1\u0000\n", "import json\n")}
    for rel, data in good.items():
        _write(repo, rel, data)
        e.analysed.add(rel)
    with open(os.path.join(repo, "nb", "outputs200m.ipynb"), "wb") as handle:
        handle.truncate(200 * 1024**2)  # sparse: judged from stat(), never read
    e.reasons["nb/outputs200m.ipynb"] = {"too-large"}
    os.mkfifo(os.path.join(repo, "nb", "fifo.ipynb"))
    os.symlink(os.path.join(repo, "nb", "nul_escape.ipynb"), os.path.join(repo, "nb", "link.ipynb"))
    os.symlink(os.path.join(root, "secret.py"), os.path.join(repo, "nb", "outside.ipynb"))
    e.reasons.update({"nb/fifo.ipynb": {"not-a-regular-file"}, "nb/link.ipynb": {"symlink-not-followed"},
                      "nb/outside.ipynb": {"symlink-outside-repo"}})


def build(root: str) -> Expect:
    """Write the hostile repository into `root/repo`; return what onboard must report."""
    repo = os.path.join(root, "repo")
    os.makedirs(repo)
    expect = Expect()
    for part in (_syntax, _encodings, _depth, _metadata, _traps, _excluded):
        part(repo, expect)
    _filesystem(root, repo, expect)
    _notebooks(root, repo, expect)
    return expect
