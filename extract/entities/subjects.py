"""Subjects and indicators of the numbers :mod:`.targets` finds: the words after
a number up to an indicator verb ("100% phường | tổ chức ..."), or the "Tỷ lệ X"
before it; a list shares the indicator of its last member and the comparator of
its first (contract "What counts" > Target)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..language.lexicons import TargetLexicon, fold_text
from ..language.vietnamese import LOWER, UPPER

MAX_CLAUSE = 600
# a clause ends at these (a list inside a clause goes on over "," and ";" ...)
# a clause ends at a sentence mark, and at ";" before a list mark, a capital or
# another figure ("...; 100% các gia đình được ...")
# a line break ends it unless the next line goes on in lower case or with a number
# (a wrapped line: "ít nhất 60% tổng số địa bàn được" / "lựa chọn chuyển hóa", "...
# vào năm 2025 và" / "15/100.000 trẻ em ..."); a headline ends before the date line
# under it ("... không ma túy" / "(17/04/2025)")
_CLAUSE_END = re.compile(rf"[.:!?](?=\s|$)|\n(?![ \t]*[{LOWER}0-9])|"
                         rf";(?=\s*(?:-|\+|\n|[{UPPER}]|"
                         r"(?:[^\W\d_]+\s+){0,3}\d))")
SCOPE = re.compile(r"(?:ở\s+)?cấp\s+(?:tỉnh|huyện|xã|quận|phường|thành phố|thị xã|"
                    r"thị trấn|cơ sở|trung ương)(?:\s*,\s*cấp\s+\w+)*(?:\s+và\s+cấp\s+\w+)?"
                    # an area: "đạt 90% ở khu vực thành thị và 80% ở khu vực nông thôn"
                    r"|(?:ở|tại)\s+(?:khu vực|vùng)(?:\s+[^\W\d_]+){1,4}?"
                    r"(?=\s+(?:và|vào|đến|năm|trong)\b|\s*[,;.)]|\s*$|\s+\d)")
# words after a number that open a time or a level, not a subject ("đạt 95% vào
# năm 2025", "90% ở cấp tỉnh"): the subject then stands before the number
# a share of GDP/GRDP ("đạt 20% GDP") and an after-comparator ("55% trở lên,") too
# and a verb that leads to the next number ("cao trên 25% | giảm từ 4%")
_NOT_A_SUBJECT = re.compile(r"(?:vào|trong|đến|cuối|sau|trước|so với|ở cấp|cấp|của|"
                            r"(?:giảm|tăng|lên|xuống)(?![^\W\d_])|"
                            r"(?:ở|tại) (?:khu vực|vùng)|"
                            r"gdp|grdp|trở lên\s*(?:[,;.]|$)|trở xuống\s*(?:[,;.]|$))")
# a quantity right after a verb makes it the indicator ("có ít nhất một hình thức")
_QUANTITY_NEXT = re.compile(r"\s+(?:ít nhất|tối thiểu|từ|trên|dưới|\d|một|hai|ba|đủ|đầy đủ)\b")
# a time phrase that ends a subject ("1.200 lao động trong năm 2023")
_TEMPORAL = re.compile(r"\s*(?:(?:trong|vào|đến|cuối|trước|sau)\s+(?:năm|tháng|quý|giai đoạn)"
                       r"|(?:năm|giai đoạn)\s+(?:19|20)\d\d|(?:mỗi|hằng|hàng)\s+năm|qua các năm)"
                       r"\b[^,;]*")
_FREQ_VERB = re.compile(r"(?:^|\s)(?:tổ chức|duy trì|thực hiện|triển khai|tiến hành|"
                        r"được)\s+")
# what restates the number before as a share ("27.560 hộ, bằng 91%")
_RESTATES = re.compile(r"(?:đạt|bằng|chiếm|tương đương|tức là|đạt tỷ lệ|đạt tỉ lệ)")
# an age group ("độ tuổi 15 - 60", "độ tuổi từ 15 đến 35 tuổi")
_AGE_GROUP = re.compile(r"độ tuổi\s+(?:từ\s+)?\d{1,2}\s*(?:-|–|đến)\s*\d{1,2}(?:\s+tuổi)?")
# what opens a subject that stands before its number
# where the noun phrase of a count ends ("12 buổi truyền thông về HIV | tại các xã");
# its topic after "về" stays in the subject (what the sessions are about)
_COUNT_PREP = re.compile(r"(?<!điều kiện)\s(?:cho|tại|dựa vào|ở(?! độ tuổi)|với|nhằm|trong)\b"
                         r"|,\s*(?:mỗi|bình quân|trung bình)\b")  # "16 gia đình, mỗi suất ..."

# "giảm số vụ ...", "tăng ...": a verb that opens the subject after it
_VERB_OPENS = r"(?:giảm|tăng|nâng)\s+(?:số\s+)?"
_BEFORE_OPENERS = re.compile(r"(?:^|\s)(?:tỷ lệ|tỷ suất|tỷ trọng|trong đó|"
                             r"mục tiêu(?:\s+(?:cụ thể|chung|tổng quát))?(?:\s+là)?)\s+"
                             rf"|^[\s\-+•]*{_VERB_OPENS}")
# what ends it: the verb or comparator that leads to the number
_BEFORE_STOP = re.compile(
    # (an age stays in the subject: "dân số từ 15 tuổi trở lên", "trẻ em dưới 16 tuổi";
    # and a place: "doanh nghiệp trên địa bàn xã")
    r"\s(?:được|đạt|dưới(?!\s+\d{1,2}\s+tuổi)|trên(?!\s+\d{1,2}\s+tuổi|\s+địa bàn)|"
    r"tối đa|tối thiểu|"
    r"không dưới|không quá|xuống|giảm|"
    r"(?<!tốc độ\s)tăng(?!\s(?:trưởng|cường))|là|"
    r"chiếm|phải|ít nhất|từ(?!\s+\d{1,2}(?:\s*(?:-|–|đến)\s*\d{1,2})?\s+tuổi)|"
    r"(?<!thu nhập\s)bình quân|(?<!thu nhập\s)trung bình)\b")
# what opens a sentence before its subject: the goal and its time ("Phấn đấu đến năm
# 2025, thu nhập bình quân ... tăng trên 2 lần")
_LEAD_GOAL = re.compile(r"^(?:(?:phấn đấu|mục tiêu)\s*,?\s*)?(?:(?:đến|vào|trong|tới)\s+)?"
                        r"(?:hết\s+)?năm\s+(?:19|20)\d\d\s*,\s*|^phấn đấu\s+")
# a sentence opened by these qualifies every number in it
_SENTENCE_QUALIFIERS = ("phấn đấu", "ít nhất", "tối thiểu")
# the goal word, which governs every number of its clause
_GOAL = re.compile(r"(?<![^\W\d_])phấn đấu(?![^\W\d_])")
_LIST_NEXT = re.compile(r"\s*(?:[,;]|\svà)\s*(?:và\s+)?$")


@dataclass
class Hit:
    start: int
    end: int  # end of the number and its unit
    value: float
    unit: str
    denominator: float | None = None
    period: str | None = None
    upper: float | None = None
    comparator: str | None = None
    cmp_start: int | None = None
    subject: str = ""
    subject_end: int = 0
    indicator: str | None = None
    seg_end: int = 0
    by_list: bool = False  # the subject ended at the next number of a list
    extra: dict = field(default_factory=dict)


@lru_cache(maxsize=1)
def _subject_res(lex: TargetLexicon) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The verb that ends a subject and starts its indicator (not inside a noun
    phrase: "có điều kiện"), and the words that end a subject without one."""
    verbs = sorted(lex.indicator_starts, key=len, reverse=True)
    keep = "|".join(map(re.escape, lex.subject_continues))
    verb_re = re.compile(rf"\s(?!(?:{keep})(?![^\W\d_]))"
                         rf"(?:{'|'.join(map(re.escape, verbs))})(?![^\W\d_])")
    stops = "|".join(map(re.escape, lex.subject_stops))
    return (verb_re, re.compile(rf"\s(?:{stops})(?![^\W\d_])"),
            re.compile(rf"(?<![^\W\d_])(?:{keep})(?![^\W\d_])"))


