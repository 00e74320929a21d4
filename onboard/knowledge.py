"""Knowledge tables: what names and paths mean. Data, in one place, easy to extend.

Later analyses add their tables here (imports that mean a cloud service, decorators that mean a
route, ...). Code reads these tables; it does not spell their contents out in `if` chains.
"""

# Scope of a file from the directories on its path, checked in this order; the first match wins.
# `anywhere` rules apply at any depth; the others only to a folder whose parent is not a Python
# package (a folder with an `__init__.py`), so that `mypkg/tools/` stays package code while a
# top-level `tools/` or `examples/` (package or not) does not.
SCOPE_RULES = (
    ("vendored", "anywhere", frozenset({"_vendor", "vendor", "vendored", "third_party", "thirdparty", "extern", "externals"})),
    ("tests", "anywhere", frozenset({"tests", "test", "testing", "unittests", "functional_tests", "integration_tests", "__tests__"})),
    ("docs", "outside-package", frozenset({"docs", "doc", "documentation", "sphinx"})),
    ("examples", "outside-package", frozenset({"examples", "example", "samples", "demo", "demos", "tutorial", "tutorials", "cookbook"})),
    ("scripts", "outside-package", frozenset({"scripts", "script", "bin", "tools", "tool", "devtools", "ci", "benchmarks", "benchmark", "bench"})),
)
# File names that make a file a test wherever it lives (fnmatch patterns).
TEST_FILE_PATTERNS = ("test_*.py", "*_test.py", "tests.py", "conftest.py")
# Calls made at a module's top level that set up the interpreter rather than do the work: a file
# whose top level makes only these is no script (`docs/conf.py`'s `sys.path.insert(...)`).
SETUP_CALLS = frozenset({"sys.path", "sys.setrecursionlimit", "site.addsitedir", "os.environ", "os.putenv", "warnings", "logging",
                         "load_dotenv", "dotenv.load_dotenv", "django.setup", "matplotlib.use", "mpl.use", "nest_asyncio.apply",
                         "faulthandler.enable", "multiprocessing.set_start_method", "mp.set_start_method", "gevent.monkey",
                         "monkey.patch_all", "eventlet.monkey_patch", "print"})
# Files run by something else though their top level does work: configuration read by a tool or
# a server (`docs/conf.py`, `wsgi.py`), never `python FILE`.
NOT_RUN_BY_PATH = frozenset({"conf.py", "wsgi.py", "asgi.py", "gunicorn.conf.py", "gunicorn_conf.py", "gunicorn_config.py",
                             "__init__.py", "__main__.py", "settings.py", "local_settings.py", "config.py", "env.py"})
# Top-level files that run the project's tooling rather than being the project.
TOOLING_FILES = frozenset({"setup.py", "noxfile.py", "fabfile.py", "tasks.py", "manage.py", "conftest.py", "dodo.py"})
# Folder names that are source roots: the folder itself is not part of the module name.
SOURCE_ROOT_NAMES = frozenset({"src"})
SCOPES = ("package", "tests", "scripts", "examples", "docs", "vendored", "notebooks")

# Module names that frameworks import by convention, so nothing in the repo imports them:
# never reported as orphans. Last dotted part, or a package part anywhere in the name.
FRAMEWORK_DISCOVERED_MODULES = frozenset({
    "models", "admin", "apps", "urls", "views", "signals", "tasks", "celery", "settings", "wsgi", "asgi",
    "manage", "conftest", "serializers", "forms", "templatetags", "receivers", "handlers", "fixtures",
})
FRAMEWORK_DISCOVERED_PACKAGES = frozenset({"migrations", "management", "commands", "templatetags", "alembic", "versions"})

