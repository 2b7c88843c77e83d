"""Screenshots of built reports in headless Chromium at an analyst's screen width (1366 px).

Opens each ``laporan.html`` in a real browser (Chromium, driven over the DevTools protocol),
measures every table (does it need a sideways scroll, i.e. are columns hidden?), and saves a
PNG of the top of the page and of chosen tables. Exit status 1 when a table hides columns.

    .venv/bin/python scripts/screenshot_reports.py [REPORT_FOLDER_OR_HTML ...]
        [--width 1366] [--out reports/screenshots] [--table KEY ...]

Without arguments: the province report of Sulawesi Tenggara and the national roll-up of
``reports/2025`` with their widest tables (Rincian sub kegiatan; Total nasional hitung ulang
dan angka terbitan). ``--url URL --wait 8`` takes one screenshot of any page instead (used to
look at an executed notebook in JupyterLab). Needs ``chromium`` (Debian/Ubuntu:
``apt-get install chromium``) or ``$CHROMIUM``.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REPORTS = [
    ROOT / "reports" / "2025" / "74-sulawesi-tenggara",
    ROOT / "reports" / "2025" / "00-nasional",
]
DEFAULT_TABLES = ["program_subkegiatan", "perbandingan_terbitan", "indikator_utama"]

MEASURE_JS = """
JSON.stringify(Array.from(document.querySelectorAll('.kumkm-table')).map(w => {
  const t = w.querySelector('table'); const r = w.getBoundingClientRect();
  const cap = w.querySelector('.kumkm-caption');
  return {key: w.dataset.key || '', caption: cap ? cap.textContent : '',
          scrollWidth: w.scrollWidth, clientWidth: w.clientWidth,
          columns: t ? t.querySelectorAll('thead th').length : 0,
          x: r.left + window.scrollX, y: r.top + window.scrollY,
          width: r.width, height: r.height};
}))
"""


def chromium_binary() -> str:
    """The Chromium executable: ``$CHROMIUM``, else ``chromium`` / ``chromium-browser`` / Chrome."""
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return str(shutil.which(name))
    raise SystemExit("chromium not found: apt-get install chromium (or set CHROMIUM)")


class Browser:
    """A headless Chromium page driven over the DevTools protocol (websocket-client)."""

    def __init__(self, width: int, height: int = 900) -> None:
        import websocket

        self._profile = tempfile.mkdtemp(prefix="kumkm-chromium-")
        self._process = subprocess.Popen(
            [
                chromium_binary(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
                f"--user-data-dir={self._profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self._profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self._process.poll() is not None:
                self.close()
                raise SystemExit("chromium did not start")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
            pages = [t for t in json.load(r) if t.get("type") == "page"]
        self._ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60)
        self._id = 0
        self.call("Page.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send a DevTools command and return its result (events in between are skipped)."""
        self._id += 1
        self._ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self._ws.recv())
            if message.get("id") == self._id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def open(self, url: str, wait: float = 0.0) -> None:
        """Load ``url`` and wait until the page and its fonts are ready (plus ``wait`` s)."""
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            state = self.evaluate("document.readyState")
            if state == "complete":
                break
            time.sleep(0.1)
        self.evaluate("document.fonts.ready.then(() => true)")
        time.sleep(wait)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        return result.get("result", {}).get("value")

    def screenshot(self, path: Path, clip: dict[str, float] | None = None) -> Path:
        """Save a PNG of the viewport, or of ``clip`` (page coordinates) when given."""
        params: dict[str, Any] = {"format": "png"}
        if clip is not None:
            params.update(clip={**clip, "scale": 1}, captureBeyondViewport=True)
        data = self.call("Page.captureScreenshot", **params)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        """Stop the browser and remove its profile."""
        with contextlib.suppress(Exception):
            self._ws.close()
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
        shutil.rmtree(self._profile, ignore_errors=True)


@contextlib.contextmanager
def browser(width: int) -> Iterator[Browser]:
    """A :class:`Browser` that is closed afterwards."""
    b = Browser(width)
    try:
        yield b
    finally:
        b.close()


def measure_tables(page: Browser) -> list[dict[str, Any]]:
    """Every table of the open report with its size; ``hidden`` is True when it must scroll."""
    tables = json.loads(page.evaluate(MEASURE_JS) or "[]")
    for table in tables:
        table["hidden"] = table["scrollWidth"] > table["clientWidth"] + 1
    return tables


def shoot_report(
    page: Browser, html: Path, out: Path, keys: list[str], width: int
) -> list[dict[str, Any]]:
    """Screenshot the top of a report and the tables named by ``keys``; return the measures."""
    page.open(html.resolve().as_uri())
    name = html.parent.name
    page.screenshot(out / f"{name}-atas-{width}.png")
    tables = measure_tables(page)
    for table in tables:
        if table["key"] in keys:
            clip = {
                "x": 0,
                "y": max(table["y"] - 8, 0),
                "width": width,
                "height": table["height"] + 16,
            }
            table["screenshot"] = str(
                page.screenshot(out / f"{name}-{table['key']}-{width}.png", clip)
            )
    return tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", nargs="*", type=Path, help="report folders or laporan.html")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "screenshots")
    parser.add_argument("--table", action="append", help="key of a table to photograph")
    parser.add_argument("--url", help="take one screenshot of this URL instead")
    parser.add_argument("--wait", type=float, default=0.0, help="seconds to wait after loading")
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args(argv)

    if args.url:
        page = Browser(args.width, args.height)
        try:
            page.open(args.url, wait=args.wait)
            target = args.out if args.out.suffix == ".png" else args.out / "halaman.png"
            print(page.screenshot(target))
        finally:
            page.close()
        return 0

    reports = args.reports or DEFAULT_REPORTS
    keys = args.table or DEFAULT_TABLES
    hidden = 0
    with browser(args.width) as page:
        for report in reports:
            html = report / "laporan.html" if report.is_dir() else report
            if not html.exists():
                print(f"{html}: tidak ada (jalankan make reports dulu)", file=sys.stderr)
                return 2
            tables = shoot_report(page, html, args.out, keys, args.width)
            print(f"{html} ({args.width} px): {len(tables)} tabel")
            for table in tables:
                flag = "KOLOM TERSEMBUNYI" if table["hidden"] else "ok"
                shot = f"  -> {table['screenshot']}" if "screenshot" in table else ""
                print(
                    f"  {flag:17} {table['key'] or '-':28} {table['columns']:2} kolom, "
                    f"lebar {table['scrollWidth']}/{table['clientWidth']} px{shot}"
                )
                hidden += table["hidden"]
    return 1 if hidden else 0


if __name__ == "__main__":
    sys.exit(main())
