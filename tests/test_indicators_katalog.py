"""Every declared indicator computes through its declared function and column."""

from __future__ import annotations

import pytest

from kumkm_utils import reference
from kumkm_utils.exceptions import ParameterError
from kumkm_utils.indicators import deklarasi, katalog


def test_the_catalogue_is_the_declarations():
    catalogue = reference.indicators()
    assert list(catalogue["kode"]) == [i.kode for i in deklarasi.INDIKATOR]
    computed = set(catalogue.loc[catalogue["dihitung"] == "ya", "kode"])
    assert computed == {i.kode for i in deklarasi.INDIKATOR if i.jenis != "eksternal"}


def test_every_computed_indicator_computes(con):
    for ind in deklarasi.INDIKATOR:
        if not ind.dihitung:
            continue
        frame = katalog.nilai(ind.kode, con, province="74", year=2021)
        assert list(frame["tahun"]) == [2021], ind.kode
        assert "nilai" in frame.columns


def test_values_through_the_catalogue(con):
    assert katalog.nilai("persen_rat", con, province="74", year=2021)["nilai"].iloc[
        0
    ] == pytest.approx(420 / 2300 * 100)
    assert katalog.nilai("persen_naik", con, province="74", year=2021)["nilai"].iloc[
        0
    ] == pytest.approx(12.5)  # 20 of 160 units followed moved up
    assert katalog.nilai("koperasi_rat", con, province=None, year=2021)["nilai"].iloc[-1] == 480


def test_definitions_and_unknown_codes():
    table = katalog.definisi(["persen_rat"])
    assert table.loc[0, "penyebut"] == "koperasi yang berstatus aktif"
    assert len(katalog.definisi()) == sum(1 for i in deklarasi.INDIKATOR if i.dihitung)
    with pytest.raises(ParameterError, match="not computed"):
        katalog.nilai("rasio_kewirausahaan", None, province="74", year=2021)
    with pytest.raises(ParameterError, match="persen_rat"):
        katalog.nilai("persen_ratt", None, province="74", year=2021)
