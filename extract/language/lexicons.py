"""The only loader for ``models/``: knowledge the extractors apply, kept as data.

Each loader reads one file, validates it, and caches the result; extractors
receive what it returns as an argument, so a test can pass a tiny lexicon.
``KEHOACH_MODELS`` points at another models folder (default: ``models/`` beside
the package).
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from .vietnamese import fold_tones, strip_marks


def models_dir() -> Path:
    env = os.environ.get("KEHOACH_MODELS")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "models"


def _read_csv(relpath: str) -> list[dict[str, str]]:
    path = models_dir() / relpath
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if any((v or "").strip() for v in r.values())]
    return rows


@lru_cache(maxsize=4)
def legacy_table(scheme: str) -> dict[str, str]:
    """Legacy string (as read through Windows-1252) -> Unicode, for TCVN3 or VNI.

    Rows that give the byte also answer for its Latin-1 reading, which differs
    from Windows-1252 in 0x80-0x9F (how undecodable bytes arrive).
    """
    if scheme not in ("tcvn3", "vni"):
        raise ValueError(f"unknown legacy encoding {scheme!r}")
    table: dict[str, str] = {}
    for row in _read_csv(f"legacy_encodings/{scheme}.csv"):
        legacy, uni = row["legacy"], row["unicode"]
        if not legacy or not uni:
            raise ValueError(f"{scheme}.csv: empty cell in {row}")
        table[legacy] = uni
        byte = (row.get("byte") or "").strip()
        if byte:
            table.setdefault(bytes([int(byte, 16)]).decode("latin-1"), uni)
    return table


def fold(text: str) -> str:
    """Lowercase, old-style tones, single spaces: the key every lexicon lookup uses."""
    return " ".join(fold_tones(text.lower()).split())


def fold_text(text: str) -> str:
    """:func:`fold` for pieces of a *normalized* document, whose tones are
    already in one style: lowercase and single spaces only (several times faster)."""
    return " ".join(text.lower().split())


def _read_yaml(relpath: str) -> Any:
    import yaml

    with (models_dir() / relpath).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


class SectionLexicon(BaseModel):
    """Heading keywords per section kind, and lines that are never sections."""

    model_config = ConfigDict(frozen=True)

    def __hash__(self) -> int:  # compiled keyword patterns are cached per lexicon
        return id(self)
    kinds: dict[str, tuple[str, ...]]
    not_headings: tuple[str, ...]
    article_kinds: dict[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def section_kinds() -> SectionLexicon:
    raw = _read_yaml("section_kinds.yaml")
    return SectionLexicon(
        kinds={k: tuple(fold(w) for w in v) for k, v in raw["kinds"].items()},
        not_headings=tuple(fold(w) for w in raw["not_headings"]),
        article_kinds={k: tuple(fold(w) for w in v) for k, v in raw["article_kinds"].items()},
    )


_DOC_TYPE_WORDS: dict[int, tuple[Any, tuple[tuple[str, str], ...]]] = {}


def _doc_type_words(lexicon: "DocTypeLexicon") -> tuple[tuple[str, str], ...]:
    """(folded word, type) of a frozen lexicon, computed once per lexicon object."""
    hit = _DOC_TYPE_WORDS.get(id(lexicon))
    if hit is None or hit[0] is not lexicon:
        pairs = [(fold(w), t) for t, e in lexicon.types.items() for w in e.words]
        hit = (lexicon, tuple(sorted(pairs, key=lambda p: -len(p[0]))))
        _DOC_TYPE_WORDS[id(lexicon)] = hit
    return hit[1]


class DocTypeEntry(BaseModel):
    model_config = ConfigDict(frozen=True)
    words: tuple[str, ...]
    symbols: tuple[str, ...]


class DocTypeLexicon(BaseModel):
    """Document types: their words and number symbols, and the reference rules."""

    model_config = ConfigDict(frozen=True)
    types: dict[str, DocTypeEntry]
    metadata_types: tuple[str, ...]
    reference_types: tuple[str, ...]
    implements_introducers: tuple[str, ...]
    basis_introducers: tuple[str, ...]
    midclause_introducers: tuple[str, ...]
    authority_lines: tuple[str, ...]
    signer_positions: tuple[str, ...]
    legal_basis_types: tuple[str, ...]
    cites_types: tuple[str, ...]
    title_stops: tuple[str, ...] = ()
    letter_subject: str = "V/v"
    letter_salutation: str = "Kính gửi"
    news_plan_before: tuple[str, ...] = ()
    news_plan_after: tuple[str, ...] = ()

    def by_word(self) -> list[tuple[str, str]]:
        """(folded word, type), longest word first."""
        return list(_doc_type_words(self))

    def by_symbol(self, symbol: str) -> str | None:
        """Type of a number's symbol ("KH-UBND" -> KE_HOACH), from its first part."""
        head = re.split(r"[-/]", symbol)[0].upper()
        for t, e in self.types.items():
            if any(head == s.upper() for s in e.symbols):
                return t
        return None


