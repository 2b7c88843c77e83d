"""Allow-list HTML sanitiser for notebook outputs, which also numbers headings for the TOC.

Notebook outputs are copied into the report; although :mod:`kumkm_utils.display` already
escapes data, any other output (a bare DataFrame, an ``IPython.display.HTML``) could carry
markup from a submission. Everything that reaches the report HTML or PDF passes through
:func:`sanitize`, which keeps only layout tags, drops scripts, event handlers, styles and
every URL that is not an in-page anchor or an embedded ``data:image/...``, masks citizen
NIK numbers (any grouping), removes control characters and bidirectional overrides
(:mod:`kumkm_utils.privacy`) and re-escapes all text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from kumkm_utils import privacy
from kumkm_utils.render.headings import Heading, HeadingRegister

ALLOWED_TAGS = frozenset(
    "a abbr b blockquote br caption code col colgroup dd del div dl dt em figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr i img li ol p pre s small span strong sub sup table tbody td tfoot "
    "th thead tr u ul".split()
)
"""Tags kept; any other tag is removed but its text kept."""

DROP_CONTENT_TAGS = frozenset(
    "script style iframe object embed template noscript textarea title svg math head "
    "select button form frame frameset applet audio video canvas link meta base".split()
)
"""Tags removed together with everything inside them."""

VOID_TAGS = frozenset("br col hr img".split())

ALLOWED_ATTRS = {
    "*": {"class", "title", "colspan", "rowspan", "align", "data-key"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
}

HEADING_TAGS = ("h1", "h2", "h3", "h4")

_DATA_IMAGE_RE = re.compile(r"^data:image/(png|jpeg|gif|svg\+xml);base64,[A-Za-z0-9+/=\s]+$")
# NIK masking and control characters have one owner, :mod:`kumkm_utils.privacy`; the names
# below are kept for the renderer's modules.
mask_nik = privacy.mask_nik
mask_nik_in_markup = privacy.scrub_markup
NIK_MASK = privacy.NIK_MASK


@dataclass
class _State:
    out: list[str] = field(default_factory=list)
    register: HeadingRegister = field(default_factory=HeadingRegister)


class _Sanitizer(HTMLParser):
    def __init__(self, state: _State) -> None:
        super().__init__(convert_charrefs=True)
        self.state = state
        self.stack: list[str] = []
        self.drop_depth = 0
        self.heading: tuple[str, int, list[str]] | None = None

    # -- helpers
    def _attrs(self, tag: str, attrs: list[tuple[str, str | None]]) -> str:
        allowed = ALLOWED_ATTRS["*"] | ALLOWED_ATTRS.get(tag, set())
        kept = []
        for name, value in attrs:
            name = name.lower()
            if name not in allowed or value is None:
                continue
            value = value.strip()
            if name == "href" and not value.startswith("#"):
                continue  # only in-page anchors; a report links nowhere outside itself
            if name == "src" and not _DATA_IMAGE_RE.match(value):
                continue
            kept.append(f' {name}="{html.escape(value, quote=True)}"')
        return "".join(kept)

    # -- parser callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if self.drop_depth or tag in DROP_CONTENT_TAGS:
            if tag not in VOID_TAGS and tag not in {"link", "meta", "base"}:
                self.drop_depth += 1
            return
        if tag not in ALLOWED_TAGS:
            return
        if tag == "img" and not any(
            n == "src" and v and _DATA_IMAGE_RE.match(v.strip()) for n, v in attrs
        ):
            return  # an image that is not embedded would be fetched: drop it
        if tag in HEADING_TAGS and self.heading is None:
            self.heading = (tag, len(self.state.out), [])
            self.state.out.append("")  # placeholder, filled at the end tag (needs the text)
            self.stack.append(tag)
            return
        self.state.out.append(f"<{tag}{self._attrs(tag, attrs)}>")
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in VOID_TAGS and not self.drop_depth and tag.lower() in ALLOWED_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if self.drop_depth:
            if tag in DROP_CONTENT_TAGS and tag not in {"link", "meta", "base"}:
                self.drop_depth -= 1
            return
        if tag not in ALLOWED_TAGS or tag in VOID_TAGS or tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if self.heading is not None and open_tag == self.heading[0]:
                name, index, parts = self.heading
                text = " ".join("".join(parts).split())
                anchor = self.state.register.add(int(name[1]), text)
                self.state.out[index] = f'<{name} id="{anchor}">'
                self.heading = None
            self.state.out.append(f"</{open_tag}>")
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.drop_depth:
            return
        data = privacy.scrub_text(data)
        if self.heading is not None:
            self.heading[2].append(data)
        self.state.out.append(html.escape(data, quote=False))

    def close(self) -> None:
        super().close()
        while self.stack:
            self.handle_endtag(self.stack[-1])


class HtmlSanitizer:
    """Sanitise HTML fragments of one report, giving every heading a unique id.

    Parameters
    ----------
    id_prefix : str, default "h-"
        Prefix of the heading ids (keeps them apart from other ids in the page).

    Examples
    --------
    >>> s = HtmlSanitizer()
    >>> s.clean('<h2>Bab <script>x()</script>1</h2><img src="http://e/x.png">')
    '<h2 id="h-bab-1">Bab 1</h2>'
    >>> [(h.level, h.text) for h in s.headings]
    [(2, 'Bab 1')]
    """

    def __init__(self, id_prefix: str = "h-") -> None:
        self._state = _State(register=HeadingRegister(id_prefix))

    @property
    def headings(self) -> list[Heading]:
        """Headings seen so far, in document order."""
        return list(self._state.register.headings)

    def clean(self, fragment: str) -> str:
        """Return the sanitised fragment (balanced tags, escaped text, safe attributes)."""
        start = len(self._state.out)
        parser = _Sanitizer(self._state)
        parser.feed(fragment)
        parser.close()
        cleaned = "".join(self._state.out[start:])
        del self._state.out[start:]
        return cleaned


def sanitize(fragment: str) -> str:
    """Sanitise one HTML fragment (see :class:`HtmlSanitizer`).

    Examples
    --------
    >>> sanitize('<td onclick="x()">&lt;b&gt;</td><a href="https://evil.example">x</a>')
    '<td>&lt;b&gt;</td><a>x</a>'
    """
    return HtmlSanitizer().clean(fragment)
