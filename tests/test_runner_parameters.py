"""Parameter declarations and checks: mistakes are refused before any kernel starts."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from runner_support import write_notebook

from kumkm_utils.exceptions import ParameterError
from kumkm_utils.runner import batch as batch_mod
from kumkm_utils.runner import pool as pool_mod
from kumkm_utils.runner import running as running_mod
from kumkm_utils.runner.jobs import Job, RunSettings
from kumkm_utils.runner.overrides import parse_cli_assignment
from kumkm_utils.runner.parameter_checks import validate_parameters, value_matches
from kumkm_utils.runner.parameters import declared_parameters, parse_parameters_source


@pytest.fixture
def notebook(tmp_path: Path) -> Path:
    return write_notebook(tmp_path / "laporan.ipynb")


def test_declared_parameters_read_names_types_defaults_and_help(notebook: Path) -> None:
    declared = declared_parameters(notebook)
    assert list(declared) == [
        "kode_provinsi",
        "tahun_evaluasi",
        "tahun_rencana",
        "warehouse",
        "output_dir",
        "mode",
        "sleep_s",
    ]
    assert declared["kode_provinsi"].type_name == "str"
    assert declared["kode_provinsi"].default == '"11"'
    assert declared["kode_provinsi"].help == "kode provinsi, dua digit"
    # papermill's own parser drops this one (annotation with "|"); ours keeps it
    assert declared["tahun_rencana"].type_name == "int | None"


def test_agrees_with_papermill_where_papermill_understands_the_annotation(tmp_path: Path) -> None:
    import papermill

    source = (
        'kode_provinsi: str = "74"  # kode\n'
        "tahun_evaluasi: int = 2025  # tahun\n"
        "rasio: float = 0.5\n"
        "aktif: bool = True  # bendera\n"
        "daftar: list = []\n"
        "tanpa_anotasi = 'x'\n"
    )
    path = write_notebook(tmp_path / "nb.ipynb", parameters=source)
    ours = declared_parameters(path)
    theirs = papermill.inspect_notebook(str(path))
    assert list(ours) == list(theirs)
    for name, p in theirs.items():
        assert ours[name].default == p["default"]
        assert ours[name].help == p["help"]
        if p["inferred_type_name"] != "None":
            assert ours[name].annotation == p["inferred_type_name"]


def test_unannotated_parameters_take_the_type_of_their_default() -> None:
    declared = parse_parameters_source("kode = '74'\nn = 3\nx = None\n%matplotlib inline\n")
    assert [declared[k].type_name for k in ("kode", "n", "x")] == ["str", "int", "Any"]


@pytest.mark.parametrize(
    ("type_name", "value", "ok"),
    [
        ("str", "74", True),
        ("str", 74, False),  # codes stay strings
        ("int", 2025, True),
        ("int", "2025", False),
        ("int", True, False),  # a bool is an int in Python, never a year
        ("float", 2, True),
        ("int | None", None, True),
        ("int | None", 2026, True),
        ("int | None", "2026", False),
        ("Optional[str]", None, True),
        ("Optional[str]", 3, False),
        ("list[str]", ["11", "12"], True),
        ("list[str]", ["11", 12], False),
        ("SomethingCustom", object(), True),  # not understood: accepted, not guessed
    ],
)
def test_value_matches(type_name: str, value: object, ok: bool) -> None:
    assert value_matches(type_name, value) is ok


def test_validate_refuses_int_code_typo_and_bad_code_all_at_once(notebook: Path) -> None:
    with pytest.raises(ParameterError) as info:
        validate_parameters(
            notebook, {"kode_provinsi": 74, "provinsii": "74", "tahun_evaluasi": "2025"}
        )
    message = str(info.value)
    assert "'kode_provinsi' must be str, got int 74" in message
    assert 'write "74"' in message
    assert "unknown parameter 'provinsii'" in message
    assert "did you mean 'kode_provinsi'" in message
    assert "'tahun_evaluasi' must be int" in message
    with pytest.raises(ParameterError, match="two-digit code"):
        validate_parameters(notebook, {"kode_provinsi": "7"})


def test_validate_returns_plain_copy(notebook: Path) -> None:
    values = {"kode_provinsi": "01", "tahun_rencana": None, "sleep_s": 1}
    assert validate_parameters(notebook, values) == {
        "kode_provinsi": "01",
        "tahun_rencana": None,
        "sleep_s": 1,
    }


def test_notebook_without_parameters_cell_is_refused(tmp_path: Path) -> None:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    path = tmp_path / "tanpa.ipynb"
    nb = new_notebook()
    nb.cells = [new_code_cell("x = 1")]
    nbformat.write(nb, str(path))
    with pytest.raises(ParameterError, match="no code cell tagged 'parameters'"):
        declared_parameters(path)
    with pytest.raises(ParameterError, match="does not exist"):
        declared_parameters(tmp_path / "tidak-ada.ipynb")


def test_cli_assignment_converts_by_declared_type(notebook: Path) -> None:
    # papermill -p would turn "01" into the number 1
    assert parse_cli_assignment(notebook, "kode_provinsi=01") == ("kode_provinsi", "01")
    assert parse_cli_assignment(notebook, "tahun_evaluasi=2024") == ("tahun_evaluasi", 2024)
    assert parse_cli_assignment(notebook, "tahun_rencana=None") == ("tahun_rencana", None)
    assert parse_cli_assignment(notebook, "sleep_s=0.5") == ("sleep_s", 0.5)
    with pytest.raises(ParameterError, match="did you mean 'tahun_rencana'"):
        parse_cli_assignment(notebook, "tahun_rencan=2026")
    with pytest.raises(ParameterError, match="cannot read"):
        parse_cli_assignment(notebook, "tahun_evaluasi=duaribu")


def test_batch_refuses_bad_parameters_before_any_kernel(
    tmp_path: Path, notebook: Path, monkeypatch
) -> None:
    started: list[str] = []

    class NoPool:
        def __init__(self, *args, **kwargs):
            started.append("pool")

    monkeypatch.setattr(pool_mod, "ProcessPoolExecutor", NoPool)
    monkeypatch.setattr(running_mod, "run_job", lambda *a, **k: started.append("job"))
    year = tmp_path / "2025"
    jobs = [
        Job("11", "Aceh", notebook, {"kode_provinsi": "11"}, year / "11-aceh", scope="11"),
        Job("12", "Sumut", notebook, {"kode_provinsi": 12}, year / "12-sumut", scope="12"),
        Job("13", "Sumbar", notebook, {"kode_provinsii": "13"}, year / "13-sumbar", scope="13"),
    ]
    t0 = time.monotonic()
    with pytest.raises(ParameterError) as info:
        batch_mod.run_batch(
            jobs,
            year_dir=year,
            settings=RunSettings(warehouse=tmp_path / "none.duckdb", renderer=None, progress=False),
        )
    assert time.monotonic() - t0 < 2  # no kernel start (one takes seconds)
    assert started == []
    message = str(info.value)
    assert "no report was started" in message
    assert "12 (Sumut)" in message and "13 (Sumbar)" in message and "11 (Aceh)" not in message
    assert not (year / "manifest.json").exists()
    assert not (year / "11-aceh").exists()
