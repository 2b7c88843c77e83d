"""Excel input templates and the data dictionary, generated from the schemas (``kumkm templates``).

Everything here is derived from :data:`kumkm_utils.schemas.DATASETS` (column names, Indonesian
labels, units, allowed values, keys, examples and descriptions) plus the code lists of the
reference data (kab/kota and province codes, nomenclature, national priorities). Change the
schema, rerun ``kumkm templates``, and the templates and ``docs/data_dictionary.md`` follow.

Each workbook has:

- ``Data``: row 1 holds the schema column names exactly (ingestion matches them), frozen, with
  the label, unit and description as a cell comment; text format on text columns so IDs keep
  leading zeros; drop-down lists and number/date checks on every column;
- ``Kamus Data``: one row per column (label, type, unit, key/required, allowed values,
  description, example);
- ``Petunjuk``: how to fill the template, in Indonesian;
- ``Daftar``: hidden code lists behind the long drop-downs.

The workbook is written with XlsxWriter with ``strings_to_formulas`` and ``strings_to_urls``
off, so nothing in it is a formula or a link.
"""

from __future__ import annotations

import argparse
import datetime
import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from kumkm_utils import reference, regions
from kumkm_utils.config import PROJ_ROOT
from kumkm_utils.regions.codes import NATIONAL_CODE
from kumkm_utils.schemas import DATASETS, YEAR_RANGE, Dataset
from kumkm_utils.targets.indikator import kode_indikator

logger = logging.getLogger(__name__)

DATA_SHEET = "Data"
DICTIONARY_SHEET = "Kamus Data"
GUIDE_SHEET = "Petunjuk"
LISTS_SHEET = "Daftar"
DATA_DICTIONARY_PATH = PROJ_ROOT / "docs" / "data_dictionary.md"
LAST_ROW = 1_048_575
"""Zero-based last row of an .xlsx sheet: validations cover the whole column."""
BOOLEAN_VALUES = ("Ya", "Tidak")
_INLINE_LIST_LIMIT = 255
"""Excel refuses inline drop-down lists longer than 255 characters."""

TYPE_LABELS = {
    "string": "teks",
    "Int64": "bilangan bulat",
    "Float64": "angka",
    "boolean": "Ya/Tidak",
    "datetime64[ns]": "tanggal",
}


@dataclass(frozen=True)
class CodeList:
    """A drop-down list that comes from the reference data rather than the schema."""

    values: tuple[str, ...]
    strict: bool
    note: str


def _code_lists() -> dict[str, CodeList]:
    """Code lists for coded columns whose allowed values live in the reference data."""
    kab = regions.kabkota()
    sub = reference.nomenclature("sub_kegiatan")
    return {
        # names are accepted too and converted on import, so the list only warns
        "kode_kabkota": CodeList(
            tuple(kab["kode_kabkota"]),
            False,
            "kode Kemendagri kab/kota (lihat sheet Daftar); nama kab/kota juga diterima",
        ),
        "kode_provinsi": CodeList(
            tuple(regions.provinces()["kode_provinsi"]),
            True,
            "kode Kemendagri provinsi (11 ... 96)",
        ),
        # SIPD exports may hold sub kegiatan missing from our working list
        "kode_subkegiatan": CodeList(
            tuple(sub["kode"]),
            False,
            "daftar kerja nomenklatur 2.17 (lihat sheet Daftar); kode SIPD lain tetap boleh",
        ),
        "prioritas_nasional": CodeList(
            reference.PRIORITY_CODES, True, "kode prioritas nasional (lihat sheet Daftar)"
        ),
        "kode_indikator": CodeList(
            kode_indikator(), True, "kode indikator kinerja (lihat sheet Daftar)"
        ),
    }


# --------------------------------------------------------------------------- column facts


@dataclass(frozen=True)
class ColumnInfo:
    """What the templates and the dictionary say about one schema column."""

    name: str
    label: str
    dtype: str
    unit: str
    key: bool
    nullable: bool
    allowed: tuple[str, ...]
    description: str
    example: str
    minimum: float | None

    @property
    def type_label(self) -> str:
        """Indonesian name of the type (teks, bilangan bulat, angka, Ya/Tidak, tanggal)."""
        return TYPE_LABELS.get(self.dtype, self.dtype)

    @property
    def requirement(self) -> str:
        """``kunci`` (part of the key), ``wajib`` (required) or ``boleh kosong``."""
        if self.key:
            return "kunci"
        return "boleh kosong" if self.nullable else "wajib"


