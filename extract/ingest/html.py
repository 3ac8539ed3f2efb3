"""HTML backend: the main text of a portal or news page (selectolax/Lexbor).

Signals, in order: drop non-content elements (script, style, nav, header,
footer, aside, form, ...) and elements whose class or id names page chrome
(menu, breadcrumb, login, share, comment, related, banner ...); then take the
container (``article``, ``main``, or the div whose class/id says content/detail)
holding the most text, and read its block elements (headings, paragraphs, list
items, table cells, ``<br>``-separated lines) in document order. It never runs
scripts and never fetches anything.
"""

from __future__ import annotations

import re
from pathlib import Path

from .document import Extracted, RawBlock
from .encoding import decode_bytes

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form",
              "iframe", "svg", "button", "input", "select", "textarea", "template",
              "object", "embed", "canvas", "video", "audio", "figure > img", "head")
# class or id naming page chrome rather than content
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:menu|nav|navbar|breadcrumbs?|login|signin|register|share|social|"
    r"comments?|related|banner|advert|ads|sidebar|footer|header|toolbar|search|popup|"
    r"cookie|subscribe|tags?)(?:$|[\s_-])", re.IGNORECASE)
# class or id naming the main content
_CONTENT = re.compile(r"content|detail|article|post|entry|news|body|main|noidung|chitiet",
                      re.IGNORECASE)
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "div", "section",
               "article", "main", "blockquote", "pre", "tr", "table", "ul", "ol", "dd",
               "dt", "center", "body", "html"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_WS = re.compile(r"[ \t\r\n\u00a0]+")


def read(path: Path, data: bytes) -> Extracted:
    from selectolax.lexbor import LexborHTMLParser

    text, _, warnings = decode_bytes(path, data)
    tree = LexborHTMLParser(text)
    for sel in _DROP_TAGS:
        for node in tree.css(sel):
            node.decompose()
    for node in tree.css("[class], [id]"):
        attrs = node.attributes
        label = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if _CHROME.search(label) and not _CONTENT.search(attrs.get("id") or ""):
            node.decompose()
    root = _main_container(tree)
    lines: list[tuple[str, str]] = []
    _walk(root, lines, [])
    parts: list[str] = []
    blocks: list[RawBlock] = []
    pos = 0
    for kind, line in lines:
        if parts:
            parts.append("\n\n")
            pos += 2
        parts.append(line)
        blocks.append(RawBlock(pos, pos + len(line), kind))
        pos += len(line)
    return Extracted("".join(parts), blocks, "html", warnings=warnings)


def _main_container(tree):  # type: ignore[no-untyped-def]
    candidates = list(tree.css("article, main, [role=main]"))
    for node in tree.css("div, section, td"):
        attrs = node.attributes
        if _CONTENT.search(f"{attrs.get('class') or ''} {attrs.get('id') or ''}"):
            candidates.append(node)
    body = tree.body or tree.root
    best, best_len = body, 0
    total = len(_WS.sub(" ", body.text(separator=" ")).strip()) if body is not None else 0
    for node in candidates:
        n = len(_WS.sub(" ", node.text(separator=" ")).strip())
        if n > best_len and n >= 0.3 * total:
            best, best_len = node, n
    return best


def _walk(node, out: list[tuple[str, str]], buf: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Collect block texts; inline content accumulates in ``buf``."""
    def flush(kind: str = "paragraph") -> None:
        line = _WS.sub(" ", "".join(buf)).strip()
        buf.clear()
        if line:
            out.append((kind, line))

    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            buf.append(child.text_content or "")
        elif tag == "br":
            flush()
        elif tag in _BLOCK_TAGS:
            flush()
            _walk(child, out, buf)
            flush("heading" if tag in _HEADING_TAGS else
                  "list_item" if tag == "li" else
                  "table_cell" if tag in ("td", "th") else "paragraph")
        elif tag == "img":
            continue
        else:
            _walk(child, out, buf)
