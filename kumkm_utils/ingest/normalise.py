"""Normalisation of raw cells: header names, texts, identifiers, coded values, booleans.

Each function takes raw cells (strings, Excel values or None) and returns typed values plus
a mask of cells it could not read, so that :mod:`kumkm_utils.ingest.validation` can report
them. Nothing here drops or guesses a value silently.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from kumkm_utils import privacy, schemas
from kumkm_utils.ingest.cells import NULL_TEXTS, arrow_strings  # noqa: F401 - re-exported

MAX_TEXT_CHARS = 2000
"""Longest text cell accepted; longer cells are rejected with a clear message."""

ID_COLUMNS = frozenset(
    {"nik_koperasi", "id_umkm", "nib", "kbli", "kode_kabkota", "kode_provinsi", "kode_subkegiatan"}
)
"""Identifier columns: always text, never numbers (leading zeros and dots matter)."""

TRUE_TOKENS = frozenset({"ya", "y", "yes", "true", "1", "aktif", "ada", "sudah", "v", "✓", "√"})
FALSE_TOKENS = frozenset(
    {"tidak", "t", "tdk", "no", "n", "false", "0", "tidak aktif", "tidak ada", "belum", "x"}
)
"""Boolean spellings; note that ``T`` is *Tidak* (no), as on Indonesian forms, not *True*."""

_EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "kode_kabkota": (
        "kab_kota",
        "kabupaten_kota",
        "kabkota",
        "kab_kot",
        "nama_kab_kota",
        "nama_kabupaten_kota",
        "kode_kab_kota",
        "kode_kabupaten_kota",
        "kabupaten_kota_kode",
        "lokasi",
        "lokasi_kab_kota",
        "kode_kabkot",
        "kode_wilayah",
        "kab_kota_kode",
        "kabupaten",
    ),
    "nik_koperasi": (
        "nik",
        "nomor_induk_koperasi",
        "no_nik_koperasi",
        "nik_kop",
        "no_induk_koperasi",
    ),
    "nama_koperasi": ("nama", "nama_kop"),
    "tahun": ("tahun_buku", "tahun_data", "tahun_anggaran", "thn", "th"),
    "id_umkm": ("id", "id_usaha", "nomor_umkm"),
    "nib": ("nomor_induk_berusaha", "no_nib"),
    "kode_provinsi": ("provinsi", "kode_prov", "prov"),
    "jenis_koperasi": ("jenis",),
    "status_koperasi": ("status", "status_aktif"),
    "rat_dilaksanakan": ("rat", "pelaksanaan_rat", "melaksanakan_rat"),
    "tanggal_rat": ("tgl_rat", "tanggal_pelaksanaan_rat"),
    "modal_usaha_rp": ("modal_usaha", "modal"),
    "omzet_tahunan_rp": ("omzet", "omset", "omzet_tahunan", "omset_tahunan", "penjualan_tahunan"),
    "pagu_rp": ("pagu", "pagu_anggaran"),
    "realisasi_keuangan_rp": ("realisasi_keuangan", "realisasi_anggaran"),
    "kode_subkegiatan": ("kode_sub_kegiatan", "sub_kegiatan_kode"),
}

_STRING_ALIASES: dict[str, dict[str, str]] = {
    "jenis_kelamin_pemilik": {
        "l": "Laki-laki",
        "lk": "Laki-laki",
        "pria": "Laki-laki",
        "p": "Perempuan",
        "pr": "Perempuan",
        "wanita": "Perempuan",
    },
    "status_koperasi": {
        "non aktif": "Tidak Aktif",
        "nonaktif": "Tidak Aktif",
        "tidak aktif": "Tidak Aktif",
    },
    "sumber_dana": {
        "dak non fisik": "DAK Nonfisik",
        "dak": "DAK Nonfisik",
        "dekon": "Dekonsentrasi",
        "lain lain": "Lainnya",
        "lain": "Lainnya",
    },
    "skala_usaha": {"usaha mikro": "Mikro", "usaha kecil": "Kecil", "usaha menengah": "Menengah"},
    "jenis_koperasi": {"ksp": "Simpan Pinjam", "koperasi simpan pinjam": "Simpan Pinjam"},
}


def normalise_header(text: object) -> str:
    """Return the comparable form of a header cell: lower case, words joined by ``_``.

    Examples
    --------
    >>> normalise_header(" Nama Koperasi ")
    'nama_koperasi'
    >>> normalise_header("Kab/Kota")
    'kab_kota'
    >>> normalise_header("Modal sendiri (Rp)")
    'modal_sendiri_rp'
    """
    if text is None:
        return ""
    return re.sub(r"[^0-9a-z]+", "_", str(text).strip().lower()).strip("_")


@cache
def header_aliases(dataset: str) -> dict[str, str]:
    """Return every accepted (normalised) header spelling of a dataset, mapped to its column.

    Column names, the Indonesian labels of the schema (with and without their unit in
    parentheses) and common variants (``Kab/Kota``, ``Kabupaten/Kota``, ``NIK``) all count.
    """
    ds = schemas.dataset(dataset)
    aliases: dict[str, str] = {}
    for name in ds.columns:
        label = ds.meta(name).get("label") or name
        for variant in (name, label, re.sub(r"\(.*?\)", "", label), *_EXTRA_ALIASES.get(name, ())):
            key = normalise_header(variant)
            if key:
                aliases.setdefault(key, name)
    return aliases


def match_header(cells: list[object], dataset: str) -> list[str | None]:
    """Map each header cell to a schema column (None when unknown or already taken)."""
    aliases = header_aliases(dataset)
    seen: set[str] = set()
    out: list[str | None] = []
    for cell in cells:
        column = aliases.get(normalise_header(cell))
        if column in seen:
            column = None
        if column:
            seen.add(column)
        out.append(column)
    return out


@dataclass(frozen=True)
class Normalised:
    """Typed values of one column and the problems found while typing it.

    ``invalid`` marks unreadable cells, ``too_long`` texts over :data:`MAX_TEXT_CHARS`.
    """

    values: pd.Series
    invalid: pd.Series
    too_long: pd.Series | None = None


_NULL_TEXTS = pa.array(sorted(NULL_TEXTS))


def _arrow_text(arr: pa.Array) -> pa.Array:
    """:func:`_as_text` on an Arrow string array (the same trimming and null tokens)."""
    text = pc.utf8_trim_whitespace(arr)
    return pc.if_else(pc.is_in(text, value_set=_NULL_TEXTS), pa.scalar(None, text.type), text)


def _series(arr: pa.Array, index: pd.Index) -> pd.Series:
    """An Arrow string array as a ``string`` Series."""
    return pd.Series(pd.arrays.ArrowStringArray(arr), index=index, copy=False)


def _mask(arr: pa.Array, index: pd.Index) -> pd.Series:
    """An Arrow boolean array (nulls as False) as a numpy-backed bool Series."""
    return pd.Series(pc.fill_null(arr, False).to_numpy(zero_copy_only=False), index=index)


def _map_distinct(arr: pa.Array, fn, type_: pa.DataType) -> pa.Array:
    """Apply ``fn`` to each distinct non-null value of ``arr`` once; nulls stay null."""
    encoded = pc.dictionary_encode(arr)
    mapped = pa.array([fn(v) for v in encoded.dictionary.to_pylist()], type=type_)
    return pc.take(mapped, encoded.indices)


def _as_text(values: pd.Series) -> pd.Series:
    """Cells as stripped text (``string`` dtype), blank and null tokens as ``<NA>``."""
    arr = arrow_strings(values)
    if arr is not None:
        return _series(_arrow_text(arr), values.index)
    if values.dtype == object:
        cells = map_unique(values, _cell_text).to_numpy()
        return _series(
            _arrow_text(pa.array(cells, type=pa.string(), from_pandas=True)), values.index
        )
    text = values.astype("string").str.strip()
    return text.mask(text.isin(NULL_TEXTS))


def _cell_text(value: object) -> object:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def normalise_text(values: pd.Series, *, max_chars: int = MAX_TEXT_CHARS) -> Normalised:
    """Strip spaces, turn blank/``-`` into null and flag texts longer than ``max_chars``.

    Formulas, ``<script>`` or paths stay plain text: nothing is evaluated.
    """
    arr = arrow_strings(values)
    if arr is not None:
        text = _arrow_text(arr)
        too_long = pc.fill_null(pc.greater(pc.utf8_length(text), max_chars), False)
        index = values.index
        return Normalised(
            _series(pc.if_else(too_long, pa.scalar(None, text.type), text), index),
            pd.Series(False, index=index),
            _mask(too_long, index),
        )
    text = _as_text(values)
    too_long = (text.str.len() > max_chars).fillna(False).astype(bool)
    return Normalised(text.mask(too_long), pd.Series(False, index=values.index), too_long)


def normalise_id(values: pd.Series) -> Normalised:
    """Identifiers as text: Excel numbers lose their ``.0``; scientific notation is invalid.

    Examples
    --------
    >>> import pandas as pd
    >>> ids = pd.Series([9120001234567.0, " 0012 ", "9.12E+12"], dtype=object)
    >>> normalise_id(ids).values.tolist()
    ['9120001234567', '0012', <NA>]
    """
    text = _as_text(values)
    arr = arrow_strings(text)
    if arr is not None:
        # Only texts with an e/E can be in scientific notation: test just those.
        maybe = pc.fill_null(pc.match_substring(arr, "e", ignore_case=True), False)
        if not pc.any(maybe).as_py():
            return Normalised(text, pd.Series(False, index=text.index))
        maybe = maybe.to_numpy(zero_copy_only=False)
        scientific = np.zeros(len(text), dtype=bool)
        scientific[maybe] = (
            text[maybe].str.fullmatch(_SCIENTIFIC).fillna(False).to_numpy(dtype=bool)
        )
        scientific = pd.Series(scientific, index=text.index)
    else:
        scientific = text.str.fullmatch(_SCIENTIFIC).fillna(False).astype(bool)
    return Normalised(text.mask(scientific), scientific)


_SCIENTIFIC = r"[-+]?\d+(\.\d+)?[eE][-+]?\d+"


def normalise_choice(values: pd.Series, column: str, allowed: tuple[str, ...]) -> Normalised:
    """Map case/space/hyphen variants of a coded value to its canonical spelling.

    Unknown values are kept as typed so that the schema's ``isin`` check reports them.

    Examples
    --------
    >>> import pandas as pd
    >>> normalise_choice(pd.Series(["laki laki", "P", "aktif"]), "jenis_kelamin_pemilik",
    ...                  ("Laki-laki", "Perempuan")).values.tolist()
    ['Laki-laki', 'Perempuan', 'aktif']
    """
    text = _as_text(values)
    mapping = {_choice_key(a): a for a in allowed}
    mapping.update(_STRING_ALIASES.get(column, {}))
    arr = arrow_strings(text)
    if arr is not None:
        mapped = _map_distinct(arr, lambda v: mapping.get(_choice_key(v), v), pa.string())
        return Normalised(_series(mapped, text.index), pd.Series(False, index=values.index))
    mapped = map_unique(text, lambda v: mapping.get(_choice_key(v), v))
    return Normalised(mapped.astype("string"), pd.Series(False, index=values.index))


def map_unique(values: pd.Series, fn) -> pd.Series:
    """Apply ``fn`` to each distinct non-null value once and spread the results (fast)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    out = np.empty(len(uniques) + 1, dtype=object)
    out[-1] = None
    for i, value in enumerate(uniques):
        out[i] = fn(value)
    return pd.Series(out[codes], index=values.index, dtype=object)


