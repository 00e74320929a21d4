"""Where things happen in the program model: a `path:line` placed in the function of the call
graph that runs it, the functions a way in starts, and what each function touches.

What it finds: the innermost function (`def` at any nesting, methods included) whose lines hold
a given line, named as the call graph names it (`pkg.mod.Class.method`); a line in no function
(module level, a class body, a decorator) belongs to the module's top-level code (`pkg.mod`). A
way in starts at its function; one declared at a class (a Django command, a tornado handler)
starts at each method of the class; a main guard, a `__main__` module or a script starts at the
module's top-level code, as does a DAG declared at a module's top level. A way in found at a
line that defines nothing (an argparse sub-command whose handler is not known) starts nowhere.
Why it matters: it joins "how it runs" (entry points) and "what it
touches" (usage evidence, environment reads) on one graph. Limits: a lambda's line belongs to
the function around it; a file outside the call graph (no importable name) places nothing.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from operator import itemgetter

from onboard.analyses.env_vars import EnvReport
from onboard.analyses.objects import EntryPoint
from onboard.analyses.usage import Usage
from onboard.frozen import record
from onboard.model.repo import Module, Repo
from onboard.resolve import CallEdge, CallGraph, Function

# Ways in that the code itself declares; containers, processes and developer commands are
# commands in other files, not functions.
MAIN_GUARD = ":__main__"  # no function's name holds a colon
_MODULE_KINDS = ("main_module", "script", "setup_script", "notebook")  # started as a program (a notebook: run all): the top level runs


@record
class Touch:
    """Something a function touches at one of its lines: a service, a variable, a way in."""

    kind: str  # "service" | "env_var" | "entry_point"
    name: str
    line: int


def service_name(u: Usage) -> str:
    """`storage/aws/s3`, `database/-/postgresql`: category/provider/service, "-" for none (the
    form `[tool.onboard.usage]` takes)."""
    return f"{u.category}/{u.provider or '-'}/{u.service or '-'}"


class Callers:
    """The call edges by caller: the edges sorted by caller (as the call graph gives them; those
    built by hand are sorted here), a caller's found by bisection when it is asked for."""

    def __init__(self, edges: tuple[CallEdge, ...]) -> None:
        callers = list(map(itemgetter(0), edges))
        if callers != sorted(callers):
            edges = tuple(sorted(edges, key=itemgetter(0)))  # stable: each caller's edges in their order
            callers = list(map(itemgetter(0), edges))
        self._edges, self._callers = edges, callers

    def edges(self, caller: str) -> tuple[CallEdge, ...]:
        lo = bisect_left(self._callers, caller)
        return self._edges[lo:bisect_right(self._callers, caller, lo)]


def by_name(calls: CallGraph) -> tuple[dict[str, Function], dict[str, str]]:
    """The call graph's functions by name, and the names of its modules' top levels by path."""
    functions = dict(zip(map(itemgetter(0), calls.functions), calls.functions))
    return functions, {f[1]: f[0] for f in calls.functions if f[3] == "module"}  # (name, path, line, kind)