def read_subjects(text: str, low: str, hits: list[Hit], lex: TargetLexicon) -> None:
    verb_re, stop_re, _ = _subject_res(lex)
    for i, h in enumerate(hits):
        # a clause runs to its end mark, and MAX_CLAUSE characters at most (a text
        # with no end marks must not cost its whole length per figure: fuzzing)
        clause = _CLAUSE_END.search(text, h.end, h.end + MAX_CLAUSE)
        clause_end = clause.start() if clause else min(len(text), h.end + MAX_CLAUSE)
        h.seg_end = clause_end
        nxt = hits[i + 1] if i + 1 < len(hits) else None
        nxt_start = None
        if nxt and nxt.start < clause_end:
            nxt_start = nxt.cmp_start if nxt.cmp_start is not None else nxt.start
        after = text[h.end:nxt_start if nxt_start is not None else clause_end]
        forward = (bool(re.match(r"\s*[^\W\d_(]", after))
                   and not _NOT_A_SUBJECT.match(fold_text(after.strip()))
                   and h.unit != "frequency"
                   and not (h.unit == "ratio" and (h.denominator or 0) >= 1000))
        verb = _verb(text, low, lex, h.end, clause_end)
        if verb is not None and low[verb.start() + 1:verb.end()] != "được" and not (
                _QUANTITY_NEXT.match(low, verb.end())):
            # a relative clause inside the subject: "người nghiện có hồ sơ quản lý được
            # tư vấn", "người sử dụng trái phép chất ma túy được phát hiện" (not "tổ
            # chức được ...", where "được" follows its verb)
            later = re.compile(r"\sđược\b").search(low, verb.end(), clause_end)
            # (not across a comma: "cơ sở tổ chức phổ biến kiến thức, pháp luật ... được")
            if later is not None and len(low[verb.end():later.start()].split()) >= 2 and (
                    "," not in low[verb.end():later.start()]):
                verb = later
        elif verb is not None and re.search(
                r"(?:đã|đang|từng)$", low[max(h.end, verb.start() - 6):verb.start()]):
            later = re.compile(r"\sđược\b").search(low, verb.end(), clause_end)
            if later is not None:
                verb = later  # "người đã được chẩn đoán nhiễm HIV được điều trị"
        if forward:
            list_next = None
            if nxt_start is not None and _LIST_NEXT.search(text[h.end:nxt_start]):
                list_next = nxt_start
            stop = clause_end
            if list_next is not None and (verb is None or list_next < verb.start()):
                stop, h.by_list = _strip_separator(text, h.end, list_next), True
            elif verb is not None:
                stop = verb.start()
            hard = stop_re.search(low, h.end, stop) or _TEMPORAL.search(low, h.end, stop)
            if hard is not None:
                stop = hard.start()
            # a count's noun, or a subject followed by another number of its clause,
            # ends at ";" ("...; giá trị thu nhập hơn ..."); a list of nouns under one
            # verb goes on ("cán bộ ... của ngành; học sinh, sinh viên ... được")
            semi = low.find(";", h.end, stop)
            if semi > h.end and (h.unit == "count" or nxt_start is not None):
                stop = semi
            if nxt_start is not None and nxt_start < stop:
                stop = _before_next_label(text, h, nxt_start)
            if h.unit in ("count", "frequency"):
                prep = _COUNT_PREP.search(low, h.end, stop)
                if prep is not None:
                    stop = prep.start()  # "12 buổi truyền thông về ... | tại các xã"
            raw = text[h.end:stop]
            h.subject = _drop_prefix(raw.strip(" ,;-"), lex)
            h.subject_end = h.end + len(raw.rstrip(" ,;-"))
            if h.unit in ("count", "ratio") and _bare_noun(h.subject, lex):
                label = _list_label(text, low, h, hits[i - 1] if i else None, nxt, lex)
                h.extra["label"] = label
                before = None if label else _counted_before(text, low, h)
                h.subject = f"{h.subject} {label}" if label else before or h.subject
                if (h.unit == "count" and not label and not before and verb is not None
                        and stop == verb.start() and not h.by_list):
                    # "350 lao động | được đào tạo trình độ sơ cấp", "21 sản phẩm | tham
                    # gia xếp hạng 2 sao": a bare count noun is the ones its verb names
                    # (a number inside it is part of it: "xếp hạng 2 sao")
                    h.subject_end = _relative_end(low, verb.start(), clause_end)
                    h.subject = text[h.end:h.subject_end].strip()
                    h.extra["relative"] = True
            if verb is not None and not h.by_list:
                h.indicator = text[verb.start():clause_end].strip(" ,;")
        if not forward or not h.subject:
            h.subject_end = h.end
            prev_end = hits[i - 1].end if i and hits[i - 1].seg_end >= h.start else None
            h.subject = _subject_before(text, low, h, prev_end, lex)
            rest = _TEMPORAL.sub("", fold_text(h.subject)).strip(" ,và")
            if prev_end is not None and (not rest or _RESTATES.fullmatch(rest)):
                # "8,2% vào năm 2025 và 7,5% vào năm 2030": the same subject again;
                # "154/218 trường, đạt 70,06%": the same figure as a share
                h.subject = hits[i - 1].subject
                h.comparator = h.comparator or hits[i - 1].comparator
            h.subject_end = h.end
            if verb is not None:
                h.indicator = text[verb.start():clause_end].strip(" ,;")
            # a level right after the number is its own ("50% ở cấp phường"); after
            # a comma it belongs to the next number ("90%, cấp huyện đạt 80%")
            scope = None if after.lstrip()[:1] in (",", ";") else (
                SCOPE.match(fold_text(after.strip(" ,"))))
            if (prev_end is not None and hits[i - 1].subject
                    and SCOPE.fullmatch(fold_text(h.subject))):
                # "..., cấp huyện đạt 80%": the head noun of the one before
                head = re.sub(r"\s+(?:tại|ở)$", "", SCOPE.sub("", hits[i - 1].subject).strip(" ,"))
                h.subject = f"{head} {h.subject}"
            if scope and prev_end is not None and hits[i - 1].subject:
                # "70% cán bộ ... cấp quận và 50% ở cấp phường": the same head noun
                head = SCOPE.sub("", hits[i - 1].subject).strip(" ,")
                h.subject = f"{head} {after.strip(' ,')[:scope.end()]}"
                h.comparator = h.comparator or hits[i - 1].comparator
            elif scope and h.subject:
                h.subject = f"{h.subject} {after.strip(' ,')[:scope.end()]}"
            elif scope and i and hits[i - 1].subject:
                # "Cán bộ ... được tập huấn: 100% ở cấp huyện, 80% ở cấp xã"
                h.subject = hits[i - 1].subject
    _same_head(low, hits, lex)
    _distribute(text, low, hits)


