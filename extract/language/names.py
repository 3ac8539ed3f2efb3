"""Names of bodies and places: abbreviations expanded, case restored, one form.

Used for the issuer in the header, the issuers of references, and (later) the
canonical names of agencies. The knowledge is data: abbreviations in
``models/abbreviations.csv``, administrative units in ``models/admin_units.csv``.

* :func:`expand_abbreviations` -- "UBND tỉnh" -> "Ủy ban nhân dân tỉnh",
  "Sở LĐTB&XH" -> "Sở Lao động - Thương binh và Xã hội";
* :func:`recase` -- a name printed in capitals in the header, in the case the
  body text would use: "ỦY BAN NHÂN DÂN XÃ CẨM NGỌC" -> "Ủy ban nhân dân xã Cẩm
  Ngọc", "SỞ Y TẾ" -> "Sở Y tế";
* :func:`canonical` -- spacing, dashes (" - "), parenthesised abbreviations.

It never invents a place the text does not give.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicons import abbreviations, admin_units, agency_lexicon, fold, place_key
from .vietnamese import UPPER

# around a unit word: "văn bản", "cơ bản" (document, basic) and "xã hội" (social)
# are not units
UNIT_START = r"(?<![^\W\d_])(?<!văn )(?<!cơ )"
UNIT_END = r"(?![^\W\d_])(?!\s+hội)"


@lru_cache(maxsize=1)
def level_words() -> tuple[str, ...]:
    """Level words of administrative units ("thành phố", "xã"), longest first,
    from the agency lexicon's levels (without their "cấp ..." forms)."""
    return tuple(sorted((lv for lv in agency_lexicon().levels if not lv.startswith("cấp ")),
                        key=len, reverse=True))


def village_words() -> tuple[str, ...]:
    """Villages and residential groups below the commune ("thôn", "tổ dân phố")."""
    return agency_lexicon().village_words


def body_word_at_start(text: str) -> str | None:
    """The body word a name opens with ("ỦY BAN NHÂN DÂN ..." -> "Ủy ban nhân dân"),
    the longest that fits, as body text spells it."""
    f = fold(text)
    return next((b for b in agency_lexicon().body_words if f.startswith(fold(b))), None)


# unit types that replace one another over time (a thị xã becomes a thành phố)
_SAME_LEVEL_TYPES = (
    frozenset({"tỉnh", "thành phố"}),
    frozenset({"quận", "huyện", "thị xã", "thành phố"}),
    frozenset({"xã", "phường", "thị trấn", "đặc khu"}),
)
# the level a unit type names (a "thành phố" may be either of the first two)
_TYPE_LEVEL = {"tỉnh": "province", "quận": "district", "huyện": "district",
               "thị xã": "district", "xã": "commune", "phường": "commune",
               "thị trấn": "commune", "đặc khu": "commune"}
# words joined inside field names that stay lower case ("Giáo dục và Đào tạo")
_JOINERS = {"và", "các", "của", "về"}


@lru_cache(maxsize=1)
def _abbreviation_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    table = dict(abbreviations())
    alts = "|".join(re.escape(a) for a, _ in abbreviations())
    return re.compile(rf"(?<![\w&])(?:{alts})(?![\w&])"), table


def expand_abbreviations(text: str) -> str:
    """Expand every known abbreviation (whole tokens only)."""
    pattern, table = _abbreviation_pattern()
    return pattern.sub(lambda m: table[m.group(0)], text)


def canonical(name: str) -> str:
    """One written form: abbreviations expanded, " - " dashes, single spaces,
    a parenthesised abbreviation after a name dropped ("... Xã hội (LĐTB&XH)")."""
    name = re.sub(r"\s*\((?:[A-ZĐ&\-. ]{2,15})\)", "", name)
    name = expand_abbreviations(name)
    name = re.sub(r"\s*[-–—]\s*", " - ", name)
    name = re.sub(r"\s+", " ", name).strip(" ,;:.")
    if name[:1].islower():
        name = name[0].upper() + name[1:]
    return name


def _title_syllables(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))


