"""The catalogue mapping stays complete and every mapped indicator computes."""

from __future__ import annotations

import pytest

from kumkm_utils import reference
from kumkm_utils.exceptions import ParameterError
from kumkm_utils.indicators import katalog


def test_every_computed_catalogue_indicator_is_mapped():
    catalogue = reference.indicators()
    computed = set(catalogue.loc[catalogue["dihitung"] == "ya", "kode"])
    assert computed == set(katalog.KATALOG)


def test_every_mapped_indicator_computes(con):
    for kode in katalog.KATALOG:
        frame = katalog.nilai(kode, con, province="74", year=2021)
        assert list(frame["tahun"]) == [2021], kode
        assert "nilai" in frame.columns


def test_values_through_the_catalogue(con):
    assert katalog.nilai("persen_rat", con, province="74", year=2021)["nilai"].iloc[
        0
    ] == pytest.approx(420 / 2300 * 100)
    assert katalog.nilai("persen_umkm_naik_kelas", con, province="74", year=2021)["nilai"].iloc[
        0
    ] == pytest.approx(12.5)  # 20 of 160 units followed moved up
    assert katalog.nilai("koperasi_rat", con, province=None, year=2021)["nilai"].iloc[-1] == 480


def test_definitions_and_unknown_codes():
    table = katalog.definisi(["persen_rat"])
    assert table.loc[0, "penyebut"] == "koperasi aktif"
    assert len(katalog.definisi()) == len(katalog.KATALOG)
    with pytest.raises(ParameterError, match="not computed"):
        katalog.nilai("rasio_kewirausahaan", None, province="74", year=2021)
