"""Facts with one owner: the plan year, output file modes, file digests, worker start-up."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from kumkm_utils import config, files, processes
from kumkm_utils.runner import jobs


@pytest.mark.parametrize("make", [jobs.province_job, None])
def test_a_custom_plan_year_reaches_the_subtitle(make, tmp_path):
    if make is None:
        job = jobs.national_job(2025, reports_dir=tmp_path, extra={"tahun_rencana": 2027})
    else:
        job = make("74", 2025, reports_dir=tmp_path, extra={"tahun_rencana": 2027})
    assert job.subtitle.endswith("evaluasi tahun 2025, rencana tahun 2027")
    default = jobs.province_job("74", 2025, reports_dir=tmp_path)
    assert default.subtitle.endswith("rencana tahun 2026")


def test_report_facts_and_notebook_check_use_the_same_plan_year():
    from kumkm_utils.render.templating import report_facts
    from kumkm_utils.rollup.measures import check_parameters

    assert report_facts({"parameters": {"tahun_evaluasi": 2030}})["tahun_rencana"] == 2031
    assert check_parameters(2030, None) == config.plan_year(2030) == 2031
    assert check_parameters(2030, 2033) == config.plan_year(2030, 2033) == 2033


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_output_gets_the_same_mode(tmp_path):
    old = os.umask(0o022)
    try:
        with files.atomic_path(tmp_path / "laporan.html") as tmp:
            tmp.write_text("<p>x</p>", encoding="utf-8")
        files.write_atomic(tmp_path / "manifest.json", "{}\n")
        from kumkm_utils.runner.manifest import write_atomic

        write_atomic(tmp_path / "index.html", "<html></html>")
    finally:
        os.umask(old)
    modes = {p.name: _mode(p) for p in tmp_path.iterdir()}
    assert modes == dict.fromkeys(["laporan.html", "manifest.json", "index.html"], 0o644)
    assert write_atomic is files.write_atomic


def test_a_failed_atomic_write_leaves_the_old_file(tmp_path):
    target = tmp_path / "laporan.pdf"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), files.atomic_path(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("stop")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["laporan.pdf"]


def test_file_digest_is_sha256_of_the_bytes(tmp_path):
    path = tmp_path / "x.bin"
    data = os.urandom(3 * 1024 * 1024 + 7)
    path.write_bytes(data)
    assert files.file_sha256(path) == hashlib.sha256(data).hexdigest()


def test_main_hidden_restores_the_main_module():
    import sys

    main = sys.modules["__main__"]
    before = (getattr(main, "__file__", None), getattr(main, "__spec__", None))
    with processes.main_hidden():
        assert not hasattr(main, "__file__") and getattr(main, "__spec__", None) is None
    assert (getattr(main, "__file__", None), getattr(main, "__spec__", None)) == before


def test_both_pools_start_workers_the_same_way():
    from kumkm_utils.ingest import runs
    from kumkm_utils.runner import batch

    assert not hasattr(batch, "_mp_context") and not hasattr(runs, "_main_hidden")
    ctx = processes.mp_context(["json"])
    assert ctx.get_start_method() in {"forkserver", "spawn"}


def test_the_province_code_pattern_has_one_owner():
    from kumkm_utils import regions, schemas
    from kumkm_utils.indicators import _core
    from kumkm_utils.regions import codes
    from kumkm_utils.runner import parameter_checks

    assert parameter_checks.PROVINCE_CODE_PATTERN is codes.PROVINCE_CODE is regions.PROVINCE_CODE
    assert _core._PROVINCE_RE is codes.PROVINCE_CODE
    assert schemas.KODE_PROVINSI_PATTERN == codes.PROVINCE_CODE.pattern
    assert schemas.KODE_KABKOTA_PATTERN == codes.KABKOTA_CODE.pattern
    assert codes.PROVINCE_CODE.match("74") and not codes.PROVINCE_CODE.match("7")
    assert codes.KABKOTA_CODE.match("74.01") and not codes.KABKOTA_CODE.match("7401")
