"""Write the corpus of deliberately broken submission files in tests/data/bad/.

Run ``python tests/data/make_bad_corpus.py`` to regenerate; the output is committed. Each file
``<name>.<ext>`` gets a sidecar ``<name>.expected.json`` stating, worked out by hand from how the
file is built here:

- ``dataset`` and the counts ``rows_read``, ``rows_loaded``, ``rows_rejected``,
  ``rows_non_data`` (title, header, blank and total rows are non-data);
- ``problems``: the exact list of ``[row, column, rule, severity]`` the file must produce
  (``row`` is the row number seen in Excel / the CSV line; null for file-level problems);
- ``file_error``: for unreadable files, a phrase the error message must contain;
- ``options``: extra ingest options (e.g. ``province``).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl

OUT = Path(__file__).resolve().parent / "bad"

KOP_HEADER = [
    "NIK koperasi",
    "Tahun",
    "Nama koperasi",
    "Kode kabupaten/kota",
    "Jenis koperasi",
    "Kelompok koperasi",
    "Status koperasi",
    "RAT dilaksanakan",
    "Tanggal RAT",
    "Anggota laki-laki",
    "Anggota perempuan",
    "Manajer",
    "Karyawan",
    "Modal sendiri (Rp)",
    "Modal luar (Rp)",
    "Aset (Rp)",
    "Volume usaha (Rp)",
    "SHU (Rp)",
    "Memiliki usaha simpan pinjam",
    "Predikat kesehatan",
    "Koperasi bermasalah",
]
K = {
    name: i
    for i, name in enumerate(
        [
            "nik_koperasi",
            "tahun",
            "nama_koperasi",
            "kode_kabkota",
            "jenis_koperasi",
            "kelompok_koperasi",
            "status_koperasi",
            "rat_dilaksanakan",
            "tanggal_rat",
            "anggota_laki_laki",
            "anggota_perempuan",
            "manajer",
            "karyawan",
            "modal_sendiri_rp",
            "modal_luar_rp",
            "aset_rp",
            "volume_usaha_rp",
            "shu_rp",
            "punya_usp",
            "predikat_kesehatan",
            "bermasalah",
        ]
    )
}
UMKM_HEADER = [
    "ID UMKM",
    "Tahun",
    "NIB",
    "Kode kabupaten/kota",
    "Kategori KBLI",
    "Kode KBLI",
    "Skala usaha",
    "Modal usaha (Rp)",
    "Hasil penjualan tahunan (Rp)",
    "Tenaga kerja",
    "Jenis kelamin pemilik",
    "Kelompok umur pemilik",
    "Sertifikat halal",
    "Izin PIRT",
    "Sertifikat SNI",
    "Pemasaran digital",
    "Eksportir",
    "Potensi pemasok MBG",
]
PROG_HEADER = [
    "Kode provinsi",
    "Tahun",
    "Kode sub kegiatan",
    "Sumber dana",
    "Lokasi (kode kab/kota)",
    "Nama sub kegiatan",
    "Pagu (Rp)",
    "Realisasi keuangan (Rp)",
    "Indikator keluaran",
    "Satuan",
    "Target",
    "Realisasi fisik",
    "Prioritas nasional",
    "Kendala/keterangan",
]
MAKRO_HEADER = [
    "Kode provinsi",
    "Tahun",
    "PDRB ADHB (Rp)",
    "PDRB ADHK (Rp)",
    "Jumlah penduduk",
    "Angkatan kerja",
    "Sumber",
]

CASES: dict[str, dict] = {}


def kop(i: int, **changes: object) -> list[object]:
    """A valid cooperative row of Sulawesi Tenggara, book year 2024 (RAT on 15 March 2025)."""
    row: list[object] = [
        f"7401{i:06d}",
        "2024",
        f"Koperasi Contoh {i}",
        "Kolaka",
        "Konsumen",
        "KSU",
        "Aktif",
        "Ya",
        "15/03/2025",
        "10",
        "12",
        "1",
        "2",
        "10.000.000",
        "5.000.000",
        "20.000.000",
        "30.000.000",
        "1.500.000",
        "Tidak",
        "",
        "Tidak",
    ]
    for key, value in changes.items():
        row[K[key]] = value
    return row


def umkm(i: int, **changes: object) -> list[object]:
    """A valid UMKM row (Mikro: modal Rp50 jt, omzet Rp300 jt)."""
    cols = [
        "id_umkm",
        "tahun",
        "nib",
        "kode_kabkota",
        "kategori_kbli",
        "kbli",
        "skala_usaha",
        "modal_usaha_rp",
        "omzet_tahunan_rp",
        "tenaga_kerja",
        "jenis_kelamin_pemilik",
        "kelompok_umur_pemilik",
        "sertifikat_halal",
        "izin_pirt",
        "sertifikat_sni",
        "pemasaran_digital",
        "eksportir",
        "potensi_pemasok_mbg",
    ]
    row: list[object] = [
        f"7401-{i:06d}",
        "2024",
        f"912000123{i:04d}",
        "Kolaka",
        "G",
        "47111",
        "Mikro",
        "50.000.000",
        "300.000.000",
        "3",
        "Perempuan",
        "31-45",
        "Ya",
        "Tidak",
        "Tidak",
        "Ya",
        "Tidak",
        "Ya",
    ]
    for key, value in changes.items():
        row[cols.index(key)] = value
    return row


def prog(i: int, **changes: object) -> list[object]:
    cols = [
        "kode_provinsi",
        "tahun",
        "kode_subkegiatan",
        "sumber_dana",
        "kode_kabkota",
        "nama_subkegiatan",
        "pagu_rp",
        "realisasi_keuangan_rp",
        "indikator_keluaran",
        "satuan",
        "target",
        "realisasi_fisik",
        "prioritas_nasional",
        "kendala",
    ]
    kab = ["74.01", "74.02", "74.03", "74.04", "74.05"][i % 5]
    row: list[object] = [
        "74",
        "2024",
        "2.17.07.1.01.0003",
        "APBD",
        kab,
        "Fasilitasi perizinan",
        "100.000.000",
        "80.000.000",
        "Jumlah usaha",
        "unit usaha",
        "100",
        "85",
        "MBG",
        "",
    ]
    for key, value in changes.items():
        row[cols.index(key)] = value
    return row


def makro(year: int, prov: str = "62") -> list[object]:
    return [
        prov,
        str(year),
        "200.000.000.000.000",
        "150.000.000.000.000",
        "2.700.000",
        "1.400.000",
        "BPS Provinsi",
    ]


def write_csv(
    name: str,
    header: list[str],
    rows: list[list[object]],
    *,
    sep: str = ";",
    preamble: list[str] = (),
    encoding: str = "utf-8",
) -> None:
    with (OUT / name).open("w", encoding=encoding, newline="") as fh:
        for line in preamble:
            fh.write(line + "\r\n")
        writer = csv.writer(fh, delimiter=sep, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_xlsx(
    name: str,
    header: list[str],
    rows: list[list[object]],
    *,
    title: str | None = None,
    blank_after_title: bool = False,
) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
        if blank_after_title:
            ws.append([])
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(OUT / name)
    return wb


def case(
    name: str,
    dataset: str | None,
    read: int,
    loaded: int,
    rejected: int,
    non_data: int,
    problems: list[list[object]] = (),
    *,
    file_error: str | None = None,
    options: dict | None = None,
    synthetic: bool | None = None,
    note: str = "",
    **checks: object,
) -> None:
    CASES[name] = {
        "dataset": dataset,
        "rows_read": read,
        "rows_loaded": loaded,
        "rows_rejected": rejected,
        "rows_non_data": non_data,
        "problems": [list(p) for p in problems],
        "file_error": file_error,
        "options": options or {},
        "is_synthetic": synthetic,
        "note": note,
        # Optional further checks (tests/test_ingest_corpus.py): "skipped_sheets" (names of the
        # sheets not loaded), "messages" ([row, column, phrase the message contains]),
        # "stored_absent" / "stored_present" (texts that must not / must appear in the stored
        # rows).
        **checks,
    }


def build() -> None:
    # 1. Title rows, blank rows and a JUMLAH row around three good rows (Excel).
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["DATA SINTETIS — Data koperasi Sulawesi Tenggara 2024"])
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(KOP_HEADER)
    for i in range(3):
        ws.append(kop(i))
    ws.append([])
    ws.append(["JUMLAH", None, None, None, None, None, None, None, None, 30])
    wb.save(OUT / "koperasi_judul_total.xlsx")
    case(
        "koperasi_judul_total.xlsx",
        "koperasi",
        8,
        3,
        0,
        5,
        [[8, None, "baris total", "info"]],
        synthetic=True,
        note="title row 1, blank 2, header 3, data 4-6, blank 7, JUMLAH 8",
    )

    # 2. Indonesian number formats, ';' separator: all valid.
    write_csv(
        "koperasi_angka_indonesia.csv",
        KOP_HEADER,
        [
            kop(
                1, modal_sendiri_rp="1.234.567,89", aset_rp="Rp 1.250.000", volume_usaha_rp="1,2 M"
            ),
            kop(2, modal_sendiri_rp="1234567", aset_rp="2,5 miliar", volume_usaha_rp="750 jt"),
            kop(3, modal_sendiri_rp="-", aset_rp="Rp 1.250.000,-", volume_usaha_rp="1,5 juta"),
        ],
    )
    case(
        "koperasi_angka_indonesia.csv",
        "koperasi",
        4,
        3,
        0,
        1,
        [
            # 1,2 M and friends: accepted, never silently (a warning shows the cell).
            [2, "volume_usaha_rp", "singkatan angka", "warning"],
            [3, "aset_rp", "singkatan angka", "warning"],
            [3, "volume_usaha_rp", "singkatan angka", "warning"],
            [4, "volume_usaha_rp", "singkatan angka", "warning"],
            # '-' is nil (0), as in BPS tables: noted.
            [4, "modal_sendiri_rp", "tanda - (nihil)", "info"],
        ],
    )

    # 3. English number formats, ',' separator: all valid.
    write_csv(
        "koperasi_angka_inggris.csv",
        KOP_HEADER,
        [
            kop(1, modal_sendiri_rp="1,234,567.89", aset_rp="1,250,000", volume_usaha_rp="12.5"),
            kop(2, modal_sendiri_rp="1,000", aset_rp="2,000,000.00", volume_usaha_rp="3"),
        ],
        sep=",",
    )
    case("koperasi_angka_inggris.csv", "koperasi", 3, 2, 0, 1)

    # 4. A number written in words.
    write_xlsx(
        "koperasi_angka_salah.xlsx", KOP_HEADER, [kop(1), kop(2, modal_sendiri_rp="seratus ribu")]
    )
    case(
        "koperasi_angka_salah.xlsx",
        "koperasi",
        3,
        1,
        1,
        1,
        [[3, "modal_sendiri_rp", "format angka", "error"]],
    )

    # 5. Negative assets (error) and negative SHU (allowed).
    write_csv(
        "koperasi_negatif.csv",
        KOP_HEADER,
        [kop(1, aset_rp="-5.000"), kop(2, shu_rp="-1.000.000"), kop(3)],
    )
    case("koperasi_negatif.csv", "koperasi", 4, 2, 1, 1, [[2, "aset_rp", "tidak negatif", "error"]])

    # 6. Key duplicate within the file: line 4 repeats line 2.
    write_csv("koperasi_duplikat.csv", KOP_HEADER, [kop(1), kop(2), kop(1, nama_koperasi="Lagi")])
    case(
        "koperasi_duplikat.csv", "koperasi", 4, 2, 1, 1, [[4, "nik_koperasi", "duplikat", "error"]]
    )

    # 7. Two files of one province and year sharing a key (checked together in a test).
    write_csv("koperasi_silang_a.csv", KOP_HEADER, [kop(10), kop(11)])
    case("koperasi_silang_a.csv", "koperasi", 3, 2, 0, 1)
    write_csv("koperasi_silang_b.csv", KOP_HEADER, [kop(11), kop(12)])
    case(
        "koperasi_silang_b.csv",
        "koperasi",
        3,
        2,
        0,
        1,
        note="alone it is clean; after koperasi_silang_a.csv line 2 is a duplicate",
    )

    # 8. A kab/kota of another province (Kubu Raya, Kalimantan Barat) in a Sultra file.
    write_xlsx(
        "koperasi_provinsi_lain.xlsx",
        KOP_HEADER,
        [kop(1), kop(2, kode_kabkota="Kota Kendari"), kop(3, kode_kabkota="Kubu Raya")],
    )
    case(
        "koperasi_provinsi_lain.xlsx",
        "koperasi",
        4,
        2,
        1,
        1,
        [[4, "kode_kabkota", "provinsi", "error"]],
    )

    # 9. An unknown kab/kota.
    write_csv(
        "koperasi_kabkota_tidak_dikenal.csv", KOP_HEADER, [kop(1), kop(2, kode_kabkota="Atlantis")]
    )
    case(
        "koperasi_kabkota_tidak_dikenal.csv",
        "koperasi",
        3,
        1,
        1,
        1,
        [[3, "kode_kabkota", "wilayah", "error"]],
    )

    # 10. A 16-digit citizen NIK typed as NIK koperasi.
    write_csv("koperasi_nik_ktp.csv", KOP_HEADER, [kop(1, nik_koperasi="7401234567890123"), kop(2)])
    case(
        "koperasi_nik_ktp.csv",
        "koperasi",
        3,
        1,
        1,
        1,
        [[2, "nik_koperasi", "NIK kependudukan", "error"]],
    )

    # 11. RAT dates: before the book year ends (error), late (warning), missing while held (error).
    write_csv(
        "koperasi_tanggal_rat.csv",
        KOP_HEADER,
        [
            kop(1, tanggal_rat="01/12/2024"),
            kop(2, tanggal_rat="1 Agustus 2025"),
            kop(3, tanggal_rat=""),
            kop(4, tanggal_rat="21 Nov 2024"),
            kop(5, tanggal_rat="2025-06-30"),
        ],
    )
    case(
        "koperasi_tanggal_rat.csv",
        "koperasi",
        6,
        2,
        3,
        1,
        [
            [2, "tanggal_rat", "tanggal RAT", "error"],
            [3, "tanggal_rat", "RAT terlambat", "warning"],
            [4, "tanggal_rat", "tanggal RAT", "error"],
            [5, "tanggal_rat", "tanggal RAT", "error"],
        ],
    )

    # 12. Unreadable date, boolean and coded value.
    write_csv(
        "koperasi_format_salah.csv",
        KOP_HEADER,
        [
            kop(1, tanggal_rat="kemarin"),
            kop(2, rat_dilaksanakan="mungkin"),
            kop(3, jenis_koperasi="Koperasi Desa"),
            kop(4, jenis_koperasi="simpan pinjam"),
        ],
    )
    case(
        "koperasi_format_salah.csv",
        "koperasi",
        5,
        1,
        3,
        1,
        [
            [2, "tanggal_rat", "format tanggal", "error"],
            [3, "rat_dilaksanakan", "format Ya/Tidak", "error"],
            [4, "jenis_koperasi", "nilai kode", "error"],
        ],
    )

    # 13. A required value left blank and a fractional member count.
    write_csv(
        "koperasi_wajib_kosong.csv",
        KOP_HEADER,
        [kop(1, nama_koperasi="  "), kop(2, anggota_laki_laki="12,5"), kop(3)],
    )
    case(
        "koperasi_wajib_kosong.csv",
        "koperasi",
        4,
        1,
        2,
        1,
        [
            [2, "nama_koperasi", "wajib diisi", "error"],
            [3, "anggota_laki_laki", "bilangan bulat", "error"],
        ],
    )

    # 14. A required column missing altogether: every data row is rejected.
    header = [h for h in KOP_HEADER if h != "Nama koperasi"]
    write_csv(
        "koperasi_kolom_hilang.csv",
        header,
        [[c for j, c in enumerate(kop(i)) if j != K["nama_koperasi"]] for i in range(3)],
    )
    case(
        "koperasi_kolom_hilang.csv",
        "koperasi",
        4,
        0,
        3,
        1,
        [[None, "nama_koperasi", "kolom wajib", "error"]],
    )

    # 15. Formula without a stored value (openpyxl stores no cached results).
    wb = write_xlsx("koperasi_rumus.xlsx", KOP_HEADER, [kop(1), kop(2)])
    ws = wb.active
    ws.cell(row=3, column=K["modal_sendiri_rp"] + 1, value="=N2*2")
    wb.save(OUT / "koperasi_rumus.xlsx")
    case("koperasi_rumus.xlsx", "koperasi", 3, 1, 1, 1, [[3, "modal_sendiri_rp", "rumus", "error"]])

    # 16. Formula-looking and HTML text stays plain text (loaded, no problems).
    write_csv(
        "koperasi_teks_berbahaya.csv",
        KOP_HEADER,
        [
            kop(1, nama_koperasi='=HYPERLINK("http://contoh.invalid","klik")'),
            kop(2, nama_koperasi="<script>alert(1)</script>"),
            kop(3, nama_koperasi="../../etc/passwd"),
        ],
    )
    case("koperasi_teks_berbahaya.csv", "koperasi", 4, 3, 0, 1)

    # 17. A text cell over the 2,000-character cap.
    write_csv("koperasi_teks_panjang.csv", KOP_HEADER, [kop(1, nama_koperasi="A" * 2500), kop(2)])
    case(
        "koperasi_teks_panjang.csv",
        "koperasi",
        3,
        1,
        1,
        1,
        [[2, "nama_koperasi", "panjang teks", "error"]],
    )

    # 18. Ragged row: more fields than the header.
    write_csv("koperasi_kolom_lebih.csv", KOP_HEADER, [kop(1), kop(2) + ["lebih", "lagi"]])
    case("koperasi_kolom_lebih.csv", "koperasi", 3, 1, 1, 1, [[3, None, "jumlah kolom", "error"]])

    # 19. Header variants, header on line 3 after comment lines, UTF-8 BOM, synthetic marker.
    variants = [
        "NIK_KOPERASI",
        "tahun ",
        "nama koperasi ",
        "Kabupaten/Kota",
        "JENIS KOPERASI",
        "Kelompok Koperasi",
        "Status",
        "RAT",
        "Tgl RAT",
        *KOP_HEADER[9:],
    ]
    write_csv(
        "koperasi_kepala_varian.csv",
        variants,
        [kop(1), kop(2)],
        preamble=["# DATA SINTETIS — contoh", "# dibuat untuk uji"],
        encoding="utf-8-sig",
    )
    case("koperasi_kepala_varian.csv", "koperasi", 5, 2, 0, 3, synthetic=True)

    # 20. cp1252 encoded with an accented name.
    write_csv(
        "koperasi_cp1252.csv",
        KOP_HEADER,
        [kop(1, nama_koperasi="Koperasi Sejahtera Pérsada")],
        encoding="cp1252",
    )
    case("koperasi_cp1252.csv", "koperasi", 2, 1, 0, 1)

    # 21. Total rows spelled differently, in the NIK and the name cells.
    write_xlsx(
        "koperasi_total_varian.xlsx",
        KOP_HEADER,
        [
            kop(1),
            kop(2),
            ["TOTAL"] + [None] * 12 + [20_000_000],
            [None, None, "Jumlah Total"] + [None] * 10 + [20_000_000],
        ],
    )
    case(
        "koperasi_total_varian.xlsx",
        "koperasi",
        5,
        2,
        0,
        3,
        [[4, None, "baris total", "info"], [5, None, "baris total", "info"]],
    )

    # 22. Excel typed cells: numeric NIK koperasi, datetime and serial RAT dates, TRUE booleans.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(KOP_HEADER)
    r1 = kop(1, tahun=2024, tanggal_rat=dt.datetime(2025, 3, 21), anggota_laki_laki=10)
    r1[K["nik_koperasi"]] = 7401000001
    r2 = kop(2, tahun=2024, tanggal_rat=45737, modal_sendiri_rp=12500000.5)
    ws.append(r1)
    ws.append(r2)
    wb.save(OUT / "koperasi_sel_excel.xlsx")
    case("koperasi_sel_excel.xlsx", "koperasi", 3, 2, 0, 1)

    # 23. UMKM: NIB typed as a number that lost its leading zero, and in scientific notation.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(UMKM_HEADER)
    ws.append(umkm(1))
    bad = umkm(2)
    bad[2] = 912000123456  # 12 digits: leading zero lost
    ws.append(bad)
    ws.append(umkm(3, nib="9.12E+12"))
    wb.save(OUT / "umkm_nib.xlsx")
    case(
        "umkm_nib.xlsx",
        "umkm",
        4,
        1,
        2,
        1,
        [[3, "nib", "NIB nol depan", "error"], [4, "nib", "format kode", "error"]],
    )

    # 24. UMKM size class inconsistent with sales (warning) and derived when blank.
    write_csv(
        "umkm_skala.csv",
        UMKM_HEADER,
        [
            umkm(1, omzet_tahunan_rp="20 M", modal_usaha_rp=""),
            umkm(2, skala_usaha=""),
            umkm(3, jenis_kelamin_pemilik="L", kelompok_umur_pemilik="70"),
        ],
    )
    case(
        "umkm_skala.csv",
        "umkm",
        4,
        2,
        1,
        1,
        [
            [2, "skala_usaha", "skala usaha", "warning"],
            [2, "omzet_tahunan_rp", "singkatan angka", "warning"],
            [4, "kelompok_umur_pemilik", "nilai kode", "error"],
        ],
    )

    # 25. Programme realisation above the ceiling (warning) and a bad nomenclature code.
    write_xlsx(
        "program_realisasi.xlsx",
        PROG_HEADER,
        [
            prog(1, realisasi_keuangan_rp="120.000.000"),
            prog(2, kode_subkegiatan="2.18.01.1.01"),
            prog(3),
        ],
    )
    case(
        "program_realisasi.xlsx",
        "program",
        4,
        2,
        1,
        1,
        [
            [2, "realisasi_keuangan_rp", "realisasi > pagu", "warning"],
            [3, "kode_subkegiatan", "format", "error"],
        ],
    )

    # 26. Macro data of one province with a row of another province.
    write_csv(
        "makro_provinsi_campur.csv", MAKRO_HEADER, [makro(2023), makro(2024), makro(2024, "74")]
    )
    case(
        "makro_provinsi_campur.csv",
        "makro",
        4,
        2,
        1,
        1,
        [[4, "kode_provinsi", "provinsi", "error"]],
    )

    # 27. The province option overrides the majority: here every row is of another province.
    write_csv("makro_opsi_provinsi.csv", MAKRO_HEADER, [makro(2024)])
    case(
        "makro_opsi_provinsi.csv",
        "makro",
        2,
        0,
        1,
        1,
        [[2, "kode_provinsi", "provinsi", "error"]],
        options={"province": "74"},
    )

    # 28. Macro-enabled workbook.
    shutil.copy(OUT / "koperasi_angka_salah.xlsx", OUT / "koperasi_makro.xlsm")
    with zipfile.ZipFile(OUT / "koperasi_makro.xlsm", "a") as zf:
        zf.writestr("xl/vbaProject.bin", b"\x00fake vba project")
    case(
        "koperasi_makro.xlsm", None, 0, 0, 0, 0, [[None, None, "file", "error"]], file_error="makro"
    )

    # 29. Password-protected workbook: an OLE2 container with an EncryptedPackage stream.
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    )
    (OUT / "koperasi_sandi.xlsx").write_bytes(ole + b"\x00" * 1024)
    case(
        "koperasi_sandi.xlsx",
        None,
        0,
        0,
        0,
        0,
        [[None, None, "file", "error"]],
        file_error="kata sandi",
    )

    # 30. Legacy .xls (OLE2 without encryption).
    (OUT / "koperasi_lama.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2048)
    case("koperasi_lama.xls", None, 0, 0, 0, 0, [[None, None, "file", "error"]], file_error=".xls")

    # 31. A text file named .xlsx.
    (OUT / "koperasi_palsu.xlsx").write_text("ini bukan workbook\n", encoding="utf-8")
    case(
        "koperasi_palsu.xlsx",
        None,
        0,
        0,
        0,
        0,
        [[None, None, "file", "error"]],
        file_error="bukan .xlsx",
    )

    # 32. An unsupported format.
    (OUT / "koperasi_foto.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    case(
        "koperasi_foto.png",
        None,
        0,
        0,
        0,
        0,
        [[None, None, "file", "error"]],
        file_error="tidak didukung",
    )

    # 33. A CSV without a recognisable header.
    write_csv("koperasi_tanpa_kepala.csv", ["a", "b", "c"], [["1", "2", "3"]])
    case(
        "koperasi_tanpa_kepala.csv",
        None,
        0,
        0,
        0,
        0,
        [[None, None, "file", "error"]],
        file_error="kepala tabel tidak ditemukan",
    )

    # 34. An empty file.
    (OUT / "umkm_kosong.csv").write_bytes(b"")
    case("umkm_kosong.csv", None, 0, 0, 0, 0, [[None, None, "file", "error"]], file_error="kosong")

    # 35. Merged kab/kota cells over data rows are filled down (Excel).
    wb = write_xlsx(
        "koperasi_sel_gabung.xlsx",
        KOP_HEADER,
        [kop(1), kop(2, kode_kabkota=None), kop(3, kode_kabkota=None)],
    )
    ws = wb.active
    ws.merge_cells(
        start_row=2, start_column=K["kode_kabkota"] + 1, end_row=4, end_column=K["kode_kabkota"] + 1
    )
    wb.save(OUT / "koperasi_sel_gabung.xlsx")
    case("koperasi_sel_gabung.xlsx", "koperasi", 4, 3, 0, 1)
    build_issue11()


NIK_FORMS = [
    "7471 0123 4567 8901",
    "7471-0123-4567-8901",
    "7471.0123.4567.8901",
    "7471012345678901",
]
"""A citizen NIK as clerks write it: grouped by spaces, dashes, dots, or plain."""


def build_issue11() -> None:
    """Cases of issue 11: sheets, NIK in free text, control characters, '-', messages."""
    # 28. One sheet per kab/kota, a REKAP sheet that totals them, a sheet gathering all rows
    # (named like a data sheet), and a sheet of notes. Every sheet is accounted for.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "REKAP"
    ws.append(["Kab/Kota", "Jumlah koperasi", "Anggota laki-laki", "Anggota perempuan"])
    ws.append(["Kolaka", 2, 20, 24])
    ws.append(["Konawe", 3, 30, 36])
    ws.append(["Kolaka Utara", 2, 20, 24])
    kolaka = [kop(1), kop(2)]
    konawe = [kop(i, kode_kabkota="Konawe") for i in (3, 4, 5)]
    utara = [kop(6, kode_kabkota="Kolaka Utara"), kop(7, kode_kabkota="Kolaka Utara", aset_rp="-5")]
    ws = wb.create_sheet("Kolaka")
    ws.append(["Data koperasi Kabupaten Kolaka 2024"])
    ws.append(KOP_HEADER)
    for r in kolaka:
        ws.append(r)
    ws = wb.create_sheet("Konawe")
    ws.append(KOP_HEADER)
    for r in konawe:
        ws.append(r)
    ws.append([])
    ws.append(["JUMLAH"])
    ws = wb.create_sheet("Kolaka Utara")
    ws.append(KOP_HEADER)
    for r in utara:
        ws.append(r)
    ws = wb.create_sheet("Sheet5")
    ws.append(KOP_HEADER)
    for r in kolaka + konawe + utara:
        ws.append(r)
    ws = wb.create_sheet("Catatan")
    ws.append(["Isi satu sheet per kabupaten/kota."])
    ws.append(["Angka ditulis lengkap dalam rupiah."])
    wb.save(OUT / "koperasi_sheet_kabkota.xlsx")
    case(
        "koperasi_sheet_kabkota.xlsx",
        "koperasi",
        # read: REKAP 4 + Kolaka 4 + Konawe 6 + Kolaka Utara 3 + Sheet5 8 + Catatan 2
        27,
        6,
        1,
        # non-data: titles/headers/blank/JUMLAH 2 + 3 + 1, and the skipped sheets 4 + 8 + 2
        20,
        [
            [None, None, "sheet dilewati", "info"],
            [None, None, "sheet dilewati", "info"],
            [None, None, "sheet dilewati", "info"],
            [6, None, "baris total", "info"],
            [3, "aset_rp", "tidak negatif", "error"],
        ],
        skipped_sheets=["REKAP", "Sheet5", "Catatan"],
        note="a sheet per kab/kota: all read; REKAP and a gathering sheet not double counted",
    )

    # 29. A citizen NIK in free text, in every grouping: masked before it is stored; NIB,
    # a koperasi registration number, region codes and amounts in the same text are kept.
    write_csv(
        "koperasi_nik_teks.csv",
        KOP_HEADER,
        [
            *(kop(i + 1, nama_koperasi=f"Koperasi Ketua {nik}") for i, nik in enumerate(NIK_FORMS)),
            kop(
                5,
                nama_koperasi="Kop NIB 9120001234567 BH 518/BH/XXIV/2019 wil 74.01 "
                "modal Rp 1.234.567.890.123.456",
            ),
        ],
    )
    case(
        "koperasi_nik_teks.csv",
        "koperasi",
        6,
        5,
        0,
        1,
        [[r, "nama_koperasi", "NIK disamarkan", "warning"] for r in (2, 3, 4, 5)],
        stored_absent=[*NIK_FORMS, "4567 8901", "4567-8901", "4567.8901", "456789"],
        stored_present=["9120001234567", "518/BH/XXIV/2019", "74.01", "1.234.567.890.123.456"],
    )

    # 30. Control characters cell by cell: NUL in the first line and far down (beyond the
    # first 64 KiB), VT, ESC, a C1 control and U+202E: removed, the rows loaded and named.
    rows = [kop(i) for i in range(1, 1501)]
    rows[0][K["nama_koperasi"]] = "Koperasi\x00 Nul"
    rows[1][K["nama_koperasi"]] = "Koperasi\x0bTab"
    rows[2][K["nama_koperasi"]] = "Koperasi \x1b[31mMerah"
    rows[3][K["nama_koperasi"]] = "Koperasi \x85C1"
    rows[4][K["nama_koperasi"]] = "Koperasi \u202eabaliB"
    rows[1399][K["nama_koperasi"]] = "Koperasi jauh\x00"
    rows[1400][K["anggota_laki_laki"]] = "1\x000"
    write_csv("koperasi_kendali.csv", KOP_HEADER, rows)
    case(
        "koperasi_kendali.csv",
        "koperasi",
        1501,
        1500,
        0,
        1,
        [
            *([r, "nama_koperasi", "karakter kendali", "warning"] for r in (2, 3, 4, 5, 6, 1401)),
            [1402, "anggota_laki_laki", "karakter kendali", "warning"],
        ],
        stored_absent=["\x00", "\x0b", "\x1b", "\x85", "\u202e"],
        stored_present=["Koperasi jauh", "Koperasi [31mMerah"],
    )

    # 31. A UTF-16 file (NUL bytes everywhere): refused with what to do, not read as garbage.
    (OUT / "koperasi_utf16.csv").write_bytes(
        (";".join(KOP_HEADER) + "\r\n" + ";".join(kop(1)) + "\r\n").encode("utf-16")
    )
    case(
        "koperasi_utf16.csv",
        None,
        0,
        0,
        0,
        0,
        [[None, None, "file", "error"]],
        file_error="UTF-8",
    )

    # 32. Year and NIB messages a clerk understands (no regular expression, no money hint).
    write_csv(
        "umkm_pesan.csv",
        UMKM_HEADER,
        [
            umkm(1, tahun="20245"),
            umkm(2, tahun="2O24"),
            umkm(3, nib="91200012345"),
            umkm(4),
            umkm(5, jenis_kelamin_pemilik="#N/A"),
        ],
    )
    case(
        "umkm_pesan.csv",
        "umkm",
        6,
        2,
        3,
        1,
        [
            [2, "tahun", "tahun", "error"],
            [3, "tahun", "format angka", "error"],
            [4, "nib", "format", "error"],
            [6, "jenis_kelamin_pemilik", "#N/A", "warning"],
        ],
        messages=[
            [2, "tahun", "empat angka"],
            [3, "tahun", "empat angka"],
            [4, "nib", "13 angka"],
            [4, "nib", "9,12E+12"],
            [6, "jenis_kelamin_pemilik", "VLOOKUP"],
        ],
        messages_absent=["1,2 M", "^", "\\d"],
    )

    # 33a. Formula cells whose stored value is an Excel error: #N/A (a lookup that found
    # nothing) is not reported, explained, the row kept; #DIV/0! rejects the row, explained.
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(OUT / "koperasi_na.xlsx"))
    ws = wb.add_worksheet("Data")
    ws.write_row(0, 0, KOP_HEADER)
    for r, row in enumerate([kop(1), kop(2), kop(3)], start=1):
        ws.write_row(r, 0, row)
    ws.write_formula(1, K["modal_luar_rp"], "=VLOOKUP(A2,Z:Z,2,FALSE)", None, "#N/A")
    ws.write_formula(2, K["aset_rp"], "=1/0", None, "#DIV/0!")
    wb.close()
    case(
        "koperasi_na.xlsx",
        "koperasi",
        4,
        2,
        1,
        1,
        [[2, "modal_luar_rp", "#N/A", "warning"], [3, "aset_rp", "rumus", "error"]],
        messages=[[2, "modal_luar_rp", "VLOOKUP"], [3, "aset_rp", "membagi dengan nol"]],
        messages_absent=["rumus tanpa nilai tersimpan"],
    )

    # 33. '-' is nil in number columns (realisation 0: nothing spent), blank is not reported.
    write_xlsx(
        "program_nihil.xlsx",
        PROG_HEADER,
        [
            prog(1, realisasi_keuangan_rp="-", realisasi_fisik="-"),
            prog(2, realisasi_keuangan_rp=""),
        ],
    )
    case(
        "program_nihil.xlsx",
        "program",
        3,
        2,
        0,
        1,
        [
            [2, "realisasi_keuangan_rp", "tanda - (nihil)", "info"],
            [2, "realisasi_fisik", "tanda - (nihil)", "info"],
        ],
        stored_sql=[
            "SELECT count(*) FROM program WHERE realisasi_keuangan_rp = 0 AND source_row = 2",
            1,
            "SELECT count(*) FROM program WHERE realisasi_keuangan_rp IS NULL AND source_row = 3",
            1,
        ],
    )


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    build()
    for name, expected in CASES.items():
        stem = name.rsplit(".", 1)[0]
        (OUT / f"{stem}.expected.json").write_text(
            json.dumps({"file": name, **expected}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
    print(f"{len(CASES)} files written to {OUT}")


if __name__ == "__main__":
    main()
