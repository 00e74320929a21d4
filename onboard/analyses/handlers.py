"""Functions something else calls: tasks (Celery, RQ, Dramatiq, Huey), Airflow DAGs, Lambda and
Chalice handlers, Django management commands, nox sessions and invoke tasks, and the repo's own
decorators named in `[tool.onboard] entry-points`.

What it finds: decorators matched through imports against `knowledge.ENTRY_DECORATORS` and the
methods of known objects (`@app.task` on a Celery app, `@huey.periodic_task()`, `@app.schedule` of
Chalice); `DAG(...)` calls and `with DAG(...)`; `*/management/commands/<name>.py` modules that
define `Command`; functions taking `(event, context)` in files that look like Lambda code (the
file or function is named for a handler or Lambda, or the module imports boto3 or an AWS Lambda
library). Limits: tasks registered by calling `app.task(fn)` at run time, DAGs made in loops
(one entry per `DAG(` call site), handlers named only in infrastructure code other than
serverless.yml and SAM templates.
"""

from __future__ import annotations

from fnmatch import fnmatch
from operator import attrgetter

from onboard.analyses.objects import EntryPoint, Objects, entry
from onboard.analyses.symbols import Callee, Symbols, imports_any
from onboard.knowledge import DEV_DECORATOR_FORMATS, ENTRY_DECORATORS, ENTRY_METHODS, ENTRY_OBJECTS, LAMBDA_FILES, LAMBDA_PACKAGES
from onboard.model.repo import Module
from onboard.resolve.query import ProgramModel

_EVENT_CONTEXT = ("event", "context")
_PARAMS = attrgetter("params")


def _task(symbols: Symbols, module: Module, call, framework: str, app: str) -> EntryPoint:
    value = call.keyword("name") or call.keyword("actor_name")
    name = symbols.text(module.name, value)[0] if value is not None else ""
    if not name:
        name = f"{module.name}.{call.target}" if framework == "celery" else call.target
    queue_arg = call.keyword("queue") or call.keyword("queue_name")
    queue = symbols.text(module.name, queue_arg)[0] if queue_arg else ""
    return entry("task", name, f"{module.name}:{call.target}", module, call.line, framework=framework, app=app, queue=queue)


def _task_makers() -> dict[str, tuple[str, str]]:
    """What a decorator named as the program model names it ("celery.Celery.task") must be to
    make a task, with the framework and app `_task` is given: a task decorator, or a task method
    of a framework's object. Worked out once from the tables, not for each of the names the model
    gives the decorators of every function."""
    names = {f"{owner}.{method}" for owner, (framework, _) in ENTRY_OBJECTS.items()
             for (known, method), (kind, _) in ENTRY_METHODS.items() if known == framework and kind == "task"}
    names |= {name for name, kind in ENTRY_DECORATORS.items() if kind == "task"}
    found = {}
    for name in sorted(names):
        owner = name.rpartition(".")[0]
        framework = ENTRY_OBJECTS.get(owner, (None,))[0]
        found[name] = (framework or name.split(".")[0], owner if framework else "")
    return found


_TASK_MAKERS = _task_makers()


def _through_model(model: ProgramModel | None, symbols: Symbols, module: Module, call) -> EntryPoint | None:
    """A task made by a decorator the project defines (`@task(queue="q")` whose body returns
    `celery_app.task(...)`), found through what the program model says the decorator gives."""
    if model is None or call.local:
        return None
    for name in model.decorators(module.name, call.target):
        made = _TASK_MAKERS.get(name)
        if made is not None:
            return _task(symbols, module, call, *made)
    return None


def _decorated(symbols: Symbols, objects: Objects, module: Module, callee: Callee, user: dict[str, str],
               model: ProgramModel | None = None) -> EntryPoint | None:
    call, owner, method, qualified = callee
    kind = user.get(qualified) or ENTRY_DECORATORS.get(qualified)
    if kind is None:
        obj = objects.of(module.name, owner, method) if owner else None
        kind = ENTRY_METHODS.get((obj.framework, method), (None,))[0] if obj else None
        if kind == "task":
            return _task(symbols, module, call, obj.framework, f"{obj.module}.{obj.name}")
        if kind == "lambda_handler":
            named = symbols.text(module.name, call.keyword("name"))[0] if call.keyword("name") else ""
            return entry("lambda_handler", named or call.target, f"{module.name}:{call.target}", module, call.line, framework=obj.framework,
                         trigger=method)
        return _through_model(model, symbols, module, call) if obj is None else None
    target = f"{module.name}:{call.target}"
    if qualified in user:
        return entry(kind, call.target, target, module, call.line, decorator=qualified, declared="[tool.onboard] entry-points")
    if kind == "task":
        return _task(symbols, module, call, qualified.split(".")[0], "")
    if kind == "airflow_dag":
        value = call.keyword("dag_id")
        return entry("airflow_dag", symbols.text(module.name, value)[0] if value else call.target, target, module, call.line, framework="airflow")
    if kind == "dev_command":
        name = symbols.text(module.name, call.keyword("name"))[0] if call.keyword("name") else call.target
        if qualified == "invoke.task":
            name = name.replace("_", "-")
        return entry("dev_command", DEV_DECORATOR_FORMATS[qualified].format(name=name), target, module, call.line, tool=qualified.split(".")[0])
    return None