def recase(upper: str) -> str:
    """A name printed in capitals, in the case the body text uses."""
    text = " ".join(upper.split())
    if not text.isupper():
        return canonical(text)
    text = expand_abbreviations(text)
    low = text.lower()
    out: list[str] = []
    pos = 0
    # 1. body word at the start ("ỦY BAN NHÂN DÂN" -> "Ủy ban nhân dân")
    body = body_word_at_start(low)
    if body is not None:
        out.append(body)
        pos = len(body)
    rest = text[pos:].strip()
    # 2. split the rest at the level word of a known place ("XÃ CẨM NGỌC"; not
    # the "XÃ HỘI" of "THƯƠNG BINH VÀ XÃ HỘI")
    m = None
    for cand in re.finditer(rf"(?<!\w)({'|'.join(level_words())})\s+(.+)$", rest.lower()):
        place = _title_syllables(rest[cand.start(2):].strip())
        if is_place_of_type(place, cand.group(1)):
            m = cand
            break
    field_part, place_part = (rest[: m.start()], rest[m.start():]) if m else (rest, "")
    if field_part.strip():
        out.append(_field_case(field_part.strip(), after_body=bool(out)))
    if place_part:
        level = m.group(1) if m else ""
        out.append(level + " " + _title_syllables(place_part[len(level):].strip()))
    return canonical(" ".join(p for p in out if p))


def _field_case(text: str, *, after_body: bool) -> str:
    """"LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI" -> "Lao động - Thương binh và Xã hội"."""
    words = text.lower().split(" ")
    out = []
    start_of_part = True
    for w in words:
        if w in ("-", ",", "&") or w.endswith(","):
            out.append(w)
            start_of_part = True
            continue
        if w in _JOINERS:
            out.append(w)
            start_of_part = True
            continue
        out.append(w[:1].upper() + w[1:] if start_of_part else w)
        start_of_part = False
    del after_body
    return " ".join(out)


# -- places ------------------------------------------------------------------------


def place_units(name: str) -> list[dict[str, str]]:
    """Administrative units called ``name`` (any era, any level)."""
    return admin_units().get(place_key(name), [])


def is_place_of_type(name: str, type_word: str) -> bool:
    """Whether ``name`` is a unit of this type, or of a type of the same rank
    that it had or took in another period (thị xã Bến Cát, now a thành phố)."""
    rows = place_units(name)
    if any(r["type"] == type_word for r in rows):
        return True
    level = _TYPE_LEVEL.get(type_word)
    return any(type_word in group and r["type"] in group and r["level"] == level
               for group in _SAME_LEVEL_TYPES for r in rows)


def place_level(name: str, type_word: str | None = None) -> str | None:
    """province | district | commune for a place, when the data knows it."""
    rows = place_units(name)
    if type_word:
        typed = [r for r in rows if r["type"] == type_word]
        rows = typed or rows
    levels = {r["level"] for r in rows}
    for level in ("province", "district", "commune"):
        if level in levels:
            return level
    return None


def place_with_type(name: str) -> str | None:
    """"Lạng Sơn" -> "tỉnh Lạng Sơn", "Hà Nội" -> "thành phố Hà Nội" (provinces only)."""
    for r in place_units(name):
        if r["level"] == "province":
            return f"{r['type']} {name}"
    return None


@lru_cache(maxsize=1)
def _national_folded() -> tuple[str, ...]:
    return tuple(fold(n) for n in agency_lexicon().national_bodies)


