"""News and prose: the sentence that reports a document ("Ngày 29/4/2025, Bộ Nội
vụ ban hành Kế hoạch số 1910/KH-BNV ..."), its issuer named in prose and cut at
the sentence, the date of the report, and the unit a bare "UBND tỉnh" refers to.

Used by :mod:`.header` for news articles and for official copies whose header
was lost (the issuer is then read from the body).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from schemas import Signer

from ..language.lexicons import doc_types, fold_text
from ..language.names import is_place_of_type, place_units, place_with_type
from ..language.patterns import DATE_NUMERIC, DATE_WORDS, DOC_NUMBER, first_full_year, iso_date
from ..language.vietnamese import LOWER, UPPER

# the level words of administrative units, one alternation for every pattern below
_UNIT_LEVELS = "tỉnh|thành phố|quận|huyện|thị xã|xã|phường|thị trấn"
# "Ủy ban nhân dân quận ban hành Kế hoạch", "Sở ... xây dựng Kế hoạch"
_AGENCY_START = (r"(?:(?:Phó )?Thủ tướng(?: Chính phủ)?|(?<!tướng )Chính phủ|"
                 r"Chủ tịch (?:UBND|Ủy ban nhân dân)|Ủy ban nhân dân|UBND|Hội đồng nhân dân|"
                 r"HĐND|Sở|Phòng(?!,| cháy| chống| ngừa)|Ban(?! hành)|"
                 r"Bộ(?! phận)|Trung tâm|Công an)\b")
_AGENCY_START_RE = re.compile(_AGENCY_START)
# the document types a news article reports
_TYPES = (r"kế hoạch|văn bản|quyết định|chương trình|công văn|chỉ thị|hướng dẫn|đề án|"
          r"chiến lược|nghị quyết|thông báo")
# a title runs to the end of its sentence; a dot between digits ("1.000 ngày đầu đời")
# ends nothing
_TITLE_RUN = r"(?:[^.;\n]|(?<=\d)\.(?=\d))"
# the reported document's date after its number ("ngày 23/2", "ngày 19-4-2022")
_DATE_GROUP = r"(?:,?\s*ngày\s*(?P<date>\d{1,2}\s?[/.-]\s?\d{1,2}(?:\s?[/.-]\s?\d{4})?)\s*)?"
_SELF_ISSUE = re.compile(
    rf"(?<!của )(?P<agency>(?-i:(?=[{UPPER}])){_AGENCY_START}[^.;:\n]{{0,90}}?)(?<! về)(?<! việc)"
    r"[ \t]+(?:(?:vừa|đã|mới|cũng|chính thức)[ \t]+){0,2}"
    r"(?P<verb>ký ban hành|ban hành|ký|phê duyệt|xây dựng|có văn bản|triển khai)\s+"
    r"(?P<quote>[\"“](?=\w+ \w+))?"  # "phê duyệt “Kế hoạch Xóa mù chữ ...”"
    rf"(?P<type>{_TYPES})?\s*"
    rf"(?:(?:số\s*:?\s*)?(?P<number>{DOC_NUMBER.pattern})\s*)?"
    + _DATE_GROUP +
    # "triển khai kế hoạch số 22/KH-UBND của Ủy ban nhân dân xã ... về việc ...": the
    # document's own issuer
    rf"(?:của\s+(?P<owner>(?-i:(?=[{UPPER}])){_AGENCY_START}[^.;:\n]{{0,80}}?)\s+(?=về\b))?"
    r"(?:về\s+(?:việc\s+)?)?(?P<title>"
    rf"{_TITLE_RUN}{{0,250}})",
    re.IGNORECASE,
)
_REPORTED_TYPES = rf"(?P<type>{_TYPES})"
# the document reported without "X ban hành": a passive ("... được phê duyệt tại
# Quyết định số 749/QĐ-LĐTBXH ngày 13/5/2013 của Bộ trưởng Bộ ...") and a lead that
# cites it, then acts ("Theo Công văn số 3517/UBND ngày 18/7/2022, UBND huyện đề nghị")
_PASSIVE_ISSUE = re.compile(
    rf"được\s+(?P<verb>phê duyệt|ban hành)\s+(?:tại|theo)\s+{_REPORTED_TYPES}\s+"
    rf"(?:số\s*:?\s*)?(?P<number>{DOC_NUMBER.pattern})\s*{_DATE_GROUP}"
    rf"của\s+(?P<agency>(?-i:(?=[{UPPER}])){_AGENCY_START}[^.;:\n,]{{0,80}}?)"
    r"(?=\s+(?:là|về|đã|được|nhằm|để)\b|\s*[.;,\n])(?P<title>)",
    re.IGNORECASE,
)
# "Theo chiến lược quốc gia phát triển kinh tế số ... vừa được Thủ tướng Chính phủ
# ban hành, ...": the document named before the passive that reports it
_PASSIVE_NAMED = re.compile(
    rf"\b{_REPORTED_TYPES}\s+(?:số\s*:?\s*(?P<number>{DOC_NUMBER.pattern})\s*)?"
    rf"(?P<title>{_TITLE_RUN}{{5,200}}?)\s+(?:vừa|đã|mới)\s+được\s+"
    rf"(?P<agency>(?-i:(?=[{UPPER}])){_AGENCY_START}[^.;:\n,]{{0,60}}?)\s+"
    r"(?P<verb>ký ban hành|ban hành|phê duyệt)\b(?P<date>)",
    re.IGNORECASE,
)


def approval(m: re.Match[str], doc_type: str | None) -> tuple[str, str] | None:
    """"Chiến lược X vừa được Thủ tướng Chính phủ ban hành": a strategy, scheme or
    programme is issued by the decision that approves it ("QUYET_DINH", "Phê duyệt
    Chiến lược X"); None for any other report."""
    if m.re is not _PASSIVE_NAMED or doc_type in doc_types().metadata_types:
        return None
    return "QUYET_DINH", f"Phê duyệt {m.group('type').capitalize()} {m.group('title').strip(' ,')}"


_CITED_THEN_ACTS = re.compile(
    rf"(?:^|\n|\.\s)\s*(?:\([^()\n]{{0,60}}\)\s*)?Theo\s+{_REPORTED_TYPES}\s+"
    rf"(?:số\s*:?\s*)?(?P<number>{DOC_NUMBER.pattern})\s*{_DATE_GROUP},\s*"
    rf"(?P<agency>(?-i:(?=[{UPPER}])){_AGENCY_START}[^.;:\n,]{{0,60}}?)\s+"
    r"(?P<verb>đề nghị|yêu cầu|chỉ đạo|giao)\s+(?P<title>"
    rf"{_TITLE_RUN}{{0,250}})",
    re.IGNORECASE,
)
# the reports without "X ban hành ...", tried in turn
_REPORTS_WITHOUT_VERB = (_CITED_THEN_ACTS, _PASSIVE_ISSUE, _PASSIVE_NAMED)


def _last_agency(span: str) -> str:
    """The last agency name that starts inside ``span`` (the one that acts)."""
    # "(sau đây gọi tắt là Ban Chỉ đạo)" names no other agency
    span = re.sub(r"\s*\([^()]*\)", "", span)
    starts = [m.start() for m in _AGENCY_START_RE.finditer(span)]
    return span[starts[-1]:] if starts else span


def _reported(text: str) -> re.Match[str] | None:
    """The sentence that reports the document: the first "X ban hành ...", or,
    when that one is a headline without number or date, the article's lead
    sentence that follows it with them."""
    issues = _issues(text)
    first = next(issues, None)
    if first is None:
        found = [m for m in (p.search(text) for p in _REPORTS_WITHOUT_VERB) if m]
        return min(found, key=lambda m: m.start()) if found else None
    if first.group("number") or _news_date(text, first):
        return first
    for later in issues:
        if later.start() > first.end() + 1500:
            break
        if later.group("number") or _news_date(text, later):
            return later
    return first


def _issues(text: str) -> Iterator[re.Match[str]]:
    """The "X ban hành ..." sentences; "xây dựng" and "triển khai" report a
    document only with its type ("xây dựng Kế hoạch"), not in a movement's name
    ("Ban Chỉ đạo phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa")."""
    for m in _SELF_ISSUE.finditer(text):
        if m.group("type") or m.group("number") or m.group("verb").lower() not in (
                "xây dựng", "triển khai"):
            yield m


def _news_date(text: str, m: re.Match[str]) -> str | None:
    """The reported document's date: after its number ("số 566/QĐ-UBND ngày 23/2")
    or opening the sentence that reports it ("Ngày 29/4/2025, Bộ Nội vụ ban hành",
    "Vào ngày 28 tháng 01 năm 2022, ..."). A date without its year takes the year
    of the article's dateline, the first full date above it."""
    found = None
    if m.group("date"):
        found = DATE_NUMERIC.search(m.group("date"))
    if found is None:
        start = max(text.rfind(". ", 0, m.start()) + 1, text.rfind("\n", 0, m.start()))
        lead = text[max(start + 1, m.start() - 60):m.start()]
        for pattern in (DATE_WORDS, DATE_NUMERIC):
            for cand in pattern.finditer(lead):
                # the date that opens the clause of the report: "..., ngày 13/5/2011,"
                if cand.group("d") and re.fullmatch(r"[\s,]*", lead[cand.end():]):
                    found = cand
    if found is None or not found.group("m"):
        return None
    year = found.group("y") or first_full_year(text, m.start())
    return iso_date(found.group("d"), found.group("m"), year) if year else None


# "Phó Thủ tướng Chính phủ Vũ Đức Đam" (who signs for the Prime Minister)
_PM = re.compile(rf"^(?P<pos>Phó [Tt]hủ tướng|Thủ tướng)(?: Chính phủ)?"
                 rf"(?P<name>(?: [{UPPER}][{LOWER}]*){{2,4}})?")
_CHAIR = re.compile(r"^Chủ tịch (?=Ủy ban nhân dân)")
# after the unit's level word, a place name is capitalised: what follows in lower
# case is the sentence ("huyện đã", "thành phố Hội An về", "(Khánh Hòa)")
_LEVEL_WORD = re.compile(rf"\b(?:{_UNIT_LEVELS})\b")
_PLACE_WORDS = re.compile(rf"(?: (?:[{UPPER}][{LOWER}]*|\d+|-))*")


def _clean_issuer(agency: str) -> tuple[str, Signer | None]:
    """The issuing body named in prose, without the sentence around it."""
    pm = _PM.match(agency)
    if pm:
        name = (pm.group("name") or "").strip()
        position = "Phó Thủ tướng" if pm.group("pos").startswith("Phó") else "Thủ tướng"
        signer = Signer(name=name, position=position) if name else None
        return "Thủ tướng Chính phủ", signer
    chair = _CHAIR.match(agency) is not None
    agency = _CHAIR.sub("", agency)
    level = _LEVEL_WORD.search(agency)
    if level:
        rest = _PLACE_WORDS.match(agency, level.end())
        agency = agency[: rest.end() if rest else level.end()]
        if chair and rest:
            return _chair_named(agency, level)
    return agency.strip(" ,-"), None


def _chair_named(agency: str, level: re.Match[str]) -> tuple[str, Signer | None]:
    """"Chủ tịch UBND thành phố Lê Trung Chinh ký ...": the words after the unit that
    are not its place are the chair's name (who signs)."""
    words = agency[level.end():].split()
    k = next((k for k in range(len(words), 0, -1)
              if is_place_of_type(" ".join(words[:k]), level.group(0))), 0)
    if len(words) - k < 2 or (k == 0 and len(words) < 3):
        return agency.strip(" ,-"), None
    body = " ".join([agency[:level.end()].strip(), *words[:k]])
    position = f"Chủ tịch {agency[:level.end()].strip()}"
    return body, Signer(name=" ".join(words[k:]), position=position)


def _unit_name(issuer: str | None) -> str | None:
    """"Ủy ban nhân dân huyện Vĩnh Cửu" -> "Vĩnh Cửu" (a news article's place)."""
    level = _LEVEL_WORD.search(issuer or "")
    if not level:
        return None
    name = (issuer or "")[level.end():].strip()
    return name or None


_OWN_NUMBER_AFTER_TITLE = re.compile(
    r"\s*\((?:kế hoạch|quyết định|chương trình|công văn|chỉ thị|văn bản)\s+(?:số\s*)?"
    rf"(?P<number>{DOC_NUMBER.pattern})[^()]{{0,40}}\)\s*$", re.IGNORECASE)


def _news_issuer(agency: str, title: str, text: str) -> tuple[str, str | None]:
    """Complete a news article's issuer with its place: a trailing place name
    ("Sở ... Hà Nội"), or the unit its level word refers to in the title
    ("UBND thành phố" + "trên địa bàn thành phố Thanh Hóa")."""
    words = agency.split()
    named = None
    for named in re.finditer(rf"\b(?:{_UNIT_LEVELS})\s+(?=[{UPPER}])", agency):
        pass
    if named is not None:  # "Ủy ban nhân dân xã Trường Đông": the text names the unit
        return agency, agency[named.end():]
    for k in range(min(3, len(words) - 1), 0, -1):
        tail = " ".join(words[-k:])
        if not all(w[:1].isupper() for w in words[-k:]):
            continue  # a place is a name: "đoàn kết" (united) is no phường Đoàn Kết
        rows = place_units(tail)
        if rows and not re.search(r"(tỉnh|thành phố|quận|huyện|xã|phường)$",
                                  " ".join(words[:-k])):
            head = " ".join(words[:-k])
            typed = place_with_type(tail) or f"{rows[0]['type']} {tail}"
            return f"{head} {typed}", tail
    lm = re.search(rf"({_UNIT_LEVELS})$", agency)
    if lm:
        for pm in re.finditer(rf"\b{lm.group(1)}\s+((?:[A-ZĐ][^\s,.;]*\s?){{1,4}})",
                              title + "\n" + text):
            words = pm.group(1).split()
            for k in range(len(words), 0, -1):
                place = " ".join(words[:k])
                if is_place_of_type(place, lm.group(1)):
                    return f"{agency} {place}", place
        place = _named_unit(title + "\n" + text, lm.group(1))
        if place:
            return f"{agency} {place}", place
    return agency, None


_PROPER = re.compile(rf"(?<![{UPPER}{LOWER}])[{UPPER}][{LOWER}]*"
                     rf"(?: [{UPPER}][{LOWER}]*| - ?[{UPPER}][{LOWER}]*){{0,3}}")


def _named_unit(text: str, type_word: str) -> str | None:
    """The unit of this type that the article names most often without its level
    word ("Quảng Nam giao chỉ tiêu ...", "Hội An: ..."): the place a bare "UBND
    tỉnh" of the article is the committee of."""
    counts: dict[str, int] = {}
    for m in _PROPER.finditer(text):
        words = m.group(0).split(" ")
        for k in range(len(words), 0, -1):
            name = " ".join(words[:k])
            if is_place_of_type(name, type_word):
                counts[name] = counts.get(name, 0) + 1
                break
            if type_word == "tỉnh" and k > 1:
                # "Quế Sơn 270, Thăng Bình 250, ...": districts of one province
                provinces = {r["province"] for r in place_units(name) if r["level"] == "district"}
                if len(provinces) == 1:
                    province = provinces.pop()
                    counts[province] = counts.get(province, 0) + 1
                    break
    return max(counts, key=lambda n: counts[n]) if counts else None



# (the level word capitalised too: "Phường Thịnh Quang tổ chức ...", a headline)
_UNIT_MENTION = re.compile(rf"(?<![{UPPER}{LOWER}])(?:UBND |Ủy ban nhân dân )?"
                           rf"((?i:{_UNIT_LEVELS}))\s+"
                           rf"((?:[{UPPER}][{LOWER}’']*(?:\s|-\s?)?){{1,4}})")


def _main_unit(text: str) -> tuple[str, str] | None:
    """(level word, name) of the local unit an article names most often ("huyện
    Đơn Dương", "xã Minh Tân"; the first named on a tie): whose committee an
    article that names no issuer reports on."""
    counts: dict[tuple[str, str], list[int]] = {}
    for m in _UNIT_MENTION.finditer(text):
        words = m.group(2).replace("-", " - ").split()
        for k in range(len(words), 0, -1):
            name = " ".join(words[:k]).replace(" - ", " - ").strip(" -")
            if is_place_of_type(name, m.group(1).lower()):
                key = (m.group(1).lower(), name)
                counts.setdefault(key, [0, m.start()])[0] += 1
                break
    if not counts:
        return None
    return min(counts, key=lambda k: (-counts[k][0], counts[k][1]))


@lru_cache(maxsize=1)
def _plan_mention() -> re.Pattern[str]:
    lex = doc_types()
    before = "|".join(map(re.escape, lex.news_plan_before))
    after = "|".join(map(re.escape, lex.news_plan_after))
    return re.compile(rf"(?<![^\W\d_])(?:(?:{before})\s+(?:kế hoạch|kh(?=\s+số))"
                      rf"|kế hoạch\s+(?:{after}))(?![^\W\d_])")


def reports_a_plan(text: str) -> bool:
    """An article that names no document but reports a plan: "Theo kế hoạch, ...",
    "Sở GD-ĐT vừa có kế hoạch ...", "Cũng tại kế hoạch này ..."."""
    return _plan_mention().search(fold_text(text)) is not None
