"""Synthetic programme realisation rows: provincial sub-kegiatan of urusan 2.17 per year.

Codes follow the provincial pattern ``2.17.0X.1.01.000N`` of ``docs``/``domain.md`` §2; the
names and output indicators are indicative (the SIPD list a province uses may differ).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kumkm_utils import regions
from kumkm_utils.sample.calibration import rng_for

SUBKEGIATAN: tuple[tuple[str, str, str, str], ...] = (
    ("2.17.01.1.01.0001", "Penyusunan Dokumen Perencanaan Perangkat Daerah", "Jumlah dokumen perencanaan", "dokumen"),
    ("2.17.01.1.02.0001", "Penyediaan Gaji dan Tunjangan ASN", "Jumlah ASN yang menerima gaji dan tunjangan", "orang"),
    ("2.17.01.1.06.0001", "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah", "Jumlah laporan penyediaan jasa", "laporan"),
    ("2.17.02.1.01.0001", "Penerbitan Izin Usaha Simpan Pinjam untuk Koperasi dengan Wilayah Keanggotaan Lintas Kabupaten/Kota", "Jumlah izin usaha simpan pinjam yang diterbitkan", "dokumen"),
    ("2.17.02.1.02.0001", "Penerbitan Izin Pembukaan Kantor Cabang, Cabang Pembantu dan Kantor Kas Koperasi Simpan Pinjam", "Jumlah izin kantor cabang yang diterbitkan", "dokumen"),
    ("2.17.03.1.01.0001", "Pemeriksaan dan Pengawasan Koperasi yang Wilayah Keanggotaannya Lintas Kabupaten/Kota", "Jumlah koperasi yang diperiksa", "koperasi"),
    ("2.17.03.1.01.0002", "Penguatan Tata Kelola Kelembagaan Koperasi", "Jumlah koperasi yang dibina tata kelolanya", "koperasi"),
    ("2.17.03.1.01.0003", "Pengawasan Kepatuhan Koperasi terhadap Peraturan Perundang-undangan", "Jumlah koperasi yang diawasi", "koperasi"),
    ("2.17.04.1.01.0001", "Penilaian Kesehatan KSP/USP Koperasi Lintas Kabupaten/Kota", "Jumlah KSP/USP yang dinilai kesehatannya", "unit"),
    ("2.17.04.1.01.0002", "Pemeringkatan Koperasi", "Jumlah koperasi yang diperingkat", "koperasi"),
    ("2.17.05.1.01.0001", "Peningkatan Pemahaman dan Kompetensi SDM Koperasi", "Jumlah SDM koperasi yang dilatih", "orang"),
    ("2.17.05.1.01.0002", "Pendidikan dan Pelatihan Perkoperasian bagi Pengurus, Pengawas dan Anggota", "Jumlah peserta diklat perkoperasian", "orang"),
    ("2.17.06.1.01.0001", "Pemberdayaan Koperasi yang Wilayah Keanggotaannya Lintas Kabupaten/Kota", "Jumlah koperasi yang diberdayakan", "koperasi"),
    ("2.17.06.1.01.0002", "Fasilitasi Akses Pembiayaan bagi Koperasi", "Jumlah koperasi yang difasilitasi pembiayaan", "koperasi"),
    ("2.17.06.1.01.0003", "Fasilitasi Pemasaran dan Promosi Produk Koperasi", "Jumlah koperasi yang difasilitasi pemasaran", "koperasi"),
    ("2.17.06.1.01.0004", "Pengembangan Kemitraan Koperasi", "Jumlah kemitraan koperasi yang terjalin", "kemitraan"),
    ("2.17.06.1.01.0005", "Pendampingan Pembentukan Koperasi Desa/Kelurahan", "Jumlah koperasi desa/kelurahan yang didampingi", "koperasi"),
    ("2.17.07.1.01.0001", "Pendataan Potensi dan Pengembangan Usaha Kecil", "Jumlah usaha kecil yang terdata", "unit usaha"),
    ("2.17.07.1.01.0002", "Fasilitasi Kemitraan Usaha Kecil dengan Usaha Menengah dan Besar", "Jumlah usaha kecil yang bermitra", "unit usaha"),
    ("2.17.07.1.01.0003", "Fasilitasi Kemudahan Perizinan Usaha Kecil", "Jumlah usaha kecil yang difasilitasi perizinannya", "unit usaha"),
    ("2.17.07.1.01.0004", "Penguatan Kelembagaan Usaha Kecil", "Jumlah kelompok usaha kecil yang diperkuat", "kelompok"),
    ("2.17.07.1.01.0005", "Koordinasi dan Sinkronisasi Pemberdayaan Usaha Kecil", "Jumlah dokumen koordinasi", "dokumen"),
    ("2.17.07.1.01.0006", "Pelatihan Kewirausahaan bagi Wirausaha Pemula", "Jumlah wirausaha pemula yang dilatih", "orang"),
    ("2.17.07.1.01.0007", "Fasilitasi Sertifikasi Halal dan Standardisasi Produk Usaha Kecil", "Jumlah produk yang difasilitasi sertifikasinya", "produk"),
    ("2.17.08.1.01.0001", "Pengembangan Usaha Kecil menjadi Usaha Menengah", "Jumlah usaha kecil yang naik kelas", "unit usaha"),
    ("2.17.08.1.01.0002", "Fasilitasi Pemasaran Digital dan Ekspor Usaha Kecil", "Jumlah usaha kecil yang go digital atau ekspor", "unit usaha"),
    ("2.17.08.1.01.0003", "Pendampingan Usaha Kecil melalui Pusat Layanan Usaha Terpadu", "Jumlah usaha kecil yang didampingi PLUT", "unit usaha"),
    ("2.17.08.1.01.0004", "Fasilitasi Akses Pembiayaan Usaha Kecil", "Jumlah usaha kecil yang mengakses pembiayaan", "unit usaha"),
    ("2.17.08.1.01.0005", "Fasilitasi UMKM sebagai Pemasok Program Makan Bergizi Gratis", "Jumlah UMKM pemasok SPPG yang difasilitasi", "unit usaha"),
)
"""(code, name, output indicator, unit) of the provincial sub-kegiatan used by the sample."""

PRIORITAS_2023 = ("PL-KUMKM", "MP-UMKM", "KWU", "NEW-PLUT", "KOP-PANGAN", "KEMISKINAN-EKSTREM")
PRIORITAS_2025 = ("ASTA-CITA", "MBG", "KDKMP")
_PRIORITY_OF = {
    "2.17.07.1.01.0001": ("PL-KUMKM", None), "2.17.07.1.01.0002": ("MP-UMKM", None),
    "2.17.06.1.01.0004": ("MP-UMKM", None), "2.17.07.1.01.0006": ("KWU", "ASTA-CITA"),
    "2.17.05.1.01.0001": ("KWU", None), "2.17.08.1.01.0003": ("NEW-PLUT", None),
    "2.17.06.1.01.0001": ("KOP-PANGAN", "KDKMP"), "2.17.06.1.01.0002": ("KOP-PANGAN", None),
    "2.17.07.1.01.0004": ("KEMISKINAN-EKSTREM", None), "2.17.08.1.01.0004": ("KEMISKINAN-EKSTREM", "ASTA-CITA"),
    "2.17.08.1.01.0005": (None, "MBG"), "2.17.07.1.01.0007": (None, "MBG"),
    "2.17.06.1.01.0005": (None, "KDKMP"), "2.17.03.1.01.0002": (None, "KDKMP"),
    "2.17.08.1.01.0001": ("NEW-PLUT", "ASTA-CITA"), "2.17.08.1.01.0002": ("MP-UMKM", "ASTA-CITA"),
}
_KENDALA = (
    "Pencairan anggaran terlambat", "Refocusing anggaran", "Keterbatasan tenaga pendamping",
    "Peserta kegiatan tidak memenuhi kuota", "Data sasaran belum valid", "Koordinasi dengan kab/kota belum optimal",
    "Proses pengadaan barang/jasa gagal lelang", "Kegiatan dijadwalkan ulang ke triwulan IV",
    "Efisiensi anggaran sesuai Inpres 1/2025", "Koperasi sasaran tidak aktif",
)


def generate(code: str, year: int, *, seed: int) -> pd.DataFrame:
    """Return the programme rows of one province and year (15–40 rows), in schema dtypes."""
    rng = rng_for(seed, code, "program", year)
    kabs = regions.kabkota(code)["kode_kabkota"].to_numpy()
    n_rows = int(rng.integers(15, 41))
    base_idx = np.sort(rng.choice(len(SUBKEGIATAN), size=min(len(SUBKEGIATAN), int(rng.integers(12, 22))), replace=False))
    # some priorities are deliberately absent in some provinces
    missing = set(rng.choice(PRIORITAS_2023 + PRIORITAS_2025, size=int(rng.integers(0, 3)), replace=False))
    keys: list[tuple[int, str, str | None]] = [(int(i), "APBD", None) for i in base_idx]
    seen = set(keys)
    extra_idx = np.array([i for i in base_idx if not SUBKEGIATAN[i][0].startswith("2.17.01")])
    while len(keys) < n_rows:
        i = int(rng.choice(extra_idx))
        prog = SUBKEGIATAN[i][0][:7]
        r = rng.random()
        if r < 0.3 and prog in ("2.17.05", "2.17.07", "2.17.08"):
            key = (i, "DAK Nonfisik", None)
        elif r < 0.4:
            key = (i, "Dekonsentrasi", None)
        elif r < 0.45:
            key = (i, "Lainnya", None)
        else:
            key = (i, "APBD", str(rng.choice(kabs)))
        if key not in seen:
            seen.add(key)
            keys.append(key)
    rows = []
    for i, sumber, kab in keys:
        kode, nama, indikator, satuan = SUBKEGIATAN[i]
        pagu = float(np.clip(round(rng.lognormal(np.log(4e8), 0.9), -3), 2.5e7, 4.5e9))
        u = rng.random()
        if u < 0.05:
            ratio = rng.uniform(0.05, 0.4)
        elif u < 0.08:
            ratio = rng.uniform(1.01, 1.08)
        else:
            ratio = 0.7 + 0.3 * rng.beta(3, 1.5)
        target = float(rng.integers(1, 50) * (10 if satuan in ("orang", "unit usaha") else 1))
        fisik = float(round(target * min(1.2, max(0.0, ratio + rng.normal(0.02, 0.08)))))
        prio = None
        pair = _PRIORITY_OF.get(kode)
        if pair and year >= 2023 and rng.random() < 0.8:
            prio = pair[0] if year < 2025 else pair[1]
            if prio in missing:
                prio = None
        kendala = str(rng.choice(_KENDALA)) if (ratio < 0.5 or rng.random() < 0.2) else None
        rows.append({
            "kode_provinsi": code, "tahun": year, "kode_subkegiatan": kode, "sumber_dana": sumber,
            "kode_kabkota": kab, "nama_subkegiatan": nama, "pagu_rp": pagu,
            "realisasi_keuangan_rp": float(round(pagu * ratio, -3)), "indikator_keluaran": indikator,
            "satuan": satuan, "target": target, "realisasi_fisik": fisik,
            "prioritas_nasional": prio, "kendala": kendala,
        })
    frame = pd.DataFrame(rows).sort_values(["kode_subkegiatan", "sumber_dana", "kode_kabkota"],
                                           na_position="first", kind="stable")
    return frame.reset_index(drop=True).astype({
        "kode_provinsi": "string", "tahun": "Int64", "kode_subkegiatan": "string", "sumber_dana": "string",
        "kode_kabkota": "string", "nama_subkegiatan": "string", "pagu_rp": "Float64",
        "realisasi_keuangan_rp": "Float64", "indikator_keluaran": "string", "satuan": "string",
        "target": "Float64", "realisasi_fisik": "Float64", "prioritas_nasional": "string", "kendala": "string",
    })