# Import name (or dotted prefix) -> the distributions that provide it, where they differ from the
# import name. Longest prefix wins; without an entry the distribution is the import name.
IMPORT_DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "yaml": ("PyYAML",), "PIL": ("Pillow",), "sklearn": ("scikit-learn",), "skimage": ("scikit-image",),
    "cv2": ("opencv-python", "opencv-python-headless", "opencv-contrib-python", "opencv-contrib-python-headless"),
    "dateutil": ("python-dateutil",), "bs4": ("beautifulsoup4",), "jwt": ("PyJWT",), "dotenv": ("python-dotenv",),
    "magic": ("python-magic",), "MySQLdb": ("mysqlclient",), "psycopg2": ("psycopg2", "psycopg2-binary"),
    "psycopg": ("psycopg", "psycopg-binary"), "attr": ("attrs",), "OpenSSL": ("pyOpenSSL",), "Crypto": ("pycryptodome", "pycrypto"),
    "Cryptodome": ("pycryptodomex",), "serial": ("pyserial",), "usb": ("pyusb",), "zmq": ("pyzmq",), "git": ("GitPython",),
    "docx": ("python-docx",), "pptx": ("python-pptx",), "slugify": ("python-slugify",), "jose": ("python-jose",),
    "multipart": ("python-multipart",), "kafka": ("kafka-python", "kafka-python-ng"), "memcache": ("python-memcached",),
    "ldap": ("python-ldap",), "snappy": ("python-snappy",), "telegram": ("python-telegram-bot",), "fitz": ("PyMuPDF",),
    "Levenshtein": ("python-Levenshtein", "Levenshtein"), "websocket": ("websocket-client",), "socks": ("PySocks",),
    "nacl": ("PyNaCl",), "gi": ("PyGObject",), "wx": ("wxPython",), "pkg_resources": ("setuptools",),
    "_pytest": ("pytest",), "google.auth": ("google-auth",), "google.oauth2": ("google-auth",), "google.protobuf": ("protobuf",),
    "googleapiclient": ("google-api-python-client",), "google.api_core": ("google-api-core",),
    "google.cloud": ("google-cloud-core",), "sentry_sdk": ("sentry-sdk",), "jinja2": ("Jinja2",), "markupsafe": ("MarkupSafe",),
    "dns": ("dnspython",), "Bio": ("biopython",), "mpl_toolkits": ("matplotlib",), "pythonjsonlogger": ("python-json-logger",),
    "tensorflow": ("tensorflow", "tensorflow-cpu", "tensorflow-gpu"), "torch": ("torch",), "faiss": ("faiss-cpu", "faiss-gpu"),
    "win32api": ("pywin32",), "win32com": ("pywin32",), "pywintypes": ("pywin32",), "lxml": ("lxml",),
    "pydantic_settings": ("pydantic-settings",), "grpc": ("grpcio",), "confluent_kafka": ("confluent-kafka",),
    "pymysql": ("PyMySQL",), "cx_Oracle": ("cx-Oracle",), "snowflake.connector": ("snowflake-connector-python",),
    "azure.identity": ("azure-identity",), "azure.keyvault.secrets": ("azure-keyvault-secrets",),
    "azure.storage.blob": ("azure-storage-blob",), "azure.storage.queue": ("azure-storage-queue",),
    "azure.cosmos": ("azure-cosmos",), "azure.servicebus": ("azure-servicebus",), "azure.eventhub": ("azure-eventhub",),
}
# Dotted prefixes whose distribution is named after the sub-package: google.cloud.storage ->
# google-cloud-storage, azure.mgmt.compute -> azure-mgmt-compute.
NAMESPACE_DISTRIBUTIONS = ("google.cloud", "azure.mgmt", "azure", "opentelemetry.exporter", "opentelemetry.instrumentation", "opentelemetry")
# Standard-library modules of Python 2 that Python 3 renamed or removed: legacy code, not dependencies.
PYTHON2_STDLIB = frozenset({
    "ConfigParser", "urllib2", "urlparse", "StringIO", "cStringIO", "cPickle", "Queue", "HTMLParser", "httplib",
    "__builtin__", "commands", "Tkinter", "tkMessageBox", "ttk", "SocketServer", "xmlrpclib", "SimpleXMLRPCServer",
    "cookielib", "Cookie", "thread", "dummy_thread", "copy_reg", "repr", "anydbm", "dbhash", "whichdb", "UserDict",
    "UserList", "UserString", "exceptions", "sets", "md5", "sha", "new", "popen2", "htmlentitydefs", "robotparser",
    "dircache", "mimetools", "rfc822", "sgmllib", "BaseHTTPServer", "SimpleHTTPServer", "CGIHTTPServer", "imputil",
    "mhlib", "mimify", "multifile", "posixfile", "statvfs", "user", "dbm", "gdbm", "dumbdbm", "future_builtins", "string_escape",
})
# Standard-library names that exist only in its type stubs (imported under TYPE_CHECKING).
STUB_ONLY_STDLIB = frozenset({"_typeshed"})
# Declared distributions that are used without being imported (servers, drivers, plugins, tools).
RUNTIME_ONLY_DISTRIBUTIONS = frozenset({
    "gunicorn", "uvicorn", "uwsgi", "waitress", "hypercorn", "daphne", "psycopg2-binary", "psycopg-binary", "pymysql",
    "mysqlclient", "gevent", "eventlet", "supervisor", "setuptools", "wheel", "pip", "build", "twine", "tox", "nox",
    "pytest-cov", "pytest-mock", "pytest-xdist", "pytest-django", "pytest-asyncio", "coverage", "black", "flake8", "isort",
    "mypy", "ruff", "pylint", "pre-commit", "sphinx", "sphinx-rtd-theme", "mkdocs", "mkdocs-material", "types-requests",
})

