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


def test_a_cloud_host_names_a_service_only_through_the_table():
    result = found({"app/hosts.py": b'''CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
IDENTITY_URL = "https://www.googleapis.com/oauth2/v2/userinfo"
ACCESS_TOKEN_URL = "https://oauth2.googleapis.com/token"
ACCOUNTS = "https://accounts.googleapis.com/x"
ALL_USERS = {"Grantee": {"URI": "http://acs.amazonaws.com/groups/global/AllUsers", "Type": "Group"}}
LOGIN = "https://signin.aws.amazonaws.com/federation"
REGIONAL = "https://s3.eu-west-1.amazonaws.com/data"
BUCKET = "https://my-bucket.s3.amazonaws.com/key"
DASHED = "https://s3-us-west-2.amazonaws.com/x"
QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs"
RDS = "orders.c9akciq32.eu-west-1.rds.amazonaws.com"
API = "https://abc123.execute-api.us-east-1.amazonaws.com/prod"
GCS = "https://storage.googleapis.com/bucket/object"
BQ = "https://bigquery.googleapis.com/bigquery/v2/projects"
VERTEX = "https://us-central1-aiplatform.googleapis.com/v1"
GCS_JSON = "https://www.googleapis.com/storage/v1/b/bucket/o"
BQ_UPLOAD = "https://www.googleapis.com/upload/bigquery/v2/projects/p/jobs"
BLOB = "https://acct.blob.core.windows.net/container"
BUS = "sb://ns.servicebus.windows.net/"
'''})
    lines = {key: [line for _, line, _ in evidence] for key, evidence in result.items()}
    assert lines == {
        ("storage", "aws", "s3"): [7, 8, 9], ("queue", "aws", "sqs"): [10], ("database", "aws", "rds"): [11],
        ("cloud", "aws", "apigateway"): [12], ("storage", "gcp", "storage"): [13, 16], ("data", "gcp", "bigquery"): [14, 17],
        ("ml", "gcp", "aiplatform"): [15], ("storage", "azure", "storage_blob"): [18], ("queue", "azure", "servicebus"): [19],
    }  # Google sign-in URLs, an S3 ACL group URI and a console sign-in host name no service: lines 1-6 are not there


def test_docstrings_are_prose_not_evidence():
    result = found({"app/paths.py": b'''"""Reads s3://bucket/key paths; see https://s3.amazonaws.com."""


class Store:
    """Backed by postgresql://localhost/db in tests."""

    def split(self, path):
        """Split `s3://bucket/key` into its parts."""
        return path.removeprefix("s3://").partition("/")
'''})
    assert result == {("storage", "aws", "s3"): [("app/paths.py", 9, "url")]}  # only the code's own string


def test_clients_made_by_methods_called_on_self():
    result = found({"app/awsclient.py": b'''import botocore.session


class TypedAWSClient:
    def __init__(self, session: botocore.session.Session) -> None:
        self._session = session
        self._cache = {}

    def _client(self, service_name):
        if service_name not in self._cache:
            self._cache[service_name] = self._session.create_client(service_name)
        return self._cache[service_name]

    @staticmethod
    def _named(region, service):
        return botocore.session.get_session().create_client(service, region_name=region)

    def deploy(self):
        self._client("apigateway").get_rest_apis()
        self._client(service_name="iam").get_role(RoleName="r")
        self._named("eu-west-1", "logs")
        other = Other()
        other._client("sqs")  # not this class's method on `self`: not followed

    class Inner:
        def run(self):
            self._client("sns")  # `self` is an Inner here


class Other:
    def _client(self, name):
        return name

    def run(self):
        self._client("kinesis")  # a method of the same name that creates no client
'''})
    assert result[("cloud", "aws", "apigateway")] == [("app/awsclient.py", 19, "wrapper")]
    assert result[("auth", "aws", "iam")] == [("app/awsclient.py", 20, "wrapper")]
    assert result[("monitoring", "aws", "logs")] == [("app/awsclient.py", 21, "wrapper")]
    assert {key for key in result if key[2] in ("sqs", "sns", "kinesis")} == set()
    assert result[("cloud", "aws", None)] == [("app/awsclient.py", 1, "import")]  # the wrappers' own calls are not clients


def test_aiobotocore_sessions_kept_on_self_create_clients():
    result = found({"app/fs.py": b'''import aiobotocore.session


class FS:
    async def connect(self):
        self.session = aiobotocore.session.AioSession()
        self._s3 = await self.session.create_client("s3").__aenter__()
'''})
    assert result[("storage", "aws", "s3")] == [("app/fs.py", 7, "client")]


