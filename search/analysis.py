"""Korean text analysis for the site search: what goes into the index and
what a query asks for. Pure Python, no dictionary, no model in memory.

Why character bigrams: PostgreSQL's parser keeps "초록숲데이케어센터" as one
token and leaves particles attached ("어르신을"), so only a whole, exactly
spelt word matches. Korean writes compounds without spaces and glues particles
and endings to words, so the index stores every pair of adjacent syllables of
each word instead ("초록숲데이" → 초록 록숲 숲데 데이). A query word then matches
when (nearly) all of its pairs are in a page, wherever the spaces were:
"방문 목욕", "방문목욕" and "방문목욕서비스" find the same pages, and
"초록숲" finds "마포구립 초록숲데이케어센터". A morphological analyser (Kiwi)
measured no better here and costs ~300 MB in each process that loads it.

Queries are cut further: the particle or ending at the end of each word is
removed ("센터에서" → 센터, "신청하려면" → 신청), words that only carry the
question ("어떻게", "싶어요") are dropped, and each word brings its synonyms
(search.models.SynonymGroup: 어르신 = 노인, 주간보호 = 데이케어 …).

Latin letters and digits are kept as whole lowercase words ("SOS", "2023").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# A run of Hangul syllables, or of Latin letters/digits (after NFKC + lower()).
_WORD = re.compile(r"[가-힣]+|[a-z0-9]+")
_HANGUL = re.compile(r"[가-힣]+")
# Hangul words separated only by spaces: their junction also gets a pair, so a
# page that writes "방문 목욕" is found by "방문목욕" as well as the other way round.
_JUNCTION = re.compile(r"([가-힣])\s+(?=([가-힣]))")

MAX_WORDS = 8  # a pasted paragraph is cut to its first words: bounded SQL
MAX_WORD_LENGTH = 12  # syllables of one word that take part in matching

# Endings and particles removed from the end of a query word, longest first,
# only while at least two syllables remain ("아이" stays "아이", "어린이집에"
# becomes "어린이집"). Written from what people type into a public site's
# search: case particles, topic/focus particles, plural 들, and the verb
# endings of questions ("신청하려면", "받을 수 있나요").
_SUFFIXES = sorted(
    {
        # particles
        "은", "는", "이", "가", "을", "를", "에", "의", "도", "와", "과", "로", "으로",
        "에서", "에게", "께", "께서", "한테", "부터", "까지", "만", "이나", "나", "랑",
        "이랑", "에는", "에서는", "으로는", "로는", "에도", "에서도", "이란", "란", "라는",
        "이라는", "처럼", "보다", "마다", "들", "들이", "들을", "들은", "들의", "들도",
        "들에게", "에게는", "께는", "이요", "요",
        # endings after a noun or verb stem
        "하는", "하려면", "하려고", "하고", "하기", "하면", "할", "한", "해요", "해",
        "합니다", "하나요", "하는지", "하는데", "해야", "했어요", "하고싶어요", "하고싶은데",
        "되는", "되나요", "돼요", "됩니다", "인가요", "인지", "이에요", "예요", "입니다",
        "려면", "으려면", "나요", "까요", "은지", "는지", "인데", "인데요", "이면", "면",
        "받기", "받는", "받으려면", "받을", "받고", "받는법", "신청법", "하는법", "방법은",
    },
    key=len,
    reverse=True,
)

# Words that carry only the question. Dropped unless the query is nothing else.
STOPWORDS = frozenset(
    {
        "어떻게", "어디", "어디서", "어디에", "어디로", "어디에서", "무엇", "뭐", "뭔가요",
        "뭐예요", "무엇인가요", "언제", "누구", "누가", "왜", "알려", "알려주세요", "알고",
        "싶어요", "싶은데", "싶다", "싶습니다", "있나요", "있어요", "있는", "있을까요",
        "있습니다", "없나요", "좀", "수", "것", "곳", "데", "관련", "대해", "대한", "해주세요",
        "주세요", "가능", "가능한가요", "가능한지", "되나요", "하나요", "궁금", "궁금해요",
        "궁금합니다", "문의", "정보", "방법", "하고", "받고", "받을", "받으려면", "받는",
        "받아", "받으", "하려면", "하면", "해야", "합니다", "해요", "그리고", "또는", "및",
        "제", "저", "우리", "저희", "내", "나", "너무", "꼭", "지금", "바로", "혹시", "찾아요",
        "찾고", "찾기", "알아보기", "알아보고",
    }
)


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits become ASCII), lowercase."""
    return unicodedata.normalize("NFKC", text).lower()