def _choice_key(value: str) -> str:
    return re.sub(r"[\s_\-]+", " ", value.strip().lower())


def normalise_bool(values: pd.Series) -> Normalised:
    """Ya/Tidak/Y/T/1/0/Aktif (and Excel TRUE/FALSE) to booleans; other values are invalid.

    Examples
    --------
    >>> import pandas as pd
    >>> normalise_bool(pd.Series(["Ya", "T", "1", "", "mungkin"])).values.tolist()
    [True, False, True, <NA>, <NA>]
    """
    if pd.api.types.is_bool_dtype(values.dtype):
        return Normalised(values.astype("boolean"), pd.Series(False, index=values.index))
    text = _as_text(values)
    mapping = {**{t: True for t in TRUE_TOKENS}, **{f: False for f in FALSE_TOKENS}}
    arr = arrow_strings(text)
    if arr is not None:
        flags = _map_distinct(arr, lambda v: mapping.get(v.lower()), pa.bool_())
        out = pd.Series(pd.BooleanDtype().__from_arrow__(flags), index=text.index, copy=False)
        invalid = pc.and_(pc.is_null(flags), pc.is_valid(arr))
        return Normalised(out, _mask(invalid, text.index))
    out = map_unique(text, lambda v: mapping.get(v.lower())).astype("boolean")
    invalid = (out.isna() & text.notna()).astype(bool)
    return Normalised(out, invalid)


