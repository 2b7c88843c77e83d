"""Indicators published by others (BPS, the ministry, Bappenas), not computed from Dinas
submissions: declared so their definitions and sources print with the others.
"""

from __future__ import annotations

from kumkm_utils.indicators.deklarasi.model import Indikator

_I = Indikator
INDIKATOR_EKSTERNAL: tuple[Indikator, ...] = (
    # ---- published by others (not computed from Dinas submissions)
    _I(
        "rasio_kewirausahaan",
        "Rasio kewirausahaan (wirausaha mapan)",
        "Rasio kewirausahaan",
        "%",
        "eksternal",
        "eksternal",
        None,
        desimal=2,
        sumber=("perpres_2_2022", "bps_sakernas"),
        definisi_tambahan="Wirausaha mapan (dibantu pekerja tetap/dibayar) dibagi angkatan "
        "kerja, dikali 100.",
    ),
    _I(
        "kontribusi_umkm_pdrb",
        "Kontribusi UMKM terhadap PDB/PDRB",
        "% PDB UMKM",
        "%",
        "eksternal",
        "eksternal",
        None,
        sumber=("kemenkop_rilis",),
        definisi_tambahan="Nilai tambah UMKM dibagi PDB/PDRB, dikali 100.",
    ),
    _I(
        "proporsi_umkm_akses_kredit",
        "Proporsi UMKM yang mengakses kredit formal",
        "% akses kredit",
        "%",
        "eksternal",
        "eksternal",
        None,
        sumber=("bappenas_kodref",),
        definisi_tambahan="UMKM yang memperoleh kredit lembaga keuangan formal dibagi seluruh "
        "UMKM, dikali 100.",
    ),
    _I(
        "rasio_kredit_umkm",
        "Rasio kredit UMKM terhadap total kredit perbankan",
        "Rasio kredit UMKM",
        "%",
        "eksternal",
        "eksternal",
        None,
        sumber=("kemenkop_rilis",),
        definisi_tambahan="Kredit UMKM dibagi total kredit perbankan, dikali 100.",
    ),
    _I(
        "umkm_onboarding_digital",
        "UMKM onboarding digital",
        "UMKM digital",
        "unit",
        "eksternal",
        "eksternal",
        None,
        desimal=0,
        sumber=("kemenkop_rilis",),
        definisi_tambahan="Jumlah UMKM yang masuk ekosistem/platform digital.",
    ),
    _I(
        "ekspor_umkm",
        "Kontribusi ekspor UMKM",
        "% ekspor UMKM",
        "%",
        "eksternal",
        "eksternal",
        None,
        sumber=("kemenkop_rilis",),
        definisi_tambahan="Ekspor UMKM dibagi total ekspor nonmigas, dikali 100.",
    ),
    _I(
        "usaha_mikro_formal",
        "Usaha mikro informal menjadi formal",
        "Mikro formal",
        "unit",
        "eksternal",
        "eksternal",
        None,
        desimal=0,
        sumber=("kemenkop_rilis",),
        definisi_tambahan="Jumlah usaha mikro yang memperoleh NIB dalam periode.",
    ),
    _I(
        "penyaluran_kur",
        "Penyaluran KUR (Rp)",
        "KUR",
        "Rp",
        "eksternal",
        "eksternal",
        None,
        sumber=("permenko_kur",),
        definisi_tambahan="Nilai Kredit Usaha Rakyat yang disalurkan (SIKP Kementerian Keuangan).",
    ),
    _I(
        "persen_koperasi_desa_rat",
        "Persentase koperasi desa/kelurahan yang RAT",
        "% kopdes RAT",
        "%",
        "eksternal",
        "eksternal",
        None,
        sumber=("bappenas_kodref",),
        definisi_tambahan="Koperasi desa/kelurahan yang RAT dibagi seluruh koperasi "
        "desa/kelurahan, dikali 100 (SIMKOPDES).",
    ),
)
"""The indicators published by others, in report order."""
