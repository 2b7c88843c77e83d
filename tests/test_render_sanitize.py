"""Tests of kumkm_utils.render.sanitize: hostile HTML and heading ids for the TOC."""

from __future__ import annotations

import pytest

from kumkm_utils.render.sanitize import NIK_MASK, HtmlSanitizer, mask_nik, sanitize


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<script>alert(1)</script>", "alert"),
        ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "evil"),
        ('<img src=x onerror="alert(1)">', "onerror"),
        ('<img src="http://evil.example/a.png">', "evil"),
        ('<a href="javascript:alert(1)">x</a>', "javascript"),
        ('<a href="https://evil.example">x</a>', "evil"),
        ('<div style="background:url(http://evil.example)">x</div>', "evil"),
        ('<svg onload="alert(1)"><circle/></svg>', "onload"),
        ('<iframe src="http://evil.example"></iframe>', "iframe"),
        ('<link rel="stylesheet" href="http://evil.example/a.css">', "evil"),
        ('<meta http-equiv="refresh" content="0;url=http://evil.example">', "evil"),
        ("<style>@import 'http://evil.example';</style>", "evil"),
        ('<p title="&quot;><script>alert(1)</script>">x</p>', "<script"),
        ('<form action="http://evil.example"><input></form>', "evil"),
        ("<!--<script>alert(1)</script>-->", "script"),
    ],
)
def test_hostile_markup_removed(dirty, forbidden):
    clean = sanitize(dirty)
    assert forbidden not in clean.lower()


def test_layout_kept_and_text_escaped():
    clean = sanitize('<table class="kumkm"><tr><td class="num">1&lt;2 &amp; 3</td></tr></table>')
    assert clean == '<table class="kumkm"><tr><td class="num">1&lt;2 &amp; 3</td></tr></table>'


def test_data_image_kept():
    clean = sanitize('<img src="data:image/png;base64,iVBORw0KGgo=" alt="a">')
    assert clean == '<img src="data:image/png;base64,iVBORw0KGgo=" alt="a">'


def test_unbalanced_tags_closed():
    assert sanitize("<div><p>a") == "<div><p>a</p></div>"
    assert sanitize("</div>b") == "b"


def test_heading_ids_unique_and_collected():
    s = HtmlSanitizer()
    first = s.clean("<h2>Ringkasan</h2>")
    second = s.clean("<h2>Ringkasan</h2><h3 id='evil'>Sub <em>bagian</em></h3>")
    assert first == '<h2 id="h-ringkasan">Ringkasan</h2>'
    assert 'id="h-ringkasan-2"' in second and "evil" not in second
    assert [(h.level, h.text) for h in s.headings] == [
        (2, "Ringkasan"),
        (2, "Ringkasan"),
        (3, "Sub bagian"),
    ]


def test_nik_masked():
    assert mask_nik("7401012304560001") == NIK_MASK
    assert mask_nik("17401012304560001") == "17401012304560001"  # 17 digits: not a NIK
    assert NIK_MASK in sanitize("<td>NIK 7401012304560001</td>")