def _dag(symbols: Symbols, module: Module, callee: Callee) -> EntryPoint | None:
    call = callee.call
    if ENTRY_OBJECTS.get(callee.qualified) != ("airflow", "dag") or call.role == "decorator":
        return None
    value = call.args[0] if call.args else call.keyword("dag_id")
    name, ok = symbols.text(module.name, value)
    if call.local and not (ok and value is not None):
        return None  # a DAG factory: Airflow schedules what calls it at import, not the function
    return entry("airflow_dag", name if value is not None else "<dynamic>", module.name, module, call.line, framework="airflow",
                 resolved="" if ok and value is not None else "no: the dag_id is not a literal or module constant")


def _user_decorated(symbols: Symbols, module: Module, user: dict[str, str]) -> list[EntryPoint]:
    """Decorators of the user's table the parse stage saw in a form it does not record (any
    name goes: Definition.decorators keeps them all)."""
    found = []
    recorded = {(c.target, c.line, c.callee) for c in module.facts.calls if c.role == "decorator"}
    for definition in module.facts.definitions:
        for decorator in definition.decorators:
            if (definition.name, definition.line, decorator) in recorded:
                continue
            qualified = symbols.qualified(module.name, decorator)
            if qualified in user:
                found.append(entry(user[qualified], definition.name, f"{module.name}:{definition.name}", module, definition.line,
                                   decorator=qualified, declared="[tool.onboard] entry-points"))
    return found


def _django_command(module: Module) -> EntryPoint | None:
    folder, _, filename = module.path.rpartition("/")
    if not folder.lower().endswith("commands"):  # most modules: the pattern's literal end, case folded as fnmatch may
        return None
    if not fnmatch(folder, "*management/commands") or filename.startswith("_") or not filename.endswith(".py"):
        return None
    line = next((d.line for d in module.facts.definitions if d.parent == -1 and d.name == "Command" and d.kind == "class"), None)
    if line is None:
        return None
    return entry("django_command", f"manage.py {filename[:-3]}", f"{module.name}:Command", module, line, framework="django")


def _lambda_like(symbols: Symbols, module: Module) -> list[EntryPoint]:
    if _EVENT_CONTEXT not in map(_PARAMS, module.facts.definitions):
        return []  # most modules, told without a Python loop: the file's name and imports need not be looked at
    shaped = [d for d in module.facts.definitions if d.params == _EVENT_CONTEXT and d.parent == -1 and d.kind == "function"]
    filename = module.path.rsplit("/", 1)[-1].lower()
    looks = any(fnmatch(filename, p) for p in LAMBDA_FILES) or imports_any(symbols, module.name, LAMBDA_PACKAGES)
    return [entry("lambda_handler", f"{module.name}.{d.name}", f"{module.name}:{d.name}", module, d.line, declared="(event, context) signature")
            for d in shaped if looks or "handler" in d.name.lower() or "lambda" in d.name.lower()]


def handlers(symbols: Symbols, objects: Objects, user: dict[str, str], model: ProgramModel | None = None) -> list[EntryPoint]:
    """Tasks, DAGs, Lambda handlers, Django commands, nox/invoke sessions and user decorators."""
    found: list[EntryPoint] = []
    for module in sorted((m for m in symbols.graph.modules.values() if m is not None), key=lambda m: m.name):
        for callee in symbols.callees(module):
            made = _decorated(symbols, objects, module, callee, user, model) if callee.call.role == "decorator" else _dag(symbols, module, callee)
            if made is not None:
                found.append(made)
        if user:
            found += _user_decorated(symbols, module, user)
        command = _django_command(module)
        if command is not None:
            found.append(command)
        shaped = _lambda_like(symbols, module)
        if shaped:  # rare: the entries so far need not be looked through for every module
            declared = {(e.path, e.line) for e in found if e.kind == "lambda_handler"}
            found += [e for e in shaped if (e.path, e.line) not in declared]
    return found
