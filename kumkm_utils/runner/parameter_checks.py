"""Checking parameter values against what a notebook declares, before any kernel starts.

:func:`validate_parameters` refuses unknown names and values of the wrong type, so a mistake
(``kode_provinsi=74`` as a number, a typo such as ``provinsii``) stops the run *before* a kernel
starts. Papermill itself only warns about unknown names and never checks types. The
declarations come from :func:`kumkm_utils.runner.parameters.declared_parameters`.
"""

from __future__ import annotations

import ast
import difflib
import json
import logging
from collections.abc import Mapping
from pathlib import Path

from kumkm_utils.exceptions import ParameterError
from kumkm_utils.regions.codes import PROVINCE_CODE
from kumkm_utils.runner.parameters import DeclaredParameter, declared_parameters

logger = logging.getLogger(__name__)

PROVINCE_CODE_PATTERN = PROVINCE_CODE  # owned by kumkm_utils.regions.codes

_SIMPLE_TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool}
_CONTAINER_TYPES: dict[str, type] = {
    "list": list,
    "List": list,
    "dict": dict,
    "Dict": dict,
    "tuple": list,
    "Tuple": list,
}


def _is_json_value(value: object) -> bool:
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_json_value(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_json_value(v) for k, v in value.items())
    return False


def _matches(node: ast.expr, value: object) -> bool | None:
    """Whether ``value`` fits the annotation ``node``; None when it is not understood."""
    if isinstance(node, ast.Constant) and node.value is None:
        return value is None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # "str" as a string
        try:
            return _matches(ast.parse(node.value, mode="eval").body, value)
        except SyntaxError:
            return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _matches(node.left, value), _matches(node.right, value)
        if left or right:
            return True
        return None if left is None or right is None else False
    if isinstance(node, ast.Attribute):  # typing.Optional, t.List ...
        return _matches(ast.Name(id=node.attr), value)
    if isinstance(node, ast.Name):
        return _matches_name(node.id, value)
    if isinstance(node, ast.Subscript):
        return _matches_subscript(node, value)
    return None


def _matches_name(name: str, value: object) -> bool | None:
    """Whether ``value`` fits the plain annotation ``name`` (``int``, ``list``, ``Any``)."""
    if name in ("Any", "object"):
        return True
    if name == "None":
        return value is None
    if name in _SIMPLE_TYPES:
        expected = _SIMPLE_TYPES[name]
        if isinstance(value, bool) and expected is not bool:
            return False  # True is an int in Python, never a year or a count here
        if expected is float:
            return isinstance(value, (int, float))
        return isinstance(value, expected)
    if name in _CONTAINER_TYPES:
        return isinstance(value, (list, tuple) if _CONTAINER_TYPES[name] is list else dict)
    return None


def _matches_subscript(node: ast.Subscript, value: object) -> bool | None:
    """Whether ``value`` fits ``Optional[...]``, ``Union[...]`` or ``list[...]`` and the like."""
    head = (
        node.value.attr if isinstance(node.value, ast.Attribute) else getattr(node.value, "id", "")
    )
    args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    if head == "Optional":
        return True if value is None else _matches(args[0], value)
    if head == "Union":
        results = [_matches(a, value) for a in args]
        if any(results):
            return True
        return None if None in results else False
    if head in _CONTAINER_TYPES:
        outer = _matches(ast.Name(id=head), value)
        if not outer:
            return outer
        if _CONTAINER_TYPES[head] is list and head in ("list", "List") and args:
            inner = [_matches(args[0], v) for v in value]  # type: ignore[union-attr]
            return False if False in inner else (None if None in inner else True)
        return True
    return None


def value_matches(type_name: str, value: object) -> bool:
    """Check a value against a parameter's declared type.

    Parameters
    ----------
    type_name
        An annotation as written in the parameters cell (``"str"``, ``"int | None"``,
        ``"Optional[int]"``, ``"list[str]"``). Annotations that cannot be checked accept any value.
    value
        The value to pass.

    Returns
    -------
    bool

    Examples
    --------
    >>> value_matches("str", 74), value_matches("int | None", None), value_matches("int", True)
    (False, True, False)
    >>> value_matches("float", 2), value_matches("list[str]", ["11", 12])
    (True, False)
    """
    try:
        node = ast.parse(type_name, mode="eval").body
    except SyntaxError:
        return True
    result = _matches(node, value)
    if result is None:
        logger.debug("annotation %r is not checked; accepting %r", type_name, value)
        return True
    return result


def _value_problem(
    name: object, value: object, declared: Mapping[str, DeclaredParameter]
) -> str | None:
    """What is wrong with one parameter value (name, JSON, type, province code); None: nothing."""
    if not isinstance(name, str) or not name.isidentifier():
        return f"{name!r} is not a valid parameter name"
    if name not in declared:
        close = difflib.get_close_matches(name, list(declared), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown parameter '{name}'{hint}; declared: {', '.join(declared) or 'none'}"
    param = declared[name]
    if not _is_json_value(value):
        return (
            f"parameter '{name}' has a value of type {type(value).__name__}; "
            "use str, int, float, bool, None, lists or dicts of these"
        )
    if not value_matches(param.type_name, value):
        hint = ""
        if param.type_name.startswith("str") and isinstance(value, int):
            hint = f'; codes are strings, write "{value}"'
        return (
            f"parameter '{name}' must be {param.type_name}, got {type(value).__name__} "
            f"{value!r}{hint}"
        )
    if (
        name == "kode_provinsi"
        and isinstance(value, str)
        and not PROVINCE_CODE_PATTERN.match(value)
    ):
        return f"parameter 'kode_provinsi' must be a two-digit code such as \"74\", got {value!r}"
    return None


def validate_parameters(notebook: Path | str, values: Mapping[str, object]) -> dict[str, object]:
    """Check parameter values against what a notebook declares, before any kernel starts.

    Parameters
    ----------
    notebook
        The notebook whose ``parameters`` cell declares the names and types.
    values
        Parameter values to inject (only the ones that differ from the defaults are needed).

    Returns
    -------
    dict
        A plain copy of ``values`` (tuples become lists), safe to pass to papermill and to store
        in the manifest.

    Raises
    ------
    ParameterError
        Listing every problem at once: unknown names (with the closest declared name), values
        of the wrong type, values that cannot be stored as JSON, and province codes that are not
        two-digit strings.
    """
    declared = declared_parameters(notebook)
    problems: list[str] = []
    for name, value in values.items():
        problem = _value_problem(name, value, declared)
        if problem is not None:
            problems.append(problem)
    if problems:
        raise ParameterError(
            f"parameters for {Path(notebook).name} refused:\n  - " + "\n  - ".join(problems)
        )
    return json.loads(json.dumps(dict(values)))
