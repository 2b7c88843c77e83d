"""Jinja2 environment, assets and report facts shared by the HTML and PDF writers."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from kumkm_utils import config, formatting
from kumkm_utils.runner.manifest import version_text

ASSETS_DIR = Path(__file__).resolve().parent / "assets"


@functools.cache
def environment() -> jinja2.Environment:
    """Return the Jinja2 environment of the report templates (autoescaping on)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(ASSETS_DIR / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )


@functools.cache
def css(*names: str) -> Markup:
    """Return the named stylesheets of ``assets/`` concatenated, ready for a ``<style>``."""
    text = "\n".join((ASSETS_DIR / name).read_text(encoding="utf-8") for name in names)
    return Markup(text.replace("</", "<\\/"))


_PARAMETER_ALIASES = {
    "kode_provinsi": ("kode_provinsi", "province", "kode"),
    "tahun_evaluasi": ("tahun_evaluasi", "tahun", "year"),
    "tahun_rencana": ("tahun_rencana", "plan_year"),
}


def report_facts(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Complete ``meta`` with the facts the title page needs, from what the runner passes.

    ``provinsi`` falls back to ``label``; ``kode_provinsi``, ``tahun_evaluasi`` and
    ``tahun_rencana`` fall back to the report parameters (then ``tahun``); the plan year
    defaults to the evaluation year + 1.

    Examples
    --------
    >>> f = report_facts({"label": "Bali", "tahun": 2023, "parameters": {"kode_provinsi": "51"}})
    >>> f["provinsi"], f["kode_provinsi"], f["tahun_evaluasi"], f["tahun_rencana"]
    ('Bali', '51', 2023, 2024)
    """
    facts_ = dict(meta)
    parameters = dict(meta.get("parameters") or {})
    if not facts_.get("provinsi") and meta.get("label"):
        facts_["provinsi"] = meta["label"]
    for key, aliases in _PARAMETER_ALIASES.items():
        if facts_.get(key) in (None, ""):
            for alias in aliases:
                value = parameters.get(alias, meta.get(alias))
                if value not in (None, ""):
                    facts_[key] = value
                    break
    facts_["code_version"] = version_text(meta.get("code_version"))
    evaluation = facts_.get("tahun_evaluasi")
    if facts_.get("tahun_rencana") in (None, "") and str(evaluation or "").isdigit():
        facts_["tahun_rencana"] = config.plan_year(evaluation)
    return facts_


def generated_at(meta: Mapping[str, Any]) -> dt.datetime:
    """Return the report's generation time from ``meta["generated_at"]`` (default: now)."""
    value = meta.get("generated_at") or dt.datetime.now()
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value


def years_text(meta: Mapping[str, Any]) -> str:
    """Return "Tahun evaluasi 2023 · Tahun rencana 2024" (the parts that are known)."""
    parts = []
    if meta.get("tahun_evaluasi"):
        parts.append(f"Tahun evaluasi {meta['tahun_evaluasi']}")
    if meta.get("tahun_rencana"):
        parts.append(f"Tahun rencana {meta['tahun_rencana']}")
    return " · ".join(parts)


def facts(meta: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Return the labelled facts shown under the title of the HTML report."""
    from kumkm_utils.rollup.measures import JUMLAH_PROVINSI

    national = not meta.get("kode_provinsi")  # the roll-up has no province code
    rows = [
        ("Cakupan", f"{meta.get('provinsi') or 'Nasional'}, {JUMLAH_PROVINSI} provinsi")
        if national
        else ("Provinsi", meta.get("provinsi")),
        ("Tahun evaluasi", meta.get("tahun_evaluasi")),
        ("Tahun rencana", meta.get("tahun_rencana")),
        ("Tanggal", formatting.tanggal(generated_at(meta))),
        ("Data", meta.get("snapshot")),
    ]
    return [(label, str(value)) for label, value in rows if value not in (None, "")]