def test_services_seen_only_outside_the_package_say_so(tmp_path):
    import json

    from click.testing import CliRunner

    from onboard.cli import main

    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text('"""App."""\nimport redis\n')
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_avatar.py").write_text('import redis\nAVATAR = "https://s3.amazonaws.com/avatars/u.jpg"\n')
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "conf.py").write_text('DB = "postgresql://localhost/docs"\n')
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "demo.py").write_text('DB = "postgresql://localhost/demo"\n')
    report = json.loads(CliRunner().invoke(main, [str(tmp_path), "-f", "json"]).output)
    scopes = {u["service"]: u["scopes"] for u in report["usage"]}
    assert scopes == {"redis": ["package", "tests"], "s3": ["tests"], "postgresql": ["examples", "docs"]}
    terminal = CliRunner().invoke(main, [str(tmp_path)]).output
    assert "aws/s3 (tests only)" in terminal and "postgresql (examples and docs only)" in terminal
    assert "redis (" not in terminal
    markdown = CliRunner().invoke(main, [str(tmp_path), "-f", "markdown"]).output
    assert "`s3` (tests only)" in markdown and "`postgresql` (examples and docs only)" in markdown and "`redis` |" in markdown


def test_only_cloud_apis_on_the_shared_google_host():
    result = found({"app/google.py": b'''DRIVE = "https://www.googleapis.com/drive/v3/files"
YOUTUBE = "https://www.googleapis.com/youtube/v3/videos"
TRANSLATE = "https://www.googleapis.com/language/translate/v2"
COMPUTE = "https://www.googleapis.com/compute/v1/projects/p/zones"
'''})
    assert result == {("cloud", "gcp", "compute"): [("app/google.py", 4, "endpoint")]}


def services(sources: dict[str, bytes]) -> dict[tuple, list[tuple]]:
    """(category, provider, service) -> [(path, line, via, detail)] for the cloud and storage services found."""
    modules = []
    for path, data in sorted(sources.items()):
        facts = extract(path, data)
        assert isinstance(facts, FileFacts), facts
        modules.append(Module(path, path[:-3].replace("/", "."), "package", "module", facts))
    repo = Repo("r", ("app",), ("",), Metadata(), tuple(modules), (), ())
    return {(u.category, u.provider, u.service): [(e.path, e.line, e.via, e.detail) for e in u.evidence] for u in usage(repo, build_graph(repo))}


def test_google_api_discovery_clients_name_their_cloud_api():
    result = services({
        "app/bq.py": b'from googleapiclient import discovery\nclient = discovery.build("bigquery", "v2", cache_discovery=False, **kw)\n',
        "app/old.py": b'import apiclient.discovery as d\nd.build(serviceName="dataproc", version="v1")\n',
        "app/drive.py": b'from googleapiclient.discovery import build\nbuild("drive", "v3")\nbuild(NAME, "v1")\n',
        "app/own.py": b'def build(name, version):\n    pass\nbuild("storage", "v1")\n',  # a project function, not the SDK's
    })
    assert result[("data", "gcp", "bigquery")] == [("app/bq.py", 2, "client", "googleapiclient.discovery.build")]
    assert result[("data", "gcp", "dataproc")] == [("app/old.py", 2, "client", "apiclient.discovery.build")]
    assert not any(key[2] in ("drive", "storage") for key in result)  # Google Drive is no cloud service; nor is a local build()


def test_versioned_and_namespaced_cloud_sdk_modules_name_the_service():
    result = services({
        "app/gcp.py": b"from google.cloud import secretmanager_v1\nfrom google.cloud.dataproc_v1beta2 import ClusterControllerClient\n"
                      b"from google.cloud import exceptions\nimport google.cloud.kms_v1\n",
        "app/az.py": b"from azure.mgmt.compute import ComputeManagementClient\nfrom azure.kusto.data import KustoClient\n"
                     b"from azure.cosmos import CosmosClient\nimport pydocumentdb.document_client\nfrom azure.core.exceptions import HttpResponseError\n"
                     b"from azureml.core import Workspace\nfrom azure.storage.fileshare import ShareClient\n",
    })
    keys = {key for key in result if key[1] in ("gcp", "azure")}
    assert keys == {
        ("secrets", "gcp", "secretmanager"), ("data", "gcp", "dataproc"), ("secrets", "gcp", "kms"), ("cloud", "gcp", None),
        ("cloud", "azure", "mgmt_compute"), ("cloud", "azure", "kusto_data"), ("database", "azure", "cosmos"), ("ml", "azure", "ml"),
        ("storage", "azure", "storage_fileshare"), ("cloud", "azure", None),
    }
    assert result[("cloud", "gcp", None)] == [("app/gcp.py", 3, "import", "google.cloud.exceptions")]  # plumbing, no service
    assert [e[1] for e in result[("database", "azure", "cosmos")]] == [3, 4]  # azure.cosmos and the legacy pydocumentdb