def level_of_issuer(issuer: str) -> str | None:
    """The administrative level an issuer belongs to (a Sở: province; a Phòng:
    district), from its body word and the level word of its unit."""
    f = fold(issuer)
    if re.match(r"(bộ|chính phủ|thủ tướng|quốc hội|tổng cục|cục)\b", f) and "cục" not in f[:9]:
        return "national"
    if f.startswith(("bộ ", "chính phủ", "thủ tướng", "quốc hội")):
        return "national"
    if any(f == n or f.startswith(n + " ") for n in _national_folded()):
        return "national"
    m = None
    for cand in re.finditer(rf"(?<!\w)({'|'.join(level_words())})\s+([^\s,;].*?)$", f):
        if is_place_of_type(issuer[cand.start(2):].strip(), cand.group(1)):
            m = cand
            break
    if m is None:
        # a place the data lacks (or cut off): its level word still tells the level
        # ("Ủy ban nhân dân xã Đức Xương", "Ủy ban nhân dân huyện"), not "thành phố"
        m = next((c for c in re.finditer(
            rf"(?<!\w)({'|'.join(w for w in level_words() if w != 'thành phố')})"
            rf"(?:\s+([{UPPER}].*))?$",
            issuer)), None)
    level_word = m.group(1) if m else None
    if level_word:
        place = issuer[m.start(2):].strip() if m else ""
        if level_word in ("xã", "phường", "thị trấn", "đặc khu"):
            unit_level = "commune"
        elif level_word == "tỉnh":
            unit_level = "province"
        elif level_word == "thành phố":
            unit_level = place_level(place, "thành phố") or "district"
        else:
            unit_level = "district"
    else:
        unit_level = None
    if f.startswith("sở "):
        return "province"
    if f.startswith("phòng "):
        return "district" if unit_level in (None, "district", "province") else unit_level
    return unit_level


# -- the official spelling of an issuer ---------------------------------------------


@lru_cache(maxsize=1)
def _official_heads() -> dict[str, tuple[tuple[str, str], ...]]:
    """(folded, official) names of bodies an issuer opens with, longest first,
    by their first word: national bodies, standalone bodies, body words and every
    office + field."""
    lex = agency_lexicon()
    names = set(lex.national_bodies) | {n for n, _ in lex.standalone} | set(lex.body_words)
    names |= {f"{body} {name}" for body in lex.office_bodies for name, _ in lex.fields}
    heads: dict[str, list[tuple[str, str]]] = {}
    for n in names:
        k = fold(n)
        heads.setdefault(k.split(" ")[0], []).append((k, n))
    # two spellings of one name ("Ban Chỉ đạo", "Ban chỉ đạo"): the capitalised one,
    # whatever the order of the set (the hash seed changes it from run to run)
    return {w: tuple(sorted(v, key=lambda x: (-len(x[0]), x[1]))) for w, v in heads.items()}


def official_form(name: str) -> str:
    """An issuer as the official spelling writes it: the body's name from the
    lexicon, the unit's level word in lower case and its place name capitalised
    when the place is known ("Ủy ban Nhân dân Tỉnh thừa thiên huế" -> "Ủy ban nhân
    dân tỉnh Thừa Thiên Huế", "Ủy ban dân tộc" -> "Ủy ban Dân tộc"); a national
    body's name ends where lower-case prose starts ("Chính phủ về ...")."""
    name = re.sub(r"(?:\s+[-–—])+\s*$", "", " ".join(name.split()))
    f = fold(name)
    head = next(((k, v) for k, v in _official_heads().get(f.split(" ")[0], ())
                 if f == k or f.startswith(k + " ")), None)
    if head is None:
        return name
    words = name.split(" ")
    n = len(head[0].split(" "))
    rest = " ".join(words[n:])
    national = head[1] in agency_lexicon().national_bodies
    if national and rest[:1].islower():
        return head[1]
    m = re.match(rf"({'|'.join(level_words())})\s+(.+)$", rest, re.IGNORECASE)
    if m:
        level, place = m.group(1).lower(), m.group(2)
        rows = [r for r in place_units(place) if r["type"] == level]
        if rows and fold(rows[0]["name"]) == fold(place):
            rest = f"{level} {rows[0]['name']}"
        elif place[:1].isupper() or rows and len(place.split()) <= 4:
            # a proper name after its level word is capitalised, known or not
            rest = f"{level} {_title_syllables(place)}"
    elif rest and fold(rest) in level_words():
        rest = rest.lower()  # "Ủy ban nhân dân Thành phố" (its unit cut off)
    return f"{head[1]} {rest}".strip()
