"""Tests of the region reference: provinces, kab/kota, aliases and the 2022 Papua split."""

from __future__ import annotations

import pandas as pd
import pytest

from kumkm_utils import regions
from kumkm_utils.config import REFERENCE_DIR
from kumkm_utils.exceptions import KumkmError, UnknownRegionError
from kumkm_utils.regions import (
    AmbiguousRegionError,
    RegionCodeTypeError,
    WrongProvinceError,
    resolve_kabkota,
)

# --------------------------------------------------------------------------- tables


def test_38_provinces_and_514_kabkota_with_string_codes():
    prov = regions.provinces()
    kk = regions.kabkota()
    assert len(prov) == 38
    assert len(kk) == 514
    assert list(prov.columns) == ["kode_provinsi", "nama_provinsi", "slug"]
    assert list(kk.columns) == [
        "kode_kabkota",
        "nama_kabkota",
        "nama_pendek",
        "jenis",
        "kode_provinsi",
    ]
    assert prov["kode_provinsi"].map(type).eq(str).all()
    assert kk["kode_kabkota"].str.fullmatch(r"\d{2}\.\d{2}").all()
    assert prov["kode_provinsi"].is_monotonic_increasing
    assert prov["kode_provinsi"].iloc[0] == "11" and prov["kode_provinsi"].iloc[-1] == "96"
    # every kab/kota's province exists and its code starts with the province code
    assert set(kk["kode_provinsi"]) == set(prov["kode_provinsi"])
    assert (kk["kode_kabkota"].str[:2] == kk["kode_provinsi"]).all()
    assert set(kk["jenis"]) == {"Kabupaten", "Kota"}
    assert (kk["jenis"] == "Kabupaten").sum() == 416


def test_kabkota_of_one_province_and_short_names():
    kalbar = regions.kabkota("Kalimantan Barat")
    assert len(kalbar) == 14  # 12 kabupaten + Pontianak + Singkawang
    row = kalbar.set_index("kode_kabkota").loc["61.12"]
    assert row["nama_kabkota"] == "Kabupaten Kubu Raya"
    assert row["nama_pendek"] == "Kubu Raya"
    jakarta = regions.kabkota("31").set_index("kode_kabkota")
    assert jakarta.loc["31.71", "nama_pendek"] == "Jakarta Pusat"
    assert jakarta.loc["31.71", "jenis"] == "Kota"


def test_returned_frames_are_copies():
    prov = regions.provinces()
    prov.loc[0, "nama_provinsi"] = "Rusak"
    kk = regions.kabkota()
    kk.loc[0, "nama_kabkota"] = "Rusak"
    assert regions.provinces().loc[0, "nama_provinsi"] == "Aceh"
    assert regions.kabkota().loc[0, "nama_kabkota"] == "Kabupaten Aceh Selatan"


# --------------------------------------------------------------------------- provinces


@pytest.mark.parametrize(
    "query, kode",
    [
        ("74", "74"),
        (" 74 ", "74"),
        ("Sulawesi Tenggara", "74"),
        ("sulawesi  tenggara", "74"),
        ("SULTRA", "74"),
        ("Provinsi Sulawesi Tenggara", "74"),
        ("Prov. Sultra", "74"),
        ("Kalbar", "61"),
        ("Kalteng", "62"),
        ("Jatim", "35"),
        ("Jateng", "33"),
        ("Jabar", "32"),
        ("DKI", "31"),
        ("DKI Jakarta", "31"),
        ("Jakarta", "31"),
        ("DIY", "34"),
        ("D.I. Yogyakarta", "34"),
        ("Yogyakarta", "34"),
        ("NTB", "52"),
        ("NTT", "53"),
        ("Sulsel", "73"),
        ("Kepri", "21"),
        ("Babel", "19"),
        ("Papua Barat Daya", "96"),
        ("Papua", "91"),
    ],
)
def test_province_accepts_codes_names_and_abbreviations(query, kode):
    assert regions.province(query).kode == kode


def test_province_dataclass_slug_and_folder():
    p = regions.province("74")
    assert p == regions.Province("74", "Sulawesi Tenggara", "sulawesi-tenggara")
    assert p.folder == "74-sulawesi-tenggara"
    assert regions.province("DIY").slug == "daerah-istimewa-yogyakarta"
    with pytest.raises(AttributeError):
        p.kode = "75"  # frozen


def test_slugs_are_unique_and_url_safe():
    slugs = regions.provinces()["slug"]
    assert slugs.is_unique
    assert slugs.str.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*").all()


