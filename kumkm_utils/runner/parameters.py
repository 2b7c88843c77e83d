"""Report parameters: what a notebook declares in its ``parameters`` cell.

A report notebook declares its parameters in the one cell tagged ``parameters``, with
annotations and a help comment, e.g.::

    kode_provinsi: str = "74"  # kode provinsi, dua digit
    tahun_evaluasi: int = 2025  # tahun yang dievaluasi
    tahun_rencana: int | None = None  # default: tahun_evaluasi + 1

:func:`declared_parameters` reads that cell; values are checked against it before any run by
:func:`kumkm_utils.runner.parameter_checks.validate_parameters`.

The cell is read with :mod:`ast` on the notebook JSON rather than with
``papermill.inspect_notebook``: papermill's parser silently drops parameters annotated
``int | None`` and importing papermill costs seconds, which would spoil a nothing-changed batch.
For the annotations papermill does understand, both give the same names, types, defaults and
help texts (``tests/test_runner_parameters.py`` checks this).
"""

from __future__ import annotations

import ast
import io
import json
import tokenize
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kumkm_utils.exceptions import ParameterError

PARAMETERS_TAG = "parameters"


@dataclass(frozen=True)
class DeclaredParameter:
    """One parameter declared in a notebook's ``parameters`` cell.

    Attributes
    ----------
    name
        The variable name.
    annotation
        The annotation as written (``"int | None"``), or None if the line has none.
    default
        The default value's source text (``'"74"'``).
    help
        The trailing comment of the definition, without ``#``.
    """

    name: str
    annotation: str | None
    default: str
    help: str

    @property
    def type_name(self) -> str:
        """The type to check values against: the annotation, else the default's literal type."""
        if self.annotation:
            return self.annotation
        try:
            value = ast.literal_eval(self.default)
        except (ValueError, SyntaxError):
            return "Any"
        if value is None:
            return "Any"
        return type(value).__name__


def _parameters_cell(notebook: Path) -> str:
    try:
        nb = json.loads(notebook.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise ParameterError(f"notebook {notebook} does not exist") from err
    except (OSError, json.JSONDecodeError) as err:
        raise ParameterError(f"notebook {notebook} cannot be read as JSON: {err}") from err
    cells = [
        c
        for c in nb.get("cells", [])
        if PARAMETERS_TAG in c.get("metadata", {}).get("tags", []) and c.get("cell_type") == "code"
    ]
    if not cells:
        raise ParameterError(
            f"notebook {notebook} has no code cell tagged '{PARAMETERS_TAG}'; "
            "tag the cell that holds the parameters with their defaults"
        )
    if len(cells) > 1:
        raise ParameterError(
            f"notebook {notebook} has {len(cells)} cells tagged '{PARAMETERS_TAG}'; keep one"
        )
    source = cells[0].get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _comments_by_line(source: str) -> dict[int, str]:
    comments: dict[int, str] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                comments[tok.start[0]] = tok.string.lstrip("#").strip()
    except (tokenize.TokenError, IndentationError):
        return comments
    return comments


def parse_parameters_source(
    source: str, *, where: str = "parameters cell"
) -> dict[str, DeclaredParameter]:
    """Parse the source of a ``parameters`` cell into the parameters it declares.

    Parameters
    ----------
    source
        Python source of the cell. IPython magics (lines starting with ``%`` or ``!``) are ignored.
    where
        Named in error messages.

    Returns
    -------
    dict
        Parameter name to :class:`DeclaredParameter`, in declaration order.

    Raises
    ------
    ParameterError
        If the cell is not valid Python.

    Examples
    --------
    >>> p = parse_parameters_source('kode_provinsi: str = "74"  # kode\\nn = 3\\n')
    >>> p["kode_provinsi"].type_name, p["kode_provinsi"].help, p["n"].type_name
    ('str', 'kode', 'int')
    """
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    clean = "\n".join(lines)
    try:
        tree = ast.parse(clean)
    except SyntaxError as err:
        raise ParameterError(f"{where} is not valid Python: {err.msg} (line {err.lineno})") from err
    comments = _comments_by_line(clean)
    declared: dict[str, DeclaredParameter] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            name, annotation = stmt.target.id, ast.unparse(stmt.annotation)
            default = (
                ast.get_source_segment(clean, stmt.value) if stmt.value is not None else "None"
            )
        elif (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            name, annotation = stmt.targets[0].id, None
            default = ast.get_source_segment(clean, stmt.value)
        else:
            continue
        declared[name] = DeclaredParameter(
            name=name,
            annotation=annotation,
            default=(default or "").strip(),
            help=comments.get(stmt.end_lineno or stmt.lineno, ""),
        )
    return declared


@lru_cache(maxsize=32)
def _declared_cached(path: str, mtime_ns: int, size: int) -> dict[str, DeclaredParameter]:
    p = Path(path)
    return parse_parameters_source(_parameters_cell(p), where=f"parameters cell of {p.name}")


def declared_parameters(notebook: Path | str) -> dict[str, DeclaredParameter]:
    """Return the parameters a notebook declares in its ``parameters`` cell.

    Parameters
    ----------
    notebook
        Path of the ``.ipynb`` file.

    Returns
    -------
    dict
        Parameter name to :class:`DeclaredParameter`, in declaration order (do not mutate it:
        results are cached per file version).

    Raises
    ------
    ParameterError
        If the notebook is missing, unreadable, or has no (or several) ``parameters`` cells.
    """
    path = Path(notebook).resolve()
    try:
        st = path.stat()
    except FileNotFoundError as err:
        raise ParameterError(f"notebook {notebook} does not exist") from err
    return _declared_cached(str(path), st.st_mtime_ns, st.st_size)