@lru_cache(maxsize=1)
def doc_types() -> DocTypeLexicon:
    raw = _read_yaml("doc_types.yaml")
    return DocTypeLexicon(
        types={k: DocTypeEntry(words=tuple(v["words"]), symbols=tuple(v["symbols"]))
               for k, v in raw["types"].items()},
        metadata_types=tuple(raw["metadata_types"]),
        reference_types=tuple(raw["reference_types"]),
        implements_introducers=tuple(fold(w) for w in raw["implements_introducers"]),
        basis_introducers=tuple(fold(w) for w in raw["basis_introducers"]),
        midclause_introducers=tuple(fold(w) for w in raw["midclause_introducers"]),
        authority_lines=tuple(raw["authority_lines"]),
        signer_positions=tuple(raw["signer_positions"]),
        legal_basis_types=tuple(raw["legal_basis_types"]),
        cites_types=tuple(raw["cites_types"]),
        title_stops=tuple(raw.get("title_stops", [])),
        letter_subject=raw.get("letter_subject", "V/v"),
        letter_salutation=raw.get("letter_salutation", "Kính gửi"),
        news_plan_before=tuple(fold(w) for w in raw.get("news_plan", {}).get("before", [])),
        news_plan_after=tuple(fold(w) for w in raw.get("news_plan", {}).get("after", [])),
    )


@lru_cache(maxsize=1)
def abbreviations() -> tuple[tuple[str, str], ...]:
    """(abbreviation, expansion), longest abbreviation first."""
    rows = _read_csv("abbreviations.csv")
    pairs = [(r["abbr"].strip(), r["expansion"].strip()) for r in rows]
    for abbr, exp in pairs:
        if not abbr or not exp:
            raise ValueError(f"abbreviations.csv: empty cell near {abbr!r}")
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


@lru_cache(maxsize=1)
def admin_units() -> dict[str, list[dict[str, str]]]:
    """Folded unit name -> its rows in ``admin_units.csv`` (type, level, province,
    district, era), and in ``admin_units_history.csv`` (units renamed or abolished
    before the snapshot). Names repeat across units, eras and levels."""
    out: dict[str, list[dict[str, str]]] = {}
    for row in [*_read_csv("admin_units.csv"), *_read_csv("admin_units_history.csv")]:
        out.setdefault(place_key(row["name"]), []).append(row)
    return out


# tone marks (not the breve, circumflex or horn of a letter)
_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))


def place_key(name: str) -> str:
    """The lookup key of a place name: :func:`fold`, and no tone on a syllable
    that ends in "k", whose tone the transcriptions of minority names place
    freely ("Đắk Hà" = "Đăk Hà", "Đắk Lắk" = "Đăk Lăk")."""
    import unicodedata

    words = fold(name).split(" ")
    return " ".join(
        unicodedata.normalize("NFC", unicodedata.normalize("NFD", w).translate(_TONE_MARKS))
        if w.endswith("k") else w for w in words)


@lru_cache(maxsize=1)
def law_names() -> tuple[str, ...]:
    """Folded names of laws and ordinances cited without a number, longest first."""
    names = _read_yaml("laws.yaml")["names"]
    return tuple(sorted({fold(n) for n in names}, key=len, reverse=True))


@lru_cache(maxsize=1)
def title_proper_names() -> tuple[str, ...]:
    """Names written with their capitals in a title put in sentence case: the
    proper names of ``acronyms.yaml`` and the laws of ``laws.yaml``, longest first."""
    names = [*(_read_yaml("acronyms.yaml").get("proper_names") or []),
             *_read_yaml("laws.yaml")["names"]]
    return tuple(sorted(set(names), key=len, reverse=True))


@lru_cache(maxsize=1)
def topic_abbreviations() -> tuple[re.Pattern[str], dict[str, str]]:
    """Topic abbreviations of ``acronyms.yaml`` (whole tokens) and their phrases."""
    table = {str(k): str(v) for k, v in
             (_read_yaml("acronyms.yaml").get("topic_abbreviations") or {}).items()}
    alternatives = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])" if table else r"(?!x)x")
    return pattern, table