# What a module talks to, from what it imports: dotted prefix -> (category, provider, service).
# The longest matching prefix wins. Provider is aws/gcp/azure for cloud services, else None.
USAGE_IMPORTS: dict[str, tuple[str, str | None, str | None]] = {
    "boto3": ("cloud", "aws", None), "botocore": ("cloud", "aws", None), "aioboto3": ("cloud", "aws", None),
    "aiobotocore": ("cloud", "aws", None), "s3fs": ("storage", "aws", "s3"), "redshift_connector": ("database", "aws", "redshift"),
    "awswrangler": ("data", "aws", None), "sagemaker": ("ml", "aws", "sagemaker"),
    "google.cloud": ("cloud", "gcp", None), "googleapiclient": ("cloud", "gcp", None), "gcsfs": ("storage", "gcp", "storage"),
    "google.cloud.storage": ("storage", "gcp", "storage"), "google.cloud.bigquery": ("data", "gcp", "bigquery"),
    "google.cloud.pubsub": ("queue", "gcp", "pubsub"), "google.cloud.pubsub_v1": ("queue", "gcp", "pubsub"),
    "google.cloud.secretmanager": ("secrets", "gcp", "secretmanager"), "google.cloud.firestore": ("database", "gcp", "firestore"),
    "google.cloud.datastore": ("database", "gcp", "datastore"), "google.cloud.spanner": ("database", "gcp", "spanner"),
    "google.cloud.bigtable": ("database", "gcp", "bigtable"), "google.cloud.dataproc": ("data", "gcp", "dataproc"),
    "google.cloud.dataflow": ("data", "gcp", "dataflow"), "google.cloud.logging": ("monitoring", "gcp", "logging"),
    "google.cloud.tasks": ("queue", "gcp", "tasks"), "google.cloud.aiplatform": ("ml", "gcp", "aiplatform"),
    "azure": ("cloud", "azure", None), "adlfs": ("storage", "azure", "storage_blob"),
    "azure.storage.blob": ("storage", "azure", "storage_blob"), "azure.storage.queue": ("queue", "azure", "storage_queue"),
    "azure.storage.filedatalake": ("storage", "azure", "storage_filedatalake"), "azure.keyvault.secrets": ("secrets", "azure", "keyvault_secrets"),
    "azure.identity": ("auth", "azure", "identity"), "azure.servicebus": ("queue", "azure", "servicebus"),
    "azure.cosmos": ("database", "azure", "cosmos"), "azure.eventhub": ("queue", "azure", "eventhub"),
    "psycopg2": ("database", None, "postgresql"), "psycopg": ("database", None, "postgresql"), "asyncpg": ("database", None, "postgresql"),
    "pg8000": ("database", None, "postgresql"), "pymysql": ("database", None, "mysql"), "MySQLdb": ("database", None, "mysql"),
    "mysql.connector": ("database", None, "mysql"), "sqlite3": ("database", None, "sqlite"), "sqlalchemy": ("database", None, "sqlalchemy"),
    "pymongo": ("database", None, "mongodb"), "motor": ("database", None, "mongodb"), "cassandra": ("database", None, "cassandra"),
    "snowflake": ("database", None, "snowflake"), "cx_Oracle": ("database", None, "oracle"), "oracledb": ("database", None, "oracle"),
    "pyodbc": ("database", None, "odbc"), "clickhouse_driver": ("database", None, "clickhouse"), "neo4j": ("database", None, "neo4j"),
    "redis": ("cache", None, "redis"), "aioredis": ("cache", None, "redis"), "pymemcache": ("cache", None, "memcached"),
    "memcache": ("cache", None, "memcached"), "elasticsearch": ("search", None, "elasticsearch"), "opensearchpy": ("search", None, "opensearch"),
    "kafka": ("queue", None, "kafka"), "confluent_kafka": ("queue", None, "kafka"), "aiokafka": ("queue", None, "kafka"),
    "pika": ("queue", None, "rabbitmq"), "aio_pika": ("queue", None, "rabbitmq"), "kombu": ("queue", None, "amqp"),
    "celery": ("queue", None, "celery"), "rq": ("queue", None, "rq"), "dramatiq": ("queue", None, "dramatiq"), "nats": ("queue", None, "nats"),
    "torch": ("ml", None, "pytorch"), "tensorflow": ("ml", None, "tensorflow"), "keras": ("ml", None, "keras"),
    "sklearn": ("ml", None, "scikit-learn"), "xgboost": ("ml", None, "xgboost"), "lightgbm": ("ml", None, "lightgbm"),
    "transformers": ("ml", None, "transformers"), "mlflow": ("ml", None, "mlflow"), "wandb": ("ml", None, "wandb"),
    "pandas": ("data", None, "pandas"), "pyspark": ("data", None, "spark"), "dask": ("data", None, "dask"),
    "polars": ("data", None, "polars"), "pyarrow": ("data", None, "arrow"),
    "sentry_sdk": ("monitoring", None, "sentry"), "raven": ("monitoring", None, "sentry"), "datadog": ("monitoring", None, "datadog"),
    "ddtrace": ("monitoring", None, "datadog"), "prometheus_client": ("monitoring", None, "prometheus"),
    "opentelemetry": ("monitoring", None, "opentelemetry"), "newrelic": ("monitoring", None, "newrelic"), "statsd": ("monitoring", None, "statsd"),
    "kubernetes": ("orchestration", None, "kubernetes"), "docker": ("orchestration", None, "docker"), "airflow": ("orchestration", None, "airflow"),
    "prefect": ("orchestration", None, "prefect"), "dagster": ("orchestration", None, "dagster"),
    "smtplib": ("email", None, "smtp"), "sendgrid": ("email", None, "sendgrid"), "mailchimp_transactional": ("email", None, "mailchimp"),
    "jwt": ("auth", None, "jwt"), "authlib": ("auth", None, "oauth"), "oauthlib": ("auth", None, "oauth"),
    "requests_oauthlib": ("auth", None, "oauth"), "hvac": ("secrets", None, "vault"),
    "requests": ("http_api", None, None), "httpx": ("http_api", None, None), "urllib3": ("http_api", None, None),
    "paramiko": ("storage", None, "sftp"), "pysftp": ("storage", None, "sftp"), "ftplib": ("storage", None, "ftp"),
    "boto": ("cloud", "aws", None), "minio": ("storage", "aws", "s3"), "pyathena": ("data", "aws", "athena"),
    "smart_open.s3": ("storage", "aws", "s3"), "smart_open.gcs": ("storage", "gcp", "storage"),
    "smart_open.azure": ("storage", "azure", "storage_blob"), "pydocumentdb": ("database", "azure", "cosmos"),
    "azureml": ("ml", "azure", "ml"), "azure.ai.ml": ("ml", "azure", "ml"), "databricks": ("data", None, "databricks"),
}
# SDK namespaces whose next dotted part names the service when USAGE_IMPORTS has no longer prefix
# for it, a version suffix dropped: `google.cloud.secretmanager_v1`, `google.cloud.dataproc_v1beta2`
# -> secretmanager, dataproc. Azure's groups take two parts, as their distributions are named:
# `azure.mgmt.compute` -> mgmt_compute, `azure.kusto.data` -> kusto_data, `azure.functions` -> functions.
CLOUD_NAMESPACES = {"google.cloud": "gcp", "azure": "azure"}
AZURE_GROUPS = frozenset({"mgmt", "storage", "keyvault", "ai", "kusto", "data", "monitor", "search", "messaging", "communication",
                          "iot", "synapse", "digitaltwins", "purview", "mixedreality", "security", "developer"})
