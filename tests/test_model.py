"""The repository model: module names, scopes and statically read packaging metadata."""

from __future__ import annotations

import pytest

from onboard.model.metadata import read_metadata
from onboard.model.modules import Scopes, module_name, package_dirs, scope_of, source_roots


def names_and_scopes(paths, kinds=None, declared=(), top=frozenset()):
    roots = source_roots(paths, declared)
    packages = package_dirs(paths)
    return {p: (module_name(p, roots), scope_of(p, (kinds or {}).get(p, "module"), roots, packages, top)) for p in paths}


def test_src_layout_namespace_packages_tests_and_scripts():
    paths = ["src/app/__init__.py", "src/app/core.py", "src/app/utils/retry.py", "tests/test_core.py",
             "scripts/migrate.py", "setup.py", "docs/conf.py", "examples/demo.py", "app_tools/ns/mod.py",
             "src/app/_vendor/six.py", "src/app/tests/test_inner.py", "src/app/tools/x.py", "bin/run"]
    got = names_and_scopes(paths, {"bin/run": "script"})
    assert got == {
        "src/app/__init__.py": ("app", "package"),
        "src/app/core.py": ("app.core", "package"),
        "src/app/utils/retry.py": ("app.utils.retry", "package"),
        "tests/test_core.py": ("tests.test_core", "tests"),
        "scripts/migrate.py": ("scripts.migrate", "scripts"),
        "setup.py": ("setup", "scripts"),
        "docs/conf.py": ("docs.conf", "docs"),
        "examples/demo.py": ("examples.demo", "examples"),
        "app_tools/ns/mod.py": ("app_tools.ns.mod", "package"),
        "src/app/_vendor/six.py": ("app._vendor.six", "vendored"),
        "src/app/tests/test_inner.py": ("app.tests.test_inner", "tests"),
        "src/app/tools/x.py": ("app.tools.x", "package"),
        "bin/run": ("bin.run", "scripts"),
    }


def test_monorepo_with_several_src_roots_and_declared_roots():
    paths = ["services/billing/src/billing/__init__.py", "services/billing/src/billing/api.py",
             "lib/python/shared/__init__.py", "lib/python/shared/log.py"]
    got = names_and_scopes(paths, declared=["lib/python"])
    assert {p: n for p, (n, _) in got.items()} == {
        "services/billing/src/billing/__init__.py": "billing", "services/billing/src/billing/api.py": "billing.api",
        "lib/python/shared/__init__.py": "shared", "lib/python/shared/log.py": "shared.log",
    }


def test_single_module_project_is_package_code():
    got = names_and_scopes(["six.py", "test_six.py", "setup.py"], top=frozenset({"six"}))
    assert got == {"six.py": ("six", "package"), "test_six.py": ("test_six", "tests"), "setup.py": ("setup", "scripts")}


def write(tmp_path, files):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)


def test_poetry_pyproject(tmp_path):
    write(tmp_path, {"pyproject.toml": """
[tool.poetry]
name = "legacy"
version = "1.2.0"
description = "A poetry project"
packages = [{ include = "legacy", from = "lib" }]
[tool.poetry.dependencies]
python = "^3.8"
requests = "^2.0"
[tool.poetry.scripts]
legacy = "legacy.cli:run"
"""})
    meta = read_metadata(str(tmp_path))
    assert (meta.name, meta.version, meta.requires_python) == ("legacy", "1.2.0", "^3.8")
    assert meta.dependencies == ["requests ^2.0"] and meta.package_dirs == ["lib"]
    assert meta.entry_points == {"console_scripts": {"legacy": "legacy.cli:run"}}


def test_setup_py_is_read_never_run(tmp_path):
    marker = tmp_path / "ran"
    write(tmp_path, {"setup.py": f"""
import os
from setuptools import setup, find_packages
open({str(marker)!r}, "w").write("executed")
REQUIRES = ["click>=7", "boto3"]
setup(
    name="old-tool", version=os.environ.get("V", "1.0"), packages=find_packages(),
    install_requires=REQUIRES, scripts=["bin/tool"],
    entry_points={{"console_scripts": ["old-tool = old_tool.main:main"], "myapp.plugins": {{"x": "old_tool.x:X"}}}},
    extras_require={{"s3": "s3fs"}},
)
"""})
    meta = read_metadata(str(tmp_path))
    assert not marker.exists()
    assert meta.name == "old-tool" and meta.version is None and meta.dependencies == ["click>=7", "boto3"]
    assert meta.entry_points == {"console_scripts": {"old-tool": "old_tool.main:main"}, "myapp.plugins": {"x": "old_tool.x:X"}}
    assert meta.scripts == ["bin/tool"] and meta.optional_dependencies == {"s3": ["s3fs"]}


