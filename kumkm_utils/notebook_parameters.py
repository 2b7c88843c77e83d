"""Quick checks of the report notebooks' parameters, run before any heavy import or query.

The first code cell after a notebook's ``parameters`` cell calls :func:`check_province` or
:func:`check_national`. Each needs only the standard library, so a papermill user who passes a
wrong value learns it in about a second, with the papermill command that works, instead of
after the kernel has imported everything and opened the warehouse. (``kumkm report`` validates
the same parameters before it starts a kernel, see :mod:`kumkm_utils.runner.parameter_checks`.)

Papermill's ``-p name value`` turns ``61`` into the integer 61; a province code is a text of two
digits, so it must be passed with ``-r`` (raw string) or ``-y`` (YAML).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NoReturn

from kumkm_utils.exceptions import ParameterError

FIRST_YEAR = 2000
"""No evaluation year before this one: the warehouse holds no older data."""

PROVINCE_NOTEBOOK = "notebooks/10_laporan_provinsi.ipynb"
NATIONAL_NOTEBOOK = "notebooks/20_rekap_nasional.ipynb"

_CODE_RE = re.compile(r"^\d{2}$")


def _fail(message: str) -> NoReturn:
    """Raise the error; the notebook shows this short frame and the message."""
    raise ParameterError(message)


def _papermill(notebook: str, *options: str) -> str:
    return f"papermill {notebook} keluaran.ipynb " + " ".join(options)


def check_province_code(kode_provinsi: object) -> str:
    """Return the province code when it is a text of two digits, else explain how to pass it.

    Raises
    ------
    ParameterError
        For a number (papermill ``-p kode_provinsi 61``), a name, or any other value; the
        message shows the papermill command that works.

    Examples
    --------
    >>> check_province_code("61")
    '61'
    >>> check_province_code(61)
    Traceback (most recent call last):
    ...
    kumkm_utils.exceptions.ParameterError: kode_provinsi harus teks dua angka seperti "61", ...
    """
    __tracebackhide__ = True  # IPython: show the message, not this frame
    if isinstance(kode_provinsi, str) and _CODE_RE.match(kode_provinsi):
        return kode_provinsi
    if isinstance(kode_provinsi, int) and not isinstance(kode_provinsi, bool):
        text = f"{kode_provinsi:02d}"
        yaml_option = f"-y 'kode_provinsi: \"{text}\"'"
        _fail(
            f'kode_provinsi harus teks dua angka seperti "{text}", bukan bilangan '
            f"{kode_provinsi}: papermill -p mengubah {kode_provinsi} menjadi bilangan. Jalankan "
            f"dengan -r (teks apa adanya) atau -y (YAML): "
            f"{_papermill(PROVINCE_NOTEBOOK, f'-r kode_provinsi {text}')}  atau  "
            f"{_papermill(PROVINCE_NOTEBOOK, yaml_option)}. "
            f"Laporan lengkap (HTML, PDF, Excel): kumkm report --province {text}"
        )
    _fail(
        f'kode_provinsi harus teks dua angka kode Kemendagri seperti "74" (Sulawesi Tenggara), '
        f"bukan {kode_provinsi!r}. Contoh: {_papermill(PROVINCE_NOTEBOOK, '-r kode_provinsi 74')}"
    )


def check_years(
    tahun_evaluasi: object, tahun_rencana: object = None, *, notebook: str = PROVINCE_NOTEBOOK
) -> int:
    """Check the evaluation and plan years; return the plan year (default evaluation + 1).

    The evaluation year is the year before the Rakorda (the Rakorda of 2026 evaluates 2025), so
    it is never after the current year.

    Raises
    ------
    ParameterError
        A year that is not a whole number, before :data:`FIRST_YEAR`, after the current year,
        or a plan year before the evaluation year.

    Examples
    --------
    >>> check_years(2025, None)
    2026
    """
    __tracebackhide__ = True
    this_year = dt.date.today().year
    for name, value in (("tahun_evaluasi", tahun_evaluasi), ("tahun_rencana", tahun_rencana)):
        if value is None and name == "tahun_rencana":
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            _fail(
                f"{name} harus bilangan bulat seperti {this_year - 1}, bukan {value!r}. "
                f"Contoh: {_papermill(notebook, f'-p {name} {this_year - 1}')}"
            )
    evaluation = int(tahun_evaluasi)  # type: ignore[arg-type]
    if not FIRST_YEAR <= evaluation <= this_year:
        _fail(
            f"tahun_evaluasi {evaluation} tidak masuk akal: tahun evaluasi adalah tahun Rakorda "
            f"dikurangi satu (Rakorda {this_year} mengevaluasi {this_year - 1}), antara "
            f"{FIRST_YEAR} dan {this_year}"
        )
    plan = evaluation + 1 if tahun_rencana is None else int(tahun_rencana)  # type: ignore[arg-type]
    if plan < evaluation:
        _fail(
            f"tahun_rencana ({plan}) tidak boleh sebelum tahun_evaluasi ({evaluation}); "
            "biasanya tahun_rencana = tahun_evaluasi + 1 (kosongkan saja)"
        )
    return plan


def check_province(kode_provinsi: object, tahun_evaluasi: object, tahun_rencana: object) -> int:
    """Check the provincial notebook's parameters; return the plan year."""
    __tracebackhide__ = True
    check_province_code(kode_provinsi)
    return check_years(tahun_evaluasi, tahun_rencana, notebook=PROVINCE_NOTEBOOK)


def check_national(tahun_evaluasi: object, tahun_rencana: object) -> int:
    """Check the national notebook's parameters; return the plan year."""
    __tracebackhide__ = True
    return check_years(tahun_evaluasi, tahun_rencana, notebook=NATIONAL_NOTEBOOK)


__all__ = ["check_national", "check_province", "check_province_code", "check_years"]