# Parts of those namespaces that are the SDKs' plumbing, not a service (`google.cloud.exceptions`, `azure.core`).
CLOUD_SUPPORT_PARTS = frozenset({"core", "common", "exceptions", "client", "environment_vars", "obsolete", "operation", "version",
                                 "location", "extended_operations", "_helpers", "_http", "_testing"})
# boto 2: the sub-package, or the `connect_<name>` function, -> boto3 service (`boto.s3.connection`,
# `boto.connect_s3()`, `boto.ec2.connect_to_region()`, `boto.ec2.cloudwatch`: the deepest listed part wins).
BOTO2_SERVICES = {
    **{name: name for name in ("s3", "ec2", "sqs", "sns", "ses", "iam", "sts", "emr", "kinesis", "cloudformation", "route53", "rds",
                               "glacier", "redshift", "elasticache", "swf", "logs", "kms", "cloudwatch", "cloudfront", "sdb",
                               "datapipeline", "cloudtrail", "codedeploy", "cognito", "opsworks", "support", "ecs", "dynamodb",
                               "cloudsearch", "directconnect", "machinelearning", "configservice", "elb", "vpc", "iot")},
    "dynamodb2": "dynamodb", "rds2": "rds", "awslambda": "lambda", "beanstalk": "elasticbeanstalk", "autoscale": "autoscaling",
    "cloudsearch2": "cloudsearch", "cloudhsm": "cloudhsm", "mturk": "mturk",
}
# Modules whose `x.client("name")`/`x.resource("name")` calls create AWS clients.
AWS_SDK_MODULES = frozenset({"boto3", "botocore", "aioboto3", "aiobotocore"})
# Calls that name a cloud service by an argument: qualified callee -> (hint kind, position of the
# argument (-1: the last positional), its keyword, the value when it is not given). Kinds: "api" a
# Google API discovery client (`discovery.build("bigquery", "v2")`, apiclient the package's old
# name); "protocol" an fsspec filesystem (`fsspec.filesystem("s3")`); "signing" a request signed
# with AWS SigV4 for a service (`SigV4Auth(creds, "execute-api", region)`, `AWS4Auth(..., "es")`).
SERVICE_CALLS = {
    **dict.fromkeys(("googleapiclient.discovery.build", "apiclient.discovery.build", "googleapiclient.build", "apiclient.build"),
                    ("api", 0, "serviceName", None)),
    **dict.fromkeys(("fsspec.filesystem", "fsspec.get_filesystem_class", "fsspec.registry.filesystem"), ("protocol", 0, "protocol", None)),
    **dict.fromkeys(("botocore.auth.SigV4Auth", "botocore.auth.SigV4QueryAuth", "botocore.auth.S3SigV4Auth"),
                    ("signing", 1, "service_name", None)),
    "requests_aws4auth.AWS4Auth": ("signing", -1, "service", None),
    "aws_requests_auth.aws_auth.AWSRequestsAuth": ("signing", 4, "aws_service", None),
    "aws_requests_auth.boto_utils.BotoAWSRequestsAuth": ("signing", 2, "aws_service", None),
    **dict.fromkeys(("opensearchpy.AWSV4SignerAuth", "opensearchpy.AWSV4SignerAsyncAuth", "opensearchpy.helpers.signer.AWSV4SignerAuth",
                     "opensearchpy.helpers.asyncsigner.AWSV4SignerAsyncAuth"), ("signing", 2, "service", "es")),
    "requests_auth_aws_sigv4.AWSSigV4": ("signing", 0, "service", None),
}
# boto3 service name -> category (unlisted services are "cloud").
AWS_SERVICE_CATEGORIES = {
    "s3": "storage", "dynamodb": "database", "rds": "database", "rds-data": "database", "redshift": "database",
    "redshift-data": "database", "sqs": "queue", "sns": "queue", "kinesis": "queue", "firehose": "queue",
    "secretsmanager": "secrets", "ssm": "secrets", "kms": "secrets", "ses": "email", "sesv2": "email",
    "lambda": "orchestration", "stepfunctions": "orchestration", "events": "orchestration", "batch": "orchestration",
    "ecs": "orchestration", "sts": "auth", "iam": "auth", "cognito-idp": "auth", "cloudwatch": "monitoring",
    "logs": "monitoring", "xray": "monitoring", "sagemaker": "ml", "sagemaker-runtime": "ml", "athena": "data", "glue": "data", "emr": "data",
    "elasticache": "cache", "memorydb": "cache", "opensearch": "search", "opensearchserverless": "search", "docdb": "database",
    "neptune": "database", "mq": "queue", "kafka": "queue", "cognito-identity": "auth",
    "bedrock": "ml", "bedrock-runtime": "ml", "rekognition": "ml", "textract": "ml", "comprehend": "ml", "translate": "ml",
    "transcribe": "ml", "polly": "ml",
}
# Cloud endpoint hosts. A host names a service only through these tables, never through whatever
# its first label is: `www.googleapis.com` and `oauth2.googleapis.com` (Google sign-in) or
# `acs.amazonaws.com` (an S3 ACL group URI) name none, and are no evidence of cloud usage.
# AWS: host label -> boto3 service. The label nearest the domain that is listed names the service,
# so the bucket, account, cluster id and region around it do not count: `bucket.s3.amazonaws.com`,
# `s3.eu-west-1.amazonaws.com`, `sqs.us-east-1.amazonaws.com`, `db.abc.eu-west-1.rds.amazonaws.com`,
# `123456789012.dkr.ecr.eu-west-1.amazonaws.com`, `abc.execute-api.us-east-1.amazonaws.com`.
AWS_ENDPOINT_LABELS = {
    **{name: name for name in (
        "s3", "dynamodb", "sqs", "sns", "kinesis", "firehose", "lambda", "events", "logs", "xray", "secretsmanager", "ssm", "kms",
        "sts", "iam", "cognito-idp", "cognito-identity", "athena", "glue", "rds", "rds-data", "redshift", "redshift-data", "ecr",
        "ecs", "eks", "ec2", "batch", "sagemaker", "bedrock", "bedrock-runtime", "apigateway", "cloudformation", "cloudfront",
        "route53", "mq", "kafka", "docdb", "neptune", "memorydb", "rekognition", "textract", "comprehend", "translate", "polly",
        "transcribe", "elasticbeanstalk", "codebuild", "iot")},
    "queue": "sqs", "states": "stepfunctions",
    "monitoring": "cloudwatch", "email": "ses", "email-smtp": "ses", "elasticmapreduce": "emr", "cache": "elasticache",
    "es": "opensearch", "aoss": "opensearchserverless", "execute-api": "apigateway", "compute": "ec2", "compute-1": "ec2",
    "elb": "elbv2", "elasticloadbalancing": "elbv2", "appsync-api": "appsync", "git-codecommit": "codecommit",
}
# Label prefixes of AWS's dashed forms: `s3-eu-west-1.amazonaws.com`, `s3-website-us-east-1.amazonaws.com`,
# `s3-accesspoint`, `s3-external-1`.
AWS_ENDPOINT_PREFIXES = {"s3-": "s3"}
# GCP: host label (a regional `us-central1-aiplatform` counts as `aiplatform`) -> API name, the
# google.cloud sub-package where there is one: `storage.googleapis.com`, `bucket.storage.googleapis.com`,
# `bigquery.googleapis.com`.
GCP_ENDPOINT_LABELS = {
    **{name: name for name in (
        "storage", "bigquery", "pubsub", "secretmanager", "firestore", "datastore", "spanner", "bigtable", "dataproc", "dataflow",
        "logging", "monitoring", "aiplatform", "run", "compute", "container", "translate", "vision", "speech", "language",
        "texttospeech", "documentai", "artifactregistry", "cloudbuild", "sqladmin")},
    "bigquerystorage": "bigquery", "bigtableadmin": "bigtable", "cloudtasks": "tasks", "cloudfunctions": "functions",
    "cloudkms": "kms", "translation": "translate", "ml": "aiplatform",
}
# GCP: on a shared host whose labels name nothing (`www.googleapis.com`), the first path segment
# (after `upload/`) -> API name: `www.googleapis.com/storage/v1/...`, `/upload/bigquery/v2/...`,
# `/compute/v1/...`. Other paths there (`/oauth2/...`, `/drive/...`, `/youtube/...`) are not GCP.
GCP_SHARED_HOST_PATHS = {"storage": "storage", "bigquery": "bigquery", "compute": "compute", "sql": "sqladmin"}
# Connection-URL scheme -> (category, provider, service).
URL_SCHEMES = {
    "postgres": ("database", None, "postgresql"), "postgresql": ("database", None, "postgresql"), "mysql": ("database", None, "mysql"),
    "mariadb": ("database", None, "mysql"), "sqlite": ("database", None, "sqlite"), "redis": ("cache", None, "redis"),
    "rediss": ("cache", None, "redis"), "amqp": ("queue", None, "rabbitmq"), "amqps": ("queue", None, "rabbitmq"),
    "mongodb": ("database", None, "mongodb"), "mongodb+srv": ("database", None, "mongodb"), "kafka": ("queue", None, "kafka"),
    "s3": ("storage", "aws", "s3"), "s3a": ("storage", "aws", "s3"), "gs": ("storage", "gcp", "storage"),
    "abfs": ("storage", "azure", "storage_blob"), "abfss": ("storage", "azure", "storage_blob"), "wasb": ("storage", "azure", "storage_blob"),
    "wasbs": ("storage", "azure", "storage_blob"), "gcs": ("storage", "gcp", "storage"), "az": ("storage", "azure", "storage_blob"),
    "adl": ("storage", "azure", "datalake_store"), "snowflake": ("database", None, "snowflake"), "bigquery": ("data", "gcp", "bigquery"),
}
# Azure endpoint host part -> service.
AZURE_ENDPOINTS = {"blob.core.windows.net": "storage_blob", "queue.core.windows.net": "storage_queue", "table.core.windows.net": "data_tables",
                   "file.core.windows.net": "storage_fileshare", "dfs.core.windows.net": "storage_filedatalake", "vault.azure.net": "keyvault_secrets",
                   "servicebus.windows.net": "servicebus", "documents.azure.com": "cosmos"}
