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
