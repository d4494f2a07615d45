"""Indonesian text analysis done in Python, shared by both search backends.

Folding, tokenising and stemming are pure and live in ``sicaker.text`` (the taxonomy uses them
too); this module adds what search needs on top: the skill vocabulary and the analysis of
documents and queries.

The Elasticsearch distribution this project runs locally (the integ-test zip from Maven Central)
ships without the analysis-common module, so neither the `indonesian` analyzer nor the synonym
filter exist there. Analysing in Python instead gives both backends the very same tokens:
text is folded, tokenised, stemmed with Sastrawi (menjahit, jahit, penjahit and jahitan all become
"jahit"), and every skill of the taxonomy mentioned by any of its names or synonyms adds the token
``skill_<slug>``, which is how synonyms meet.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from jobs.skills import spelling_variants
from search.intents import Intents, read_intents
from search.taxonomy import taxonomy
from sicaker.text import STOPWORDS, stem, tokenize

_MAX_QUERY_TOKENS = 32
# Words of a query that say nothing about which work ("lowongan kerja penjahit"); documents keep
# them (an alert or a phrase may still ask for them).
QUERY_STOPWORDS = STOPWORDS | frozenset(
    [
        "kerja", "kerjaan", "pekerjaan", "bekerja", "lowongan", "loker", "lowker", "dicari",
        "cari", "mencari", "gaji", "upah", "info", "butuh", "dibutuhkan", "kec", "kecamatan",
        # who and how, not which work: "bikin kue", "tukang jahit", "tenaga packing"
        "bikin", "buat", "membuat", "pembuat", "tukang", "tenaga", "karyawan", "pegawai",
        "staf", "staff", "orang", "mau", "ingin", "bisa", "yg", "utk", "dgn",
    ]
)  # fmt: skip
# Typo tolerance: words shorter than this are never corrected; longer ones by up to
# MAX_EDITS edits (a transposition counts one), the first letter kept.
MIN_CORRECTABLE_LENGTH = 5
TWO_EDITS_FROM_LENGTH = 8


@dataclass(frozen=True)
class SkillVocabulary:
    """Stemmed phrases of every skill name and synonym, mapped to the skill's slug."""

    phrases: dict[tuple[str, ...], str]
    longest: int
    # The lengths of the phrases each word starts, longest first: most words of a text start
    # none and are passed over, the others try only the lengths some phrase has (trying every
    # length for every word was three quarters of a document's analysis in a rebuild).
    lengths_from: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.lengths_from:
            lengths: dict[str, set[int]] = {}
            for key in self.phrases:
                lengths.setdefault(key[0], set()).add(len(key))
            object.__setattr__(
                self,
                "lengths_from",
                {word: tuple(sorted(sizes, reverse=True)) for word, sizes in lengths.items()},
            )

    @property
    def words(self) -> frozenset[str]:
        """Every stem some skill's name or synonym holds (never corrected as a typo)."""
        cached = self.__dict__.get("_words")
        if cached is None:
            cached = frozenset(word for key in self.phrases for word in key)
            object.__setattr__(self, "_words", cached)
        return cached

    def skills_in(self, stemmed_tokens: list[str]) -> list[str]:
        return self.split(stemmed_tokens)[0]

    def split(self, stemmed_tokens: list[str]) -> tuple[list[str], list[str]]:
        """(skills named, the tokens that are not part of any skill name), longest phrase first."""
        found: list[str] = []
        rest: list[str] = []
        start = 0
        lengths_from, phrases, count = self.lengths_from, self.phrases, len(stemmed_tokens)
        while start < count:
            for size in lengths_from.get(stemmed_tokens[start], ()):
                if start + size > count:
                    continue
                slug = phrases.get(tuple(stemmed_tokens[start : start + size]))
                if slug:
                    if slug not in found:
                        found.append(slug)
                    start += size
                    break
            else:
                rest.append(stemmed_tokens[start])
                start += 1
        return found, rest


def build_vocabulary(skills: Iterable[tuple[str, list[str]]]) -> SkillVocabulary:
    """`skills` yields (slug, [names and synonyms]); the first skill to claim a phrase keeps it."""
    phrases: dict[tuple[str, ...], str] = {}
    for slug, names in skills:
        for name in [slug.replace("-", " "), *names]:
            key = tuple(stem(word) for word in standard_words(tokenize(name)))
            if key:
                phrases.setdefault(key, slug)
    return SkillVocabulary(phrases=phrases, longest=max((len(k) for k in phrases), default=1))


_vocabulary_cache: dict[str, object] = {"stamp": None, "vocabulary": None}
_pinned = threading.local()


@contextmanager
def pinned_vocabulary() -> Iterator[SkillVocabulary]:
    """Check the taxonomy once for a whole batch (a bulk index, a rebuild, one search).

    Without it every document asks the database whether a skill changed: a rebuild of 100k
    vacancies spent most of its time on that one query."""
    vocabulary = skill_vocabulary()
    _pinned.vocabulary = vocabulary
    try:
        yield vocabulary
    finally:
        _pinned.vocabulary = None


def skill_vocabulary() -> SkillVocabulary:
    """The taxonomy's vocabulary, rebuilt when the process's taxonomy changed
    (``search.taxonomy``: re-checked every SEARCH_TAXONOMY_RECHECK_SECONDS, at once after a
    change in this process)."""
    pinned = getattr(_pinned, "vocabulary", None)
    if isinstance(pinned, SkillVocabulary):
        return pinned
    current = taxonomy()
    if _vocabulary_cache["stamp"] != current.stamp or _vocabulary_cache["vocabulary"] is None:
        vocabulary = build_vocabulary(
            (skill.slug, [skill.name_id, skill.name_en, *skill.synonyms])
            for skill in current.skills.values()
            if skill.is_active
        )
        _vocabulary_cache.update(stamp=current.stamp, vocabulary=vocabulary)
    return _vocabulary_cache["vocabulary"]  # type: ignore[return-value]


