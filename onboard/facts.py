"""Per-file facts: the plain, frozen, picklable values the parse stage hands to everything else.

Nothing here knows libcst. A parse of one file gives either `FileFacts` or a `Failure`; both are
cacheable by the file's content hash, so nothing in them depends on where the file lives. The
facts of a file are named tuples: they cross a process boundary on every cold run and are read
back from the cache on every warm one, and a named tuple unpickles more than twice as fast as a
frozen dataclass (Django's facts: 0.14 -> 0.07 s); slotted dataclasses pickle slower still.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import pickle
import sys
from typing import NamedTuple

from onboard.frozen import record

# Reason codes of a file that could not be analysed. Each is a stable, documented string.
REASONS = (
    "binary-file",
    "broken-symlink",
    "encoding-error",
    "internal-error",
    "invalid-json",
    "not-a-notebook",
    "not-a-regular-file",
    "notebook-not-python",
    "notebook-without-code",
    "nul-bytes",
    "out-of-memory",
    "parser-crashed",
    "parser-limitation",
    "permission-denied",
    "read-error",
    "symlink-loop",
    "symlink-not-followed",
    "symlink-outside-repo",
    "syntax-error",
    "timeout",
    "too-deeply-nested",
    "too-large",
)

# Failures that depend on the machine or the moment rather than on the file's bytes: never cached.
TRANSIENT_REASONS = frozenset({"out-of-memory", "parser-crashed", "timeout", "read-error"})


@record
class Failure:
    """Why a file could not be analysed: a reason code, a one-line message, and a line if known."""

    reason: str
    message: str
    line: int | None = None


class Definition(NamedTuple):
    """A class or function (at any nesting) with what the docs analysis needs to count it.

    `parent` is the index in `FileFacts.definitions` of the innermost enclosing class or function,
    or -1 at module level; definitions are listed in source order.
    """

    name: str
    kind: str  # "class" | "function"
    line: int
    parent: int
    is_async: bool
    decorators: tuple[str, ...]  # dotted names as written, call arguments dropped: "app.route"
    has_docstring: bool  # a docstring that is not empty once stripped (interrogate's rule)
    summary: str  # the docstring's first non-empty line, "" without one
    excuse: str | None = None  # `# onboard: no-docstring <reason>` on the def/class line
    params: tuple[str, ...] = ()  # a function's first two positional parameter names
    end_line: int = 0  # the definition's last line (0 when unknown)
    bases: tuple[str, ...] = ()  # a class's positional bases as dotted names: "web.RequestHandler"


class Import(NamedTuple):
    """One imported name: `import a.b` gives module "a.b"; `from .x import y` level 1, "x", "y"."""

    module: str
    name: str | None
    level: int
    line: int
    type_checking: bool = False  # under `if TYPE_CHECKING:`
    conditional: bool = False  # in a `try` whose handlers catch ImportError (or any exception)
    lazy: bool = False  # inside a function: runs when called, not at import
    dynamic: bool = False  # `importlib.import_module("x")` or `__import__("x")` with a literal
    alias: str | None = None  # the `as` name: `import numpy as np` -> "np"
    fallback: bool = False  # in a handler of such a `try`: what is imported when the first import failed


class EnvRead(NamedTuple):
    """A read of an environment variable. `name` is None when it is not a literal (an f-string,
    a variable): the read site still counts."""

    name: str | None
    default: str | None  # a literal default, as text
    has_default: bool  # False: the read fails or gives None without the variable
    line: int
    via: str  # "os.environ[]", "os.getenv", "os.environ.get", "wrapper env()", "click envvar", ...
    guarded: bool = False  # in a `try` whose handler catches KeyError (or broader): a missing variable is handled


class ServiceHint(NamedTuple):
    """A call or string that names a service: `kind` "client" (an SDK client created with
    `name` as its service, None when not a literal), "session" (a client made from a session the
    file never creates, named as one, in a file that names the AWS SDK: `self.session.client("s3")`;
    `name` the literal service), "wrapper" (a call of a project function
    that creates such a client), "string" (an endpoint or connection URL, `name` the match),
    "aws" (a boto 2 connection or a SigV4 signer, `name` the boto3 service), "api" (a Google API
    discovery client, `name` the API) or "protocol" (an fsspec filesystem, `name` the protocol)."""

    kind: str
    name: str | None
    via: str
    line: int


class Call(NamedTuple):
    """A decorator, statement-level call, `with` item or list element that may declare a way in
    (a route, a command, a task, a DAG), with its literal arguments (see `parse.call_facts`).

    `role`: "decorator" (`target` = the decorated function or class, `line` its `def` line),
    "assign" (`target` = the assigned name), "with" (`target` = the `as` name), "element" (of a
    list assigned or appended to `target`), "call" (a bare statement)."""

    callee: str  # dotted as written: "app.route", "APIRouter", "path"
    line: int
    args: tuple  # of (kind, value) pairs
    kwargs: tuple  # of (keyword, (kind, value)) pairs
    role: str
    target: str
    local: bool = False  # bound inside a function (`app = Flask()` in `create_app()`), not at module level
    loops: tuple = ()  # (variable, name) of each enclosing `for variable in name` / `in name.items()` over a name, not a literal; innermost first


    def keyword(self, name: str) -> tuple | None:
        """The (kind, value) of a keyword argument, or None."""
        return next((value for key, value in self.kwargs if key == name), None)


@record
class Scope:
    """One module body, function, lambda or class of a file, as the resolver needs it.

    `name` is dotted inside the file ("" for the module, "Cls.method", "func.<lambda1>");
    `params` are (name, kind) with kind "p" (positional), "*", "k" (keyword-only) or "**";
    `defaults` pair a parameter with its default's skeleton; `attrs` are the attributes a class
    binds (its body's names and `self.x = ...` in its methods)."""

    name: str
    kind: str  # "module" | "function" | "lambda" | "class"
    line: int
    params: tuple = ()
    defaults: tuple = ()
    decorators: tuple = ()
    bases: tuple = ()
    calls: tuple = ()
    ops: tuple = ()
    bound: frozenset = frozenset()
    attrs: frozenset = frozenset()

    def __reduce__(self):
        """Pickled with its sets as sorted tuples: the same scope gives the same bytes in every
        process, whatever its string hashing, so a summary's bytes say whether it changed
        (`resolve.model_inputs`)."""
        return (_scope, (self.name, self.kind, self.line, self.params, self.defaults, self.decorators, self.bases,
                         self.calls, self.ops, tuple(sorted(self.bound)), tuple(sorted(self.attrs))))


def _scope(name, kind, line, params, defaults, decorators, bases, calls, ops, bound, attrs) -> Scope:
    """A `Scope` from what `Scope.__reduce__` pickled."""
    return Scope(name, kind, line, params, defaults, decorators, bases, calls, ops, frozenset(bound), frozenset(attrs))


class NotebookFacts(NamedTuple):
    """What a notebook adds to the facts of its code cells joined into one source (see
    `parse.notebook_facts`): the map from a line of that source back to its cell, and the cells."""

    nbformat: int
    cells: int  # every cell, Markdown included
    code_cells: int
    cell_starts: tuple[tuple[int, int], ...]  # (first line in the joined source, cell number) per code cell analysed
    parameters_cell: int | None = None  # the code cell tagged `parameters` (papermill)
    parameters: tuple[str, ...] = ()  # the names it assigns
    left_out: tuple[tuple[int, str, str], ...] = ()  # (cell number, reason, message) of code cells not analysed

    def place(self, line: int) -> tuple[int, int] | None:
        """(cell number, line in the cell) of a line of the joined source, or None."""
        index = bisect.bisect_right(self.cell_starts, (line, sys.maxsize)) - 1
        if index < 0:
            return None
        start, cell = self.cell_starts[index]
        return cell, line - start + 1


class FileFacts(NamedTuple):
    """Everything the analyses know about one parsed file."""

    lines: int
    has_module_docstring: bool
    module_summary: str
    definitions: tuple[Definition, ...]
    imports: tuple[Import, ...]
    main_guard_line: int | None = None  # the first `if __name__ == "__main__":`, at any nesting
    script_line: int | None = None  # the first top-level statement that does work when the file runs (`parse.ast_facts.script_line`)
    module_excuse: str | None = None  # `# onboard: no-docstring <reason>` in the header comments
    env_reads: tuple[EnvRead, ...] = ()
    service_hints: tuple[ServiceHint, ...] = ()
    calls: tuple[Call, ...] = ()
    constants: tuple[tuple[str, tuple], ...] = ()  # module-level NAME = literal, as (kind, value)
    constant_lines: tuple[tuple[str, tuple[int, ...]], ...] = ()  # a list constant's name -> the line of each item
    summary: bytes = b""  # the program model's summary (`parse.summary`), pickled: see `scopes`
    notebook: NotebookFacts | None = None  # a Jupyter notebook's cells; lines are those of its joined code
    summary_digest: bytes = b""  # `summary_digest(summary)`, made with it: what the program model's answers are keyed by

    @property
    def scopes(self) -> tuple[Scope, ...]:
        """The program model's summary, the module body first, decoded anew at each call.

        Kept encoded because most files never need it: test modules and vendored copies are left
        out of the program model, and a run whose solved model is cached needs none. Decoded
        objects cost ten times the bytes (190 MB against 18 MB for Django) and two thirds of the
        time it takes to read the facts back from the cache."""
        return decode_scopes(self.summary)


def _row(cls: type, values: tuple) -> tuple:
    """A fact's named tuple from its values, as pickled (`_reduce_row`). The facts cache's
    unpickler makes them with `tuple.__new__` itself, in C: a named tuple's own `__new__` is a
    Python function, and the facts of a large repository are a few hundred thousand of them
    (reading Django's back: 41 -> 34 ms)."""
    return tuple.__new__(cls, values)


def _reduce_row(self) -> tuple:
    return (_row, (type(self), tuple(self)))


for _fact in (Definition, Import, EnvRead, ServiceHint, Call, NotebookFacts, FileFacts):
    _fact.__reduce__ = _reduce_row  # type: ignore[method-assign]


class _ScopeUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        if (module, name) == ("onboard.facts", "_scope"):
            return _scope
        raise pickle.UnpicklingError(f"{module}.{name} is not a scope")


def summary_digest(summary: bytes) -> bytes:
    """What tells one summary from another (`resolve.model_inputs`), made where the summary is."""
    return hashlib.blake2b(summary, digest_size=20).digest() if summary else b""


def encode_scopes(scopes: tuple[Scope, ...]) -> bytes:
    """A summary as `FileFacts.summary` keeps it."""
    return pickle.dumps(tuple(scopes), protocol=5) if scopes else b""


def decode_scopes(data: bytes) -> tuple[Scope, ...]:
    """`encode_scopes` undone, by an unpickler that accepts no class but `Scope`; a damaged
    summary is no summary."""
    if not data:
        return ()
    try:
        found = _ScopeUnpickler(io.BytesIO(data)).load()
    except Exception:  # noqa: BLE001 - a damaged cache entry, never code that runs
        return ()
    return found if type(found) is tuple and all(type(s) is Scope for s in found) else ()