def integral(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Split a ``Float64`` column into ``Int64`` values and a mask of non-integers."""
    arr = values.to_numpy(dtype=float, na_value=np.nan)
    frac = np.isfinite(arr) & (np.floor(arr) != arr)
    if np.isfinite(arr).sum() == (~np.isnan(arr)).sum() and not (np.abs(arr) >= 2.0**63).any():
        # Fast path with the same result: whole numbers within int64 (no infinities).
        whole = np.where(frac | np.isnan(arr), 0.0, np.round(arr))
        ints = pd.arrays.IntegerArray(whole.astype(np.int64), frac | np.isnan(arr))
        return pd.Series(ints, index=values.index, copy=False), pd.Series(frac, index=values.index)
    ints = pd.Series(arr, index=values.index).mask(frac)
    return ints.round().astype("Int64"), pd.Series(frac, index=values.index)


_CONTROL_RE2 = (
    "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x{9f}\\x{202a}-\\x{202e}\\x{2066}-\\x{2069}]"
)
""":data:`kumkm_utils.privacy.CONTROL_CHARS` in RE2 syntax (for :mod:`pyarrow.compute`)."""


def _may_hold_controls(arr: pa.Array) -> bool:
    """Whether any byte of an Arrow string array is a C0 control, DEL or not ASCII.

    One pass over the array's character bytes (``byte - 0x20`` wraps below 0x20): clean
    ASCII columns, nearly every column of a machine export, are settled without looking at
    the cells one by one.
    """
    data = _character_bytes(arr)
    return bool(((data - np.uint8(0x20)) >= 0x5F).any())


def _character_bytes(arr: pa.Array) -> np.ndarray:
    """The UTF-8 bytes of an Arrow string array's cells, as a numpy view (no copy)."""
    buffers = arr.buffers()
    if len(arr) == 0 or buffers[2] is None:
        return np.zeros(0, dtype=np.uint8)
    width = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    offsets = np.frombuffer(buffers[1], dtype=width)[arr.offset : arr.offset + len(arr) + 1]
    return np.frombuffer(buffers[2], dtype=np.uint8)[offsets[0] : offsets[-1]]


def remove_controls(values: pd.Series) -> tuple[pd.Series, pd.Series | None]:
    """Remove control characters and bidi overrides from the text cells of a raw column.

    Returns the column (unchanged when nothing was found) and the mask of the cells that held
    such characters (None when none did), so that each cell can be named in the report. A
    cheap Arrow test (all characters printable) spares the regular expression on clean cells.
    """
    arr = arrow_strings(values)
    if arr is not None:
        if not _may_hold_controls(arr):
            return values, None
        suspect = pc.fill_null(pc.invert(pc.utf8_is_printable(arr)), False)
        if not pc.any(suspect).as_py():
            return values, None
        hit = pc.fill_null(pc.match_substring_regex(arr, _CONTROL_RE2), False)
        if not pc.any(hit).as_py():
            return values, None
        cleaned = pc.replace_substring_regex(arr, _CONTROL_RE2, "")
        return _series(cleaned, values.index), _mask(hit, values.index)
    if values.dtype != object:
        return values, None
    cells = values.to_numpy(dtype=object)
    hit = np.fromiter(
        (isinstance(v, str) and privacy.has_controls(v) for v in cells),
        dtype=bool,
        count=len(cells),
    )
    if not hit.any():
        return values, None
    out = cells.copy()
    out[hit] = [privacy.strip_controls(v) for v in cells[hit]]
    return pd.Series(out, index=values.index, dtype=object), pd.Series(hit, index=values.index)


def mask_nik_cells(values: pd.Series) -> tuple[pd.Series, pd.Series | None]:
    """Mask citizen NIKs (any grouping) in a typed free-text column (``string`` dtype).

    Returns the column and the mask of changed cells (None when none changed). Only cells that
    hold 16 digits (Arrow pre-filter) are looked at in Python.
    """
    arr = arrow_strings(values)
    if arr is None:
        arr = pa.array(values.astype("string").to_numpy(dtype=object, na_value=None), pa.string())
    maybe = pc.fill_null(pc.match_substring_regex(arr, privacy.NIK_HINT_RE2), False)
    if not pc.any(maybe).as_py():
        return values, None
    texts = arr.to_pylist()
    flags = maybe.to_numpy(zero_copy_only=False)
    hit = np.zeros(len(texts), dtype=bool)
    for i in np.flatnonzero(flags):
        masked = privacy.mask_nik(texts[i])
        if masked != texts[i]:
            texts[i], hit[i] = masked, True
    if not hit.any():
        return values, None
    out = pd.Series(pd.arrays.ArrowStringArray(pa.array(texts, pa.string())), index=values.index)
    return out, pd.Series(hit, index=values.index)


def not_available_cells(values: pd.Series) -> pd.Series | None:
    """Mask of cells holding Excel's ``#N/A`` (None when there is none).

    Such a cell becomes blank like ``n/a``; the mask lets ingestion say what it means.
    """
    arr = arrow_strings(values)
    if arr is not None:
        if not (_character_bytes(arr) == ord("#")).any():
            return None
        hit = pc.equal(pc.utf8_upper(pc.utf8_trim_whitespace(arr)), "#N/A")
        hit = _mask(hit, values.index)
    elif values.dtype == object:
        cells = values.to_numpy(dtype=object)
        hit = pd.Series(
            [isinstance(v, str) and v.strip().upper() == "#N/A" for v in cells],
            index=values.index,
            dtype=bool,
        )
    else:
        return None
    return hit if hit.any() else None