AZURE_SERVICE_CATEGORIES = {"storage_blob": "storage", "storage_queue": "queue", "data_tables": "database", "storage_fileshare": "storage",
                            "storage_filedatalake": "storage", "keyvault_secrets": "secrets", "servicebus": "queue", "cosmos": "database"}
GCP_SERVICE_CATEGORIES = {"storage": "storage", "bigquery": "data", "pubsub": "queue", "secretmanager": "secrets", "firestore": "database",
                          "datastore": "database", "spanner": "database", "bigtable": "database", "sqladmin": "database",
                          "dataproc": "data", "dataflow": "data", "logging": "monitoring", "monitoring": "monitoring", "tasks": "queue",
                          "aiplatform": "ml", "translate": "ml", "vision": "ml", "speech": "ml", "language": "ml", "texttospeech": "ml",
                          "documentai": "ml", "kms": "secrets", "run": "orchestration", "functions": "orchestration",
                          "container": "orchestration"}

# Words in environment variable names that point at a service, beyond its own name (by service,
# then by category): `DATABASE_URL` configures postgresql, `BROKER_URL` celery.
SERVICE_ENV_TOKENS = {
    "postgresql": ("PG", "POSTGRES", "DATABASE", "DB"), "mysql": ("DATABASE", "DB"), "sqlalchemy": ("DATABASE", "DB", "SQLALCHEMY"),
    "mongodb": ("MONGO",), "celery": ("BROKER", "CELERY"), "rabbitmq": ("AMQP", "BROKER", "RABBIT"), "s3": ("BUCKET", "S3"),
    "storage": ("BUCKET", "GCS"), "secretsmanager": ("SECRET",), "dynamodb": ("TABLE", "DYNAMO"),
    "database": ("DATABASE", "DB"), "cache": ("CACHE",), "queue": ("QUEUE", "BROKER"),
}