@lru_cache(maxsize=1)
def acronyms() -> frozenset[str]:
    """Tokens kept in capitals when a title printed in capitals is recased."""
    extra = _read_yaml("acronyms.yaml")["acronyms"]
    return frozenset([*extra, *(a for a, _ in abbreviations())])


class TargetLexicon(BaseModel):
    """Words of quantified targets (``models/targets.yaml``), folded."""

    model_config = ConfigDict(frozen=True)
    before: dict[str, tuple[str, ...]]
    after: dict[str, tuple[str, ...]]
    count_nouns: tuple[str, ...]
    indicator_starts: tuple[str, ...]
    subject_drop: tuple[str, ...]
    subject_continues: tuple[str, ...]
    subject_stops: tuple[str, ...]
    not_after: tuple[str, ...]
    not_before: tuple[str, ...]
    baseline_markers: tuple[str, ...]
    goal_markers: tuple[str, ...] = ()
    commitment_cues: tuple[str, ...] = ()
    situation_cues: tuple[str, ...] = ()
    number_words: dict[str, int]
    periods: dict[str, str]
    open_count_not: tuple[str, ...] = ()
    multipliers: dict[str, int] = {}
    list_labels: tuple[str, ...] = ()
    table_unit_headers: tuple[str, ...] = ()
    table_result_headers: tuple[str, ...] = ()
    measure_members: tuple[str, ...] = ()

    def __hash__(self) -> int:  # cached compiled patterns are keyed on the lexicon
        return id(self)


@lru_cache(maxsize=1)
def target_lexicon() -> TargetLexicon:
    raw = _read_yaml("targets.yaml")

    def words(xs: list[str]) -> tuple[str, ...]:
        return tuple(fold(x) for x in xs)

    return TargetLexicon(
        before={k: words(v) for k, v in raw["comparators"]["before"].items()},
        after={k: words(v) for k, v in raw["comparators"]["after"].items()},
        count_nouns=words(raw["count_nouns"]),
        indicator_starts=words(raw["indicator_starts"]),
        subject_drop=words(raw["subject_drop"]),
        subject_continues=words(raw["subject_continues"]),
        subject_stops=words(raw["subject_stops"]),
        not_after=words(raw["not_after"]),
        not_before=words(raw["not_before"]),
        baseline_markers=words(raw["baseline_markers"]),
        goal_markers=words(raw.get("goal_markers", [])),
        commitment_cues=words(raw.get("commitment_cues", [])),
        situation_cues=words(raw.get("situation_cues", [])),
        number_words={fold(k): int(v) for k, v in raw["number_words"].items()},
        periods={fold(str(k)): str(v) for k, v in raw["periods"].items()},
        open_count_not=words(raw.get("open_count_not", [])),
        multipliers={fold(k): int(v) for k, v in raw.get("multipliers", {}).items()},
        list_labels=words(raw.get("list_labels", [])),
        table_unit_headers=words(raw.get("table_unit_headers", [])),
        table_result_headers=words(raw.get("table_result_headers", [])),
        measure_members=words(raw.get("measure_members", [])),
    )


@lru_cache(maxsize=1)
def themes() -> dict[str, tuple[str, ...]]:
    """Theme -> folded keywords (``models/themes.yaml``)."""
    raw = _read_yaml("themes.yaml")["themes"]
    return {k: tuple(fold(w) for w in v) for k, v in raw.items()}


class DeadlineLexicon(BaseModel):
    """Deadline phrases (``models/deadlines.yaml``), folded."""

    model_config = ConfigDict(frozen=True)
    by_words: tuple[str, ...]

    def __hash__(self) -> int:
        return id(self)


@lru_cache(maxsize=1)
def deadline_lexicon() -> DeadlineLexicon:
    raw = _read_yaml("deadlines.yaml")
    return DeadlineLexicon(by_words=tuple(fold(w) for w in raw["by_words"]))