def is_hangul(word: str) -> bool:
    return bool(_HANGUL.fullmatch(word))


def pairs(word: str) -> list[str]:
    """A Hangul word's adjacent syllable pairs; a single syllable is itself."""
    if len(word) < 2:
        return [word] if word else []
    return [word[i : i + 2] for i in range(len(word) - 1)]


def index_text(text: str) -> str:
    """The text as the index stores it: each Hangul word as its syllable pairs
    (plus the pair across each space between two Hangul words), Latin and
    digit words whole. Space-separated, for to_tsvector('simple', …)."""
    text = normalise(text)
    tokens: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group()
        tokens.extend(pairs(word) if _HANGUL.fullmatch(word) else [word])
    tokens.extend(a + b for a, b in _JUNCTION.findall(text))
    return " ".join(tokens)


def strip_ending(word: str) -> str:
    """The word without the particle or ending at its end, keeping at least
    two syllables; other words are returned as they are."""
    if not _HANGUL.fullmatch(word):
        return word
    for _ in range(2):  # "노인분들에게" → "노인분" (들에게), not further
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 2:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


@dataclass(frozen=True)
class Word:
    """One thing the query asks for: the word as typed (without its ending)
    and the spellings that count as the same (synonyms), itself first."""

    text: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    words: tuple[Word, ...]

    def __bool__(self) -> bool:
        return bool(self.words)

    @property
    def terms(self) -> list[str]:
        """Every spelling to highlight in a result, longest first."""
        seen = {form for word in self.words for form in word.forms}
        return sorted(seen, key=lambda form: (-len(form), form))


def _split(text: str) -> list[str]:
    return [match.group() for match in _WORD.finditer(normalise(text))]


def _synonym_index(groups: Iterable[Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """{term without spaces: every term of its group(s)}"""
    index: dict[str, list[str]] = {}
    for group in groups:
        terms = ["".join(_split(term)) for term in group]
        terms = list(dict.fromkeys(term for term in terms if term))
        for term in terms:
            known = index.setdefault(term, [term])
            known.extend(other for other in terms if other not in known)
    return {term: tuple(forms) for term, forms in index.items()}


def _with_synonyms(text: str, synonyms: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    if text in synonyms:
        return synonyms[text]
    # A compound that contains a synonym: "주간보호센터" also as "데이케어센터".
    forms = [text]
    for term in sorted(synonyms, key=len, reverse=True):
        if len(term) >= 2 and term in text:
            forms.extend(text.replace(term, other) for other in synonyms[term] if other != term)
            break
    return tuple(dict.fromkeys(forms))


def parse_query(text: str, synonym_groups: Iterable[Sequence[str]] = ()) -> Query:
    """What the query asks for: its words without endings, question words
    dropped, neighbouring words joined where together they are a synonym
    term ("장애 아동" = 장애아동 = 장애아), each with its synonyms."""
    synonyms = _synonym_index(synonym_groups)
    raw = _split(text)[: MAX_WORDS * 2]
    stems = [strip_ending(word) for word in raw]
    kept = [
        stem for stem, word in zip(stems, raw, strict=True) if word not in STOPWORDS and stem not in STOPWORDS
    ]
    if not kept:
        kept = stems  # only question words: search for them anyway
    # One-syllable Hangul words ("낮", "집") match too much unless alone.
    if len(kept) > 1:
        kept = [stem for stem in kept if len(stem) > 1 or not _HANGUL.fullmatch(stem)] or kept
    words: list[Word] = []
    i = 0
    while i < len(kept) and len(words) < MAX_WORDS:
        joined = None
        for span in (3, 2):
            candidate = "".join(kept[i : i + span])
            if i + span <= len(kept) and candidate in synonyms:
                joined, i = candidate, i + span
                break
        text_ = joined if joined is not None else kept[i]
        if joined is None:
            i += 1
        text_ = text_[:MAX_WORD_LENGTH]
        word = Word(text_, tuple(form[:MAX_WORD_LENGTH] for form in _with_synonyms(text_, synonyms)))
        if word not in words:
            words.append(word)
    return Query(tuple(words))


def highlight_terms(query: str) -> list[str]:
    """The strings to mark in a result's text for `query`, longest first:
    each word without its ending, and its synonyms."""
    from search.synonyms import synonym_groups

    return parse_query(query, synonym_groups()).terms