def _dtype_name(column: pa.Column) -> str:
    """Return the schema dtype without storage details (``string[pyarrow]`` → ``string``)."""
    dtype = str(column.dtype)
    if dtype.startswith("string") or dtype == "str":
        return "string"
    if dtype.startswith("datetime64"):
        return "datetime64[ns]"
    return dtype


def _minimum(column: pa.Column) -> float | None:
    for check in column.checks:
        stats = getattr(check, "statistics", None) or {}
        if check.name in ("greater_than_or_equal_to", "ge") and "min_value" in stats:
            return float(stats["min_value"])
        if check.name == "in_range" and "min_value" in stats:
            return float(stats["min_value"])
    return None


def columns_info(dataset: Dataset) -> list[ColumnInfo]:
    """Return the facts about each column of ``dataset``, in template order."""
    out = []
    for name, column in dataset.schema.columns.items():
        meta = dataset.meta(name)
        dtype = _dtype_name(column)
        allowed = tuple(meta.get("allowed") or ())
        if dtype == "boolean":
            allowed = BOOLEAN_VALUES
        example = meta.get("example")
        out.append(
            ColumnInfo(
                name=name,
                label=meta.get("label") or name,
                dtype=dtype,
                unit=meta.get("unit") or "",
                key=bool(meta.get("key")),
                nullable=bool(column.nullable),
                allowed=allowed,
                description=column.description or "",
                example="" if example is None else str(example),
                minimum=_minimum(column),
            )
        )
    return out


# --------------------------------------------------------------------------- workbook


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


def _allowed_text(info: ColumnInfo, lists: dict[str, CodeList]) -> str:
    if info.allowed:
        return ", ".join(info.allowed)
    if info.name in lists:
        return lists[info.name].note
    return ""


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
    lists = {k: v for k, v in _code_lists().items() if k in dataset.columns}
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

        for j, info in enumerate(infos):
            data.write_string(0, j, info.name, fmt.key_header if info.key else fmt.header)
            data.write_comment(0, j, _comment(info), {"x_scale": 2.5, "y_scale": 2})
            data.set_column(j, j, _width(info), _column_format(info, fmt))
            rule = _validation(info, lists, ranges)
            if rule is not None:
                rule.setdefault("input_title", info.label[:32])
                rule.setdefault("input_message", (info.description or info.label)[:255])
                data.data_validation(1, j, LAST_ROW, j, rule)
        if rows is not None:
            _write_rows(data, rows[dataset.columns], fmt)
        for j, name in enumerate(dataset.columns):
            if widths and name in widths:
                data.set_column(j, j, widths[name], _column_format(infos[j], fmt))
        data.freeze_panes(1, 0)
        data.set_row(0, 30)
        data.activate()

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
            kamus.write_string(0, j, head, fmt.header)
            kamus.set_column(j, j, width, fmt.wrap)
        for i, info in enumerate(infos, start=1):
            row = [
                info.name,
                info.label,
                info.type_label,
                info.unit,
                info.requirement,
                _allowed_text(info, lists),
                info.description,
                info.example,
            ]
            for j, value in enumerate(row):
                if value:
                    kamus.write_string(i, j, value)
        kamus.freeze_panes(1, 0)

        guide.set_column(0, 0, 110, fmt.wrap)
        guide.write_string(0, 0, f"Petunjuk pengisian: {dataset.schema.title}", fmt.title)
        for i, line in enumerate(_guide_lines(dataset, infos), start=2):
            guide.write_string(i, 0, line, fmt.bold if line == "Cara mengisi" else fmt.wrap)
    finally:
        wb.close()
    return path


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


