"""The notebooks' first check: papermill users learn a wrong parameter quickly and how to fix it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from kumkm_utils.exceptions import ParameterError
from kumkm_utils.notebook_parameters import check_national, check_province, check_province_code

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_province_code_as_number_names_the_papermill_options_that_work():
    with pytest.raises(ParameterError) as caught:
        check_province_code(61)
    message = str(caught.value)
    assert "-r kode_provinsi 61" in message
    assert "-y 'kode_provinsi: \"61\"'" in message
    assert "kumkm report --province 61" in message
    with pytest.raises(ParameterError, match='"06"'):
        check_province_code(6)  # leading zero restored in the advice
    with pytest.raises(ParameterError, match="dua angka"):
        check_province_code("Sulawesi Tenggara")
    assert check_province_code("61") == "61"


def test_years_are_sane():
    this_year = dt.date.today().year
    assert check_province("74", 2025, None) == 2026
    assert check_national(2025, 2027) == 2027
    with pytest.raises(ParameterError, match="tahun Rakorda"):
        check_national(this_year + 1, None)
    with pytest.raises(ParameterError, match="tahun Rakorda"):
        check_national(1999, None)
    with pytest.raises(ParameterError, match="bilangan bulat"):
        check_national("2025", None)
    with pytest.raises(ParameterError, match="sebelum"):
        check_province("74", 2025, 2024)


@pytest.mark.parametrize("name", ["10_laporan_provinsi.ipynb", "20_rekap_nasional.ipynb"])
def test_check_is_the_first_cell_after_parameters_and_imports_nothing_heavy(name):
    nb = nbformat.read(NOTEBOOKS / name, 4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    position = next(i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", []))
    before = "\n".join(c.source for c in code[:position])
    assert "import charts" not in before and "rollup" not in before  # no heavy import yet
    assert "check_" in code[position + 1].source
    assert "connect(" not in code[position + 1].source


@pytest.mark.slow
def test_papermill_with_province_code_as_number_fails_fast_and_says_how(tmp_path):
    """``papermill ... -p kode_provinsi 61``: a clear message, before any heavy work."""
    started = time.monotonic()
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "papermill",
            str(NOTEBOOKS / "10_laporan_provinsi.ipynb"),
            str(tmp_path / "out.ipynb"),
            "-p",
            "kode_provinsi",
            "61",
            "--kernel",
            "python3",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=NOTEBOOKS,
    )
    elapsed = time.monotonic() - started
    assert run.returncode != 0
    output = run.stdout + run.stderr
    assert "-r kode_provinsi 61" in output and "ParameterError" in output
    executed = nbformat.read(tmp_path / "out.ipynb", 4)
    failed = [c for c in executed.cells if c.cell_type == "code" and c.get("outputs")]
    errors = [o for c in failed for o in c.outputs if o.get("output_type") == "error"]
    assert len(errors) == 1
    # the failing cell is the check, before the heavy imports (which never ran)
    heavy = next(c for c in executed.cells if "import charts" in c.source)
    assert heavy.get("execution_count") is None
    print(f"papermill -p kode_provinsi 61 failed after {elapsed:.1f} s")
