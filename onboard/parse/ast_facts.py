"""Facts read from the CPython AST the guard already built: line numbers of statements, the
main guard, and dynamic imports. No libcst here; `extract` combines both trees.
"""

from __future__ import annotations

import ast

from onboard.facts import Import
from onboard.knowledge import SETUP_CALLS
from onboard.parse.ast_walk import dotted

_DEF_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_IMPORT_NODES = (ast.Import, ast.ImportFrom)
_BODY_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")
_DYNAMIC_CALLS = {"importlib.import_module", "import_module", "__import__"}


def _is_main_test(test: ast.expr) -> bool:
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_is_main_test(value) for value in test.values)
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s for s in sides if isinstance(s, ast.Name) and s.id == "__name__"]
    strings = [s for s in sides if isinstance(s, ast.Constant) and s.value == "__main__"]
    return len(names) == 1 and len(strings) == 1


def statement_facts(tree: ast.Module) -> tuple[list[int], list[int], int | None, list[int]]:
    """Lines of the definitions and of the import statements in source order, the line of the
    first main guard, and the last line of each definition. Walks statements only, never
    expressions."""
    defs: list[tuple[int, int]] = []
    imports: list[tuple[int, int]] = []
    guards: list[int] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        for field in _BODY_FIELDS:
            for child in getattr(node, field, None) or ():
                if isinstance(child, _DEF_NODES):
                    defs.append((child.lineno, child.col_offset, child.end_lineno or child.lineno))
                elif isinstance(child, _IMPORT_NODES):
                    imports.append((child.lineno, child.col_offset))
                elif isinstance(child, ast.If) and _is_main_test(child.test):
                    guards.append(child.lineno)
                stack.append(child)
    ordered = sorted(defs)
    return [d[0] for d in ordered], [line for line, _ in sorted(imports)], min(guards, default=None), [d[2] for d in ordered]


_LOOPS = (ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith)


def script_line(tree: ast.Module) -> int | None:
    """The line of the first module-level statement that does something when the file is run:
    a call made as a statement (`main()`, `df.to_parquet(...)`) that is not setting up the
    interpreter (`sys.path.insert(...)`, `load_dotenv()`: `knowledge.SETUP_CALLS`), or a loop
    or a `with` block. Looked for in the module body and in its top-level `if` and `try` blocks,
    never in a function, a class, the main guard or `if TYPE_CHECKING:`."""
    found: list[int] = []
    blocks = [tree.body]
    while blocks:
        for statement in blocks.pop():
            if isinstance(statement, _LOOPS):
                found.append(statement.lineno)
            elif isinstance(statement, ast.Expr):
                call = statement.value.value if isinstance(statement.value, ast.Await) else statement.value
                if isinstance(call, ast.Call):
                    name = dotted(call.func) or ""
                    if not any(name == setup or name.startswith(setup + ".") for setup in SETUP_CALLS):
                        found.append(statement.lineno)
            elif isinstance(statement, ast.If):
                if not _is_main_test(statement.test) and (dotted(statement.test) or "").rpartition(".")[2] != "TYPE_CHECKING":
                    blocks += [statement.body, statement.orelse]
            elif isinstance(statement, (ast.Try, getattr(ast, "TryStar", ast.Try))):
                blocks += [statement.body, statement.orelse, statement.finalbody, *(h.body for h in statement.handlers)]
    return min(found, default=None)


def _call_name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


class _DynamicImports(ast.NodeVisitor):
    def __init__(self) -> None:
        self.found: list[Import] = []
        self.depth = 0

    def _function(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_Call(self, node: ast.Call) -> None:
        if _call_name(node.func) in _DYNAMIC_CALLS and node.args:
            target = node.args[0]
            if isinstance(target, ast.Constant) and isinstance(target.value, str) and target.value:
                name = target.value
                level = len(name) - len(name.lstrip("."))
                self.found.append(Import(name[level:], None, level, node.lineno, lazy=self.depth > 0, dynamic=True))
        self.generic_visit(node)


def dynamic_imports(tree: ast.Module, source: bytes) -> list[Import]:
    """`importlib.import_module("literal")` and `__import__("literal")` calls. The tree is only
    walked when the source mentions one of them, so most files cost nothing here."""
    if b"import_module" not in source and b"__import__" not in source:
        return []
    visitor = _DynamicImports()
    visitor.visit(tree)
    return visitor.found