def test_setup_cfg_and_ini_entry_points(tmp_path):
    write(tmp_path, {
        "setup.cfg": "[metadata]\nname = cfgproj\nversion = %(not_interpolated)s\n[options]\ninstall_requires =\n    six\n    attrs\npackage_dir =\n    = src\n[options.entry_points]\nconsole_scripts =\n    cfgproj = cfgproj.cli:main\n",
        "setup.py": 'from setuptools import setup\nsetup(entry_points="""\n[console_scripts]\nother = cfgproj.other:main\n""")\n',
    })
    meta = read_metadata(str(tmp_path))
    assert meta.version == "%(not_interpolated)s" and meta.dependencies == ["six", "attrs"] and meta.package_dirs == ["src"]
    # setup()'s entry_points= replaces setup.cfg's [options.entry_points] (what `egg_info` writes)
    assert meta.entry_points["console_scripts"] == {"other": "cfgproj.other:main"}
    assert any("[options.entry_points] is ignored" in w.message and w.path == "setup.cfg" for w in meta.warnings)


@pytest.mark.parametrize("files, message", [
    ({"pyproject.toml": "[project\nname = 1"}, "not valid TOML"),
    ({"setup.py": "setup(name='x'\n"}, "not valid Python"),
    ({"setup.cfg": "no section header\n"}, "not a valid setup.cfg"),
    ({"requirements.txt": "-r missing.txt\n"}, "cannot read requirements file missing.txt"),
    ({"requirements.txt": "-r ../../etc/passwd\n"}, "outside the repository"),
])
def test_problems_are_warnings_not_errors(tmp_path, files, message):
    write(tmp_path, files)
    warnings = read_metadata(str(tmp_path)).warnings
    assert len(warnings) == 1 and message in warnings[0].message and warnings[0].path in files


def test_requirements_follow_includes_without_loops(tmp_path):
    write(tmp_path, {"requirements.txt": "-r requirements-dev.txt\nflask==2.0  # web\n",
                     "requirements-dev.txt": "-r requirements.txt\n--index-url https://example.invalid\npytest\n-e .\n"})
    meta = read_metadata(str(tmp_path))
    assert meta.requirements == {"requirements.txt": ["flask==2.0"], "requirements-dev.txt": ["pytest", "-e ."]}
    loops = sorted((w.path, w.line, w.message) for w in meta.warnings)
    assert loops == [("requirements-dev.txt", 1, "-r includes loop back (requirements.txt -> requirements-dev.txt -> requirements.txt): "
                      "pip stops with an error on this file"),
                     ("requirements.txt", 1, "-r includes loop back (requirements-dev.txt -> requirements.txt -> requirements-dev.txt): "
                      "pip stops with an error on this file")]


def test_odd_literal_values_are_dropped_not_reported_as_strings(tmp_path):
    write(tmp_path, {"setup.py": "from setuptools import setup\nsetup(name=['x'], install_requires=['a', 1, None], extras_require={'x': [1, None, 'b']}, scripts='bin/one')\n",
                     "pyproject.toml": "[project]\nrequires-python = {a = 1}\n"})
    meta = read_metadata(str(tmp_path))
    assert meta.name is None and meta.requires_python is None
    assert meta.dependencies == ["a"] and meta.optional_dependencies == {"x": ["b"]} and meta.scripts == ["bin/one"]


def test_dynamic_versions_are_read_statically(tmp_path):
    write(tmp_path, {"setup.cfg": "[metadata]\nname = lib\nversion = attr: lib.__version__\n",
                     "src/lib/__init__.py": "__version__: str = '3.1.4'\n", "pyproject.toml": "[tool.setuptools.package-dir]\n'' = 'src'\n"})
    assert read_metadata(str(tmp_path)).version == "3.1.4"
    write(tmp_path, {"src/lib/__init__.py": "__version__ = get_version()\n"})
    assert read_metadata(str(tmp_path)).version is None  # computed: unknown, never "attr: ..."
    write(tmp_path, {"setup.cfg": "[metadata]\nversion = file: VERSION.txt\n", "VERSION.txt": "9.9\n"})
    assert read_metadata(str(tmp_path)).version == "9.9"


def test_top_level_examples_package_is_examples_scope():
    got = names_and_scopes(["examples/__init__.py", "examples/basic/__init__.py", "examples/basic/run.py", "pkg/__init__.py", "pkg/examples/x.py"])
    assert {p: s for p, (_, s) in got.items()} == {
        "examples/__init__.py": "examples", "examples/basic/__init__.py": "examples", "examples/basic/run.py": "examples",
        "pkg/__init__.py": "package", "pkg/examples/x.py": "package",
    }


