"""`setup.py`, read as text: the keyword arguments of its `setup(...)` call, never run.

A keyword whose value is a literal is read with `ast.literal_eval`; a name bound to a literal at
module level is followed once; `find_packages(...)` and other computed values are left out.
"""

from __future__ import annotations

import ast

_SETUP_NAMES = {"setup", "setuptools.setup", "distutils.core.setup", "core.setup"}
_KEYS = {
    "name": "name", "version": "version", "description": "description",
    "python_requires": "requires_python", "install_requires": "dependencies",
    "extras_require": "optional_dependencies", "entry_points": "entry_points",
    "scripts": "scripts", "py_modules": "py_modules", "package_dir": "package_dirs",
}


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


def _module_literals(tree: ast.Module) -> dict[str, object]:
    values: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                continue
    return values


def _value(node: ast.AST, names: dict[str, object]) -> object:
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    return ast.literal_eval(node)


def setup_call_keywords(source: bytes) -> tuple[dict[str, object], int | None]:
    """The literal keyword arguments of the first `setup(...)` call, and its line (None: no call).

    Raises SyntaxError (and ValueError for NUL bytes) when the file does not parse."""
    tree = ast.parse(source)
    names = _module_literals(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in _SETUP_NAMES:
            found: dict[str, object] = {}
            for keyword in node.keywords:
                if keyword.arg in _KEYS:
                    try:
                        found[keyword.arg] = _value(keyword.value, names)
                    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                        continue  # computed at run time: not ours to know
            return found, node.lineno
    return {}, None


def _texts(value: object) -> list[str]:
    """A string or a list of strings as a list of strings; anything else is dropped."""
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, (list, tuple, set)) else []


def to_metadata(keywords: dict[str, object], entry_point_map) -> dict:
    """Map `setup()` keywords to `Metadata` fields."""
    out: dict[str, object] = {}
    for key, value in keywords.items():
        field_name = _KEYS[key]
        if key == "entry_points":
            out[field_name] = entry_point_map(value)
        elif key == "package_dir":
            out[field_name] = _texts([v for k, v in value.items() if k == ""]) if isinstance(value, dict) else []
        elif key == "extras_require":
            out[field_name] = {str(k): _texts(v) for k, v in value.items()} if isinstance(value, dict) else {}
        elif key in ("install_requires", "scripts", "py_modules"):
            out[field_name] = _texts(value)
        elif isinstance(value, (str, int, float)):
            out[field_name] = str(value)
    return out