# Django settings strings: DATABASES ENGINE and CACHES BACKEND -> (category, provider, service).
DJANGO_BACKENDS = {
    "postgresql": ("database", None, "postgresql"), "postgresql_psycopg2": ("database", None, "postgresql"),
    "postgis": ("database", None, "postgresql"), "mysql": ("database", None, "mysql"), "sqlite3": ("database", None, "sqlite"),
    "spatialite": ("database", None, "sqlite"), "oracle": ("database", None, "oracle"), "redis": ("cache", None, "redis"),
    "memcached": ("cache", None, "memcached"), "django_redis": ("cache", None, "redis"),
}

# Kubernetes workload kinds -> the keys from the document down to its pod spec (model.manifests).
WORKLOAD_POD_SPECS = {
    "Pod": ("spec",), "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
    **dict.fromkeys(("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"), ("spec", "template", "spec")),
}

# ---------------------------------------------------------------------------------------------
# Entry points: which constructors, decorators and calls declare a way in (analyses/entrypoints).
# Qualified names are matched through each module's imports (`from flask import Flask as F`).

# Kinds a user's own decorator can mark in `[tool.onboard.entry-points]`.
USER_ENTRY_KINDS = ("cli_command", "dev_command", "lambda_handler", "task", "web_route", "airflow_dag")

