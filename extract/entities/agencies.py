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
   lines. A body that only receives reports or advice, or that issues the plan
   and gives the orders ("UBND tỉnh vừa ban hành ...", "UBND tỉnh giao ..."),
   gets no role and is not an agency of the plan (``roles.py``).

Tasks are the items of Nhiệm vụ / Giải pháp sections and the lines under each
agency of Tổ chức thực hiện, with their theme, agencies and deadlines.
It never reads "Nơi nhận" (recipients are metadata).
"""

from __future__ import annotations

import re
from functools import lru_cache

from schemas import Agency, Deadline, Section, Task

from ..ingest.document import Document
from ..language.lexicons import AgencyLexicon, agency_lexicon, fold, fold_text, word_pairs
from ..language.names import UNIT_END, canonical, is_place_of_type, place_units
from ..language.themes import theme_of
from ..language.tokens import punctuation_tokenizer
from .roles import TASK_VERB, Mention, chain_roles, chains

# what a collective heading starts with ("Các thôn trong xã", "trường cao đẳng ...")
_GROUP_WORDS = ("các ", "trường ", "bộ phận ", "tổ ", "đội ", "hội ", "ban ", "đoàn ")



class AgencyFinder:
    """Holds the compiled gazetteer (a spaCy PhraseMatcher) for one lexicon."""

    def __init__(self, lexicon: AgencyLexicon) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self.lex = lexicon
        # "xx": spaCy's rule-based tokenizer, which splits punctuation and never
        # rewrites the text, so every span keeps exact character offsets
        self.nlp = spacy.blank("xx")
        self.nlp.tokenizer = punctuation_tokenizer(self.nlp.vocab)
        # only the tokenizer and the matcher run (no parser, no NER): spaCy's length
        # guard, meant for their memory, would refuse a long plan (found by fuzzing)
        self.nlp.max_length = 10**9
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.labels: dict[int, str] = {}
        self._doc_text: str | None = None
        self._doc_mentions: list[Mention] = []
        for canon, spellings in lexicon.names().items():
            key = self.nlp.vocab.strings.add(canon)
            self.labels[key] = canon
            self.matcher.add(canon, [self.nlp.make_doc(s) for s in spellings])
        levels = "|".join(sorted(map(re.escape, lexicon.levels), key=len, reverse=True))
        self._level = re.compile(
            rf"\s+(?P<num>\d{{2,4}}\s+)?(?P<lvl>(?:các\s+)?(?:{levels})"
            rf"(?:\s*,\s*(?:{levels}))*){UNIT_END}", re.IGNORECASE)
        self._number = re.compile(r"\s+(?P<num>\d{2,4})(?![\d/])")
        quals = "|".join(map(re.escape, lexicon.level_qualifiers)) or r"(?!)"
        self._qualifier = re.compile(rf"\s+(?:{quals})(?![^\W\d_])(?!\s+(?-i:[A-ZĐ]))",
                                     re.IGNORECASE)
        fields = lexicon.field_pattern()
        self._next_field = re.compile(rf",\s*(?P<f>{fields})(?![^\W\d_])")
        self._fields = re.compile(fields)
        self._body_list = re.compile(
            rf"(?<![^\W\d_])(?:các\s+)?(?P<body>sở|phòng|ban)\s*:\s*"
            rf"(?P<list>(?:{fields})(?:\s*(?:,|và)\s*(?:{fields}))+)", re.IGNORECASE)
        self._proper = re.compile(r"\s+((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ]"
                                  r"[^\s,.;:()]*\s?){1,5})")

    def mentions(self, text: str, start: int = 0, end: int | None = None, *,
                 allow_lower: bool = False) -> list[Mention]:
        """Mentions in ``text[start:end]`` (the whole document is matched once and
        kept: headings and blocks ask for parts of it)."""
        end = len(text) if end is None else end
        if self._doc_text is not text:
            self._doc_text, self._doc_mentions = text, self._find(text, 0, len(text), True)
        out = []
        for m in self._doc_mentions:
            if start <= m.start and m.end <= end and (allow_lower or not m.lower):
                out.append(Mention(m.start, m.end, m.canonical, m.name, list(m.roles),
                                   m.collective, m.heading))
        return out

    def _find(self, text: str, start: int = 0, end: int | None = None,
              allow_lower: bool = False) -> list[Mention]:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        end = len(text) if end is None else end
        doc = self.nlp.make_doc(text[start:end])
        spans = filter_spans([Span(doc, s, e, label=mid) for mid, s, e in self.matcher(doc)])
        out: list[Mention] = self._body_lists(text, start, end)
        taken = [(m.start, m.end) for m in out]
        spans = [sp for sp in spans if not any(
            x <= start + sp.start_char < y for x, y in taken)]
        for sp in spans:
            a, b = start + sp.start_char, start + sp.end_char
            core = self.labels[sp.label]
            lower = text[a:a + 1].islower() and fold_text(core) not in ("trạm y tế",)
            if lower:  # "phòng LĐ-TB&XH", "sở Y tế": a written field makes it a name
                words = text[a:b].split(maxsplit=2)
                lower = not (len(words) > 1 and words[1][:1].isupper())
            if lower and not allow_lower:
                continue  # "phòng, chống", "sở" in running text: not a name
            if re.search(r"bộ phận\s+$", text[max(0, a - 12):a]):
                continue  # "các bộ phận UBND xã": a generic group
            if _in_a_word(core, text, b):
                continue  # "Báo cáo", "Trường hợp": the name is the first syllable of a word
            b, suffix = self._extend(text, core, b, end)
            levels = [x.strip() for x in suffix.split(",")] if "," in suffix and (
                " các " not in f" {suffix} ") else []
            if len(levels) > 1 and all(lv in self.lex.levels for lv in levels):
                # "Ủy ban nhân dân quận, phường": one body at each level
                for lv in levels:
                    out.append(Mention(a, b, canonical(f"{core} {lv}"), text[a:b]))
                continue
            out.append(Mention(a, b, canonical(f"{core}{suffix}"), text[a:b], lower=lower))
            out.extend(self._shared_list(text, core, suffix, b, end))
            out.extend(self._shared_places(text, core, suffix, b, end))
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
            qual = self._qualifier.match(text, b, limit)
            if qual:  # "các tỉnh, thành phố | trực thuộc Trung ương"
                suffix += f" {qual.group(0).strip()}"
                b = qual.end()
            return b, suffix
        if fold(core) in self.lex.topic_bodies:
            topic = self._topic(text, b, limit)
            if topic is not None:
                end, suffix = self._extend(text, core, topic, limit)
                return end, f" {text[b:topic].strip()}{suffix}"
        num = self._number.match(text, b, limit)
        if num and fold_text(core).startswith(("ban chỉ đạo", "đội", "đoàn")):
            return num.end(), f" {num.group('num')}"
        if fold_text(core) == "trường":
            school = re.match(r"\s+([^,;.:\n()]{3,60}?)(?=\s*(?:[,;.:\n()]|$|\s+(?:và|phối hợp|"
                              r"chủ trì|thực hiện|tổ chức)\b))", text[b:limit])
            if school:
                name = school.group(1).strip()
                return b + school.end(1), f" {name}"
        if fold_text(core) in ("báo", "đồn biên phòng", "đài truyền thanh"):
            place = self._proper.match(text, b, limit)
            if place:
                name = place.group(1).strip(" ,")
                return place.start(1) + len(name), f" {name}"
        return b, suffix

    def _topic(self, text: str, b: int, limit: int) -> int | None:
        """Where the topic of a body named after it ends, at its level word
        ("Ban Chỉ đạo | phòng, chống tội phạm | tỉnh"); None when no level word
        closes it within the clause (no task verb, no sentence end on the way)."""
        window = text[b:min(limit, b + 200)]
        if not window[:1].isspace():
            return None
        for m in self._level.finditer(window):
            topic = window[:m.start()]
            if (m.group("num") or fold_text(m.group("lvl")).startswith("các")
                    or re.search(r"[.:()\n]", topic) or TASK_VERB.search(fold_text(topic))
                    or len(topic.split()) < 2):
                return None
            return b + m.start()
        return None

    def _body_lists(self, text: str, start: int, end: int) -> list[Mention]:
        """"các sở: Giáo dục và Đào tạo, Y tế": a lowercase body, then its fields."""
        out = []
        for m in self._body_list.finditer(text[start:end]):
            body = m.group("body").capitalize()
            for f in self._fields.finditer(m.group("list")):
                a = start + m.start("list") + f.start()
                name = self.lex.field_name(f.group(0))
                out.append(Mention(a, a + len(f.group(0)), canonical(f"{body} {name}"),
                                   f.group(0)))
        return out

    def _shared_places(self, text: str, core: str, suffix: str, b: int, limit: int
                       ) -> list[Mention]:
        """"UBND quận Ba Đình, Cầu Giấy": the same body in the next places."""
        parts = suffix.split()
        level = next((lv for lv in sorted(self.lex.levels, key=len, reverse=True)
                      if f" {lv} " in f" {suffix} "), None)
        if not level or len(parts) < 2:
            return []
        out = []
        pos = b
        while True:
            m = re.compile(r"\s*(?:,|và)\s*((?:[A-ZĐÂĂÊÔƠƯ][^\s,.;:()]*\s?){1,4})").match(
                text, pos, limit)
            if not m:
                break
            words = m.group(1).split()
            for k in range(len(words), 0, -1):
                name = " ".join(words[:k])
                if is_place_of_type(name, level):
                    s = m.start(1)
                    out.append(Mention(s, s + len(name), canonical(f"{core} {level} {name}"),
                                       name))
                    pos = s + len(name)
                    break
            else:
                break
        return out

    def _shared_list(self, text: str, core: str, suffix: str, b: int, limit: int) -> list[Mention]:
        """"các Sở Văn hóa, Công thương, Y tế": the other fields of one body."""
        body = self.lex.body_of(core)
        if not body or suffix:
            return []
        out = []
        pos = b
        while True:
            m = self._next_field.match(text, pos, limit)
            if not m:
                break
            f = self.lex.field_name(m.group("f"))
            out.append(Mention(m.start("f"), m.end("f"), canonical(f"{body} {f}"), m.group("f")))
            pos = m.end()
        return out


def _in_a_word(core: str, text: str, b: int) -> bool:
    """A one-syllable name ("Báo", "Trường") that, with the syllable after it, is
    a dictionary word ("Báo cáo", "Trường hợp")."""
    nxt = re.match(r" ([^\W\d_]+)", text[b:b + 12])
    return (" " not in core and nxt is not None and nxt.group(1).islower()
            and fold(f"{core} {nxt.group(1)}") in word_pairs().words)


@lru_cache(maxsize=2)
def agency_finder(lexicon: AgencyLexicon) -> AgencyFinder:
    return AgencyFinder(lexicon)


def find_agencies(doc: Document, sections: list[Section], deadlines: list[Deadline] | None = None,
                  *, lexicon: AgencyLexicon | None = None) -> tuple[list[Agency], list[Task]]:
    """Agencies with roles and the tasks they are given."""
    lex = lexicon or agency_lexicon()
    finder = agency_finder(lex)
    text = doc.text
    body_end = _body_end(text)
    body_start = sections[0].span[0] if sections else _news_body_start(text)
    mentions = [m for m in finder.mentions(text, body_start, body_end)]
    heading_blocks = _implementation_blocks(sections, text, finder)
    heading_mentions: list[tuple[Mention, Section]] = []
    for sec in heading_blocks:
        hm = _heading_agencies(finder, text, sec, lex)
        heading_mentions.extend((m, sec) for m in hm)
    covered = [(m.start, m.end) for m, _ in heading_mentions]
    mentions = [m for m in mentions if not any(a <= m.start < b for a, b in covered)]
    for chain in chains(text, mentions):
        roles = chain_roles(text, chain, mentions, lex)
        for m in chain:
            m.roles = list(roles)
    for m, sec in heading_mentions:
        m.roles = _heading_roles(text, m, sec, lex)
    # a collective heading ("Các thôn trong xã") also takes the roles of its
    # other mentions in the body ("phối hợp với ..., các thôn tổ chức ...")
    extra: list[Mention] = []
    for m, _ in heading_mentions:
        if m.collective:
            extra.extend(_collective_mentions(text, m, body_start, body_end, covered))
    if extra:
        everything = sorted([*mentions, *extra], key=lambda x: x.start)
        for chain in chains(text, everything):
            if any(x in extra for x in chain):
                roles = chain_roles(text, chain, everything, lex)
                for x in chain:
                    if x in extra:
                        x.roles = list(roles)
        mentions = sorted([*mentions, *(x for x in extra if x.roles)], key=lambda x: x.start)
    agencies, by_key = _merge([*(m for m, _ in heading_mentions),
                               *(m for m in mentions if m.roles)], lex)
    tasks = _tasks(doc, sections, [*mentions, *(m for m, _ in heading_mentions)],
                   heading_mentions, by_key, deadlines or [])
    _link_deadlines(text, deadlines or [], agencies)
    return agencies, tasks


def _link_deadlines(text: str, deadlines: list[Deadline], agencies: list[Agency]) -> None:
    """A deadline outside any task (news prose) binds the agencies of its
    paragraph: "Sở ... chủ trì ... triển khai mô hình trước 15/12/2018"."""
    for d in deadlines:
        if d.agency_ids:
            continue
        a = text.rfind("\n", 0, d.span[0]) + 1
        b = text.find("\n", d.span[1])
        b = len(text) if b < 0 else b
        d.agency_ids = [ag.id for ag in agencies if any(a <= s < b for s, _ in ag.mentions)]


def _news_body_start(text: str) -> int:
    """An article without sections: its body starts after the headline."""
    first = text.find("\n")
    return first + 1 if first > 0 else 0


def _body_end(text: str) -> int:
    m = None
    for m in re.finditer(r"^(?:Nơi nhận|NƠI NHẬN)\s*:?", text, re.MULTILINE):
        pass
    return m.start() if m else len(text)


def _implementation_blocks(sections: list[Section], text: str = "",
                           finder: AgencyFinder | None = None) -> list[Section]:
    """Sections headed by an agency: the items of Tổ chức thực hiện, and any
    numbered heading that is nothing but an agency's name ("2. PHÒNG Y TẾ")."""
    out = []

    def is_agency_heading(s: Section) -> bool:
        if finder is None:
            return False
        a, b = s.heading_span
        label = re.match(r"\s*(?:\d{1,2}|[a-zđ]|[IVX]+)[.)]\s*", text[a:b])
        start = a + (label.end() if label else 0)
        found = finder.mentions(text, start, b, allow_lower=True)
        covered = sum(m.end - m.start for m in found)
        return bool(found) and covered >= 0.7 * len(text[start:b].strip(" .:;"))

    def walk(secs: list[Section], parent_impl: bool) -> None:
        for s in secs:
            if (parent_impl and s.kind == "implementation") or (
                    not parent_impl and s.kind != "implementation" and is_agency_heading(s)):
                out.append(s)
            walk(s.children, s.kind == "implementation")

    walk(sections, False)
    return out