_RELATIVE_END = re.compile(r"\s*[,;(]|\s+(?:và|hoặc|với|nhằm|để|gồm|trong đó)\b")


def _relative_end(low: str, start: int, end: int) -> int:
    """Where the verb phrase naming the counted ones ends: at a comma, a bracket, a
    new clause word or a time phrase ("350 lao động được đào tạo | trong năm 2023")."""
    stops = [m.start() for m in (_RELATIVE_END.search(low, start, end),
                                 _TEMPORAL.search(low, start, end)) if m is not None]
    return min([end, *stops])


def _bare_noun(subject: str, lex: TargetLexicon) -> bool:
    """A subject that is only the counted noun ("hộ", "sản phẩm"): it says what is
    counted, not which ones."""
    return bool(subject) and (" " not in subject or fold_text(subject) in lex.count_nouns)


def _verb(text: str, low: str, lex: TargetLexicon, start: int, end: int
          ) -> re.Match[str] | None:
    """The first indicator verb in low[start:end] that is written in lower case (a
    capitalised word is a name: "ấp Vĩnh Lập", "xã Tân Lập", not the verb "lập")
    and is not inside a phrase the lexicon keeps in the noun phrase ("trạm y tế có
    tổ chức khám sàng lọc": not "tổ chức")."""
    verb_re, _, keep_re = _subject_res(lex)
    for m in verb_re.finditer(low, start, end):
        if text[m.start() + 1:m.start() + 2].isupper():
            continue
        if any(k.end() > m.start() + 1 for k in
               (keep_re.match(low, j) for j in range(max(start, m.start() - 12), m.start() + 1))
               if k is not None):
            continue
        return m
    return None


