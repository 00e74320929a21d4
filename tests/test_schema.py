"""The JSON report validates against the JSON Schema shipped in the package."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from conftest import GOLDEN

SCHEMA = json.loads(resources.files("onboard").joinpath("schema/report.schema.json").read_text(encoding="utf-8"))


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("report", sorted(GOLDEN.glob("*/onboard.json")), ids=lambda p: p.parent.name)
def test_golden_reports_validate(report):
    jsonschema.Draft202012Validator(SCHEMA).validate(json.loads(report.read_text(encoding="utf-8")))


def test_schema_rejects_what_the_format_does_not_allow():
    report = json.loads(sorted(GOLDEN.glob("*/onboard.json"))[0].read_text(encoding="utf-8"))
    report["files"]["not_analysed"] = [{"path": "x.py", "reason": "no-such-reason", "message": "m", "line": 1}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(report)
