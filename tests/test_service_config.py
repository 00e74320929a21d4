"""Which environment variables configure which service, on inline repositories."""

from __future__ import annotations

import textwrap

from onboard.pipeline import analyse
from onboard.config import merge
from onboard.settings import build


def configured(tmp_path, files: dict[str, str]) -> dict[str | None, tuple[str, ...]]:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(textwrap.dedent(text))
    report = analyse(str(tmp_path), build(merge({}, {}), None))
    return {u.service: u.configured_by for u in report.usage}


def test_client_in_a_function_takes_its_reads_and_leaves_other_services_names(tmp_path):
    found = configured(tmp_path, {"app/__init__.py": "", "app/archive.py": """\
        import os
        import boto3
        import sentry_sdk

        DEBUG = os.getenv("APP_DEBUG")


        def archive(report):
            bucket = os.environ["DATA_BUCKET"]
            prefix = os.getenv("ARCHIVE_PREFIX", "reports/")
            sentry_sdk.set_tag("dsn", os.getenv("SENTRY_DSN"))
            boto3.client("s3").put_object(Bucket=bucket, Key=prefix + report)


        def unrelated():
            return os.getenv("TIMEOUT")


        def queue():
            region = os.getenv("REGION")
            return boto3.client("sqs", region_name=region), os.getenv("INBOX")
        """})
    assert found["sqs"] == ("INBOX", "REGION")  # no name carries a token: the function's reads, nearest first
    assert found["s3"] == ("DATA_BUCKET",)  # the name with the service's token; SENTRY_DSN is sentry's
    assert found["sentry"] == ("SENTRY_DSN",)  # an SDK import: the module's reads named for it


def test_module_level_url_takes_only_its_own_statement(tmp_path):
    found = configured(tmp_path, {"settings.py": """\
        import os

        SECRET = os.getenv("SECRET_KEY")
        CACHE = os.getenv("CACHE_LOCATION", "redis://localhost:6379/0")
        FEATURE = os.getenv("FEATURE_X")
        """})
    assert found["redis"] == ("CACHE_LOCATION",)
