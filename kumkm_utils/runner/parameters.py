"""Report parameters: what a notebook declares, and checking values against it before any run.

A report notebook declares its parameters in the one cell tagged ``parameters``, with
annotations and a help comment, e.g.::

    kode_provinsi: str = "74"  # kode provinsi, dua digit
    tahun_evaluasi: int = 2025  # tahun yang dievaluasi
    tahun_rencana: int | None = None  # default: tahun_evaluasi + 1

:func:`declared_parameters` reads that cell and :func:`validate_parameters` refuses unknown
names and values of the wrong type, so a mistake (``kode_provinsi=74`` as a number, a typo such
as ``provinsii``) stops the run *before* a kernel starts. Papermill itself only warns about
unknown names and never checks types.

The cell is read with :mod:`ast` on the notebook JSON rather than with
``papermill.inspect_notebook``: papermill's parser silently drops parameters annotated
``int | None`` and importing papermill costs seconds, which would spoil a nothing-changed batch.
For the annotations papermill does understand, both give the same names, types, defaults and
help texts (``tests/test_runner_parameters.py`` checks this).
"""

from __future__ import annotations

import ast
import difflib
import io
import json
import logging
import re
import tokenize
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kumkm_utils.exceptions import ParameterError
from kumkm_utils.regions.codes import PROVINCE_CODE

logger = logging.getLogger(__name__)

PARAMETERS_TAG = "parameters"

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