def _heading_agencies(finder: AgencyFinder, text: str, sec: Section,
                      lex: AgencyLexicon) -> list[Mention]:
    a, b = sec.heading_span
    label = re.match(r"\s*(?:\d{1,2}|[a-zđ]|[IVX]+)[.)]\s*", text[a:b])
    start = a + (label.end() if label else 0)
    lead = re.match(r"(?:Đề nghị|đề nghị)\s+", text[start:b])
    if lead:
        start += lead.end()
    found = finder.mentions(text, start, b, allow_lower=True)
    out: list[Mention] = list(found)
    # what the gazetteer does not know stays as written: "Các phòng chuyên môn,
    # đơn vị trực thuộc", "các đoàn thể chính trị xã hội quận"
    pos = start
    for m in [*sorted(found, key=lambda x: x.start), None]:
        seg_end = m.start if m is not None else b
        for part in re.split(r"\s+và\s+|\s*;\s*", text[pos:seg_end]):
            seg = part.strip(" .:;,")
            if len(seg.split()) >= 2 and (fold_text(seg).startswith(_GROUP_WORDS) or any(
                    fold_text(seg).startswith(c) for c in lex.collectives)):
                pa = text.find(seg, pos, seg_end)
                out.append(Mention(pa, pa + len(seg), canonical(seg), seg, collective=True,
                                   heading=True))
        pos = m.end if m is not None else b
    return out