def test_scopes_kept_per_folder_still_weigh_each_file_name_and_kind_in_the_rules_order():
    """`Scopes` decides a folder once; what a file's name and kind say must still come in its
    place: a test file name wins over docs and examples folders, not over vendored ones."""
    paths = ["pkg/__init__.py", "docs/guide.py", "docs/test_guide.py", "vendor/test_six.py", "vendor/six.py",
             "examples/conftest.py", "examples/demo.py", "tools/run", "tools/x.py", "pkg/0000-tpl/a.py",
             "pkg/0000-tpl/test_a.py", "pkg/tests/util.py", "setup.py", "pkg.py"]
    roots, packages = source_roots(paths), package_dirs(paths)
    kinds = {"tools/run": "script"}
    scopes = Scopes(roots, packages, frozenset({"pkg"}))
    got = {p: scopes(p, kinds.get(p, "module")) for p in paths}  # one `Scopes` for all, as `build_repo` uses it
    assert got == {p: scope_of(p, kinds.get(p, "module"), roots, packages, frozenset({"pkg"})) for p in paths}
    assert got == {
        "pkg/__init__.py": "package", "docs/guide.py": "docs", "docs/test_guide.py": "tests",
        "vendor/test_six.py": "vendored", "vendor/six.py": "vendored", "examples/conftest.py": "tests",
        "examples/demo.py": "examples", "tools/run": "scripts", "tools/x.py": "scripts", "pkg/0000-tpl/a.py": "examples",
        "pkg/0000-tpl/test_a.py": "tests", "pkg/tests/util.py": "tests", "setup.py": "scripts", "pkg.py": "package",
    }


def test_requirements_behind_a_symlinked_folder_are_not_read(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "prod.txt").write_text("SECRET-MARKER\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "requirements").symlink_to(outside)
    (repo / "requirements.txt").write_text("-r requirements/prod.txt\nflask\n")
    meta = read_metadata(str(repo))
    assert meta.requirements == {"requirements.txt": ["flask"]}
    assert "SECRET-MARKER" not in repr(meta) and "symlink" in meta.warnings[0].message


@pytest.mark.parametrize("name, text, expected", [
    ("README.md", "# Title\n\n[![ci](https://x/badge.svg)](https://x)\n\nThe first paragraph\nspans two lines.\n\nSecond.\n", "The first paragraph spans two lines."),
    ("README.rst", "Title\n=====\n\n.. image:: badge.svg\n\nProse <b>here</b> | kept as text.\n", "Prose <b>here</b> | kept as text."),
    ("README", "\n\n", None),
])
def test_readme_first_paragraph(tmp_path, name, text, expected):
    write(tmp_path, {name: text})
    meta = read_metadata(str(tmp_path))
    assert meta.readme == expected and meta.readme_path == name


def test_layouts(tmp_path):
    from onboard.pipeline import analyse
    from onboard.config import merge
    from onboard.settings import build

    def layout(files: dict[str, str]) -> tuple[str, tuple[str, ...]]:
        root = tmp_path / str(len(list(tmp_path.iterdir())))
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        repo = analyse(str(root), build(merge({}, {}), None)).repo
        return repo.layout, repo.projects

    assert layout({"src/pkg/__init__.py": "", "src/pkg/a.py": ""}) == ("src", ())
    assert layout({"pkg/__init__.py": "", "pkg/a.py": ""}) == ("flat", ())
    assert layout({"ns/pkg/a.py": "", "ns/b.py": ""}) == ("namespace", ())
    assert layout({"scripts/run.py": "print(1)\n"}) == ("scripts", ())
    assert layout({"libs/core/pyproject.toml": "[project]\nname='core'\n", "libs/core/core/__init__.py": "",
                   "apps/web/setup.py": "", "apps/web/web/__init__.py": ""}) == ("monorepo", ("apps/web", "libs/core"))


def test_the_readme_paragraph_skips_comments_badges_and_a_table_of_contents(tmp_path):
    from onboard.model.metadata import read_metadata
    (tmp_path / "README.md").write_text(
        "<!--\n  Copyright 2020 Example Corp.\n  Licensed under the Apache License.\n-->\n"
        "[![build](https://ci.example.com/b.svg)](https://ci.example.com)\n\n# Tool\n\n"
        "- [Install](#install)\n- [Usage](#usage)\n\n"
        "Tool turns nightly exports into <!-- inline --> tidy tables.\nIt runs anywhere.\n\n## Install\n")
    assert read_metadata(str(tmp_path)).readme == "Tool turns nightly exports into tidy tables. It runs anywhere."
