"""Parameter overrides from the command line (``--param NAME=VALUE``).

``kumkm report --param`` may set any parameter a notebook declares except those the runner
owns (:data:`RUNNER_OWNED`, refused by :func:`refuse_runner_owned`); the text is turned into a
value by the declared type (:func:`parse_cli_assignment`).
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

from kumkm_utils.exceptions import ParameterError
from kumkm_utils.runner.parameter_checks import value_matches
from kumkm_utils.runner.parameters import declared_parameters

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