# what separates the items of a list ("50 hộ, Vĩnh Tây 50 hộ và Vĩnh Đông 40 hộ")
_ITEM_SEP = re.compile(r"\s*[,;]\s*(?:và\s+)?|\s+và\s+")


def _before_next_label(text: str, h: Hit, nxt_start: int) -> int:
    """Where a subject cut by the next number ends: "50 hộ, Vĩnh Tây 50 hộ": the
    words after the last separator label the next item, not this one."""
    sep = None
    for sep in _ITEM_SEP.finditer(text, h.end, nxt_start):
        pass
    if sep is not None and text[h.end:sep.start()].strip() and text[sep.end():nxt_start].strip():
        h.by_list = True
        return sep.start()
    return nxt_start


def _list_label(text: str, low: str, h: Hit, prev: Hit | None, nxt: Hit | None,
                lex: TargetLexicon) -> str | None:
    """The label of a list item that stands before its number ("khu vực đô thị
    100.000 cây; khu vực nông thôn 100.000 cây", "trong đó ấp Vĩnh Tâm 50 hộ, Vĩnh
    Tây 50 hộ"): a place word or a proper name, no verb, no comparator."""
    in_list = h.by_list or (prev is not None and prev.seg_end >= h.start and (
        prev.by_list or _ITEM_SEP.match(text, prev.subject_end, h.start) is not None)) or (
        nxt is not None and nxt.start < h.seg_end
        and _ITEM_SEP.match(text, h.subject_end, nxt.start) is not None)
    if not in_list or h.cmp_start is not None:
        return None
    lo = max(low.rfind(c, max(0, h.start - 80), h.start) for c in ",;:\n") + 1
    if prev is not None:
        lo = max(lo, prev.subject_end)
    label = text[lo:h.start].strip(" ,;:-+•")
    label = re.sub(r"(?i)^(?:trong đó|cụ thể|và)[\s,:]*", "", label)
    words = label.split()
    if not words or len(words) > 5 or any(c.isdigit() for c in label):
        return None
    place = _opening_word(label, lex.list_labels) is not None
    if not place and not all(w[:1].isupper() for w in words):
        return None
    if _verb(" " + label, " " + label.lower(), lex, 0, len(label) + 1):
        return None
    return label