@pytest.mark.parametrize("value", [74, 74.0, 11, True])
def test_province_refuses_numbers(value):
    with pytest.raises(RegionCodeTypeError, match="teks"):
        regions.province(value)


def test_number_errors_are_both_type_and_region_errors():
    with pytest.raises(TypeError):
        regions.province(74)
    with pytest.raises(KumkmError):
        regions.province(74)


def test_unknown_province_lists_close_matches():
    with pytest.raises(UnknownRegionError, match="Sulawesi Tenggara \\(74\\)"):
        regions.province("Sulawesi Tengara")
    with pytest.raises(UnknownRegionError, match="tidak dikenal"):
        regions.province("99")


# --------------------------------------------------------------------------- resolver


@pytest.mark.parametrize(
    "variant",
    [
        "KAB. KUBU RAYA",
        "Kubu Raya",
        "Kabupaten Kubu Raya",
        "kab kubu raya",
        "kab.kubu raya",
        "  Kab.  Kubu  Raya ",
        "KUBU RAYA",
        "kubu-raya",
        "61.12",
        "6112",
        "61 12",
    ],
)
def test_every_variant_of_kubu_raya(variant):
    assert resolve_kabkota(variant) == "61.12"
    assert resolve_kabkota(variant, province="61") == "61.12"
    assert resolve_kabkota(variant, province="Kalbar") == "61.12"


@pytest.mark.parametrize(
    "variant, kode",
    [
        ("Kota Bogor", "32.71"),
        ("KOTA BOGOR", "32.71"),
        ("Kotamadya Bogor", "32.71"),
        ("Kabupaten Bogor", "32.01"),
        ("Kab. Bogor", "32.01"),
        ("KAB BOGOR", "32.01"),
        ("Kota Kupang", "53.71"),
        ("Kabupaten Kupang", "53.01"),
        ("Kota Bima", "52.72"),
        ("Kab. Bima", "52.06"),
        ("Kota Malang", "35.73"),
        ("Kabupaten Malang", "35.07"),
    ],
)
def test_kota_and_kabupaten_of_the_same_name(variant, kode):
    assert resolve_kabkota(variant) == kode


@pytest.mark.parametrize(
    "name, codes",
    [("Bogor", ("32.01", "32.71")), ("Malang", ("35.07", "35.73")), ("Kupang", ("53.01", "53.71"))],
)
def test_name_without_prefix_is_ambiguous_and_lists_both(name, codes):
    with pytest.raises(AmbiguousRegionError) as info:
        resolve_kabkota(name)
    assert info.value.candidates == codes
    message = str(info.value)
    assert f"Kabupaten {name} ({codes[0]}" in message and f"Kota {name} ({codes[1]}" in message


def test_same_name_in_two_provinces_is_settled_by_the_province():
    # Kota Banjar is in Jawa Barat, Kabupaten Banjar in Kalimantan Selatan
    with pytest.raises(AmbiguousRegionError):
        resolve_kabkota("Banjar")
    assert resolve_kabkota("Banjar", province="63") == "63.03"
    assert resolve_kabkota("Banjar", province="Jabar") == "32.79"


@pytest.mark.parametrize(
    "variant",
    [
        "Baubau",
        "Kota Baubau",
        "Bau-Bau",
        "Kota Bau-Bau",
        "Bau Bau",
        "KOTA BAU BAU",
        "74.72",
        "7472",
    ],
)
def test_every_variant_of_baubau(variant):
    assert resolve_kabkota(variant, province="74") == "74.72"


@pytest.mark.parametrize(
    "variant",
    [
        "Boven Digoel",
        "Kabupaten Boven Digoel",
        "Kab. Boven Digoel",
        "Boven Digul",
        "BOVENDIGOEL",
        "93.02",
    ],
)
def test_every_variant_of_a_papua_selatan_regency(variant):
    assert resolve_kabkota(variant) == "93.02"
    assert resolve_kabkota(variant, province="Papua Selatan") == "93.02"