class AgencyLexicon(BaseModel):
    """Government bodies (``models/agencies.yaml``): the gazetteer and role words."""

    model_config = ConfigDict(frozen=True)
    office_bodies: tuple[str, ...]
    fields: tuple[tuple[str, tuple[str, ...]], ...]
    standalone: tuple[tuple[str, tuple[str, ...]], ...]
    collectives: tuple[str, ...]
    levels: tuple[str, ...]
    lead_after: tuple[str, ...]
    lead_task_start: tuple[str, ...]
    cooperate_before: tuple[str, ...]
    cooperate_after: tuple[str, ...]
    requested_before: tuple[str, ...]
    no_role_before: tuple[str, ...]
    assign_before: tuple[str, ...] = ()
    directive_before: tuple[str, ...] = ()
    issuer_after: tuple[str, ...] = ()
    issuer_after_adverb: tuple[str, ...] = ()
    issuer_adverbs: tuple[str, ...] = ()
    meeting_words: tuple[str, ...] = ()
    collective_tasks: tuple[str, ...] = ()
    execution_clause: tuple[str, ...] = ()
    topic_bodies: tuple[str, ...] = ()
    body_words: tuple[str, ...] = ()  # longest first
    village_words: tuple[str, ...] = ()
    national_bodies: tuple[str, ...] = ()
    level_qualifiers: tuple[str, ...] = ()  # folded

    def __hash__(self) -> int:
        return id(self)

    def names(self) -> dict[str, list[str]]:
        """Canonical core name -> every spelling to match."""
        out: dict[str, list[str]] = {}
        for body in self.office_bodies:
            for name, variants in self.fields:
                out[f"{body} {name}"] = [f"{body} {v}" for v in (name, *variants)]
        for name, variants in self.standalone:
            out.setdefault(name, []).extend([name, *variants])
        return out

    def body_of(self, core: str) -> str | None:
        return next((b for b in self.office_bodies if core.startswith(b + " ")), None)

    def field_pattern(self) -> str:
        spellings = sorted({v for n, vs in self.fields for v in (n, *vs)}, key=len, reverse=True)
        return "|".join(re.escape(s) for s in spellings)

    def field_name(self, spelling: str) -> str:
        low = fold(spelling)
        for name, variants in self.fields:
            if low in {fold(v) for v in (name, *variants)}:
                return name
        return spelling


# the word lists of ``roles`` in models/agencies.yaml (folded)
_ROLE_WORDS = ("lead_after", "lead_task_start", "cooperate_before", "cooperate_after",
               "requested_before", "no_role_before", "assign_before", "directive_before",
               "issuer_after", "issuer_after_adverb", "issuer_adverbs", "meeting_words",
               "collective_tasks", "execution_clause")