def test_s3_compatible_async_and_legacy_aws_sdks():
    result = services({
        "app/store.py": b"from minio import Minio\nclient = Minio(ENDPOINT)\n",
        "app/aio.py": b'import aioboto3\nasync def f():\n    session = aioboto3.Session()\n    async with session.client("sqs") as sqs:\n        pass\n',
        "app/aiocore.py": b'from aiobotocore.session import get_session\nasync def f():\n    async with get_session().create_client("sns") as c:\n'
                          b"        pass\n",
        "app/legacy.py": b"import boto\nimport boto.ec2\nfrom boto.s3.connection import S3Connection\nfrom boto.exception import BotoServerError\n"
                         b"conn = boto.connect_sqs()\nboto.ec2.cloudwatch.connect_to_region('eu-west-1')\n",
    })
    assert [e[:3] for e in result[("storage", "aws", "s3")]] == [("app/legacy.py", 3, "import"), ("app/store.py", 1, "import")]
    assert result[("queue", "aws", "sqs")] == [("app/aio.py", 4, "client", "session.client"), ("app/legacy.py", 5, "client", "boto.connect_sqs")]
    assert result[("queue", "aws", "sns")] == [("app/aiocore.py", 3, "client", "get_session().create_client")]
    assert [e[:3] for e in result[("cloud", "aws", "ec2")]] == [("app/legacy.py", 2, "import")]
    assert [e[:3] for e in result[("monitoring", "aws", "cloudwatch")]] == [("app/legacy.py", 6, "client")]


def test_filesystems_warehouses_and_signed_requests():
    result = services({
        "app/fs.py": b'import fsspec\nimport s3fs, gcsfs, adlfs\nfs = fsspec.filesystem("gcs")\nfsspec.filesystem(protocol="abfs")\n'
                     b'fsspec.filesystem("file")\nfrom smart_open import s3 as so3\nURL = "az://container/key"\n',
        "app/wh.py": b"from pyathena import connect\nimport redshift_connector\nimport snowflake.snowpark\nfrom databricks.sdk import WorkspaceClient\n",
        "app/sign.py": b'from botocore.auth import SigV4Auth\nfrom requests_aws4auth import AWS4Auth\nfrom opensearchpy import AWSV4SignerAuth\n'
                       b'SigV4Auth(creds, "execute-api", region)\nAWS4Auth(key, secret, region, "es")\nAWSV4SignerAuth(creds, region)\n'
                       b"SigV4Auth(creds, service, region)\nAWSV4SignerAuth(creds, region, **kw)\nAWS4Auth(*args)\n",
    })
    assert [e[:3] for e in result[("storage", "gcp", "storage")]] == [("app/fs.py", 2, "import"), ("app/fs.py", 3, "filesystem")]
    assert [e[:3] for e in result[("storage", "azure", "storage_blob")]] == [
        ("app/fs.py", 2, "import"), ("app/fs.py", 4, "filesystem"), ("app/fs.py", 7, "url")]
    assert [e[:3] for e in result[("storage", "aws", "s3")]] == [("app/fs.py", 2, "import"), ("app/fs.py", 6, "import")]
    assert ("data", "aws", "athena") in result and ("database", "aws", "redshift") in result
    assert ("database", None, "snowflake") in result and ("data", None, "databricks") in result
    assert [e[:3] for e in result[("cloud", "aws", "apigateway")]] == [("app/sign.py", 4, "client")]
    assert [e[:3] for e in result[("search", "aws", "opensearch")]] == [("app/sign.py", 5, "client"), ("app/sign.py", 6, "client")]


def test_a_resource_address_is_not_an_api_call():
    result = services({
        "app/cfg.py": b'CLUSTER = "projects/p/regions/r/clusters/c"\nDISK = "compute.googleapis.com/projects//zones//diskTypes/pd-ssd"\n'
                      b'FULL = "//dataproc.googleapis.com/projects/p/regions/r/clusters/c"\n'
                      b'BASE = "https://www.googleapis.com/compute/v1/projects/{}".format(project)\n'
                      b'API = "https://secretmanager.googleapis.com/v1/projects/p/secrets/s:access"\n'
                      b'UPLOAD = "https://www.googleapis.com/upload/storage/v1/b/bucket/o"\n',
    })
    assert {key[2]: [e[1] for e in ev] for key, ev in result.items()} == {"secretmanager": [5], "storage": [6]}


def test_a_session_the_users_assign_makes_clients_by_service_name():
    """A library keeps a boto3 session its users assign (`app.api.session = boto3.Session()`):
    nothing in the file says where it comes from, but a `.client("<botocore name>")` on a name
    that says session is an AWS client; the same call on other receivers, or without a service
    id, is not."""
    result = found({"app/api.py": b'''"""Needs a boto3 session."""


class WebsocketAPI:
    def __init__(self):
        self.session = None
        self._client = None

    def client(self):
        if self._client is None:
            self._client = self.session.client("apigatewaymanagementapi", endpoint_url="https://x")
        return self._client

    def other(self, redis_session, pool):
        pool.client("sqs")
        redis_session.client("List Of Things")
'''})
    assert result[("cloud", "aws", "apigatewaymanagementapi")] == [("app/api.py", 11, "client")]
    assert ("queue", "aws", "sqs") not in result and ("cloud", "aws", "List Of Things") not in result
