"""The input data model: keys, metadata, and the pandera checks on hand-made rows."""

from __future__ import annotations

import warnings

import pandas as pd
import pandera.errors
import pytest

from kumkm_utils import schemas, warehouse


def _koperasi(**overrides: object) -> pd.DataFrame:
    row = {
        "nik_koperasi": "7401010001",
        "tahun": 2024,
        "nama_koperasi": "KSU Maju",
        "kode_kabkota": "74.01",
        "jenis_koperasi": "Konsumen",
        "kelompok_koperasi": "KSU",
        "status_koperasi": "Aktif",
        "rat_dilaksanakan": True,
        "tanggal_rat": pd.Timestamp("2025-03-15"),
        "anggota_laki_laki": 20,
        "anggota_perempuan": 25,
        "manajer": 1,
        "karyawan": 3,
        "modal_sendiri_rp": 1.5e8,
        "modal_luar_rp": 5e7,
        "aset_rp": 3e8,
        "volume_usaha_rp": 4e8,
        "shu_rp": -1e6,
        "punya_usp": False,
        "predikat_kesehatan": None,
        "bermasalah": False,
    }
    row.update(overrides)
    frame = pd.DataFrame([row])
    return frame.astype({n: str(c.dtype) for n, c in schemas.KOPERASI.columns.items()})


def test_every_dataset_has_key_labels_and_rupiah_units():
    for ds in schemas.DATASETS.values():
        assert ds.key and set(ds.key) <= set(ds.columns)
        for column in ds.columns:
            meta = ds.meta(column)
            assert meta["label"], f"{ds.name}.{column} has no Indonesian label"
            if column.endswith("_rp"):
                assert meta["unit"] == "Rp", f"{ds.name}.{column} must state rupiah"
        assert set(warehouse.table_columns(ds.name)) >= set(ds.columns) | {"kode_provinsi"}


def test_a_valid_cooperative_row_passes_even_with_a_loss():
    row = _koperasi()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        validated = schemas.KOPERASI.validate(row, lazy=True)
        # the same row with a negative capital is refused: the check above is not vacuous
        with pytest.raises(pandera.errors.SchemaErrors):
            schemas.KOPERASI.validate(_koperasi(modal_sendiri_rp=-5.0), lazy=True)
    assert validated["shu_rp"].iloc[0] == -1e6  # a loss is data, kept as it is
    pd.testing.assert_frame_equal(validated, row)


@pytest.mark.parametrize(
    ("overrides", "column"),
    [
        ({"jenis_koperasi": "Serba Usaha"}, "jenis_koperasi"),
        ({"modal_sendiri_rp": -5.0}, "modal_sendiri_rp"),
        ({"kode_kabkota": "7401"}, "kode_kabkota"),
        ({"tahun": 1999}, "tahun"),
        ({"predikat_kesehatan": "Kurang"}, "predikat_kesehatan"),
    ],
)
def test_bad_values_are_named_by_column(overrides, column):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(pandera.errors.SchemaErrors) as caught:
            schemas.KOPERASI.validate(_koperasi(**overrides), lazy=True)
    assert column in set(caught.value.failure_cases["column"].astype(str))


def test_duplicate_key_is_rejected():
    frame = pd.concat([_koperasi(), _koperasi()], ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(pandera.errors.SchemaErrors):
            schemas.KOPERASI.validate(frame, lazy=True)


def test_unknown_dataset_lists_the_known_ones():
    with pytest.raises(KeyError, match="koperasi, umkm, program, makro, target"):
        schemas.dataset("anggaran")