@lru_cache(maxsize=1)
def agency_lexicon() -> AgencyLexicon:
    raw = _read_yaml("agencies.yaml")

    def entries(xs: list[dict[str, Any]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple((x["name"], tuple(x.get("variants", []))) for x in xs)

    roles = raw["roles"]
    return AgencyLexicon(
        office_bodies=tuple(raw["office_bodies"]),
        fields=entries(raw["fields"]),
        standalone=entries(raw["standalone"]),
        collectives=tuple(fold(c) for c in raw["collectives"]),
        topic_bodies=tuple(fold(c) for c in raw.get("topic_bodies", [])),
        body_words=tuple(sorted(raw.get("body_words", []), key=len, reverse=True)),
        village_words=tuple(raw.get("village_words", [])),
        national_bodies=tuple(raw.get("national_bodies", [])),
        levels=tuple(raw["levels"]),
        level_qualifiers=tuple(fold(w) for w in raw.get("level_qualifiers", [])),
        **{k: tuple(fold(w) for w in roles[k]) for k in _ROLE_WORDS},
    )


@dataclass(frozen=True)
class PortalShapes:
    """Shapes of web copies (``models/portal_shapes.yaml``), compiled once."""

    chrome: re.Pattern[str]  # full match on a folded, stripped line
    table_labels: dict[str, str]  # folded label -> hint field
    label_at: re.Pattern[str]  # a table label inside a folded line, longest first
    header_zone_lines: int
    header_zone_end: tuple[str, ...]
    header_splits: tuple[tuple[str, str], ...]
    before_header: re.Pattern[str] | None = None  # lines that are furniture only there


@lru_cache(maxsize=1)
def portal_shapes() -> PortalShapes:
    raw = _read_yaml("portal_shapes.yaml")
    chrome = re.compile("|".join(f"(?:{fold(p)})" for p in raw["chrome"]))
    labels = {fold(label): name for name, ls in raw["metadata_table"].items() for label in ls}
    longest_first = sorted(labels, key=len, reverse=True)
    label_at = re.compile(r"(?<![^\s|])(?P<label>" + "|".join(map(re.escape, longest_first))
                          + r")(?!\w)\s*(?P<colon>:)?")
    return PortalShapes(chrome=chrome, table_labels=labels, label_at=label_at,
                        header_zone_lines=int(raw["header_zone_lines"]),
                        header_zone_end=tuple(fold(w) for w in raw["header_zone_end"]),
                        header_splits=tuple((fold(a), fold(b)) for a, b in raw["header_splits"]),
                        before_header=re.compile("|".join(
                            f"(?:{fold(p)})" for p in raw.get("before_header", []))) if
                        raw.get("before_header") else None)


@dataclass(frozen=True)
class FigureModel:
    """The weights of ``models/target_filter.json``: a multinomial logistic
    regression over the context of a number (target, baseline or other)."""

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    version: str = ""


@lru_cache(maxsize=1)
def figure_model() -> FigureModel:
    import json

    raw = json.loads((models_dir() / "target_filter.json").read_text(encoding="utf-8"))
    return FigureModel(classes=tuple(raw["classes"]), bias=tuple(raw["bias"]),
                       weights={k: tuple(v) for k, v in raw["weights"].items()},
                       version=raw.get("trained_on", ""))


@dataclass(frozen=True)
class AlignmentModel:
    """The weights of ``models/target_alignment.json``: a logistic regression over
    the likeness of a parent target and a child target (same target or not)."""

    bias: float
    weights: dict[str, float]
    threshold: float
    version: str = ""


@lru_cache(maxsize=1)
def alignment_model() -> AlignmentModel:
    import json

    raw = json.loads((models_dir() / "target_alignment.json").read_text(encoding="utf-8"))
    return AlignmentModel(bias=float(raw["bias"]),
                          weights={k: float(v) for k, v in raw["weights"].items()},
                          threshold=float(raw["threshold"]), version=raw.get("trained_on", ""))


@dataclass(frozen=True)
class WordPairs:
    """Pairs of syllables, folded: ``words``, the two-syllable words of a
    Vietnamese dictionary; ``domain``, the neighbouring syllables of the names
    and phrases in ``models/`` (section headings, agencies, document types,
    deadlines, targets, themes, laws); ``by_bare``, from the letters without
    marks to the domain pairs spelled so that are dictionary words; ``function``, the function words
    (underthesea's stop words: "các", "của", "để" ...); ``syllables``, every
    syllable of the dictionary."""

    words: frozenset[str]
    domain: frozenset[str]
    by_bare: dict[str, tuple[str, ...]]
    function: frozenset[str]
    syllables: frozenset[str]


# the models whose phrases are words of plans (not place names: "Sơn Nam" would
# turn "Lạng Sơn năm 2023" into a place)
_PHRASE_MODELS = ("section_kinds.yaml", "agencies.yaml", "doc_types.yaml", "deadlines.yaml",
                  "targets.yaml", "themes.yaml", "laws.yaml")
_SYLLABLES = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(k) + _strings(v)]
    if isinstance(node, (list, tuple)):
        return [s for v in node for s in _strings(v)]
    return []


@lru_cache(maxsize=1)
def word_pairs() -> WordPairs:
    """Dictionary words: underthesea's 74 000-word list (``corpus/data/Viet74K.txt``);
    domain pairs: the phrases of the models named in ``_PHRASE_MODELS``;
    function words: underthesea's ``datasets/stopwords/stopwords.txt``."""
    from importlib import resources

    path = resources.files("underthesea") / "corpus" / "data" / "Viet74K.txt"
    stop = resources.files("underthesea") / "datasets" / "stopwords" / "stopwords.txt"
    function = frozenset(fold(w) for w in stop.read_text(encoding="utf-8").splitlines() if w.strip())
    entries = [fold(line) for line in path.read_text(encoding="utf-8").splitlines()]
    words = {e for e in entries if len(parts := e.split()) == 2 and all(p.isalpha() for p in parts)}
    syllables = frozenset(p for e in entries for p in e.split() if p.isalpha())
    domain: set[str] = set()
    for name in _PHRASE_MODELS:
        for text in _strings(_read_yaml(name)):
            for run in _SYLLABLES.findall(text):
                syl = fold(run).split()
                domain.update(f"{a} {b}" for a, b in zip(syl, syl[1:]))
    by_bare: dict[str, set[str]] = {}
    for pair in domain & words:
        by_bare.setdefault(strip_marks(pair), set()).add(pair)
    return WordPairs(frozenset(words), frozenset(domain),
                     {k: tuple(sorted(v)) for k, v in by_bare.items()}, function, syllables)