@pytest.mark.parametrize(
    "variant, kode",
    [
        ("Kab. Kep. Selayar", "73.01"),
        ("Selayar", "73.01"),
        ("Kepulauan Selayar", "73.01"),
        ("Tanjungpinang", "21.72"),
        ("Tanjung Pinang", "21.72"),
        ("Kota Tanjungpinang", "21.72"),
        ("Kota Adm. Jakarta Selatan", "31.74"),
        ("Jakarta Selatan", "31.74"),
        ("Jaksel", "31.74"),
        ("Kep. Seribu", "31.01"),
        ("Fakfak", "92.03"),
        ("Tolitoli", "72.04"),
        ("Gunung Kidul", "34.03"),
        ("Kotim", "62.02"),
        ("Pangkep", "73.10"),
        ("Kota Baru", "63.02"),  # the kabupaten Kotabaru, not a "Kota Baru"
        ("Kota Waringin Barat", "62.01"),
        ("Kabupaten Pontianak", "61.02"),  # renamed Mempawah in 2014
        ("Pontianak", "61.71"),  # the official short name wins over the former kabupaten name
        ("Mamuju Utara", "76.01"),
        ("Siau Tagulandang Biaro", "71.09"),
    ],
)
def test_hand_added_aliases_and_spellings(variant, kode):
    assert resolve_kabkota(variant) == kode


def test_unknown_name_lists_up_to_three_close_matches():
    with pytest.raises(UnknownRegionError) as info:
        resolve_kabkota("Kubu Rayya")
    assert not isinstance(info.value, AmbiguousRegionError)
    assert "Kabupaten Kubu Raya (61.12)" in str(info.value)
    with pytest.raises(UnknownRegionError, match="Kota Kendari \\(74.71\\)"):
        resolve_kabkota("Kendrai", province="74")
    with pytest.raises(UnknownRegionError) as info:
        resolve_kabkota("Kota Bandng")
    assert "Kota Bandung (32.73)" in str(info.value)
    assert str(info.value).count("(") <= 3


def test_unknown_name_without_anything_close():
    with pytest.raises(UnknownRegionError, match="tidak ada nama yang mirip"):
        resolve_kabkota("Atlantis")


def test_wrong_type_prefix_names_the_existing_one():
    with pytest.raises(UnknownRegionError, match="Kabupaten Kubu Raya \\(61.12"):
        resolve_kabkota("Kota Kubu Raya")


def test_kabkota_of_another_province_says_where_it_belongs():
    with pytest.raises(WrongProvinceError) as info:
        resolve_kabkota("Kubu Raya", province="74")
    err = info.value
    assert err.kode_kabkota == "61.12" and err.kode_provinsi == "61"
    assert "Sulawesi Tenggara" in str(err) and "Kalimantan Barat" in str(err)
    with pytest.raises(WrongProvinceError, match="Kalimantan Barat"):
        resolve_kabkota("61.12", province="74")


def test_papua_regency_given_under_its_old_province_mentions_the_split():
    with pytest.raises(WrongProvinceError, match="pemekaran 2022") as info:
        resolve_kabkota("Merauke", province="91")
    assert info.value.kode_provinsi == "93"


def test_old_papua_code_is_refused_with_the_new_code():
    with pytest.raises(UnknownRegionError, match="93.01"):
        resolve_kabkota("91.01")


@pytest.mark.parametrize("value", [6112, 61.12, 74.01])
def test_resolver_refuses_numbers(value):
    with pytest.raises(RegionCodeTypeError):
        resolve_kabkota(value)


@pytest.mark.parametrize("value", ["", "   ", "61.1", "99.99", "611"])
def test_blank_and_malformed_codes(value):
    with pytest.raises(UnknownRegionError):
        resolve_kabkota(value)


def test_every_official_and_short_name_resolves_to_its_own_code():
    kk = regions.kabkota()
    shared = kk.duplicated(["kode_provinsi", "nama_pendek"], keep=False)
    assert shared.sum() == 2 * 25  # Bogor, Malang, Solok, ... exist as kabupaten and kota
    for row, is_shared in zip(kk.itertuples(), shared, strict=True):
        assert resolve_kabkota(row.nama_kabkota) == row.kode_kabkota
        assert (
            resolve_kabkota(row.nama_kabkota.upper(), province=row.kode_provinsi)
            == row.kode_kabkota
        )
        assert resolve_kabkota(f"{row.jenis} {row.nama_pendek}") == row.kode_kabkota
        assert resolve_kabkota(row.kode_kabkota.replace(".", "")) == row.kode_kabkota
        if is_shared:
            with pytest.raises(AmbiguousRegionError):
                resolve_kabkota(row.nama_pendek, province=row.kode_provinsi)
        else:
            assert resolve_kabkota(row.nama_pendek, province=row.kode_provinsi) == row.kode_kabkota


# --------------------------------------------------------------------------- series


