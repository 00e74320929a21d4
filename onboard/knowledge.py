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
# Top-level files that run the project's tooling rather than being the project.
TOOLING_FILES = frozenset({"setup.py", "noxfile.py", "fabfile.py", "tasks.py", "manage.py", "conftest.py", "dodo.py"})
# Folder names that are source roots: the folder itself is not part of the module name.
SOURCE_ROOT_NAMES = frozenset({"src"})
SCOPES = ("package", "tests", "scripts", "examples", "docs", "vendored")

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
# Declared distributions that are used without being imported (servers, drivers, plugins, tools).
RUNTIME_ONLY_DISTRIBUTIONS = frozenset({
    "gunicorn", "uvicorn", "uwsgi", "waitress", "hypercorn", "daphne", "psycopg2-binary", "psycopg-binary", "pymysql",
    "mysqlclient", "gevent", "eventlet", "supervisor", "setuptools", "wheel", "pip", "build", "twine", "tox", "nox",
    "pytest-cov", "pytest-mock", "pytest-xdist", "pytest-django", "pytest-asyncio", "coverage", "black", "flake8", "isort",
    "mypy", "ruff", "pylint", "pre-commit", "sphinx", "sphinx-rtd-theme", "mkdocs", "mkdocs-material", "types-requests",
})
