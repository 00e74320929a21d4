"""The dependencies analysis: import names mapped to distributions, against what is declared."""

from __future__ import annotations

import pytest

from onboard.analyses.dependencies import dependencies, distributions_for, normalise, requirement_name
from onboard.facts import FileFacts, Import
from onboard.graph import build_graph
from onboard.model.metadata import Metadata
from onboard.model.repo import Module, Repo


@pytest.mark.parametrize("module, expected", [
    ("yaml", ("yaml", ("PyYAML",))), ("google.cloud.storage.Client", ("google.cloud.storage", ("google-cloud-storage",))),
    ("google.protobuf.message", ("google.protobuf", ("protobuf",))), ("azure.mgmt.compute.models", ("azure.mgmt.compute", ("azure-mgmt-compute",))),
    ("azure.storage.blob", ("azure.storage.blob", ("azure-storage-blob",))), ("requests.adapters", ("requests", ("requests",))),
    ("sklearn.linear_model", ("sklearn", ("scikit-learn",))),
])
def test_import_names_map_to_distributions(module, expected):
    assert distributions_for(module) == expected


@pytest.mark.parametrize("line, name", [
    ("flask[async]>=2.0; python_version > '3.8'", "flask"), ("Django==4.2", "Django"), ("-e git+https://x/y.git#egg=mylib", "mylib"),
    ("--index-url https://pypi.example", None), ("psycopg2-binary ~= 2.9", "psycopg2-binary"),
])
def test_requirement_names(line, name):
    assert requirement_name(line) == name


def test_statuses_scopes_and_traps():
    def module(path, name, scope, *imports):
        return Module(path, name, scope, "module", FileFacts(1, False, "", (), tuple(imports), None))

    meta = Metadata(dependencies=["PyYAML>=6", "google-cloud-storage", "gunicorn", "six"], optional_dependencies={"test": ["pytest"]},
                    requirements={"requirements.txt": ["psycopg2-binary==2.9"]})
    modules = (
        module("app/__init__.py", "app", "package", Import("yaml", None, 0, 1), Import("google.cloud", "storage", 0, 2),
               Import("psycopg2", None, 0, 3), Import("ConfigParser", None, 0, 4, conditional=True), Import("os", None, 0, 5),
               Import("ujson", None, 0, 6, conditional=True), Import("", "sibling", 1, 7),
               Import("_typeshed.wsgi", "StartResponse", 0, 8, type_checking=True)),  # stdlib's stubs only: no dependency
        module("app/sibling.py", "app.sibling", "package"),
        module("app/_vendor/lib.py", "app._vendor.lib", "vendored", Import("simplejson", None, 0, 1)),
        module("tests/test_app.py", "tests.test_app", "tests", Import("pytest", None, 0, 1), Import("requests", None, 0, 2)),
    )
    repo = Repo("r", ("app",), ("",), meta, modules, (), ())
    found = {d.distribution: d for d in dependencies(repo, build_graph(repo))}
    assert found["PyYAML"].status == "declared" and found["PyYAML"].import_name == "yaml" and found["PyYAML"].first == ("app/__init__.py", 1)
    assert found["google-cloud-storage"].status == "declared"
    assert found["psycopg2-binary"].status == "declared" and found["psycopg2-binary"].declared_in == ("requirements.txt",)
    assert found["ConfigParser"].status == "python2-stdlib"
    assert found["ujson"].status == "undeclared" and found["ujson"].conditional
    assert found["requests"].status == "undeclared" and found["requests"].scopes == ("tests",)
    assert found["pytest"].declared_in == ("optional:test",)
    assert found["gunicorn"].status == "runtime-only" and found["six"].status == "unused" and found["six"].import_name is None
    assert "simplejson" not in found and "os" not in found and "sibling" not in found  # vendored, stdlib, own code
    assert "_typeshed" not in found
    assert [d.distribution for d in found.values()] == sorted(found, key=normalise)