def _counted_before(text: str, low: str, h: Hit) -> str | None:
    """"đưa tổng số xã đạt chuẩn nông thôn mới lên 57/88 xã": a bare count noun
    names what the phrase "số <noun> ..." before the number counts."""
    sentence = max(low.rfind(c, 0, h.start) for c in ".;:\n") + 1
    end = h.cmp_start if h.cmp_start is not None else h.start
    m = None
    for m in re.finditer(rf"\bsố\s+({re.escape(h.subject.lower())})\b",
                         low[sentence:end]):
        pass
    if m is None:
        return None
    region = text[sentence + m.start(1):end]
    region = re.sub(r"(?i)[\s,]+(?:lên|là|đạt|được|có|thành)?\s*$", "", region)
    return region.strip() if len(region.split()) <= 12 else None


def _same_head(low: str, hits: list[Hit], lex: TargetLexicon) -> None:
    """"có 495 hộ cận nghèo, kế hoạch giảm 91 hộ": a bare count noun takes the
    fuller noun phrase an earlier number of its sentence gave it; a labelled one
    keeps its label ("200.000 cây xanh phân tán ...; khu vực đô thị 100.000 cây":
    "cây xanh phân tán khu vực đô thị")."""
    for i, h in enumerate(hits):
        label = h.extra.get("label")
        noun = h.subject[: -len(label) - 1] if label else h.subject
        if h.unit != "count" or not _bare_noun(noun, lex):
            continue
        head = fold_text(noun) + " "
        for prev in reversed(hits[:i]):
            if re.search(r"[.\n]", low[prev.end:h.start]) and not label:
                break
            if prev.start < h.start - MAX_CLAUSE:
                break
            if (prev.unit == "count" and not prev.extra.get("label")
                    and fold_text(prev.subject).startswith(head)):
                fuller = re.sub(r"\s*\([^()]*\)", "", prev.subject)
                h.subject = f"{fuller} {label}" if label else fuller
                break


