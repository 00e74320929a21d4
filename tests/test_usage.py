"""The usage analysis: services and tools from imports, SDK clients, wrappers, URLs and endpoints."""

from __future__ import annotations

from onboard.analyses.usage import usage
from onboard.facts import FileFacts
from onboard.graph import build_graph
from onboard.model.metadata import Metadata
from onboard.model.repo import Module, Repo
from onboard.parse.extract import extract


def found(sources: dict[str, bytes], scopes: dict[str, str] | None = None):
    modules = []
    for path, data in sorted(sources.items()):
        facts = extract(path, data)
        assert isinstance(facts, FileFacts), facts
        name = path[:-3].replace("/", ".")
        modules.append(Module(path, name, (scopes or {}).get(path, "package"), "module", facts))
    repo = Repo("r", ("app",), ("",), Metadata(), tuple(modules), (), ())
    return {(u.category, u.provider, u.service): [(e.path, e.line, e.via) for e in u.evidence] for u in usage(repo, build_graph(repo))}


def test_clients_wrappers_urls_endpoints_and_imports():
    result = found({
        "app/aws.py": b'''import boto3 as b3
s3 = b3.client("s3")
table = b3.resource("dynamodb").Table("t")
dynamic = b3.client(SERVICE)
def client_for(name):
    return b3.client(name, region_name="eu-west-1")
secrets = client_for("secretsmanager")
''',
        "app/gcp.py": b'from google.cloud import storage, bigquery\nBUCKET = "gs://data/raw"\nHOST = "https://storage.googleapis.com/x"\n',
        "app/db.py": b'import psycopg2\nURL = "postgresql+psycopg2://u@h/db"\nAZ = "https://acct.blob.core.windows.net/c"\n',
        "app/prose.py": b'"""We keep backups in s3 and talk to redis sometimes."""\nS3_NOTE = "upload to s3 later"\n',
        "app/_vendor/x.py": b"import redis\n",
    }, scopes={"app/_vendor/x.py": "vendored"})
    assert found and result[("storage", "aws", "s3")] == [("app/aws.py", 2, "client")]
    assert result[("database", "aws", "dynamodb")] == [("app/aws.py", 3, "client")]
    assert result[("cloud", "aws", None)] == [("app/aws.py", 1, "import"), ("app/aws.py", 4, "client")]  # a variable: never guessed
    assert result[("secrets", "aws", "secretsmanager")] == [("app/aws.py", 7, "wrapper")]
    assert result[("storage", "gcp", "storage")] == [("app/gcp.py", 1, "import"), ("app/gcp.py", 2, "url"), ("app/gcp.py", 3, "endpoint")]
    assert result[("data", "gcp", "bigquery")] == [("app/gcp.py", 1, "import")]
    assert result[("database", None, "postgresql")] == [("app/db.py", 1, "import"), ("app/db.py", 2, "url")]
    assert result[("storage", "azure", "storage_blob")] == [("app/db.py", 3, "endpoint")]
    assert ("cache", None, "redis") not in result  # only the vendored copy imports redis; prose mentions are not evidence


def test_users_extend_the_knowledge_in_config(tmp_path):
    import json

    from click.testing import CliRunner

    from onboard.cli import main

    (tmp_path / "mycorp").mkdir()
    (tmp_path / "mycorp" / "__init__.py").write_text("")
    (tmp_path / "mycorp" / "storage.py").write_text("def put(key, data):\n    pass\n")
    (tmp_path / "app.py").write_text("from mycorp import storage\nimport inhouse_queue\n")
    (tmp_path / "pyproject.toml").write_text('[tool.onboard.usage]\n"mycorp.storage" = "storage/aws/s3"\n"inhouse_queue" = "queue/-/inhouse"\n')
    result = CliRunner().invoke(main, [str(tmp_path), "-f", "json"])
    usage = {(u["category"], u["provider"], u["service"]): [(e["path"], e["line"]) for e in u["evidence"]] for u in json.loads(result.output)["usage"]}
    assert usage[("storage", "aws", "s3")] == [("app.py", 1)] and usage[("queue", None, "inhouse")] == [("app.py", 2)]
    (tmp_path / "pyproject.toml").write_text('[tool.onboard.usage]\n"x" = "just-a-category"\n')
    assert CliRunner().invoke(main, [str(tmp_path)]).exit_code == 2


def test_django_settings_backends():
    result = found({"app/settings.py": b'''DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "x"}}
CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://cache:6379/1"}}
'''})
    assert result[("database", None, "postgresql")] == [("app/settings.py", 1, "setting")]
    assert ("app/settings.py", 2, "setting") in result[("cache", None, "redis")] and ("app/settings.py", 2, "url") in result[("cache", None, "redis")]


def test_only_sdk_objects_create_aws_clients():
    result = found({"app/mixed.py": b'''import boto3
import redis
from boto3 import client as make_client
r = redis.Redis().client("list")
session = boto3.session.Session(profile_name="x")
sqs = session.client("sqs")
sns = make_client("sns")
anything = boto3.client(**settings)
'''})
    assert ("cloud", "aws", "list") not in result
    assert result[("queue", "aws", "sqs")] == [("app/mixed.py", 6, "client")] and result[("queue", "aws", "sns")] == [("app/mixed.py", 7, "client")]
    assert ("app/mixed.py", 8, "client") in result[("cloud", "aws", None)]  # **kwargs: a client, service unknown


def test_a_long_string_does_not_stall_the_parse():
    import time

    body = b"".join(b'X%d = "%s"\n' % (i, b"a" * 4000) for i in range(300)) + b'URL = "http://x"\n'
    start = time.monotonic()
    found({"app/big.py": body})
    assert time.monotonic() - start < 5


def test_endpoints_name_the_service_not_the_account_or_the_bare_domain():
    result = found({"app/hosts.py": b'ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1"\n'
                                    b'SUFFIX = ".amazonaws.com"\nDOMAIN = "googleapis.com"\n'})
    assert set(result) == {("cloud", "aws", "ecr")}  # a suffix check or a bare domain names no service
