"""The Excel input template of one dataset: the Data, Kamus Data, Petunjuk and Daftar sheets."""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from kumkm_utils import regions
from kumkm_utils.regions.codes import NATIONAL_CODE
from kumkm_utils.schemas import DATASETS, YEAR_RANGE, Dataset
from kumkm_utils.templates.columns import (
    CodeList,
    ColumnInfo,
    code_lists,
    columns_info,
    dictionary_row,
)

logger = logging.getLogger(__name__)


DATA_SHEET = "Data"
DICTIONARY_SHEET = "Kamus Data"
GUIDE_SHEET = "Petunjuk"
LISTS_SHEET = "Daftar"
LAST_ROW = 1_048_575
"""Zero-based last row of an .xlsx sheet: validations cover the whole column."""
_INLINE_LIST_LIMIT = 255
"""Excel refuses inline drop-down lists longer than 255 characters."""


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.header = wb.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.key_header = wb.add_format(
            {"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.text = wb.add_format({"num_format": "@"})
        self.integer = wb.add_format({"num_format": "0"})
        self.money = wb.add_format({"num_format": "#,##0"})
        self.decimal = wb.add_format({"num_format": "#,##0.##"})
        self.date = wb.add_format({"num_format": "dd/mm/yyyy"})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.bold = wb.add_format({"bold": True})


def _column_format(info: ColumnInfo, fmt: _Formats):
    if info.dtype == "string":
        return fmt.text
    if info.dtype == "Int64":
        return fmt.integer
    if info.dtype == "Float64":
        return fmt.money if info.unit == "Rp" else fmt.decimal
    if info.dtype.startswith("datetime"):
        return fmt.date
    return None


def _width(info: ColumnInfo) -> float:
    longest = max(len(info.name), len(info.label), len(info.example), 8)
    return min(longest + 2, 45)


def _comment(info: ColumnInfo) -> str:
    unit = f" ({info.unit})" if info.unit else ""
    lines = [
        f"{info.label}{unit}",
        f"Tipe: {info.type_label}; {info.requirement}",
        info.description,
    ]
    if info.example:
        lines.append(f"Contoh: {info.example}")
    return "\n".join(lines)


def _write_lists(ws, fmt: _Formats, wanted: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Write each list into its own column of the hidden sheet; return the range of each."""
    ranges = {}
    for j, (name, values) in enumerate(wanted.items()):
        ws.write_string(0, j, name, fmt.bold)
        for i, value in enumerate(values, start=1):
            ws.write_string(i, j, value)
        col = xl_col_to_name(j)
        ranges[name] = f"='{LISTS_SHEET}'!${col}$2:${col}${len(values) + 1}"
        ws.set_column(j, j, max(len(name), *(len(v) for v in values)) + 2)
    return ranges


def _validation(
    info: ColumnInfo, lists: dict[str, CodeList], ranges: dict[str, str]
) -> dict | None:
    """Return the XlsxWriter data validation of a column, or None."""
    label = info.label[:32]
    if info.allowed:
        joined = ",".join(info.allowed)
        source = list(info.allowed) if len(joined) <= _INLINE_LIST_LIMIT else ranges[info.name]
        return {
            "validate": "list",
            "source": source,
            "error_title": label[:32],
            "error_message": f"Pilih salah satu: {joined}"[:255],
        }
    if info.name in lists:
        code_list = lists[info.name]
        return {
            "validate": "list",
            "source": ranges[info.name],
            "error_type": "stop" if code_list.strict else "warning",
            "error_title": label,
            "error_message": f"Nilai tidak ada di daftar: {code_list.note}"[:255],
        }
    if info.name == "tahun":
        return {
            "validate": "integer",
            "criteria": "between",
            "minimum": YEAR_RANGE[0],
            "maximum": YEAR_RANGE[1],
            "error_title": label,
            "error_message": f"Tahun harus bilangan bulat {YEAR_RANGE[0]}-{YEAR_RANGE[1]}.",
        }
    if info.dtype in ("Int64", "Float64") and info.minimum is not None:
        kind = "integer" if info.dtype == "Int64" else "decimal"
        unit = " rupiah penuh (bukan ribuan/jutaan)" if info.unit == "Rp" else ""
        return {
            "validate": kind,
            "criteria": ">=",
            "value": info.minimum,
            "error_title": label,
            "error_message": f"Isi angka tidak negatif{unit}.",
        }
    if info.dtype == "Float64":
        return {
            "validate": "decimal",
            "criteria": "between",
            "minimum": -1e15,
            "maximum": 1e15,
            "error_title": label,
            "error_message": "Isi angka (rupiah penuh); negatif bila rugi.",
        }
    if info.dtype.startswith("datetime"):
        from datetime import date

        return {
            "validate": "date",
            "criteria": "between",
            "minimum": date(YEAR_RANGE[0], 1, 1),
            "maximum": date(YEAR_RANGE[1], 12, 31),
            "error_title": label,
            "error_message": "Isi tanggal, mis. 21/03/2026.",
        }
    return None


def _guide_lines(dataset: Dataset, infos: list[ColumnInfo]) -> list[str]:
    keys = ", ".join(dataset.key)
    wajib = ", ".join(i.name for i in infos if i.requirement != "boleh kosong")
    national = (
        [
            f"14. Target nasional (RPJMN, RPJPN) ditulis dengan kode provinsi {NATIONAL_CODE} "
            "(atau 'Nasional') dan kolom kab/kota kosong, dalam file tersendiri tanpa target "
            "provinsi. File target nasional hanya menggantikan target nasional (dokumen dan tahun "
            f"yang sama); file provinsi tidak pernah menggantikannya. Kode {NATIONAL_CODE} "
            "ditolak pada data selain target.",
        ]
        if dataset.nasional
        else []
    )
    return [
        f"{dataset.schema.title}: {dataset.schema.description}",
        "",
        "Cara mengisi",
        f"1. Isi data mulai baris 2 sheet '{DATA_SHEET}'. Jangan mengubah, menghapus atau memindah "
        "baris judul kolom (baris 1): nama kolom dipakai untuk mencocokkan data saat impor.",
        "2. Satu baris untuk satu unit data; jangan menambah baris jumlah/total, baris judul, "
        "atau menggabungkan sel (merge).",
        f"3. Kolom kunci ({keys}) tidak boleh kosong dan kombinasinya tidak boleh ganda.",
        f"4. Kolom wajib: {wajib}. Kolom lain boleh dikosongkan bila datanya tidak ada; "
        "jangan mengisi 0 untuk data yang tidak diketahui.",
        "   Sel kosong = tidak dilaporkan. Tanda - (strip) pada kolom angka atau uang = nihil "
        "(0), seperti pada tabel BPS: realisasi - berarti tidak ada yang terserap. Setiap - yang "
        "dibaca sebagai 0 dicatat di laporan validasi.",
        "5. Uang ditulis dalam rupiah penuh (Rp), bukan ribuan atau jutaan: "
        "1,5 miliar ditulis 1500000000. Singkatan (1,2 M; 750 jt) tetap dibaca sebagai angka "
        "penuh tetapi diberi peringatan agar nilainya diperiksa. Tahun ditulis empat angka "
        "(mis. 2025).",
        "6. Kode dan nomor identitas (NIK koperasi, NIB, ID UMKM, kode wilayah, kode sub kegiatan) "
        "adalah teks: kolomnya sudah berformat teks agar nol di depan dan titik tidak hilang. "
        "NIB 13 angka: bila Excel menampilkannya sebagai 9,12E+12, format kolom sebagai Teks "
        "lalu ketik ulang NIB.",
        "7. Kode kabupaten/kota memakai kode Kemendagri (mis. 74.01); nama kabupaten/kota "
        "(mis. 'Kab. Kolaka') juga diterima dan diubah menjadi kode saat impor.",
        "8. Kolom Ya/Tidak diisi 'Ya' atau 'Tidak'. "
        "Tanggal diisi sebagai tanggal (mis. 21/03/2026).",
        "9. Pilihan pada daftar drop-down mengikuti sheet 'Kamus Data'.",
        "10. Simpan sebagai .xlsx (bukan .xlsm, tanpa makro dan tanpa kata sandi).",
        "11. Boleh satu sheet per kabupaten/kota, dengan judul kolom yang sama di setiap sheet: "
        "semua sheet data dimuat. Sheet rekap/jumlah (mis. REKAP) dan sheet petunjuk tidak "
        "dimuat agar tidak terhitung dua kali; namanya disebut di laporan validasi.",
        "12. Jangan menulis NIK kependudukan (KTP, 16 angka) di kolom mana pun. NIK di kolom teks "
        "disamarkan sebelum disimpan; NIK kependudukan di kolom NIK koperasi menolak barisnya.",
        "13. File kabupaten/kota menggantikan data lama kabupaten/kota itu saja (tahun yang sama); "
        "file provinsi (berisi sedikitnya separuh kabupaten/kota) menggantikan data provinsi.",
        *national,
        "",
        f"Sheet '{DICTIONARY_SHEET}' menjelaskan setiap kolom: label, tipe, satuan, kunci/wajib, "
        "nilai yang diizinkan, keterangan dan contoh.",
        "Templat ini dibuat otomatis dari skema data (perintah: kumkm templates).",
    ]


def write_template(
    dataset: Dataset,
    path: Path,
    *,
    rows: pd.DataFrame | None = None,
    widths: dict[str, float] | None = None,
) -> Path:
    """Write the input template of one dataset to ``path`` and return it.

    ``rows`` (schema columns, schema dtypes) pre-fills the ``Data`` sheet from row 2, e.g. the
    proposed targets of ``kumkm targets --propose``; ``widths`` overrides column widths.
    """
    infos = columns_info(dataset)
    lists = {k: v for k, v in code_lists().items() if k in dataset.columns}
    long_allowed = {
        i.name: i.allowed
        for i in infos
        if i.allowed and len(",".join(i.allowed)) > _INLINE_LIST_LIMIT
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        wb.set_properties(
            {
                "title": f"Templat {dataset.schema.title}",
                "subject": dataset.schema.description,
                "comments": "Dibuat otomatis dari skema kumkm_utils",
            }
        )
        fmt = _Formats(wb)
        data = wb.add_worksheet(DATA_SHEET)
        kamus = wb.add_worksheet(DICTIONARY_SHEET)
        guide = wb.add_worksheet(GUIDE_SHEET)
        hidden = wb.add_worksheet(LISTS_SHEET)
        ranges = _write_lists(
            hidden, fmt, {**{k: v.values for k, v in lists.items()}, **long_allowed}
        )
        if "kode_kabkota" in lists:
            _write_kabkota_names(hidden, fmt, len(ranges))
        hidden.hide()
        _write_data_sheet(data, fmt, dataset, infos, lists, ranges, rows=rows, widths=widths)
        _write_dictionary_sheet(kamus, fmt, infos, lists)
        _write_guide_sheet(guide, fmt, dataset, infos)
    finally:
        wb.close()
    return path


def _write_data_sheet(
    ws,
    fmt: _Formats,
    dataset: Dataset,
    infos: list[ColumnInfo],
    lists: dict[str, CodeList],
    ranges: dict[str, str],
    *,
    rows: pd.DataFrame | None,
    widths: dict[str, float] | None,
) -> None:
    """The Data sheet: headers with comments, column formats, validations, optional rows."""
    for j, info in enumerate(infos):
        ws.write_string(0, j, info.name, fmt.key_header if info.key else fmt.header)
        ws.write_comment(0, j, _comment(info), {"x_scale": 2.5, "y_scale": 2})
        ws.set_column(j, j, _width(info), _column_format(info, fmt))
        rule = _validation(info, lists, ranges)
        if rule is not None:
            rule.setdefault("input_title", info.label[:32])
            rule.setdefault("input_message", (info.description or info.label)[:255])
            ws.data_validation(1, j, LAST_ROW, j, rule)
    if rows is not None:
        _write_rows(ws, rows[dataset.columns], fmt)
    for j, name in enumerate(dataset.columns):
        if widths and name in widths:
            ws.set_column(j, j, widths[name], _column_format(infos[j], fmt))
    ws.freeze_panes(1, 0)
    ws.set_row(0, 30)
    ws.activate()


def _write_dictionary_sheet(
    ws, fmt: _Formats, infos: list[ColumnInfo], lists: dict[str, CodeList]
) -> None:
    """The Kamus Data sheet: one row per column with label, type, unit, rules and example."""
    headers = [
        "Kolom",
        "Label",
        "Tipe",
        "Satuan",
        "Kunci/wajib",
        "Nilai yang diizinkan",
        "Keterangan",
        "Contoh",
    ]
    widths = [24, 30, 14, 10, 13, 45, 70, 28]
    for j, (head, width) in enumerate(zip(headers, widths, strict=True)):
        ws.write_string(0, j, head, fmt.header)
        ws.set_column(j, j, width, fmt.wrap)
    for i, info in enumerate(infos, start=1):
        for j, value in enumerate(dictionary_row(info, lists)):
            if value:
                ws.write_string(i, j, value)
    ws.freeze_panes(1, 0)


def _write_guide_sheet(ws, fmt: _Formats, dataset: Dataset, infos: list[ColumnInfo]) -> None:
    """The Petunjuk sheet: the title and the lines of :func:`_guide_lines`."""
    ws.set_column(0, 0, 110, fmt.wrap)
    ws.write_string(0, 0, f"Petunjuk pengisian: {dataset.schema.title}", fmt.title)
    for i, line in enumerate(_guide_lines(dataset, infos), start=2):
        ws.write_string(i, 0, line, fmt.bold if line == "Cara mengisi" else fmt.wrap)


def _write_rows(ws, rows: pd.DataFrame, fmt: _Formats) -> None:
    """Write data rows below the header: text as text, numbers as numbers, dates as dates."""
    for i, record in enumerate(rows.itertuples(index=False, name=None), start=1):
        for j, value in enumerate(record):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            if isinstance(value, str):
                ws.write_string(i, j, value)
            elif isinstance(value, pd.Timestamp | datetime.datetime):
                ws.write_datetime(i, j, pd.Timestamp(value).to_pydatetime(), fmt.date)
            elif isinstance(value, bool):
                ws.write_string(i, j, "Ya" if value else "Tidak")
            else:
                ws.write_number(i, j, float(value))


def _write_kabkota_names(ws, fmt: _Formats, first_col: int) -> None:
    """Put code, name and province next to each other so users can look codes up."""
    kab = regions.kabkota()
    names = regions.provinces().set_index("kode_provinsi")["nama_provinsi"]
    heads = ["kode_kabkota (rujukan)", "nama_kabkota", "provinsi"]
    for j, head in enumerate(heads):
        ws.write_string(0, first_col + j, head, fmt.bold)
    for i, row in enumerate(kab.itertuples(), start=1):
        ws.write_string(i, first_col, row.kode_kabkota)
        ws.write_string(i, first_col + 1, row.nama_kabkota)
        ws.write_string(i, first_col + 2, names[row.kode_provinsi])
    ws.set_column(first_col, first_col + 2, 30)


def write_templates(outdir: Path, datasets: list[str] | None = None) -> list[Path]:
    """Write one template workbook per dataset (``koperasi.xlsx``, ``umkm.xlsx``, ...).

    Parameters
    ----------
    outdir : Path
        Folder to write into (created if needed).
    datasets : list of str, optional
        Subset of dataset names; default all.

    Returns
    -------
    list of Path
        The written files, in dataset order.
    """
    names = list(DATASETS) if datasets is None else datasets
    unknown = [n for n in names if n not in DATASETS]
    if unknown:
        raise ValueError(f"unknown dataset(s) {unknown}; expected some of {list(DATASETS)}")
    outdir = Path(outdir)
    paths = []
    for name in names:
        path = write_template(DATASETS[name], outdir / f"{name}.xlsx")
        logger.info("wrote %s", path)
        paths.append(path)
    return paths