# Constructor -> (framework, role) of the object that routes, commands or tasks hang on.
ENTRY_OBJECTS = {
    **dict.fromkeys(("flask.Flask", "flask.app.Flask", "quart.Quart"), ("flask", "app")),
    **dict.fromkeys(("flask.Blueprint", "flask.blueprints.Blueprint", "quart.Blueprint"), ("flask", "router")),
    **dict.fromkeys(("fastapi.FastAPI", "fastapi.applications.FastAPI"), ("fastapi", "app")),
    **dict.fromkeys(("fastapi.APIRouter", "fastapi.routing.APIRouter"), ("fastapi", "router")),
    "starlette.applications.Starlette": ("starlette", "app"), "starlette.routing.Router": ("starlette", "router"),
    "aiohttp.web.Application": ("aiohttp", "app"), "aiohttp.web.RouteTableDef": ("aiohttp", "router"),
    "sanic.Sanic": ("sanic", "app"), "sanic.Blueprint": ("sanic", "router"),
    "chalice.Chalice": ("chalice", "app"), "chalice.Blueprint": ("chalice", "router"),
    "tornado.web.Application": ("tornado", "app"),
    "celery.Celery": ("celery", "app"),
    **dict.fromkeys(("huey.Huey", "huey.RedisHuey", "huey.SqliteHuey", "huey.MemoryHuey", "huey.PriorityRedisHuey",
                     "huey.RedisExpireHuey", "huey.FileHuey"), ("huey", "app")),
    "typer.Typer": ("typer", "app"), "click.Group": ("click", "group"),
    "argparse.ArgumentParser": ("argparse", "parser"),
    **dict.fromkeys(("airflow.DAG", "airflow.models.DAG", "airflow.models.dag.DAG", "airflow.sdk.DAG"), ("airflow", "dag")),
    **dict.fromkeys(("rest_framework.routers.DefaultRouter", "rest_framework.routers.SimpleRouter"), ("drf", "router")),
}
# The packages whose import lets a method on an object of unknown origin count (`celery =
# make_celery(app)` then `@celery.task`, or `def register(app): @app.route(...)`).
FRAMEWORK_PACKAGES = {
    "flask": ("flask", "quart"), "fastapi": ("fastapi",), "starlette": ("starlette",), "aiohttp": ("aiohttp",),
    "sanic": ("sanic",), "chalice": ("chalice",), "tornado": ("tornado",), "celery": ("celery",), "huey": ("huey",),
    "typer": ("typer",), "click": ("click",), "argparse": ("argparse",), "airflow": ("airflow",), "drf": ("rest_framework",),
}
_HTTP = ("get", "post", "put", "delete", "patch", "head", "options", "trace")
HTTP_METHOD_NAMES = frozenset(_HTTP)
# (framework, method on its object) -> (kind, HTTP method; None: read `methods=`, default GET).
ENTRY_METHODS = {
    **{(fw, m): ("web_route", m.upper()) for fw in ("flask", "fastapi", "starlette", "aiohttp", "sanic") for m in _HTTP},
    **{(fw, "route"): ("web_route", None) for fw in ("flask", "fastapi", "starlette", "sanic", "chalice")},
    ("fastapi", "api_route"): ("web_route", None), ("fastapi", "websocket"): ("web_route", "WEBSOCKET"),
    ("starlette", "websocket_route"): ("web_route", "WEBSOCKET"), ("sanic", "websocket"): ("web_route", "WEBSOCKET"),
    ("aiohttp", "view"): ("web_route", "ANY"), ("aiohttp", "route"): ("web_route", "FIRST-ARG"),
    **{("chalice", m): ("lambda_handler", None) for m in ("lambda_function", "schedule", "on_s3_event", "on_sns_message",
                                                           "on_sqs_message", "on_cw_event", "on_ws_message", "on_ws_connect",
                                                           "on_ws_disconnect", "authorizer")},
    ("celery", "task"): ("task", None), ("celery", "periodic_task"): ("task", None),
    **{("huey", m): ("task", None) for m in ("task", "periodic_task", "db_task", "db_periodic_task")},
    ("typer", "command"): ("cli_command", None), ("click", "command"): ("cli_command", None), ("click", "group"): ("cli_command", None),
}
# Module-level decorator (or call) -> kind; `name_format` of dev commands in DEV_DECORATOR_FORMATS.
ENTRY_DECORATORS = {
    "celery.shared_task": "task", "celery.task": "task", "celery.decorators.task": "task", "celery.task.periodic_task": "task",
    "celery.decorators.periodic_task": "task", "dramatiq.actor": "task", "rq.decorators.job": "task", "rq.job": "task",
    **dict.fromkeys(("huey.contrib.djhuey.task", "huey.contrib.djhuey.db_task", "huey.contrib.djhuey.periodic_task",
                     "huey.contrib.djhuey.db_periodic_task"), "task"),
    "click.command": "cli_command", "click.group": "cli_command",
    "airflow.decorators.dag": "airflow_dag", "airflow.sdk.dag": "airflow_dag",
    "nox.session": "dev_command", "invoke.task": "dev_command",
}
DEV_DECORATOR_FORMATS = {"nox.session": "nox -s {name}", "invoke.task": "invoke {name}"}
# Files whose `(event, context)` functions are Lambda handlers: by name, or by what they import.
LAMBDA_FILES = ("*handler*.py", "*lambda*.py", "*function*.py")
LAMBDA_PACKAGES = ("boto3", "aws_lambda_powertools", "aws_xray_sdk", "mangum", "chalice")
# Route-declaring functions used in lists: qualified -> HTTP method ("ANY": any method).
ROUTE_FUNCTIONS = {
    **{f"aiohttp.web.{m}": m.upper() for m in _HTTP}, "aiohttp.web.route": "FIRST-ARG", "aiohttp.web.view": "ANY",
    "starlette.routing.Route": None, "starlette.routing.WebSocketRoute": "WEBSOCKET",
    "tornado.web.url": "ANY", "tornado.routing.URLSpec": "ANY",
}
# Handler classes whose subclasses, listed as `(pattern, Handler[, kwargs[, name]])` tuples in a
# module-level list, are routes wherever that list goes (tornado's `handlers = [(r"/", Main)]`
# handed to an `Application` subclass through `**kwargs`): framework -> qualified base classes.
# A class of the repo counts through its own bases, a few levels deep.
ROUTE_HANDLER_BASES = {
    "tornado": frozenset({"tornado.web.RequestHandler", "tornado.web.StaticFileHandler", "tornado.web.RedirectHandler",
                          "tornado.web.ErrorHandler", "tornado.web.FallbackHandler", "tornado.websocket.WebSocketHandler"}),
}
# The tornado application classes whose first argument is a list of (pattern, Handler) tuples.
TORNADO_APPLICATIONS = frozenset({"tornado.web.Application"})
# How the pattern of such a tuple starts (a path, or a regular expression anchored or grouped).
ROUTE_PATTERN_STARTS = ("/", "^", "(", ".*", ".+", "[", "{")
# Calls that group the routes listed in their `routes=` under a path prefix (Starlette's Mount).
MOUNT_FUNCTIONS = frozenset({"starlette.routing.Mount"})
# Calls that register a route on an app or router: (framework, method) -> (HTTP method or None for
# `methods=`, or "FIRST-ARG"; the keyword of the path; the keyword of the handler). Arguments are
# positional in that order: (method,) path, handler.
ROUTE_REGISTRATIONS = {
    ("flask", "add_url_rule"): (None, "rule", "view_func"),
    **{(fw, "add_api_route"): (None, "path", "endpoint") for fw in ("fastapi", "starlette")},
    **{(fw, "add_api_websocket_route"): ("WEBSOCKET", "path", "endpoint") for fw in ("fastapi", "starlette")},
    **{("aiohttp", f"add_{m}"): (m.upper(), "path", "handler") for m in _HTTP},
    ("aiohttp", "add_route"): ("FIRST-ARG", "path", "handler"),
}
# Frameworks that join a prefix and a rule with exactly one slash (Flask's Blueprint rule); the
# others concatenate them as strings (FastAPI's include_router).
SLASH_JOINED_PREFIXES = frozenset({"flask", "sanic", "chalice"})
# Django URLconf functions.
# (`django.urls.conf` is where they are defined: what a name resolves to inside Django's own repository)
DJANGO_ROUTE_FUNCTIONS = frozenset({"django.urls.path", "django.urls.re_path", "django.conf.urls.url",
                                    "django.urls.conf.path", "django.urls.conf.re_path"})
