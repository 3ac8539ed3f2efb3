"""Roles of agency mentions: the words around a mention (or a chain of
mentions joined by commas and "và") say whether the plan makes the body lead
(chủ trì), cooperate (phối hợp với), requested (Đề nghị) or responsible (the
subject of a task with no role word), or gives it no role at all (it receives
reports, advises, or is the body that issues the plan and gives the orders).
Role words are data (``models/agencies.yaml`` > ``roles``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..language.lexicons import AgencyLexicon, fold_text

# verbs that end a cooperation list ("phối hợp với A tổ chức ...")
TASK_VERB = re.compile(r"(?:^|\s)(?:thực hiện|triển khai|tổ chức|xây dựng|kiểm tra|tuyên truyền|"
                        r"hướng dẫn|chỉ đạo|báo cáo|tham mưu|đề xuất|rà soát|tăng cường)\b")
# between two mentions of one chain
_CHAIN_GAP = re.compile(r"\s*(?:,|;|\bvà\b|\bcùng\b)?\s*(?:các\s+)?(?:\.\.\.|…)?\s*")
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
    lower: bool = False  # starts with a lower-case letter ("trường cao đẳng ...")


def chains(text: str, mentions: list[Mention]) -> list[list[Mention]]:
    """Mentions joined only by separators ("A, B và các C") form one chain: the
    words around the chain give all of them the same role."""
    chains: list[list[Mention]] = []
    for m in sorted(mentions, key=lambda x: x.start):
        if chains and _CHAIN_GAP.fullmatch(text[chains[-1][-1].end:m.start]):
            chains[-1].append(m)
        else:
            chains.append([m])
    return chains


def chain_roles(text: str, chain: list[Mention], mentions: list[Mention],
                 lex: AgencyLexicon) -> list[str]:
    first, last = chain[0], chain[-1]
    if _not_an_actor(text, first, lex):
        return []
    clause_start = 0
    for c in _CLAUSE_START.finditer(text, max(0, first.start - 300), first.start):
        clause_start = c.end()
    # what follows the chain, without a parenthesis ("Công an tỉnh (Cơ quan
    # thường trực ...) hướng dẫn", "Trung tâm ... (CDC) chủ trì")
    tail = re.sub(r"^\s*\([^()]{0,120}\)", "", text[last.end:last.end + 200])
    after = fold_text(tail[:60]).lstrip(" ,.…")
    if _issues(after, chain, lex):
        return []  # the body that makes the request, issues the plan, gives the orders
    roles: list[str] = []
    gap = strip_mentions(text, clause_start, first.start, mentions)
    if _requested(gap, lex):
        roles.append("requested")  # "Đề nghị A, B ...": only the chain right after it
    head_of_after = re.split(r"[;.]", after)[0]
    if re.search(rf"chủ trì\s+(?:{'|'.join(lex.meeting_words)})\b", head_of_after[:80]):
        return []  # the chair of a meeting
    if after.startswith(lex.lead_after) or (
            re.search(r"(?:^|[\s,])(?:chủ trì|là đầu mối|làm đầu mối)\b", head_of_after[:45])
            and not after.startswith(("phối hợp", "và"))):
        roles.append("lead")
    coop = None
    coop_gap = gap
    if text[clause_start - 1:clause_start] == ";":
        # "phối hợp chặt chẽ với các phòng, ban, ngành; tổ chức chính trị - xã hội;
        # UBND các xã": a list after "phối hợp với" goes on over ";"
        sentence = max(text.rfind(c, max(0, first.start - 300), first.start)
                       for c in ".:\n") + 1
        coop_gap = strip_mentions(text, sentence, first.start, mentions)
    for w in lex.cooperate_before:
        k = coop_gap.rfind(w)
        if k >= 0 and (coop is None or k > coop[0]):
            coop = (k, w)
    rest = coop_gap[coop[0] + len(coop[1]):] if coop else ""
    if coop and all(len(item.split()) <= 12 for item in rest.split(";")) and (
            not TASK_VERB.search(_without_collectives(rest, lex))):
        roles.append("cooperate")  # "phối hợp với các sở, ban, ngành, A, B"
    elif after.startswith(lex.cooperate_after) and "lead" not in roles:
        roles.append("cooperate")
    if roles:
        return roles
    if _executes(text, first, lex):
        return ["responsible"]
    lead_in = gap.strip(" -+•")
    if _after_word(lead_in, lex.directive_before) and TASK_VERB.match(" " + after):
        return ["responsible"]  # "hướng dẫn Đoàn Thanh niên | thực hiện ..."
    if _after_word(lead_in, lex.no_role_before):
        return []
    object_verbs = "|".join(map(re.escape, lex.no_role_before))
    assigned = "|".join(map(re.escape, lex.assign_before))
    subject_slot = lead_in.strip(" ,") in ("", "các", "đồng thời") or re.search(
        rf"(?:^|\s)(?:{assigned})(?:\s+các)?$", lead_in) or (
        lead_in.endswith(",") and not re.search(rf"(?:^|\s)(?:{object_verbs})\s", lead_in))
    if subject_slot and re.match(r"[^\W\d_]", after) and after[:1].islower():
        return ["responsible"]
    return []


def _after_word(lead_in: str, words: tuple[str, ...]) -> bool:
    """The words before a chain end with one of ``words`` (and "các")."""
    return bool(words) and re.search(
        rf"(?:^|[\s(])(?:{'|'.join(map(re.escape, words))})\s*(?:các\s*)?$", " " + lead_in
    ) is not None


def _without_collectives(words: str, lex: AgencyLexicon) -> str:
    """Folded words without the collective bodies in them ("tổ chức chính trị - xã
    hội" is a body, not the verb "tổ chức")."""
    for c in lex.collectives:
        words = words.replace(re.sub(r"^các\s+", "", c), " ")
    return words


def _requested(gap: str, lex: AgencyLexicon) -> bool:
    """The chain stands right after "Đề nghị", or ends a list of bodies the
    gazetteer does not name that "Đề nghị" opens ("đề nghị các phòng chuyên môn
    và UBND các xã, thị trấn tổ chức ...")."""
    for w in lex.requested_before:
        for m in re.finditer(rf"(?:^|\s)(?<!và ){re.escape(w)}(?![^\W\d_])", gap):
            rest = gap[m.end():]
            if not rest.strip(" ,") or rest.strip() == "các":
                return True
            if (re.search(r"(?:,|\svà)\s*(?:các\s*)?$", rest) and len(rest.split()) <= 10
                    and not TASK_VERB.search(rest) and not re.search(r"[.;:]", rest)):
                return True
    return False


_LIST_LINE = re.compile(r"\s*(?:[-+•|]|[^\n]*[;,:]\s*$)")


def _not_an_actor(text: str, m: Mention, lex: AgencyLexicon) -> bool:
    """A mention that names no actor of the plan: a letterhead, signature or byline line alone
    ("ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH", "TM. ỦY BAN NHÂN DÂN", "Sở VHTTDL Hà
    Tĩnh" under an article), or an addressee of "Kính gửi:"."""
    line_start = text.rfind("\n", 0, m.start) + 1
    line_end = text.find("\n", m.end)
    line_end = len(text) if line_end < 0 else line_end
    before = fold_text(text[line_start:m.start])
    after = text[m.end:line_end].strip(" .,;")
    if (before in ("", "tm.", "kt.", "tl.")
            and not any(w[:1].islower() for w in after.split())):
        return True
    k = text.rfind("Kính gửi", max(0, line_start - 400), m.start)
    if k < 0:
        return False
    lines = text[text.find("\n", k) + 1:line_start].split("\n") if "\n" in text[k:m.start] else []
    return all(not ln.strip() or _LIST_LINE.match(ln) for ln in lines)


_ARTICLE = re.compile(r"Điều\s+\d+\s*\.\s*")


def _executes(text: str, m: Mention, lex: AgencyLexicon) -> bool:
    """An item of the list that an article makes answer for the decision
    ("Điều 3. Chánh Văn phòng UBND tỉnh; ...; Chủ tịch UBND các huyện chịu
    trách nhiệm thi hành Quyết định này")."""
    line_start = text.rfind("\n", 0, m.start) + 1
    article = _ARTICLE.match(text, line_start)
    if not article:
        return False
    line_end = text.find("\n", m.end)
    if not any(w in fold_text(text[m.end:line_end if line_end > 0 else len(text)])
               for w in lex.execution_clause):
        return False
    lead = text[article.end():m.start]
    return lead == "" or lead.endswith((", ", "; ", ",", ";"))


def _issues(after: str, chain: list[Mention], lex: AgencyLexicon) -> bool:
    """The chain is the subject of a verb that issues the plan or gives orders."""
    adverbs = [w for w in lex.issuer_adverbs if after.startswith(w + " ")]
    rest = after[len(adverbs[0]):].lstrip() if adverbs else after
    if adverbs and rest.startswith(lex.issuer_after_adverb):
        return True
    if not rest.startswith(lex.issuer_after):
        return False
    collective = any(" các " in f" {fold_text(m.canonical)} " for m in chain)
    return not (collective and rest.startswith(lex.collective_tasks))


def strip_mentions(text: str, a: int, b: int, mentions: list[Mention]) -> str:
    parts, pos = [], a
    for m in mentions:
        if a <= m.start and m.end <= b:
            parts.append(text[pos:m.start])
            parts.append(" ")
            pos = m.end
    parts.append(text[pos:b])
    return fold_text("".join(parts))
