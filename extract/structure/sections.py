"""Sections: headings and their numbering -> a tree with kinds and spans.

Signals, in order of precedence (docling ``heading_hierarchy_model`` style):

1. a numbering label at the start of a block (``patterns.NUMBERING``: Phần,
   Chương, Mục, Điều, A., I., 1., 1.1., a)); its *type* gives the level through
   a rank stack, so "II." after "1." closes the arabic level and numbering that
   skips or restarts still nests correctly;
2. formatting from the backend: a bold / Markdown / Word-heading block, or a
   leading bold run ("**1 Mục đích.** Tạo sự ..." -> heading "1 Mục đích.");
3. shape: a numbered block is a heading when it is short, or up to a colon
   ("2. Công an xã: Là đầu mối ..." -> "2. Công an xã:"); a long numbered
   paragraph without either is a list item, not a section. Bold blocks without
   a label are headings only inside the body (after the first numbered one).

The kind comes from ``models/section_kinds.yaml``: the earliest keyword in the
heading wins; a heading without one inherits its parent's kind (the children of
a heading that also announces tasks, "CHỈ TIÊU, NHIỆM VỤ", are task areas).

It never looks at the header zone before the first numbered heading, nor at
"Nơi nhận" and the signature block after the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from schemas import Section

from ..ingest.document import Document
from ..language.lexicons import SectionLexicon, doc_types, fold, section_kinds
from ..language.patterns import NUMBERING, NUMBERING_RANK

# the end of a line cut inside a word or a phrase ("SỬ D", "HỘ NGHÈO VÀ")
_CUT_WORD = re.compile(r"(?:\s[^\W\d_]|[,\s](?:và|của|về|theo|VÀ|CỦA|VỀ|THEO))\s*$")
# a numbered sentence this long under "Mục đích" is an aim of the list, not a heading
_AIM_WORDS = 12
_SHORT_HEADING = 160  # characters: longer numbered blocks are list paragraphs
_COLON_HEADING = 100  # "2. Công an xã: ..." is cut at a colon this close to the start
_STYLED_HEADING = 250
_END_OF_BODY = re.compile(r"^(?:Nơi nhận|NƠI NHẬN)\s*:?", re.MULTILINE)
_LABEL_TAIL = re.compile(r"[\s.):\-]+$")


@dataclass
class _Node:
    id: str
    label_type: str
    rank: float
    heading: str
    start: int
    level: int
    kind: str = "other"
    mentions_tasks: bool = False
    end: int = 0
    children: list[_Node] = field(default_factory=list)


def find_sections(doc: Document, *, lexicon: SectionLexicon | None = None) -> list[Section]:
    """The section tree of ``doc`` (empty for a text without headings)."""
    lexicon = lexicon or section_kinds()
    body_end = _body_end(doc.text)
    roots: list[_Node] = []
    stack: list[_Node] = []
    seen_numbered = False
    used_ids: set[str] = set()
    blocks = [b for b in doc.blocks if b.span[0] < body_end]
    found_all = [_heading_of(b.text, b.kind, b.style, lexicon) for b in blocks]
    type_words = {w for w, _ in doc_types().by_word()}
    skip_next = 0
    for i, (block, found) in enumerate(zip(blocks, found_all)):
        if skip_next:
            skip_next -= 1
            continue
        if stack and block.text.isupper() and fold(block.text) in type_words:
            stack.clear()  # "KẾ HOẠCH" after a decision's articles: a new document
            continue
        if found is None:
            continue
        heading, label_type, label, certain = found
        k = i + 1
        while k < len(blocks) and k <= i + 3 and _continues_heading(
                heading, label, label_type, blocks[k], found_all[k], lexicon):
            # "Phần I" / "I. MỤC TIÊU" with the rest of the heading on the next
            # line(s): "I. ĐÁNH GIÁ KẾT QUẢ THỰC" / "HIỆN 6 THÁNG ĐẦU NĂM VÀ ƯỚC THỰC" / ...
            end = blocks[k].span[0] + len(blocks[k].text.split("\n", 1)[0])
            heading = doc.text[block.span[0]:end]
            certain = True
            k += 1
            if heading.strip() != label.strip() and label_type in ("phan", "chuong", "muc"):
                break  # the title line under "Phần I" is one line
        skip_next = k - i - 1
        if not certain:
            # a long numbered block is a heading when its content follows it (a
            # deeper label, a list, a paragraph), not when the next block is a
            # numbered sibling or the end of the body (a numbered list)
            nxt = found_all[i + 1] if i + 1 < len(found_all) else None
            if i + 1 >= len(blocks) or (
                nxt is not None and nxt[1] != "bold"
                and NUMBERING_RANK[nxt[1]] <= NUMBERING_RANK[label_type]
            ):
                continue
        if label_type == "bold" and not seen_numbered:
            continue
        if not doc.text[block.span[1]:].strip() and _CUT_WORD.search(block.text):
            continue  # "II. KẾT QUẢ PHÂN BỔ, SỬ D": a heading the copy cut, the text ends
        if (not certain or len(heading.split()) > _AIM_WORDS) and stack and (
                stack[-1].kind == "purpose"):
            nxt = found_all[i + 1] if i + 1 < len(found_all) else None
            if nxt is None or NUMBERING_RANK[nxt[1]] <= NUMBERING_RANK[label_type]:
                continue  # "1. Triển khai thực hiện có hiệu quả ...": an aim, not a section
        seen_numbered = seen_numbered or label_type != "bold"
        rank = NUMBERING_RANK[label_type] + (
            0.1 * label.count(".") if label_type == "dotted" else 0)
        while stack and stack[-1].rank >= rank:
            stack.pop()
        parent = stack[-1] if stack else None
        node = _Node(
            id=_unique(_node_id(parent, label_type, label, len(used_ids)), used_ids),
            label_type=label_type, rank=rank, heading=heading,
            start=block.span[0], level=len(stack) + 1,
        )
        node.kind, node.mentions_tasks = _kind(heading, label, label_type, parent, lexicon)
        (parent.children if parent else roots).append(node)
        stack.append(node)
    _close(roots, body_end, doc.text)
    return [_to_section(n) for n in roots]


def _body_end(text: str) -> int:
    m = None
    for m in _END_OF_BODY.finditer(text):
        pass  # the last "Nơi nhận" closes the body
    return m.start() if m else len(text)


def _heading_of(
    text: str, kind: str, style: dict, lexicon: SectionLexicon
) -> tuple[str, str, str, bool] | None:
    """(heading text, label type, label, certain) when the block may open a
    section; not certain for a long numbered block (a heading only when a
    deeper numbered block follows it)."""
    if kind == "list_item" and not style.get("numbering"):
        return None
    first_line = text.split("\n", 1)[0]
    if is_not_heading(first_line, lexicon) and not NUMBERING.match(first_line):
        return None
    m = NUMBERING.match(first_line)
    styled = bool(style.get("bold") or style.get("md_level") or style.get("heading_level")
                  is not None or kind == "heading")
    prefix = style.get("bold_prefix")
    if m is None:
        if styled and len(first_line) <= _STYLED_HEADING and first_line == text:
            return first_line.strip(), "bold", "", True
        return None
    label_type = m.lastgroup or "bold"
    label = m.group(0)
    rest = first_line[m.end():]
    if not rest.strip():
        if label_type in ("phan", "chuong", "muc"):
            return first_line.strip(), label_type, label, True  # title on the next line
        return None
    if label_type == "arabic" and not label.rstrip().endswith((".", ")")):
        # "1 Mục đích." needs formatting and a capital; "35 cơ sở" is a count
        if not (styled or prefix) or not rest.lstrip()[:1].isupper():
            return None
    if prefix and prefix > len(label):
        return text[:prefix].strip(), label_type, label, True
    if styled and len(first_line) <= _STYLED_HEADING:
        return first_line.strip(), label_type, label, True
    if label_type in ("phan", "chuong", "muc", "dieu", "roman", "upper"):
        return first_line.strip(), label_type, label, True
    if len(first_line) <= _SHORT_HEADING:
        return first_line.strip(), label_type, label, True
    colon = first_line.find(":", m.end())
    if 0 < colon <= _COLON_HEADING:
        return first_line[: colon + 1].strip(), label_type, label, True
    return first_line.strip(), label_type, label, False


def _continues_heading(heading: str, label: str, label_type: str, nxt, nxt_found,
                       lexicon: SectionLexicon) -> bool:  # type: ignore[no-untyped-def]
    """Whether the next block completes this heading: the title line under a
    "Phần I", or a capitals heading broken over two lines ("I. MỤC TIÊU" /
    "CHUNG")."""
    if nxt_found is not None and nxt_found[1] != "bold":
        return False
    line = nxt.text.split("\n", 1)[0].strip()
    if not line or is_not_heading(line, lexicon):
        return False
    if heading.strip() == label.strip():
        return len(line) <= 200
    rest = heading[len(label):]
    return (rest.isupper() and line.isupper() and len(line) <= 60
            and len(heading) <= 80 * (1 + heading.count("\n")) and nxt.text == line)


def is_not_heading(line: str, lexicon: SectionLexicon) -> bool:
    """"Nơi nhận:", "KẾ HOẠCH", the motto, "TM. ỦY BAN NHÂN DÂN": lines that are
    never sections (a word list entry matches the whole line, or opens it
    before a colon; entries ending in "." open the line)."""
    folded = fold(line).rstrip(" :")
    return any(folded == w or folded.startswith(w + ":") or
               (w.endswith(".") and folded.startswith(w)) for w in lexicon.not_headings)


def _kind(
    heading: str, label: str, label_type: str, parent: _Node | None,
    lexicon: SectionLexicon,
) -> tuple[str, bool]:
    words = fold(heading[len(label):] if heading.startswith(label) else heading)
    if label_type == "dieu":
        for kind, keywords in lexicon.article_kinds.items():
            if any(re.search(rf"(?<![^\W\d_]){re.escape(k)}(?![^\W\d_])", words)
                   for k in keywords):
                return kind, False
        return "other", False
    kinds, any_kind, tasks = _keyword_patterns(lexicon)
    m = any_kind.search(words)  # the first keyword, the longest where two start together
    if m is not None:
        return kinds[m.group(0)], tasks.search(words) is not None
    if parent is None:
        return "other", False
    return ("tasks" if parent.mentions_tasks else parent.kind), False


@lru_cache(maxsize=4)
def _keyword_patterns(lexicon: SectionLexicon
                      ) -> tuple[dict[str, str], re.Pattern[str], re.Pattern[str]]:
    """The kind each keyword names (the first kind by name when two share it), one
    pattern for every keyword (longest first), and one for the task keywords."""
    kinds: dict[str, str] = {}
    for kind, keywords in sorted(lexicon.kinds.items()):
        for kw in keywords:
            kinds.setdefault(kw, kind)

    def words(keywords: list[str]) -> re.Pattern[str]:
        alternation = "|".join(map(re.escape, sorted(keywords, key=len, reverse=True)))
        return re.compile(rf"(?<![^\W\d_])(?:{alternation})(?![^\W\d_])")

    return kinds, words(list(kinds)), words(list(lexicon.kinds.get("tasks", [])))


def _node_id(parent: _Node | None, label_type: str, label: str, index: int) -> str:
    raw = _LABEL_TAIL.sub("", label).strip()
    if label_type in ("phan", "chuong", "muc", "dieu"):
        raw = label_type[0].upper() + raw.split()[-1]
    elif label_type == "dotted":
        raw = raw.split(".")[-1]
    elif label_type == "bold":
        raw = f"h{index + 1}"
    return f"{parent.id}.{raw}" if parent else raw


def _unique(candidate: str, used: set[str]) -> str:
    out, n = candidate, 2
    while out in used:
        out, n = f"{candidate}-{n}", n + 1
    used.add(out)
    return out


def _close(nodes: list[_Node], end: int, text: str) -> None:
    for i, node in enumerate(nodes):
        node.end = nodes[i + 1].start if i + 1 < len(nodes) else end
        while node.end > node.start and text[node.end - 1].isspace():
            node.end -= 1
        _close(node.children, node.end, text)


def _to_section(node: _Node) -> Section:
    return Section(
        id=node.id, heading=node.heading, kind=node.kind,  # type: ignore[arg-type]
        level=node.level, span=(node.start, node.end),
        heading_span=(node.start, node.start + len(node.heading)),
        children=[_to_section(c) for c in node.children],
    )