DJANGO_INCLUDE = frozenset({"django.urls.include", "django.conf.urls.include", "django.urls.conf.include"})
# Calls that mount one router under another: method -> (keyword of the prefix, whether it replaces the router's own).
MOUNT_METHODS = {"register_blueprint": ("url_prefix", True), "include_router": ("prefix", False), "add_routes": ("", False)}
# Keyword of a router's own prefix at construction.
ROUTER_PREFIX_KEYWORDS = ("url_prefix", "prefix")
# Last names of the calls the parse stage records (decorators and statements).
ENTRY_CALL_NAMES = frozenset(
    {key.rsplit(".", 1)[-1] for key in (*ENTRY_OBJECTS, *ENTRY_DECORATORS, *ROUTE_FUNCTIONS, *DJANGO_ROUTE_FUNCTIONS, *DJANGO_INCLUDE,
                                        *MOUNT_FUNCTIONS)}
    | {method for _, method in ENTRY_METHODS} | set(MOUNT_METHODS)
    | {"add_url_rule", "add_api_route", "add_api_websocket_route", "add_route", "add_routes", "add_command", "add_typer",
       "add_subparsers", "add_parser", "set_defaults", "register", "as_view"}
    | {f"add_{m}" for m in _HTTP}
)

# Methods of a function that queue it to run elsewhere (a task queue, an actor, a pool): the
# program model counts `task.delay(...)` as handing `task` on ("passed" in the call graph).
DEFERRED_CALLS = frozenset({"delay", "apply_async", "s", "si", "signature", "send", "send_with_options", "remote",
                            "spawn", "enqueue", "schedule", "map", "starmap", "chunks"})
# Folders whose contents are a copy of another package (`pkg/_vendor/click` is click).
VENDOR_FOLDERS = SCOPE_RULES[0][2] | {"_vendored", "_vendored_packages", "_extern"}
# Calls that read an environment variable named by their first argument (as the program model names them).
ENV_READ_CALLS = frozenset({"os.getenv", "os.environ.get", "os.environ.setdefault", "os.environ.pop", "os.getenvb"})
# What makes a package a plugin host (the repository kind): importing a plugin manager, or one
# of the functions that list the plugins installed under an entry-point group.
PLUGIN_LOADER_MODULES = frozenset({"pluggy", "stevedore"})
PLUGIN_LOADER_NAMES = frozenset({("importlib.metadata", "entry_points"), ("importlib_metadata", "entry_points"),
                                 ("pkg_resources", "iter_entry_points")})
# Libraries of machine-learning research (the repository kind): training and evaluating models.
RESEARCH_LIBRARIES = frozenset({"torch", "tensorflow", "keras", "jax", "flax", "sklearn", "transformers", "lightning",
                                "pytorch_lightning", "xgboost", "lightgbm", "datasets", "accelerate", "wandb", "mlflow"})