def _distribute(text: str, low: str, hits: list[Hit]) -> None:
    """A list shares the indicator of its last member and the comparator of its
    first; a sentence opened by "Phấn đấu" / "Ít nhất" qualifies every number;
    a member that only names a level takes the head noun of the one before."""
    for i, h in enumerate(hits):
        if h.by_list:
            j = i
            while j + 1 < len(hits) and hits[j].by_list:
                j += 1
            h.indicator = hits[j].indicator
            nxt = hits[i + 1]
            if nxt.comparator is None and h.comparator is not None:
                nxt.comparator = h.comparator
            if re.match(r"(?:ở\s+)?cấp\s", nxt.subject) and h.subject:
                head = SCOPE.sub("", h.subject).strip(" ,")
                nxt.subject = f"{head} {nxt.subject}"
        if h.comparator is None:
            sentence = max(low.rfind(c, 0, h.start) for c in ".\n") + 1
            lead = low[sentence:h.start].lstrip(" -+•")
            clause = low[max(low.rfind(c, 0, h.start) for c in ".\n,;:") + 1:h.start]
            if lead.startswith(_SENTENCE_QUALIFIERS) or _GOAL.search(clause):
                # "phấn đấu mỗi xã có 2 sản phẩm", "kế hoạch phấn đấu trồng mới 380.000
                # cây": the goal governs a number of its clause (dev gold 6 of 6)
                h.comparator = ">="
            elif i and hits[i - 1].comparator and hits[i - 1].seg_end >= h.start - 2 and (
                    re.search(r"[;,]\s*$", low[hits[i - 1].subject_end:h.start])):
                h.comparator = hits[i - 1].comparator  # the next item of a list


def _strip_separator(text: str, start: int, stop: int) -> int:
    while stop > start and text[stop - 1] in " ,;":
        stop -= 1
    if text[start:stop].endswith(" và"):
        stop -= 3
    return stop


def _drop_prefix(subject: str, lex: TargetLexicon) -> str:
    low = fold_text(subject)
    for w in sorted(lex.subject_drop, key=len, reverse=True):
        if low.startswith(w + " "):
            return subject[len(w) + 1:]
    return subject


def _subject_before(text: str, low: str, h: Hit, prev_end: int | None,
                    lex: TargetLexicon) -> str:
    """"Tỷ lệ hồ sơ ... được giải quyết trực tuyến đạt tối thiểu 60%": the subject
    stands before the number: after "tỷ lệ" / "trong đó" / the previous number,
    up to the verb or comparator that leads to the number."""
    sentence = max(low.rfind(c, 0, h.start) for c in ".;:\n") + 1
    start = max(sentence, prev_end or 0)
    end = h.cmp_start if h.cmp_start is not None else h.start
    region = low[start:end]
    if not region.strip(" ,-+•") and low[:sentence].rstrip().endswith(":"):
        # "Cán bộ ... được tập huấn nghiệp vụ: 100% ở cấp huyện"
        lead = max(low.rfind(c, 0, sentence - 1) for c in ".;") + 1
        line = low.rfind("\n", lead, sentence - 1)
        while line >= 0 and text[line + 1:line + 2].islower():
            line = low.rfind("\n", lead, line)  # a line wrapped inside the sentence
        start, end = max(lead, line + 1), sentence - 1
        region = low[start:end]
    m = None
    for m in _BEFORE_OPENERS.finditer(region):
        pass
    age = None
    if m is not None:
        # "Đối với người độ tuổi 15 - 60, nâng tỷ lệ người biết chữ đạt 97%": the
        # age group named before the share qualifies it
        for age in _AGE_GROUP.finditer(low, start, start + m.start()):
            pass
        start, region = start + m.end(), region[m.end():]
    else:
        sep = max(region.rfind(", "), region.rfind("; "))
        if sep >= 0 and prev_end is not None:
            start, region = start + sep + 2, region[sep + 2:]
    stop = _BEFORE_STOP.search(region)
    if stop is not None and stop.group(0) == " là":
        # "tỷ lệ hộ nghèo là đồng bào dân tộc thiểu số giảm từ 3%": "là" names which
        # ones when the verb that leads to the number comes after it
        later = _BEFORE_STOP.search(region, stop.end())
        stop = later or stop
    if stop is not None and not _TEMPORAL.sub("", region[:stop.start()]).strip(" ,"):
        # "Mục tiêu năm 2021 giảm số vụ ..., số người chết 5%-10%": after a time
        # alone, "giảm"/"tăng" opens the subject as at the start of a line
        verb = re.match(rf"\s{_VERB_OPENS}", region[stop.start():])
        if verb is not None:
            start, region = start + stop.start() + verb.end(), region[stop.start() + verb.end():]
            stop = _BEFORE_STOP.search(region)
    scope = None
    # "người nghiện có hồ sơ quản lý | được tư vấn": a relative clause before "được"
    relative = stop is not None and region[stop.start():].lstrip().startswith("được")
    if stop is not None:
        # "hồ sơ công việc được xử lý ... tại cấp tỉnh đạt 90%": the level stays
        scope = re.search(rf"((?:\s(?:tại|ở)\s+)?{SCOPE.pattern})(?:\s+(?:đạt|là))?\s*$",
                          region[stop.start():])
        region = region[:stop.start()]
    if h.unit == "frequency" and m is None and stop is None:
        # "Ban Chỉ đạo xã tổ chức giao ban 01 lần/quý": the activity after the verb
        v = None
        for v in _FREQ_VERB.finditer(region):
            pass
        if v is not None:
            start, region = start + v.end(), region[v.end():]
    if h.unit != "frequency":
        # "Tỷ lệ người dân | có hồ sơ sức khỏe điện tử đạt 90%": the verb starts the
        # indicator, as it does after the number (contract: subject, indicator)
        # "có" starts the indicator as it does after the number ("Tỷ lệ người dân |
        # có hồ sơ sức khỏe điện tử đạt 90%"), unless the lexicon keeps it in the
        # noun phrase ("trẻ em có hoàn cảnh đặc biệt", "trường học có tổ chức ...")
        verb = _verb(text[start:start + len(region)], region, lex, 0, len(region))
        if verb is not None and relative and "," not in region[verb.end():] and len(
                region[verb.end():].split()) >= 2:
            verb = None
        if verb is not None and region[:verb.start()].strip(" ,;-+•"):
            h.indicator = text[start + verb.start():start + len(region)].strip(" ,;")
            region = region[:verb.start()]
    subject = text[start:start + len(region)].strip(" ,;-+•")
    lead = _LEAD_GOAL.match(subject.lower())
    if lead is not None:
        subject = subject[lead.end():]
    if m is not None and "tỷ trọng" in m.group(0):
        # "Tỷ trọng thương mại điện tử | trong tổng mức bán lẻ đạt 20%": the share's part
        subject = re.sub(r"(?i)\s+trong\s+(?:tổng|gdp|grdp)\b.*$", "", subject)
    if age is not None and subject and "tuổi" not in subject:
        subject = f"{subject} {text[age.start():age.end()]}"
    if scope is not None and subject:
        tail = start + len(region) + scope.start()
        subject = f"{subject} {text[tail:tail + len(scope.group(1))].strip()}"
    return _drop_prefix(subject, lex)