def _collective_mentions(text: str, head: Mention, start: int, end: int,
                         covered: list[tuple[int, int]]) -> list[Mention]:
    short = re.split(r"\s+(?:trong|của|tại|thuộc|trên)\s+|,", head.canonical)[0]
    if len(short.split()) < 2:
        return []
    out = []
    for m in re.finditer(rf"(?<![^\W\d_]){re.escape(short)}(?![^\W\d_])", text[start:end],
                         re.IGNORECASE):
        a, b = start + m.start(), start + m.end()
        if not any(x <= a < y for x, y in covered):
            out.append(Mention(a, b, head.canonical, m.group(0), collective=True))
    return out


def _heading_roles(text: str, m: Mention, sec: Section, lex: AgencyLexicon) -> list[str]:
    roles: list[str] = []
    a, b = sec.heading_span
    if "đề nghị" in fold_text(text[a:m.start]):
        roles.append("requested")
    body = text[b:sec.span[1]] if not sec.children else text[b:sec.children[0].span[0]]
    # task lines: lines, and sentences inside a line that open with their own verb
    lines = [ln.strip(" -+•:") for ln in re.split(r"\n+|\.\s+(?=[A-ZĐ])", body)
             if ln.strip(" -+•:")]
    for line in lines:
        low = fold_text(line)
        if low.startswith(lex.lead_task_start) or re.search(r"(?:^|\s)chủ trì\b", low[:60]):
            role = "lead"
        elif re.search(r"(?:^|\s)phối hợp(?:\s+với|\s+cùng|\s+chặt chẽ|\s+thực hiện|,|$)", low):
            role = "cooperate"
        elif "requested" in roles:
            continue  # what a request asks adds no role of its own
        else:
            role = "responsible"
        if role not in roles:
            roles.append(role)
    return roles or ["responsible"]


