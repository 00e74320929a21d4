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