def split_indicator(phrase: str, lex: TargetLexicon) -> tuple[str, str | None]:
    """The subject and the indicator of a table row's wording ("Tỷ lệ người khuyết
    tật | tiếp cận các dịch vụ y tế ..."): the share word dropped, cut at the verb."""
    rest = _drop_prefix(_drop_prefix(phrase.strip().rstrip(".;:"), lex), lex)  # "Tỷ lệ số ..."
    verb = _verb(" " + rest, " " + rest.lower(), lex, 0, len(rest) + 1)
    if verb is None:
        return rest, None
    # in the padded string the verb's space stands at verb.start(): rest's verb starts there
    return rest[:verb.start()].strip(" ,"), rest[verb.start():].strip(" ,") or None



def measure_members(subject: str, lex: TargetLexicon) -> list[str]:
    """"số vụ tai nạn giao thông, số người chết, bị thương do tai nạn giao thông":
    one number stated for several measures is one target per measure (contract);
    the members it lists, each without its "số", or [] when it lists no measures."""
    members = []
    for part in _ITEM_SEP.split(subject):
        part = _drop_prefix(part.strip(), lex)
        if _opening_word(part, lex.measure_members) is None:
            break  # "...; khắc phục tình trạng ùn tắc": the list has ended
        members.append(part)
    if len(members) < 2:
        return []
    # "số vụ, số người chết và số người bị thương do tai nạn giao thông": what the
    # last one is of ("do tai nạn giao thông") is what each bare one before it is of
    word = _opening_word(members[-1], lex.measure_members) or ""
    tail = members[-1][len(word):].strip()
    if re.match(r"(?:do|vì|bởi|của|trong|về)\s", tail):
        members[:-1] = [f"{m} {tail}" if fold_text(m) in lex.measure_members else m
                        for m in members[:-1]]
    return members


def _opening_word(phrase: str, words: tuple[str, ...]) -> str | None:
    """The longest of ``words`` (folded) that ``phrase`` is or opens, or None."""
    low = fold_text(phrase)
    found = [w for w in words if low == w or low.startswith(w + " ")]
    return max(found, key=len) if found else None