class Places:
    """The call graph's functions by path, and the line spans of each file's functions."""

    def __init__(self, repo: Repo, calls: CallGraph) -> None:
        self.functions: dict[str, Function]
        self.module_at: dict[str, str]
        self.functions, self.module_at = by_name(calls)
        self.callers = Callers(calls.edges)
        self._path_of = {name: path for path, name in self.module_at.items()}
        self._modules: dict[str, Module] = {m.path: m for m in repo.modules}
        self._spans: dict[str, list[tuple[int, int, str, str, int]]] = {}
        self._index: dict[tuple[str, int], dict] = {}  # (path, field of a span) -> value -> its first span
        self._in_file: dict[str, list[str]] | None = None  # path -> its functions, when first asked for
        self._outside: dict[str, list[tuple[str, str, int]]] = {}  # path -> (caller, outside callee, line)

    def outside(self, path: str) -> list[tuple[str, str, int]]:
        """The calls of outside code by the functions of the file at `path`: (caller, callee, line)."""
        if path not in self._outside:
            if self._in_file is None:
                self._in_file = defaultdict(list)
                for function in self.functions.values():
                    self._in_file[function.path].append(function.name)
            functions = self.functions
            self._outside[path] = [(caller, callee, line) for caller in self._in_file.get(path, ())
                                   for _, callee, line, _ in self.callers.edges(caller) if callee not in functions]
        return self._outside[path]

    def users(self, path: str, module: str) -> list[tuple[str, int]]:
        """The functions of the file at `path` that call something of the imported `module`
        (`redis.Redis.from_url` for `import redis`), each with the line of its first such call."""
        first: dict[str, int] = {}
        for caller, callee, line in self.outside(path):
            if callee == module or callee.startswith(module + "."):
                first[caller] = min(line, first.get(caller, line))
        return sorted(first.items())

    def spans(self, path: str) -> list[tuple[int, int, str, str, int]]:
        """(first line, last line, qualified name, kind, parent index) of each definition of
        the module at `path`, in source order (empty for a file outside the call graph)."""
        if path not in self._spans:
            found: list[tuple[int, int, str, str, int]] = []
            module, name = self._modules.get(path), self.module_at.get(path)
            if module is not None and name is not None:
                for d in module.facts.definitions:
                    outer = found[d.parent][2] if 0 <= d.parent < len(found) else name
                    found.append((d.line, max(d.end_line, d.line), f"{outer}.{d.name}", d.kind, d.parent))
            self._spans[path] = found
        return self._spans[path]

    def node_at(self, path: str, line: int) -> str | None:
        """The function of the call graph that runs `path:line`, else the module's top level, or
        `module` + `MAIN_GUARD` below the module's `if __name__ == "__main__":` (run only when
        the module is started as a script, never when it is imported)."""
        inner = None
        for first, last, name, kind, _ in self.spans(path):
            if first > line:
                break
            if kind == "function" and line <= last and name in self.functions:
                inner = name
        if inner is not None or path not in self.module_at:
            return inner
        guard = self._modules[path].facts.main_guard_line
        return self.module_at[path] + (MAIN_GUARD if guard and line >= guard else "")

    def starts(self, entry: EntryPoint) -> tuple[str, ...]:
        """Where a way in starts: its target's function (`pkg.views:cancel`), the methods of its
        target class, else the function or class defined at its line; a script's, a main guard's
        or a DAG file's module top level. () when the call graph holds none of these."""
        module = self.module_at.get(entry.path or "")
        if module is None:
            return ()
        if entry.kind in _MODULE_KINDS or entry.target == module and entry.kind == "airflow_dag":
            return (module,)
        home, _, attr = entry.target.partition(":")
        found = self._members(self._path_of.get(home.strip(), ""), 2, f"{home.strip()}.{attr.strip()}") if attr else ()
        return found or self._members(entry.path or "", 0, entry.line)

    def _members(self, path: str, field: int, value) -> tuple[str, ...]:
        """The first definition of `path` whose span has `value` at `field` (2: the qualified
        name, 0: the first line): a function, or a class's methods."""
        if (path, field) not in self._index:
            index: dict = {}
            for i, span in enumerate(self.spans(path)):
                index.setdefault(span[field], i)
            self._index[(path, field)] = index
        spans, at = self.spans(path), self._index[(path, field)].get(value)
        if at is None:
            return ()
        if spans[at][3] == "function":
            return (spans[at][2],) if spans[at][2] in self.functions else ()
        return tuple(n for _, _, n, kind, parent in spans if parent == at and kind == "function" and n in self.functions)


def touches(places: Places, usage: tuple[Usage, ...], env: EnvReport,
            starts: dict[EntryPoint, tuple[str, ...]]) -> dict[str, list[Touch]]:
    """Function name -> what it touches, each at its first line: the services of `usage` by
    their evidence (an import by the functions that call what it imports, or the module's top
    level when none does), the variables by their read sites, the ways in by their start functions (a
    module's top level starts a way in only as a script, never when it is imported)."""
    found: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)

    def add(node: str | None, kind: str, name: str, line: int) -> None:
        if node is not None:
            known = found[node]
            key = (kind, name)
            known[key] = min(line, known.get(key, line))

    for u in usage:
        name = service_name(u)
        for e in u.evidence:
            users = places.users(e.path, e.detail) if e.via == "import" else []
            for _, line in users:
                add(places.node_at(e.path, line), "service", name, line)
            if not users:
                add(places.node_at(e.path, e.line), "service", name, e.line)
    for v in env.variables:
        if v.name is not None:
            for r in v.reads:
                add(places.node_at(r.path, r.line), "env_var", v.name, r.line)
    for entry, nodes in starts.items():
        for node in nodes:
            function = places.functions[node]
            if function.kind != "module":
                add(node, "entry_point", entry.name, function.line)
    return {node: [Touch(kind, name, line) for (kind, name), line in sorted(known.items())] for node, known in found.items()}