# --------------------------------------------------------------------------- data dictionary


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def data_dictionary_markdown() -> str:
    """Return the data dictionary of the input datasets as Markdown."""
    lists = _code_lists()
    lines = [
        "# Data dictionary: what a Dinas submits",
        "",
        "<!-- GENERATED by kumkm_utils.templates.write_data_dictionary() from schemas.py;",
        "     do not edit by hand: run `kumkm templates --dictionary docs/data_dictionary.md`. -->",
        "",
        "The five input datasets of the workbook, generated from the pandera schemas in",
        "`kumkm_utils/schemas.py`. Column names are what the header row of a submission must",
        "contain (the Excel templates written by `kumkm templates OUTDIR` have them); labels and",
        "descriptions are in Bahasa Indonesia as analysts see them. Money is always in full rupiah",
        "(`Rp`), never thousands or millions. Codes and IDs are text. *Kunci* columns form the key",
        "(unique within a province and year), *wajib* columns must be filled, *boleh kosong*",
        "columns may be left blank when the value is unknown.",
        "",
        "Conventions applied at ingestion (each conversion is noted in the validation report):",
        "",
        "- **Blank and `-` are different.** A blank cell is *not reported* (stored as NULL, shown",
        "  as missing, never as zero). `-` (also `--`, `–`, `—`) alone in a number or money cell",
        "  is *nil*: stored as 0, the BPS convention (a realisation of `-` is 0 % absorbed, not an",
        "  unknown one). `n/a` is not reported; `#N/A` (a lookup formula that found nothing) is",
        "  not reported and named with a warning.",
        "- **Abbreviated amounts** (`1,2 M` = 1.200.000.000, `750 jt`, `2,5 miliar`) are read at",
        "  full value with a warning, since the template asks for full rupiah.",
        "- **Personal data.** A citizen NIK (16 digits, written plain or grouped by spaces, dots",
        "  or dashes) in a free-text column is masked before it is stored (`[NIK disamarkan]`,",
        "  warning per cell); in `nik_koperasi` it rejects the row. Reports mask it again in",
        "  every output (`kumkm_utils.privacy`).",
        "- **Control characters** (NUL, VT, ESC, C1 controls, bidirectional overrides such as",
        "  U+202E) are removed cell by cell, the row kept and the cell named.",
        "- **Workbooks** are read sheet by sheet: every sheet with the dataset's header is loaded",
        "  (one per kab/kota is normal); summary sheets (REKAP, a sheet gathering the others) and",
        "  sheets without a header are named with the reason, their rows counted as non-data.",
        "- **Replacement by scope.** A file replaces earlier rows of its dataset, province and",
        "  year only for the kab/kota it holds; a file with at least half of the province's",
        "  kab/kota (and every `program` and `makro` file) replaces the province. Replaced rows",
        "  stay in `<dataset>_history`; `kumkm rollback` restores them.",
        "",
    ]
    for dataset in DATASETS.values():
        schema = dataset.schema
        lines += [
            f"## `{dataset.name}`: {schema.title}",
            "",
            f"{schema.description} Key: {', '.join(f'`{k}`' for k in dataset.key)}.",
            "",
            "| Column | Label | Type | Unit | Required | Allowed values | Description | Example |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for info in columns_info(dataset):
            row = [
                f"`{info.name}`",
                info.label,
                info.type_label,
                info.unit,
                info.requirement,
                _allowed_text(info, lists),
                info.description,
                info.example,
            ]
            lines.append("| " + " | ".join(_md(v) for v in row) + " |")
        lines.append("")
    from kumkm_utils.indicators import deklarasi  # the indicators computed from these data

    lines += deklarasi.markdown()
    return "\n".join(lines)


def write_data_dictionary(path: Path = DATA_DICTIONARY_PATH) -> Path:
    """Write :func:`data_dictionary_markdown` to ``path`` (default ``docs/data_dictionary.md``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data_dictionary_markdown(), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- command


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``kumkm templates``."""
    parser.add_argument(
        "outdir",
        type=Path,
        help="folder for the templates (koperasi.xlsx, umkm.xlsx, program.xlsx, makro.xlsx)",
    )
    parser.add_argument(
        "--dataset",
        action="append",
        choices=list(DATASETS),
        dest="datasets",
        help="write only this dataset (repeatable); default all",
    )
    parser.add_argument(
        "--dictionary",
        type=Path,
        metavar="PATH",
        help="also write the Markdown data dictionary to PATH "
        "(the project's copy is docs/data_dictionary.md)",
    )


def run(args: argparse.Namespace) -> int:
    """Write the templates (and the data dictionary if asked); return 0."""
    paths = write_templates(args.outdir, args.datasets)
    for path in paths:
        print(path)  # noqa: T201 - the command's output is the list of files written
    if args.dictionary is not None:
        print(write_data_dictionary(args.dictionary))  # noqa: T201
    return 0