def skill_token(slug: str) -> str:
    return "skill_" + slug.replace("-", "_")


def standard_words(words: list[str]) -> list[str]:
    """Folded words with every curated spelling variant replaced by its standard word."""
    variants = spelling_variants()
    standard: list[str] = []
    for word in words:
        replacement = variants.get(word)
        if replacement is None:
            standard.append(word)
        else:
            standard.extend(replacement.split())
    return standard


def analyze_document_forms(text: str, skill_slugs: Iterable[str] = ()) -> tuple[str, str]:
    """Index-side analysis: (stems plus a token for every skill named or attached, the distinct
    words unstemmed)."""
    words = standard_words(tokenize(text))
    tokens = [stem(word) for word in words]
    slugs = list(dict.fromkeys([*skill_slugs, *skill_vocabulary().skills_in(tokens)]))
    analysed = " ".join([*tokens, *(skill_token(slug) for slug in slugs)])
    return analysed, " ".join(dict.fromkeys(words))


def analyze_document(text: str, skill_slugs: Iterable[str] = ()) -> str:
    """Index-side analysis: stems plus a token for every skill named or attached."""
    return analyze_document_forms(text, skill_slugs)[0]


@dataclass(frozen=True)
class AnalyzedQuery:
    terms: list[str]
    skill_slugs: list[str]
    # The terms that are not part of a skill's name or synonym ("borongan" in "penjahit borongan").
    other_terms: list[str] = ()  # type: ignore[assignment]
    # The words as typed (folded, standard spelling, no stopword): an exact form ranks higher.
    surface: list[str] = ()  # type: ignore[assignment]
    # Those whose form differs from their stem ("penjahit", not "jahit"): the ones an exact
    # match can tell apart, hence the ones scored (and stored as w_ tokens) as exact forms.
    exact: list[str] = ()  # type: ignore[assignment]
    intents: Intents = field(default_factory=Intents)
    # The stems of the words read as intents ("rumah" of "kerja dari rumah"): they still match,
    # weakly, a vacancy that says them without being of that kind.
    intent_terms: list[str] = ()  # type: ignore[assignment]
    # Words long enough to be corrected when no vacancy holds them (never a skill's word).
    correctable: list[str] = ()  # type: ignore[assignment]
    corrections: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.skill_slugs and not self.intents.matches_alone


def analyze_query(
    text: str, *, corrections: dict[str, str] | None = None, understand: bool = True
) -> AnalyzedQuery:
    """Query-side analysis; a query of any length is cut to its first words, never refused.

    ``understand``: read intents (work type, pay, place) out of the words and leave out the
    words every job search holds ("lowongan kerja"); job alerts match their words as written.
    ``corrections``: typed word -> the word to search instead (a typo)."""
    text = (text or "")[:500]
    phrase_words: list[str] = []
    if understand:
        intents, words, phrase_words = read_intents(text, standard_words)
        stopwords = QUERY_STOPWORDS
    else:
        intents, words, stopwords = Intents(), standard_words(tokenize(text)), STOPWORDS
    words = words[:_MAX_QUERY_TOKENS]
    if corrections:
        words = [corrections.get(word, word) for word in words]
    tokens = [stem(word) for word in words]
    terms = [token for token in dict.fromkeys(tokens) if token not in stopwords]
    vocabulary = skill_vocabulary()
    skill_slugs, rest = vocabulary.split(tokens)
    other = [token for token in dict.fromkeys(rest) if token not in stopwords]
    surface = [word for word in dict.fromkeys(words) if word not in stopwords]
    correctable = [
        word
        for word in surface
        if len(word) >= MIN_CORRECTABLE_LENGTH
        and not word.isdigit()
        and stem(word) not in vocabulary.words
    ]
    weak = [
        token
        for token in dict.fromkeys(stem(word) for word in phrase_words)
        if token not in stopwords and token not in terms
    ]
    return AnalyzedQuery(
        terms=terms,
        skill_slugs=skill_slugs,
        other_terms=other,
        surface=surface,
        exact=[word for word in surface if stem(word) != word],
        intents=intents,
        intent_terms=weak,
        correctable=correctable,
        corrections=dict(corrections or {}),
    )


def edit_distance(first: str, second: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment: a transposition is one edit)."""
    previous2: list[int] = []
    previous = list(range(len(second) + 1))
    for i, char in enumerate(first, 1):
        current = [i]
        for j, other in enumerate(second, 1):
            cost = 0 if char == other else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char == second[j - 2] and first[i - 2] == other:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        previous2, previous = previous, current
    return previous[-1]


def max_edits(word: str) -> int:
    if len(word) < MIN_CORRECTABLE_LENGTH:
        return 0
    return 2 if len(word) >= TWO_EDITS_FROM_LENGTH else 1


def best_correction(word: str, candidates: Iterable[str]) -> str | None:
    """The indexed word nearest to a typed one that no vacancy holds: same first letter, within
    ``max_edits``, the fewest edits first, then alphabetical (both backends choose alike)."""
    allowed = max_edits(word)
    scored = [
        (distance, candidate)
        for candidate in set(candidates)
        if candidate != word
        and candidate[:1] == word[:1]
        and abs(len(candidate) - len(word)) <= allowed
        and (distance := edit_distance(word, candidate)) <= allowed
    ]
    return min(scored)[1] if scored else None


def corrected_text(text: str, corrections: dict[str, str]) -> str:
    """What was typed, with each corrected word replaced (the "did you mean" text)."""
    return " ".join(corrections.get(word, word) for word in tokenize(text))
