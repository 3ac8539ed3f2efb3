"""Agencies and tasks: who must do what (contract "What counts" > Agency).

Signals, in order:

1. a gazetteer of government bodies (``models/agencies.yaml``): an office body
   with its field ("Phòng" + "Lao động - Thương binh và Xã hội", with its
   abbreviated spellings "Phòng LĐTBXH") or a name that stands alone ("Công an",
   "Ủy ban nhân dân", "Viện kiểm sát nhân dân"), matched with a spaCy
   ``PhraseMatcher`` over a punctuation-splitting tokenizer that keeps offsets;
   then the number, level word and place that follow ("Ban chỉ đạo 799 quận",
   "Ủy ban nhân dân các phường", "Ủy ban nhân dân quận Ba Đình"), and lists that
   share a body ("các Sở Công thương, Y tế, Du lịch");
2. the heading agencies of "Tổ chức thực hiện" (a heading that names two bodies
   gives two; a collective heading is kept as written and marked collective);
3. roles from the words around each mention: ``requested`` after "Đề nghị",
   ``lead`` before "chủ trì" / "là đầu mối", ``cooperate`` after "phối hợp với"
   (and for the subject of "A phối hợp với B"), ``responsible`` for the subject
   of a task with no role word; a heading agency takes the roles of its task
   lines. A body that only receives reports or advice gets no role and is not
   an agency of the plan.

Tasks are the items of Nhiệm vụ / Giải pháp sections and the lines under each
agency of Tổ chức thực hiện, with their theme, agencies and deadlines.
It never reads "Nơi nhận" (recipients are metadata).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from schemas import Agency, Deadline, Section, Task

from .document import Document
from .lexicons import AgencyLexicon, agency_lexicon, fold
from .names import canonical, is_place_of_type, place_units
from .themes import theme_of

_LIST_SEP = re.compile(r"\s*(?:,|;|và|cùng)\s*(?:các\s+)?")
_CLAUSE_START = re.compile(r"[.;:\n]|(?:^|\n)\s*[-+•]\s|\s-\s(?=[A-ZĐ])")


@dataclass
class Mention:
    start: int
    end: int
    canonical: str
    name: str
    roles: list[str] = field(default_factory=list)
    collective: bool = False
    heading: bool = False


class AgencyFinder:
    """Holds the compiled gazetteer (a spaCy PhraseMatcher) for one lexicon."""

    def __init__(self, lexicon: AgencyLexicon) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self.lex = lexicon
        # "xx": spaCy's rule-based tokenizer, which splits punctuation and never
        # rewrites the text, so every span keeps exact character offsets
        self.nlp = spacy.blank("xx")
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.labels: dict[int, str] = {}
        for canon, spellings in lexicon.names().items():
            key = self.nlp.vocab.strings.add(canon)
            self.labels[key] = canon
            self.matcher.add(canon, [self.nlp.make_doc(s) for s in spellings])
        levels = "|".join(sorted(map(re.escape, lexicon.levels), key=len, reverse=True))
        self._level = re.compile(
            rf"\s+(?P<num>\d{{2,4}}\s+)?(?P<lvl>(?:các\s+)?(?:{levels})"
            rf"(?:\s*,\s*(?:{levels}))*)(?![^\W\d_])", re.IGNORECASE)
        self._number = re.compile(r"\s+(?P<num>\d{2,4})(?![\d/])")
        self._proper = re.compile(r"\s+((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]"
                                  r"[^\s,.;:()]*\s?){1,5})")

    def mentions(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        end = len(text) if end is None else end
        doc = self.nlp.make_doc(text[start:end])
        spans = filter_spans([Span(doc, s, e, label=mid) for mid, s, e in self.matcher(doc)])
        out: list[Mention] = []
        for sp in spans:
            a, b = start + sp.start_char, start + sp.end_char
            core = self.labels[sp.label]
            if text[a:a + 1].islower() and fold(core) not in ("trạm y tế",):
                continue  # "phòng, chống", "sở" in running text: not a name
            b, suffix = self._extend(text, core, b, end)
            out.append(Mention(a, b, canonical(f"{core}{suffix}"), text[a:b]))
            out.extend(self._shared_list(text, core, suffix, b, end))
        return out

    def _extend(self, text: str, core: str, b: int, limit: int) -> tuple[int, str]:
        """Number, level word and place after a name."""
        suffix = ""
        m = self._level.match(text, b, limit)
        if m:
            suffix = f" {m.group('num').strip()}" if m.group("num") else ""
            level = m.group("lvl")
            suffix += f" {level}"
            b = m.end()
            place = self._proper.match(text, b, limit)
            if place:
                words = place.group(1).split()
                bare = re.sub(r"^các\s+", "", level.split(",")[-1].strip())
                for k in range(len(words), 0, -1):
                    name = " ".join(words[:k]).strip(",")
                    if is_place_of_type(name, bare) or (bare in ("tỉnh", "thành phố", "quận",
                                                                 "huyện") and place_units(name)):
                        suffix += f" {name}"
                        b = place.start(1) + len(" ".join(words[:k]))
                        break
            return b, suffix
        num = self._number.match(text, b, limit)
        if num and fold(core).startswith(("ban chỉ đạo", "đội", "đoàn")):
            return num.end(), f" {num.group('num')}"
        if fold(core) in ("trường", "báo", "đồn biên phòng", "đài truyền thanh"):
            place = self._proper.match(text, b, limit)
            if place:
                name = place.group(1).strip(" ,")
                return place.start(1) + len(name), f" {name}"
        return b, suffix

    def _shared_list(self, text: str, core: str, suffix: str, b: int, limit: int) -> list[Mention]:
        """"các Sở Văn hóa, Công thương, Y tế": the other fields of one body."""
        body = self.lex.body_of(core)
        if not body or suffix:
            return []
        out = []
        pos = b
        fields = self.lex.field_pattern()
        while True:
            m = re.compile(rf",\s*(?P<f>{fields})(?![^\W\d_])").match(text, pos, limit)
            if not m:
                break
            f = self.lex.field_name(m.group("f"))
            out.append(Mention(m.start("f"), m.end("f"), canonical(f"{body} {f}"), m.group("f")))
            pos = m.end()
        return out


@lru_cache(maxsize=2)
def _finder(lexicon: AgencyLexicon) -> AgencyFinder:
    return AgencyFinder(lexicon)


def find_agencies(doc: Document, sections: list[Section], deadlines: list[Deadline] | None = None,
                  *, lexicon: AgencyLexicon | None = None) -> tuple[list[Agency], list[Task]]:
    """Agencies with roles and the tasks they are given."""
    lex = lexicon or agency_lexicon()
    finder = _finder(lex)
    text = doc.text
    body_end = _body_end(text)
    mentions = [m for m in finder.mentions(text, 0, body_end)]
    heading_blocks = _implementation_blocks(sections)
    heading_mentions: list[tuple[Mention, Section]] = []
    for sec in heading_blocks:
        hm = _heading_agencies(finder, text, sec, lex)
        heading_mentions.extend((m, sec) for m in hm)
    covered = [(m.start, m.end) for m, _ in heading_mentions]
    mentions = [m for m in mentions if not any(a <= m.start < b for a, b in covered)]
    for m in mentions:
        m.roles = _roles_in_context(text, m, mentions, lex)
    for m, sec in heading_mentions:
        m.roles = _heading_roles(text, m, sec, lex)
    agencies, by_key = _merge([*(m for m, _ in heading_mentions),
                               *(m for m in mentions if m.roles)])
    tasks = _tasks(doc, sections, finder, heading_mentions, by_key, deadlines or [])
    return agencies, tasks


def _body_end(text: str) -> int:
    m = None
    for m in re.finditer(r"^(?:Nơi nhận|NƠI NHẬN)\s*:?", text, re.MULTILINE):
        pass
    return m.start() if m else len(text)


def _implementation_blocks(sections: list[Section]) -> list[Section]:
    out = []

    def walk(secs: list[Section], parent_impl: bool) -> None:
        for s in secs:
            if parent_impl and s.kind == "implementation":
                out.append(s)
            walk(s.children, s.kind == "implementation")

    walk(sections, False)
    return out


def _heading_agencies(finder: AgencyFinder, text: str, sec: Section,
                      lex: AgencyLexicon) -> list[Mention]:
    a, b = sec.heading_span
    found = finder.mentions(text, a, b)
    if found:
        return found
    label = re.match(r"\s*(?:\d{1,2}|[a-zđ]|[IVX]+)[.)]\s*", text[a:b])
    start = a + (label.end() if label else 0)
    name = text[start:b].strip(" .:;")
    name = re.sub(r"^(?:Đề nghị|đề nghị)\s+", "", name)
    if not name:
        return []
    s = text.find(name, start, b)
    return [Mention(s, s + len(name), canonical(name), name, collective=True, heading=True)]


def _heading_roles(text: str, m: Mention, sec: Section, lex: AgencyLexicon) -> list[str]:
    roles: list[str] = []
    a, b = sec.heading_span
    if "đề nghị" in fold(text[a:m.start]):
        roles.append("requested")
    body = text[b:sec.span[1]] if not sec.children else text[b:sec.children[0].span[0]]
    lines = [ln.strip(" -+•:") for ln in re.split(r"\n+", body) if ln.strip(" -+•:")]
    for line in lines:
        low = fold(line)
        if low.startswith(lex.lead_task_start):
            role = "lead"
        elif low.startswith(lex.cooperate_after):
            role = "cooperate"
        else:
            role = "responsible"
        if role not in roles:
            roles.append(role)
    return roles or ["responsible"]


def _roles_in_context(text: str, m: Mention, mentions: list[Mention],
                      lex: AgencyLexicon) -> list[str]:
    clause_start = 0
    for c in _CLAUSE_START.finditer(text, max(0, m.start - 300), m.start):
        clause_start = c.end()
    before = fold(text[clause_start:m.start])
    after = fold(text[m.end:m.end + 40]).lstrip(" ,")
    roles: list[str] = []
    if any(w in before for w in lex.requested_before) and not _after_other_verb(before, lex):
        roles.append("requested")
    if after.startswith(lex.lead_after):
        roles.append("lead")
    gap = _strip_mentions(text, clause_start, m.start, mentions)
    coop = None
    for w in lex.cooperate_before:
        k = gap.rfind(w)
        if k >= 0:
            coop = (k, w)
    if coop and re.fullmatch(r"[\s,;:và]*(?:các\s+)?[\s,;:và]*", gap[coop[0] + len(coop[1]):]):
        roles.append("cooperate")
    elif after.startswith(lex.cooperate_after) and "lead" not in roles:
        roles.append("cooperate")
    if not roles:
        lead_in = gap.strip(" ,-+•")
        if re.search(r"(?:^|\s)(?:" + "|".join(map(re.escape, lex.no_role_before)) +
                     r")\s*(?:các\s+)?$", " " + lead_in):
            return []
        if (lead_in in ("", "giao", "các", "giao các", "đồng thời")
                and re.match(r"[^\W\d_]", after) and after[:1].islower()):
            roles.append("responsible")
    return roles


def _after_other_verb(before: str, lex: AgencyLexicon) -> bool:
    """"đề nghị Công an chỉ đạo các quận": only the first body is requested."""
    k = before.rfind("đề nghị")
    tail = before[k + len("đề nghị"):]
    return bool(re.search(r"\s(?:chỉ đạo|hướng dẫn|báo cáo|phối hợp)\s", tail))


def _strip_mentions(text: str, a: int, b: int, mentions: list[Mention]) -> str:
    parts, pos = [], a
    for m in mentions:
        if a <= m.start and m.end <= b:
            parts.append(text[pos:m.start])
            parts.append(" ")
            pos = m.end
    parts.append(text[pos:b])
    return fold("".join(parts))


def _merge(mentions: list[Mention]) -> tuple[list[Agency], dict[str, Agency]]:
    out: list[Agency] = []
    by_key: dict[str, Agency] = {}
    for m in mentions:
        key = fold(m.canonical)
        ag = by_key.get(key)
        if ag is None:
            ag = Agency(id=f"a{len(out) + 1}", name=m.name, canonical=m.canonical,
                        roles=[], mentions=[], collective=m.collective)
            by_key[key] = ag
            out.append(ag)
        for r in m.roles:
            if r not in ag.roles:
                ag.roles.append(r)  # type: ignore[arg-type]
        ag.mentions.append((m.start, m.end))
    return out, by_key


def _tasks(doc: Document, sections: list[Section], finder: AgencyFinder,
           heading_mentions: list[tuple[Mention, Section]], by_key: dict[str, Agency],
           deadlines: list[Deadline]) -> list[Task]:
    text = doc.text
    heads: dict[str, list[str]] = {}
    for m, sec in heading_mentions:
        ag = by_key.get(fold(m.canonical))
        if ag:
            heads.setdefault(sec.id, []).append(ag.id)
    tasks: list[Task] = []
    for sec in _leaves(sections):
        if sec.kind not in ("tasks", "solutions", "implementation"):
            continue
        start = sec.heading_span[1]
        for block in doc.blocks:
            a, b = block.span
            if not (start <= a and b <= sec.span[1]) or not block.text.strip(" -+•:"):
                continue
            ids = list(heads.get(sec.id, []))
            for m in finder.mentions(text, a, b):
                ag = by_key.get(fold(m.canonical))
                if ag and ag.id not in ids:
                    ids.append(ag.id)
            dl = [d.id for d in deadlines if a <= d.span[0] < b]
            tasks.append(Task(id=f"k{len(tasks) + 1}", text=block.text, span=(a, b),
                              theme=theme_of(block.text), section_id=sec.id,  # type: ignore[arg-type]
                              agencies=ids, deadline_ids=dl))
            for d in deadlines:
                if d.id in dl:
                    d.agency_ids = list(dict.fromkeys([*d.agency_ids, *ids]))
    return tasks


def _leaves(sections: list[Section]) -> list[Section]:
    out: list[Section] = []
    for s in sections:
        if s.children:
            out.extend(_leaves(s.children))
        else:
            out.append(s)
    return out


def agency_table(agencies: list[Agency]) -> list[dict[str, Any]]:
    """Rows for reports: canonical name, roles, number of mentions."""
    return [{"canonical": a.canonical, "roles": a.roles, "mentions": len(a.mentions)}
            for a in agencies]
