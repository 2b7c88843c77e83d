"""The font carried by each chart's SVG in the HTML report."""

from __future__ import annotations

import base64
import io
import re
from xml.etree import ElementTree

from fontTools.ttLib import TTFont

from kumkm_utils.charts.style import house_style, new_figure, svg_text
from kumkm_utils.render.svg_fonts import CHARACTERS, font_face_css, with_font


def _faces() -> dict[int, TTFont]:
    faces = {}
    for weight, data in re.findall(
        r"font-weight:(\d+);src:url\(data:font/woff;base64,([^)]+)\)", font_face_css()
    ):
        faces[int(weight)] = TTFont(io.BytesIO(base64.b64decode(data)))
    return faces


def test_regular_and_bold_faces_cover_the_report_characters():
    faces = _faces()
    assert sorted(faces) == [400, 700]
    for weight, font in faces.items():
        assert font.flavor == "woff"
        assert font["name"].getDebugName(1) == "DejaVu Sans"
        assert ("Bold" in font["name"].getDebugName(2)) == (weight == 700)
        cmap = font.getBestCmap()
        assert [c for c in CHARACTERS if ord(c) not in cmap] == []
        assert len(cmap) < 600  # a subset, not the whole font (about 6,000 glyphs)


def test_chart_svg_gets_the_font_and_stays_well_formed():
    with house_style():
        fig, ax = new_figure(1.5)
        ax.barh(["Kab. Konawe Kepulauan", "Kota Bau-Bau & <b>"], [3, 4])
        ax.set_title("Judul")
    svg = with_font(svg_text(fig, key="uji"))
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    first = list(root)[0]
    assert first.tag == f"{ns}defs"  # before anything is drawn
    assert "".join(first.itertext()).count("@font-face") == 2
    texts = ["".join(t.itertext()) for t in root.iter(f"{ns}text")]
    assert "Kota Bau-Bau & <b>" in texts


def test_svg_without_svg_element_is_left_alone():
    assert with_font("<p>bukan svg</p>") == "<p>bukan svg</p>"


def test_same_chart_same_bytes():
    def draw() -> str:
        with house_style():
            fig, ax = new_figure(1.5)
            ax.plot([1, 2], [3, 1])
            ax.set_title("Tren")
        return svg_text(fig, key="tren")

    assert draw() == draw()