def test_series_resolution_aligns_codes_and_reports_errors_once():
    s = pd.Series(
        ["Kubu Raya", "KOTA PONTIANAK", None, "", "Atlantis", "Kubu Raya", "Kendari"],
        index=[10, 11, 12, 13, 14, 15, 16],
        name="kabkota",
    )
    res = regions.resolve_kabkota_detail(s, province="61")
    assert res.codes.dtype == "string"
    assert list(res.codes.index) == [10, 11, 12, 13, 14, 15, 16]
    assert res.codes.name == "kabkota"
    assert res.codes.tolist() == ["61.12", "61.71", pd.NA, pd.NA, pd.NA, "61.12", pd.NA]
    assert set(res.errors) == {"Atlantis", "Kendari"}
    assert "Sulawesi Tenggara" in res.errors["Kendari"]
    assert regions.resolve_kabkota_series(s, "61").equals(res.codes)


def test_series_resolution_of_a_large_column_is_fast():
    import time

    s = pd.Series(["Kubu Raya", "Kota Pontianak", "Sambas", "Bengkayang"] * 250_000)
    start = time.perf_counter()
    codes = regions.resolve_kabkota_series(s, province="61")
    elapsed = time.perf_counter() - start
    assert codes.notna().all()
    assert elapsed < 5  # one resolution per distinct value; ~0.2 s here


# --------------------------------------------------------------------------- lookups


def test_codes_and_province_of():
    codes = regions.kabkota_codes()
    assert isinstance(codes, frozenset) and len(codes) == 514
    assert "61.12" in codes and "91.01" not in codes
    assert regions.province_of("61.12") == "61"
    assert regions.kabkota_name("74.72") == "Kota Bau Bau"
    with pytest.raises(UnknownRegionError):
        regions.province_of("99.01")
    with pytest.raises(RegionCodeTypeError):
        regions.province_of(61.12)


# --------------------------------------------------------------------------- Papua split


def test_papua_split_table_covers_the_four_new_provinces():
    t = regions.papua_pemekaran()
    kk = regions.kabkota()
    new = kk[kk["kode_provinsi"].isin(["93", "94", "95", "96"])]
    assert set(t["kode_kabkota"]) == set(new["kode_kabkota"])
    assert len(t) == 26
    assert t.groupby("kode_provinsi")["kode_provinsi_lama"].unique().map(list).to_dict() == {
        "93": ["91"],
        "94": ["91"],
        "95": ["91"],
        "96": ["92"],
    }
    assert t["dasar_hukum"].str.contains("UU 14/2022").sum() == 4  # Papua Selatan: 4 kabupaten
    assert (
        t["dasar_hukum"].str.contains("UU 29/2022").sum() == 6
    )  # Papua Barat Daya incl. Kota Sorong
    # an old code that moved is never a current code, so mapping is unambiguous
    assert not set(t["kode_kabkota_lama"]) & regions.kabkota_codes()
    assert t["kode_kabkota_lama"].is_unique
    assert (t["kode_kabkota_lama"].str[:2] == t["kode_provinsi_lama"]).all()


def test_province_before_2022():
    assert regions.province_before_2022("93.01") == "91"  # Merauke
    assert regions.province_before_2022("95.01") == "91"  # Jayawijaya
    assert regions.province_before_2022("96.71") == "92"  # Kota Sorong
    assert regions.province_before_2022("91.71") == "91"  # Kota Jayapura stayed
    assert regions.province_before_2022("74.01") == "74"


def test_map_34_to_38_and_back():
    old = pd.Series(["91.01", "92.71", "91.03", "74.01", None])
    assert regions.map_34_to_38(old).tolist() == ["93.01", "96.71", "91.03", "74.01", pd.NA]
    prov = pd.Series(["93", "94", "95", "96", "91", "92", "74"])
    assert regions.map_38_to_34(prov).tolist() == ["91", "91", "91", "92", "91", "92", "74"]
    assert regions.province_38_to_34("Papua Barat Daya") == "92"


# --------------------------------------------------------------------------- alias table


def test_alias_table_generated_part_is_current():
    table = pd.read_csv(
        REFERENCE_DIR / regions.KABKOTA_ALIAS_FILE, dtype=str, keep_default_na=False
    )
    generated = table[table["keterangan"] == regions.GENERATED_NOTE].reset_index(drop=True)
    pd.testing.assert_frame_equal(generated, regions.generated_kabkota_aliases())
    manual = table[table["keterangan"] != regions.GENERATED_NOTE]
    assert len(manual) >= 100
    assert set(manual["kode_kabkota"]) <= regions.kabkota_codes()
    assert set(manual["jenis_alias"]) <= {"ejaan lain", "singkatan", "nama lama"}
