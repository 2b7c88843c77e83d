"""Normalisation of numbers, dates, booleans, identifiers and headers (hand-worked values)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from kumkm_utils.ingest.dates import parse_date_value, parse_dates
from kumkm_utils.ingest.normalise import (
    header_aliases,
    normalise_bool,
    normalise_choice,
    normalise_header,
    normalise_id,
    normalise_text,
)
from kumkm_utils.ingest.numeric import (
    KIND_ABBREVIATED,
    KIND_NIL,
    KIND_NOT_AVAILABLE,
    detect_style,
    parse_number_text,
    parse_numbers,
)
from kumkm_utils.ingest.table import dataset_from_name, find_header


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.234.567,89", 1234567.89),
        ("1,234,567.89", 1234567.89),
        ("1234567", 1234567.0),
        ("Rp 1.250.000", 1250000.0),
        ("Rp1.250.000,-", 1250000.0),
        ("1,2 M", 1.2e9),
        ("1,2 miliar", 1.2e9),
        ("1,2 milyar", 1.2e9),
        ("1,2 jt", 1.2e6),
        ("750 juta", 7.5e8),
        ("2 T", 2e12),
        ("1,5 triliun", 1.5e12),
        ("12,5%", 12.5),
        ("(1.000)", -1000.0),
        ("-1.000.000", -1e6),
        ("  42  ", 42.0),
    ],
)
def test_number_texts(text, expected):
    assert parse_number_text(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "  ", "n/a", "#N/A"])
def test_blank_is_not_reported_not_zero(text):
    assert parse_number_text(text) is None
    assert parse_numbers(pd.Series([text])).values.isna().all()


@pytest.mark.parametrize("text", ["-", "–", "—", "--", " - "])
def test_dash_is_nil_as_in_bps_tables(text):
    """'-' alone is nil (0), the BPS convention, and each such cell is marked for a note."""
    assert parse_number_text(text) == 0.0
    for values in (pd.Series([text, "7"]), pd.Series([text, 7.0], dtype=object)):
        parsed = parse_numbers(values)
        assert parsed.values.tolist() == [0.0, 7.0]
        assert parsed.kind(KIND_NIL).tolist() == [True, False]


def test_abbreviated_amounts_and_na_are_marked():
    parsed = parse_numbers(pd.Series(["1,2 M", "1.200.000.000", "#N/A", "12,5%"]))
    assert parsed.values.tolist()[:2] == [1.2e9, 1.2e9]
    assert parsed.kind(KIND_ABBREVIATED).tolist() == [True, False, False, False]
    assert parsed.kind(KIND_NOT_AVAILABLE).tolist() == [False, False, True, False]


@pytest.mark.parametrize("text", ["seratus", "1.2.3,4,5", "12 kg", "1,23,4"])
def test_non_numbers_are_invalid(text):
    with pytest.raises(ValueError):
        parse_number_text(text)
    assert parse_numbers(pd.Series([text])).invalid.all()


def test_ambiguous_separator_follows_the_column_style():
    # "1.250" alone is Indonesian thousands; next to "12.5" the column is English.
    assert parse_numbers(pd.Series(["1.250", "2.500.000"])).values.tolist() == [1250.0, 2500000.0]
    assert parse_numbers(pd.Series(["1.250", "12.5"])).values.tolist() == [1.25, 12.5]
    assert parse_numbers(pd.Series(["1,250", "1,234.5"])).values.tolist() == [1250.0, 1234.5]
    assert detect_style(pd.Series(["1,250"])) == "id"


def test_excel_numeric_cells_and_numbers_as_text_mix():
    raw = pd.Series([1234567.0, "1.234.567", 12, None, True], dtype=object)
    parsed = parse_numbers(raw)
    assert parsed.values.tolist()[:4] == [1234567.0, 1234567.0, 12.0, pd.NA]
    assert parsed.invalid.tolist() == [False, False, False, False, True]


def test_numeric_column_passes_through():
    parsed = parse_numbers(pd.Series([1.5, None]))
    assert parsed.values.tolist() == [1.5, pd.NA]


@pytest.mark.parametrize(
    "value",
    [
        "21 November 2024",
        "21 Nov 2024",
        "21/11/2024",
        "2024-11-21",
        "21-11-2024",
        "21 Nopember 2024",
        "2024-11-21 08:30:00",
        45617,
        "45617",
        dt.datetime(2024, 11, 21, 10, 0),
        dt.date(2024, 11, 21),
    ],
)
def test_dates(value):
    assert parse_date_value(value) == dt.date(2024, 11, 21)


def test_indonesian_month_names():
    assert parse_date_value("1 Agustus 2025") == dt.date(2025, 8, 1)
    assert parse_date_value("3 Mei 2025") == dt.date(2025, 5, 3)
    assert parse_date_value("31 Des 2024") == dt.date(2024, 12, 31)


def test_bad_dates_are_invalid():
    parsed = parse_dates(
        pd.Series(["kemarin", "31/02/2024", "-", None, "99 Foo 2024"], dtype=object)
    )
    assert parsed.invalid.tolist() == [True, True, False, False, True]
    assert parsed.values.isna().all()


def test_booleans():
    out = normalise_bool(
        pd.Series(["Ya", "Tidak", "Y", "T", "1", "0", "Aktif", " ya ", "", "mungkin"])
    )
    assert out.values.tolist() == [True, False, True, False, True, False, True, True, pd.NA, pd.NA]
    assert out.invalid.tolist() == [False] * 9 + [True]


def test_ids_keep_leading_zeros_and_lose_excel_decimal():
    out = normalise_id(
        pd.Series(
            ["0012345", 9120001234567.0, " 74.01 ", "1.600.000.000.207", "9.12E+12", 7401000001],
            dtype=object,
        )
    )
    assert out.values.tolist()[:4] == ["0012345", "9120001234567", "74.01", "1.600.000.000.207"]
    assert out.values.tolist()[5] == "7401000001"
    assert out.invalid.tolist() == [False, False, False, False, True, False]


def test_text_is_stripped_and_capped_never_interpreted():
    out = normalise_text(
        pd.Series(["  Koperasi Maju  ", '=HYPERLINK("x")', "<script>", "x" * 17, "-"]), max_chars=16
    )
    assert out.values.tolist()[:3] == ["Koperasi Maju", '=HYPERLINK("x")', "<script>"]
    assert out.too_long.tolist() == [False, False, False, True, False]
    assert out.values.isna().tolist()[4]


def test_coded_values_case_and_aliases():
    out = normalise_choice(
        pd.Series(["simpan pinjam", "KSP", "KONSUMEN", "Desa"]),
        "jenis_koperasi",
        ("Produsen", "Konsumen", "Pemasaran", "Simpan Pinjam", "Jasa"),
    )
    assert out.values.tolist() == ["Simpan Pinjam", "Simpan Pinjam", "Konsumen", "Desa"]


@pytest.mark.parametrize(
    "header, column",
    [
        ("Nama Koperasi", "nama_koperasi"),
        ("NAMA_KOPERASI", "nama_koperasi"),
        ("nama koperasi ", "nama_koperasi"),
        ("Kab/Kota", "kode_kabkota"),
        ("Kabupaten/Kota", "kode_kabkota"),
        ("Kode kabupaten/kota", "kode_kabkota"),
        ("Modal sendiri (Rp)", "modal_sendiri_rp"),
        ("Modal Sendiri", "modal_sendiri_rp"),
        ("NIK", "nik_koperasi"),
        ("Tgl RAT", "tanggal_rat"),
    ],
)
def test_header_variants(header, column):
    assert header_aliases("koperasi")[normalise_header(header)] == column


def test_header_found_below_title_rows():
    rows = [
        ["DATA SINTETIS — judul"],
        [],
        ["No", "NIK Koperasi", "Tahun", "Nama Koperasi", "Kab/Kota"],
    ]
    index, dataset, columns = find_header(rows, None)
    assert (index, dataset) == (2, "koperasi")
    assert columns == [None, "nik_koperasi", "tahun", "nama_koperasi", "kode_kabkota"]


def test_dataset_from_file_name():
    assert dataset_from_name(Path("koperasi_2025.xlsx")) == "koperasi"
    assert dataset_from_name(Path("74-sultra/umkm_2024.csv")) == "umkm"
    assert dataset_from_name(Path("data.csv")) is None
