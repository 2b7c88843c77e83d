"""The index page of a year's reports, ``reports/<tahun>/index.html``, built from the manifest.

One row per report (the national roll-up first): status, when it was built, how long it took,
two or three headline indicators recorded by the notebook, and relative links to each output.
Jinja2 with autoescape: province, label and error texts are escaped. The page is self-contained
(inline CSS, no external URL) and in Bahasa Indonesia.
"""

from __future__ import annotations

import datetime as _dt
import logging
from pathlib import Path

from kumkm_utils import formatting
from kumkm_utils.runner.manifest import (
    FAILED,
    INTERRUPTED,
    RUNNING,
    SUCCEEDED,
    JobRecord,
    Manifest,
    load_manifest,
    write_atomic,
)

logger = logging.getLogger(__name__)

INDEX_NAME = "index.html"
HEADLINES_SHOWN = 3

STATUS_LABELS = {
    SUCCEEDED: "Berhasil",
    FAILED: "Gagal",
    RUNNING: "Belum selesai",
    INTERRUPTED: "Terhenti",
}
ERROR_LABELS = {
    "cell_error": "galat pada sel In [{cell}]",
    "timeout": "melebihi batas waktu eksekusi",
    "dead_kernel": "kernel mati (kemungkinan kehabisan memori)",
    "kernel_start": "kernel gagal dijalankan",
    "render": "gagal membuat HTML/PDF/Excel",
    "worker_died": "proses pekerja mati",
    "internal": "galat internal",
}
OUTPUT_LABELS = [
    ("html", "HTML"),
    ("pdf", "PDF"),
    ("xlsx", "Excel"),
    ("notebook", "Notebook"),
]


def _when(iso: str | None) -> str:
    """``21 November 2024 10.15`` (Indonesian time separator)."""
    if not iso:
        return "–"
    from kumkm_utils.formatting import tanggal

    try:
        moment = _dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{tanggal(moment.date())} {moment:%H.%M}"


def _value(value: object) -> str:
    from kumkm_utils.formatting import TIDAK_ADA_DATA, angka

    if value is None:
        return TIDAK_ADA_DATA
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int):
        return angka(value)
    if isinstance(value, float):
        return angka(value, 0 if value.is_integer() else 1)  # a count may come as a float
    return str(value)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 60:
        return f"{formatting.angka(seconds, 1)} dtk"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} mnt {secs} dtk"


def _error_text(record: JobRecord) -> str:
    err = record.error or {}
    label = ERROR_LABELS.get(str(err.get("kind")), "galat")
    cell = err.get("execution_count")
    label = label.format(cell=cell if cell is not None else "?")
    detail = " ".join(str(err.get("message", "")).split())
    if err.get("type") and err.get("kind") == "cell_error":
        detail = f"{err['type']}: {detail}"
    return f"{label}: {detail[:200]}" if detail else label


def _missing_text(record: JobRecord) -> str:
    """ "Data belum lengkap: ..." for listed outputs built while datasets lacked the year's rows."""
    from kumkm_utils import schemas

    if not record.outputs or not record.missing_data:
        return ""
    titles = []
    for name in record.missing_data:
        try:
            titles.append(schemas.dataset(name).schema.title or name)
        except KeyError:  # a dataset this version no longer declares
            titles.append(name)
    return f"Data belum lengkap: belum ada kiriman {', '.join(titles)}"


def _row(record: JobRecord, year_dir: Path) -> dict[str, object]:
    links = []
    outputs = record.outputs or {}
    for kind, text in OUTPUT_LABELS:
        if kind in outputs and (year_dir / outputs[kind]).exists():
            links.append((text, outputs[kind]))
    note = ""
    if record.status != SUCCEEDED:
        if record.failed_notebook and (year_dir / record.failed_notebook).exists():
            links.append(("Notebook gagal", record.failed_notebook))
        if record.log and (year_dir / record.log).exists():
            links.append(("Log", record.log))
        if outputs:
            note = f"berkas dari versi berhasil terakhir ({_when(record.outputs_built_at)})"
    headline = list((record.headline or {}).items())[:HEADLINES_SHOWN]
    return {
        "kode": record.key,
        "nama": record.label,
        "nasional": record.key == "00",
        "status": record.status,
        "status_label": STATUS_LABELS.get(record.status, record.status),
        "galat": _error_text(record) if record.status == FAILED else "",
        "data_kurang": _missing_text(record),
        "dibuat": _when(record.finished_at),
        "durasi": _duration(record.duration_s),
        "indikator": [(str(k), _value(v)) for k, v in headline],
        "sintetis": bool(record.is_synthetic),
        "tautan": links,
        "catatan_tautan": note,
    }


def _data_versions(manifest: Manifest) -> str:
    """Which warehouse versions the reports were built from ("versi 3 (...)", with counts)."""
    from collections import Counter

    from kumkm_utils.snapshots import Snapshot

    labels = Counter(
        Snapshot.from_dict(r.snapshot).label()
        for r in manifest.jobs.values()
        if r.snapshot and r.status == "succeeded"
    )
    if len(labels) <= 1:
        return next(iter(labels), "")
    return "; ".join(f"{label}: {n} laporan" for label, n in labels.most_common())


def render_index(year_dir: Path | str, manifest: Manifest | None = None) -> str:
    """Return the HTML of the index page.

    Parameters
    ----------
    year_dir
        ``reports/<tahun>``; links are relative to it.
    manifest
        The manifest (read from ``year_dir`` if None).
    """
    import jinja2

    year_dir = Path(year_dir)
    manifest = manifest if manifest is not None else load_manifest(year_dir)
    rows = [_row(manifest.jobs[k], year_dir) for k in sorted(manifest.jobs)]
    counts = {s: sum(1 for r in rows if r["status"] == s) for s in STATUS_LABELS}
    parts = [f"{len(rows)} laporan"] + [
        f"{n} {STATUS_LABELS[s].lower()}" for s, n in counts.items() if n
    ]
    tahun = manifest.tahun or year_dir.name
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    data_versions = _data_versions(manifest)
    versions = [r.code_version for r in manifest.jobs.values() if r.code_version]
    version = versions[0] if versions else {}
    sha = version.get("git_sha")
    return env.get_template("index.html.j2").render(
        judul=f"Laporan Evaluasi KUMKM Tahun {tahun}",
        ringkasan=", ".join(parts),
        diperbarui=_when(manifest.updated_at),
        data=data_versions,
        ada_sintetis=any(r["sintetis"] for r in rows),
        baris=rows,
        versi=version.get("package", ""),
        git_sha=str(sha)[:10] if sha else "",
    )


def write_index(year_dir: Path | str, manifest: Manifest | None = None) -> Path:
    """Write ``<year_dir>/index.html`` atomically and return its path."""
    year_dir = Path(year_dir)
    path = year_dir / INDEX_NAME
    write_atomic(path, render_index(year_dir, manifest))
    logger.info("index written: %s", path)
    return path