# ----------------------------------------------------------------------------- type checks


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
        if node.id in ("Any", "object"):
            return True
        if node.id == "None":
            return value is None
        if node.id in _SIMPLE_TYPES:
            expected = _SIMPLE_TYPES[node.id]
            if isinstance(value, bool) and expected is not bool:
                return False  # True is an int in Python, never a year or a count here
            if expected is float:
                return isinstance(value, (int, float))
            return isinstance(value, expected)
        if node.id in _CONTAINER_TYPES:
            return isinstance(value, (list, tuple) if _CONTAINER_TYPES[node.id] is list else dict)
        return None
    if isinstance(node, ast.Subscript):
        head = (
            node.value.attr
            if isinstance(node.value, ast.Attribute)
            else getattr(node.value, "id", "")
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
        if not isinstance(name, str) or not name.isidentifier():
            problems.append(f"{name!r} is not a valid parameter name")
            continue
        if name not in declared:
            close = difflib.get_close_matches(name, list(declared), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                f"unknown parameter '{name}'{hint}; declared: {', '.join(declared) or 'none'}"
            )
            continue
        param = declared[name]
        if not _is_json_value(value):
            problems.append(
                f"parameter '{name}' has a value of type {type(value).__name__}; "
                "use str, int, float, bool, None, lists or dicts of these"
            )
            continue
        if not value_matches(param.type_name, value):
            hint = ""
            if param.type_name.startswith("str") and isinstance(value, int):
                hint = f'; codes are strings, write "{value}"'
            problems.append(
                f"parameter '{name}' must be {param.type_name}, got {type(value).__name__} "
                f"{value!r}{hint}"
            )
            continue
        if (
            name == "kode_provinsi"
            and isinstance(value, str)
            and not PROVINCE_CODE_PATTERN.match(value)
        ):
            problems.append(
                f"parameter 'kode_provinsi' must be a two-digit code such as \"74\", got {value!r}"
            )
    if problems:
        raise ParameterError(
            f"parameters for {Path(notebook).name} refused:\n  - " + "\n  - ".join(problems)
        )
    return json.loads(json.dumps(dict(values)))


RUNNER_OWNED = {
    "kode_provinsi": ("--province", "folder, sampul dan data laporan mengikuti provinsi ini"),
    "tahun_evaluasi": ("--year", "folder tahun dan manifest mengikuti tahun ini"),
    "warehouse": ("--warehouse", "gudang data yang dibaca laporan"),
    "output_dir": ("--reports-dir", "laporan selalu ditulis di bawah folder laporan"),
}
"""Parameters the runner sets itself: ``--param`` may not override them (option, why)."""


def refuse_runner_owned(name: str) -> None:
    """Refuse a ``--param`` that would override what the runner owns (Indonesian message).

    ``--param kode_provinsi=61`` with ``--province 74`` would file Kalimantan Barat's figures
    under Sulawesi Tenggara's folder and cover; ``--param output_dir=...`` would write outside
    the reports folder.

    Raises
    ------
    ParameterError
        If ``name`` is one of :data:`RUNNER_OWNED`.
    """
    if name in RUNNER_OWNED:
        option, why = RUNNER_OWNED[name]
        raise ParameterError(
            f"parameter '{name}' ditentukan oleh perintah ini dan tidak dapat diubah dengan "
            f"--param ({why}); gunakan {option}"
        )


def data_years(warehouse_path: Path | str | None, province: str | None) -> dict[str, list[int]]:
    """Years that have rows, per dataset reporting realisations, for a province (None: any).

    Datasets of plans (``target``, :attr:`kumkm_utils.schemas.Dataset.realisasi` false) and
    datasets whose table is not in the warehouse layout (no table, no ``tahun``) are left out:
    targets for 2026 do not make 2026 a year with data to evaluate.

    Raises
    ------
    ParameterError
        If the warehouse cannot be opened (it does not exist yet, say so).
    """
    return data_years_of(warehouse_path, [province])[province]


def data_years_of(
    warehouse_path: Path | str | None, provinces: Sequence[str | None]
) -> dict[str | None, dict[str, list[int]]]:
    """:func:`data_years` of several provinces (None: any), reading the warehouse once.

    Raises
    ------
    ParameterError
        If the warehouse cannot be opened.
    """
    from kumkm_utils import warehouse
    from kumkm_utils.exceptions import WarehouseError

    try:
        con = warehouse.connect(warehouse_path)
    except WarehouseError as err:
        raise ParameterError(str(err)) from err
    try:
        pairs = _province_years(con)
    finally:
        con.close()
    out: dict[str | None, dict[str, list[int]]] = {}
    for province in dict.fromkeys(provinces):
        out[province] = {
            dataset: sorted({y for k, y in rows if not province or k == province})
            for dataset, rows in pairs.items()
            if not province or all(k is not _NO_PROVINCE for k, _ in rows)
        }
    return out


_NO_PROVINCE = object()
"""Marks the rows of a dataset without a ``kode_provinsi`` column (years of no province)."""


def _province_years(con: Any) -> dict[str, list[tuple[object, int]]]:
    """(province, year) pairs with rows, per realisation dataset, in one query each."""
    import duckdb

    from kumkm_utils import schemas

    out: dict[str, list[tuple[object, int]]] = {}
    for dataset in (d.name for d in schemas.DATASETS.values() if d.realisasi):
        try:
            rows = con.execute(f'SELECT DISTINCT kode_provinsi, tahun FROM "{dataset}"').fetchall()
        except duckdb.Error:  # no kode_provinsi: its years count for "any province" only
            try:
                rows = [
                    (_NO_PROVINCE, r[0])
                    for r in con.execute(f'SELECT DISTINCT tahun FROM "{dataset}"').fetchall()
                ]
            except duckdb.Error:  # not the warehouse layout (no such table or column)
                continue
        out[dataset] = [(k, int(y)) for k, y in rows if y is not None]
    return out


def missing_for_year(years: Mapping[str, Sequence[int]], year: int) -> list[str]:
    """The datasets of ``years`` (:func:`data_years`) without rows for ``year``.

    Empty when every dataset has rows, and when none has (such a report is refused, not
    flagged: :func:`check_data_for_year`). What the "Data belum lengkap" notices name.
    """
    missing = [d for d, ys in years.items() if year not in ys]
    return [] if len(missing) == len(years) else missing


def check_data_for_year(
    warehouse_path: Path | str | None, province: str | None, year: int, *, label: str
) -> list[str]:
    """Refuse a report for a year (or province) without data; name the datasets missing.

    Called before any kernel starts. Returns the datasets that have no rows for ``year``
    (the report is built, with their absence said); raises when none has.

    Raises
    ------
    ParameterError
        Listing the years that do have data (or saying the province has none at all).
    """
    years = data_years(warehouse_path, province)
    if not years:  # not a warehouse this check understands: leave the decision to the report
        return []
    if any(year in ys for ys in years.values()):
        return missing_for_year(years, year)
    available = sorted({y for ys in years.values() for y in ys})
    if not available:
        raise ParameterError(
            f"tidak ada data sama sekali untuk {label} di gudang data; muat kiriman dengan "
            "'kumkm ingest' lebih dahulu"
        )
    listed = ", ".join(str(y) for y in available)
    hint = (
        f" (Rakorda {year} mengevaluasi tahun {year - 1})"
        if year - 1 in available and year not in available
        else ""
    )
    raise ParameterError(
        f"tidak ada data tahun {year} untuk {label}; laporan tidak dibuat. Tahun yang ada "
        f"datanya: {listed}{hint}"
    )


def parse_cli_assignment(notebook: Path | str, assignment: str) -> tuple[str, object]:
    """Turn ``NAME=VALUE`` from the command line into a typed value, by the declared type.

    Unlike ``papermill -p`` (which turns ``"01"`` into the number 1), the text is converted only
    as the notebook's annotation says: a ``str`` parameter keeps ``"01"``; ``int``, ``float``
    and ``bool`` (``true``/``false``) are parsed; ``None`` is accepted where the type allows it.

    Raises
    ------
    ParameterError
        If the name is unknown or the text does not parse as the declared type. (The
        command line refuses the runner's own parameters first: :func:`refuse_runner_owned`.)
    """
    name, sep, raw = assignment.partition("=")
    name = name.strip()
    if not sep or not name:
        raise ParameterError(f"expected NAME=VALUE, got {assignment!r}")
    declared = declared_parameters(notebook)
    if name not in declared:
        close = difflib.get_close_matches(name, list(declared), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ParameterError(f"unknown parameter '{name}'{hint}; declared: {', '.join(declared)}")
    type_name = declared[name].type_name
    if raw in ("None", "none", "") and value_matches(type_name, None):
        return name, None
    for candidate in ("str", "bool", "int", "float"):
        if not re.search(rf"\b{candidate}\b", type_name):
            continue
        if candidate == "str":
            return name, raw
        if candidate == "bool":
            if raw.lower() in ("true", "false", "ya", "tidak"):
                return name, raw.lower() in ("true", "ya")
            continue
        try:
            return name, int(raw) if candidate == "int" else float(raw)
        except ValueError:
            continue
    try:
        return name, json.loads(raw)
    except json.JSONDecodeError as err:
        raise ParameterError(f"parameter '{name}' ({type_name}): cannot read {raw!r}") from err
