"""Tests of kumkm_utils.render.pdf: the renderer reads neither local files nor the network."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from kumkm_utils.render.notebook import Block
from kumkm_utils.render.pdf import offline_fetcher, print_html, write_pdf


@pytest.fixture
def server():
    """A local HTTP server that counts the requests it receives."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server API)
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()


def test_fetcher_refuses_files_and_network(tmp_path: Path, server):
    base, hits = server
    secret = tmp_path / "secret.txt"
    secret.write_text("RAHASIA-LOKAL", encoding="utf-8")
    document = f"""<html><head>
    <link rel="stylesheet" href="{base}/style.css">
    <style>@import url("{base}/import.css"); body {{ background: url("{base}/bg.png") }}</style>
    </head><body>
    <p>Isi laporan</p>
    <img src="file:///etc/passwd">
    <img src="{secret.as_uri()}">
    <img src="{base}/pixel.png">
    <object data="{secret.as_uri()}"></object>
    <iframe src="{base}/frame.html"></iframe>
    </body></html>"""
    refused = write_pdf(document, tmp_path / "x.pdf")
    assert hits == []  # the server was never contacted
    assert any(u.startswith("file:///etc/passwd") for u in refused)
    assert any(u.startswith(base) for u in refused)
    text = "".join(p.extract_text() for p in PdfReader(str(tmp_path / "x.pdf")).pages)
    assert "Isi laporan" in text and "RAHASIA-LOKAL" not in text and "root:" not in text


def test_fetcher_allows_data_uri():
    fetcher = offline_fetcher()
    response = fetcher.fetch("data:text/plain;base64,SGFsbw==")
    assert response.read() == b"Halo"
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/hostname")
    assert fetcher.refused == ["file:///etc/hostname"]


def test_print_html_title_page_and_css_escape():
    blocks = [Block("html", html="<h2>Bab 1</h2><p>isi</p>")]
    document = print_html(blocks, title='Judul "</style><script>x</script>', subtitle="Sub",
                          is_synthetic=True,
                          meta={"provinsi": "Sulawesi Tenggara", "tahun_evaluasi": 2023,
                                "tahun_rencana": 2024, "generated_at": "2024-11-21"})
    assert "<script>" not in document
    assert "Tahun evaluasi 2023 · Tahun rencana 2024" in document
    assert "21 November 2024" in document
    assert 'content: "DATA SINTETIS' in document
    assert 'href="#h-bab-1"' in document


def test_print_html_not_synthetic_has_no_mark():
    document = print_html([Block("html", html="<p>x</p>")], title="t", subtitle="s",
                          is_synthetic=False, meta={})
    assert "DATA SINTETIS" not in document
