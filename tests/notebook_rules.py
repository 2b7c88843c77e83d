"""The rule every report notebook keeps: a code cell is one report step, no long logic."""

from __future__ import annotations

import ast

import nbformat

MAX_STATEMENTS = 6
"""Statements (nested ones counted) one code cell may hold; ruff formats the rest of its shape."""


def cells_that_are_not_one_step(nb: nbformat.NotebookNode) -> list[str]:
    """The code cells with more than :data:`MAX_STATEMENTS` statements or a def/class."""
    offenders = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        statements = [node for node in ast.walk(tree) if isinstance(node, ast.stmt)]
        defines = [n for n in statements if isinstance(n, ast.FunctionDef | ast.ClassDef)]
        if len(statements) > MAX_STATEMENTS or defines:
            offenders.append(cell.source)
    return offenders
