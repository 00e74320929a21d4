"""`extract`: one file's bytes to its `FileFacts`.

A pure function: no I/O, no globals, and no exception escapes; every failure is a `Failure`.
Everything comes from the CPython AST that the guard builds anyway (`ast_walk` and the fact
walks). libcst, imported only when needed, reads the files CPython rejects: the syntax of a newer
Python (`newer_syntax`, `cst_walk`).
"""

from __future__ import annotations

import ast
import sys

from onboard.facts import FileFacts, Failure, encode_scopes, summary_digest
from onboard.parse.ast_facts import dynamic_imports, script_line, statement_facts
from onboard.parse.ast_walk import summary, walk
from onboard.parse.call_facts import call_facts
from onboard.parse.env_reads import env_reads
from onboard.parse.service_facts import service_hints
from onboard.parse.summary import summarise
from onboard.parse.guard import check, one_line
from onboard.parse.python2 import python2_sign

_VISIT_RECURSION_LIMIT = 12_000


def _facts(data: bytes, tree: ast.Module) -> FileFacts | Failure:
    """The facts of a file CPython parses: everything from its AST (see `ast_walk`)."""
    definitions, imports, text, module_excuse = walk(data, tree)
    _, _, main_guard, _ = statement_facts(tree)
    calls = call_facts(tree)
    facts = FileFacts(
        lines=data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1),
        has_module_docstring=bool(text and text.strip()),
        module_summary=summary(text),
        definitions=tuple(definitions),
        imports=tuple(imports) + tuple(dynamic_imports(tree, data)),
        main_guard_line=main_guard,
        module_excuse=module_excuse,
        env_reads=tuple(env_reads(tree, data)),
        service_hints=tuple(service_hints(tree, data)),
        calls=calls[0],
        constants=calls[1],
        constant_lines=calls[2],
    )
    return _with_summary(facts, tree)


def facts_through_libcst(data: bytes, tree: ast.Module) -> FileFacts | Failure:
    """The same facts through libcst's tree, the walk `_newer_syntax` uses: the tests check that
    both walks agree on every file CPython parses."""
    import libcst as cst

    from onboard.parse.cst_walk import assemble

    try:
        module = cst.parse_module(data)
    except cst.ParserSyntaxError as error:
        return Failure("parser-limitation", f"libcst cannot parse this valid Python: {one_line(error.message, 120)}", error.raw_line or None)
    def_lines, import_lines, main_guard, def_ends = statement_facts(tree)
    facts = assemble(data, module, (def_lines, def_ends), import_lines, main_guard, dynamic_imports(tree, data), env_reads(tree, data),
                     service_hints(tree, data), call_facts(tree))
    return _with_summary(facts, tree)


def _with_summary(facts: FileFacts | Failure, tree: ast.Module) -> FileFacts | Failure:
    """The facts with the program model's summary of the same tree, and where its top level
    starts doing work."""
    if isinstance(facts, Failure):
        return facts
    summary = encode_scopes(summarise(tree))
    return facts._replace(summary=summary, summary_digest=summary_digest(summary), script_line=script_line(tree))


def _newer_syntax(data: bytes, failure: Failure) -> FileFacts | Failure:
    from onboard.parse.cst_walk import assemble  # libcst, for the few files that need it
    from onboard.parse.newer_syntax import parse_newer

    parsed = parse_newer(data)
    if parsed is None:
        sign = python2_sign(data)
        if sign is None:
            return failure
        where = "" if sign[1] == failure.line else f" at line {sign[1]}"
        return Failure(failure.reason, f"{failure.message} (Python 2 code: {sign[0]}{where})", failure.line)
    module, def_lines, import_lines, tree, text = parsed
    if tree is None:  # the rewrite for this CPython did not parse: what libcst saw is all there is
        return assemble(data, module, (def_lines, []), import_lines, None, [], [], [], ((), (), ()))
    def_lines, import_lines, main_guard, def_ends = statement_facts(tree)  # the rewrite keeps every line
    return _with_summary(assemble(data, module, (def_lines, def_ends), import_lines, main_guard, dynamic_imports(tree, text),
                                   env_reads(tree, text), service_hints(tree, text), call_facts(tree)), tree)

def _with_recursion_limit(limit: int, function, *args):
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, limit))
    try:
        return function(*args)
    finally:
        sys.setrecursionlimit(old)


def extract(path: str, data: bytes) -> FileFacts | Failure:
    """The facts of one Python file, or why it cannot be analysed. Never raises.

    `path` is used for nothing but diagnostics by callers; the result depends on `data` alone,
    which is what lets the cache key it by content hash.
    """
    try:
        tree = check(data)
        if isinstance(tree, Failure):
            if tree.reason == "syntax-error":  # perhaps the syntax of a newer Python
                return _with_recursion_limit(_VISIT_RECURSION_LIMIT, _newer_syntax, data, tree)
            return tree
        # libcst visits recursively, a few frames a level: the guard bounds the depth to ~3,000.
        return _with_recursion_limit(_VISIT_RECURSION_LIMIT, _facts, data, tree)
    except RecursionError:
        return Failure("too-deeply-nested", "nesting too deep to analyse safely", None)
    except MemoryError:
        return Failure("out-of-memory", "ran out of memory while parsing", None)
    except Exception as error:  # a bug of ours must cost this file, not the run
        return Failure("internal-error", one_line(f"onboard failed on this file ({type(error).__name__}: {error}); please report it"), None)