def _merge(mentions: list[Mention], lex: AgencyLexicon
           ) -> tuple[list[Agency], dict[str, Agency]]:
    """One agency per body: "Trạm Y tế" and "Trạm Y tế xã" in a commune's plan
    are the same office (a bare level word adds nothing)."""
    bare_names = {fold_text(m.canonical) for m in mentions}
    levels = "|".join(sorted(map(re.escape, lex.levels), key=len, reverse=True))
    level_tail = re.compile(rf"\s+(?:{levels})$")
    out: list[Agency] = []
    by_key: dict[str, Agency] = {}
    for m in mentions:
        key = fold_text(m.canonical)
        short = level_tail.sub("", key)
        if short != key and short in bare_names:
            key = short
        elif short != key and f"{short} các {key[len(short):].strip()}" in bare_names:
            key = f"{short} các {key[len(short):].strip()}"  # "quận, phường" -> "các phường"
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
    return _merge_prefixes(out, by_key)


def _merge_prefixes(agencies: list[Agency], by_key: dict[str, Agency]
                    ) -> tuple[list[Agency], dict[str, Agency]]:
    """"Phòng Phòng, chống tệ nạn xã hội" is the short form of "Phòng Phòng,
    chống tệ nạn xã hội - Bình đẳng giới" in the same plan: one agency."""
    keep: list[Agency] = []
    for ag in agencies:
        key = fold_text(ag.canonical)
        longer = [o for o in agencies if o is not ag and not o.collective
                  and fold_text(o.canonical).startswith(key + " ") and len(key.split()) >= 3]
        if len(longer) == 1 and not ag.collective:
            target = longer[0]
            for r in ag.roles:
                if r not in target.roles:
                    target.roles.append(r)
            target.mentions.extend(ag.mentions)
            by_key[key] = target
        else:
            keep.append(ag)
    for i, ag in enumerate(keep, 1):
        ag.id = f"a{i}"
    return keep, by_key


def _tasks(doc: Document, sections: list[Section], mentions: list[Mention],
           heading_mentions: list[tuple[Mention, Section]], by_key: dict[str, Agency],
           deadlines: list[Deadline]) -> list[Task]:
    heads: dict[str, list[str]] = {}
    for m, sec in heading_mentions:
        ag = by_key.get(fold_text(m.canonical))
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
            for m in mentions:
                if not (a <= m.start < b):
                    continue
                ag = by_key.get(fold_text(m.canonical))
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
