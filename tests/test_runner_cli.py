"""``kumkm report`` and ``kumkm batch`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from runner_support import pin_code_digest, write_notebook, write_warehouse

from kumkm_utils import cli
from kumkm_utils.runner import jobs as jobs_mod


@pytest.fixture
def tiny(tmp_path: Path, monkeypatch) -> dict[str, Path]:
    pin_code_digest(monkeypatch)
    notebook = write_notebook(tmp_path / "laporan.ipynb")
    monkeypatch.setattr(jobs_mod, "PROVINCE_NOTEBOOK", notebook)
    monkeypatch.setattr(jobs_mod, "NATIONAL_NOTEBOOK", tmp_path / "tidak-ada.ipynb")
    warehouse = write_warehouse(tmp_path / "wh.duckdb", {"74": [3, 4], "62": [5]})
    return {"notebook": notebook, "warehouse": warehouse, "reports": tmp_path / "reports"}


def test_report_refuses_a_mistyped_parameter_name(tiny, capsys) -> None:
    code = cli.main(
        [
            "report",
            "--province",
            "74",
            "--year",
            "2025",
            "--reports-dir",
            str(tiny["reports"]),
            "--param",
            "provinsii=74",
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "unknown parameter 'provinsii'" in err and "did you mean 'kode_provinsi'" in err
    assert not tiny["reports"].exists()


def test_report_refuses_a_value_that_is_not_the_declared_type(tiny, capsys) -> None:
    code = cli.main(
        [
            "report",
            "--province",
            "74",
            "--year",
            "2025",
            "--reports-dir",
            str(tiny["reports"]),
            "--param",
            "tahun_rencana=dua",
        ]
    )
    assert code == 2
    assert "cannot read 'dua'" in capsys.readouterr().err


def test_batch_refuses_force_with_resume(tiny, capsys) -> None:
    code = cli.main(
        ["batch", "--year", "2025", "--force", "--resume", "--reports-dir", str(tiny["reports"])]
    )
    assert code == 2
    assert "exclude each other" in capsys.readouterr().err


@pytest.mark.slow
def test_batch_command_builds_with_the_real_renderer(tiny, capsys) -> None:
    code = cli.main(
        [
            "batch",
            "--year",
            "2025",
            "--provinces",
            "74",
            "--workers",
            "2",
            "--warehouse",
            str(tiny["warehouse"]),
            "--reports-dir",
            str(tiny["reports"]),
            "--no-progress",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    year = tiny["reports"] / "2025"
    assert "dibangun 1, gagal 0, dilewati 0" in out
    assert f"indeks: {year / 'index.html'}" in out
    folder = year / "74-sulawesi-tenggara"  # folder name from kumkm_utils.regions
    for name in ("laporan.html", "laporan.pdf", "lampiran.xlsx", "notebook.ipynb"):
        assert (folder / name).stat().st_size > 0
    assert (folder / "laporan.pdf").read_bytes().startswith(b"%PDF")
    manifest = json.loads((year / "manifest.json").read_text())
    assert manifest["jobs"]["74"]["headline"]["Jumlah nilai"] == 7
    assert manifest["jobs"]["74"]["parameters"]["kode_provinsi"] == "74"
    assert list(manifest["jobs"]) == ["74"]

    # kumkm report on an unchanged province: nothing to do, exit 0, outputs listed
    code = cli.main(
        [
            "report",
            "--province",
            "74",
            "--year",
            "2025",
            "--warehouse",
            str(tiny["warehouse"]),
            "--reports-dir",
            str(tiny["reports"]),
            "--no-progress",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "dibangun 0, gagal 0, dilewati 1" in out
    assert str(folder / "laporan.pdf") in out
