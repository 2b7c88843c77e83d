"""The manifest file and the index page built from it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kumkm_utils.exceptions import RunnerError
from kumkm_utils.runner.headline import read_headline, record_headline
from kumkm_utils.runner.index import render_index, write_index
from kumkm_utils.runner.manifest import (
    FAILED,
    SUCCEEDED,
    JobRecord,
    Manifest,
    load_manifest,
    save_manifest,
)


def _manifest(year: Path) -> Manifest:
    (year / "74-sulawesi-tenggara").mkdir(parents=True)
    for name in ("laporan.html", "laporan.pdf", "lampiran.xlsx", "notebook.ipynb"):
        (year / "74-sulawesi-tenggara" / name).write_text("x")
    (year / "11-aceh").mkdir()
    (year / "11-aceh" / "notebook-gagal.ipynb").write_text("x")
    (year / "11-aceh" / "laporan.html").write_text("versi lama")
    ok = JobRecord(
        key="74",
        label="Sulawesi Tenggara",
        notebook="notebooks/10_laporan_provinsi.ipynb",
        output_dir="74-sulawesi-tenggara",
        status=SUCCEEDED,
        started_at="2024-11-21T10:00:00+07:00",
        finished_at="2024-11-21T10:05:00+07:00",
        duration_s=83.4,
        outputs={
            k: f"74-sulawesi-tenggara/{v}"
            for k, v in [
                ("html", "laporan.html"),
                ("pdf", "laporan.pdf"),
                ("xlsx", "lampiran.xlsx"),
                ("notebook", "notebook.ipynb"),
            ]
        },
        headline={
            "Koperasi aktif": 2300,
            "RAT (% dari aktif)": 18.26,
            "Catatan": "<b>tebal</b>",
            "Keempat": 1,
        },
        is_synthetic=True,
        code_version={"package": "0.1.0", "git_sha": "a" * 40},
    )
    bad = JobRecord(
        key="11",
        label="Aceh <script>alert(1)</script>",
        notebook="nb",
        output_dir="11-aceh",
        status=FAILED,
        finished_at="2024-11-21T10:06:00+07:00",
        duration_s=5.0,
        outputs={"html": "11-aceh/laporan.html"},
        outputs_built_at="2024-11-20T09:00:00+07:00",
        failed_notebook="11-aceh/notebook-gagal.ipynb",
        error={
            "kind": "cell_error",
            "type": "ValueError",
            "message": "kolom <tidak> ada",
            "cell_index": 5,
            "execution_count": 4,
        },
    )
    return Manifest(tahun=2024, jobs={"74": ok, "11": bad})


def test_manifest_round_trip_and_atomic_write(tmp_path: Path) -> None:
    year = tmp_path / "2024"
    manifest = _manifest(year)
    path = save_manifest(year, manifest)
    data = json.loads(path.read_text())
    assert list(data["jobs"]) == ["11", "74"]
    assert data["jobs"]["74"]["headline"]["Koperasi aktif"] == 2300
    assert [
        p.name for p in year.iterdir() if p.name.startswith(".manifest")
    ] == []  # no temp file left
    again = load_manifest(year)
    assert again.jobs["11"].error["execution_count"] == 4
    assert again.jobs["74"].outputs == manifest.jobs["74"].outputs


def test_unreadable_manifest_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{rusak")
    with pytest.raises(RunnerError, match="move it away"):
        load_manifest(tmp_path)
    assert load_manifest(tmp_path / "kosong").jobs == {}


def test_index_lists_reports_with_links_status_and_headline(tmp_path: Path) -> None:
    year = tmp_path / "2024"
    html = render_index(year, _manifest(year))
    assert "Laporan Evaluasi KUMKM Tahun 2024" in html
    assert '<a href="74-sulawesi-tenggara/laporan.pdf">PDF</a>' in html
    assert "2.300" in html and "18,3" in html  # Indonesian number formats
    assert "Keempat" not in html  # at most three headline indicators
    assert "21 November 2024 10.05" in html
    assert "1 mnt 23 dtk" in html
    assert "Berhasil" in html and "Gagal" in html
    assert "galat pada sel In [4]" in html
    assert '<a href="11-aceh/notebook-gagal.ipynb">Notebook gagal</a>' in html
    assert "berkas dari versi berhasil terakhir (20 November 2024 09.00)" in html
    assert "DATA SINTETIS" in html


def test_index_escapes_names_and_messages_and_stays_offline(tmp_path: Path) -> None:
    year = tmp_path / "2024"
    html = render_index(year, _manifest(year))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>tebal</b>" not in html and "&lt;b&gt;tebal&lt;/b&gt;" in html
    assert "kolom &lt;tidak&gt; ada" in html
    assert not re.search(r"(https?:)?//", html)  # no external URL, not even protocol-relative
    assert not re.search(r"<(script|link|img|iframe)\b", html)


def test_index_links_only_to_files_that_exist(tmp_path: Path) -> None:
    year = tmp_path / "2024"
    manifest = _manifest(year)
    (year / "74-sulawesi-tenggara" / "laporan.pdf").unlink()
    html = render_index(year, manifest)
    assert "laporan.pdf" not in html
    path = write_index(year, manifest)
    assert path == year / "index.html" and path.read_text(encoding="utf-8") == html


def test_record_headline_round_trip(tmp_path: Path) -> None:
    import numpy as np

    path = record_headline(
        tmp_path,
        {"Koperasi aktif": np.int64(2300), "RAT": 18.3, "Kosong": None},
        is_synthetic=False,
    )
    assert path == tmp_path / "ringkasan.json"
    headline, synthetic = read_headline(tmp_path)
    assert headline == {"Koperasi aktif": 2300, "RAT": 18.3, "Kosong": None}
    assert synthetic is False
    assert read_headline(tmp_path / "tidak-ada") == ({}, None)
    from kumkm_utils.exceptions import ParameterError

    with pytest.raises(ParameterError, match="must be a number, text or None"):
        record_headline(tmp_path, {"Tabel": object()}, is_synthetic=True)
