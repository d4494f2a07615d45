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

from search.taxonomy import taxonomy
from sicaker.text import STOPWORDS, stems

_MAX_QUERY_TOKENS = 32


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
            key = tuple(stems(name))
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


def analyze_document(text: str, skill_slugs: Iterable[str] = ()) -> str:
    """Index-side analysis: stems plus a token for every skill named or attached."""
    tokens = stems(text)
    slugs = list(dict.fromkeys([*skill_slugs, *skill_vocabulary().skills_in(tokens)]))
    return " ".join([*tokens, *(skill_token(slug) for slug in slugs)])


@dataclass(frozen=True)
class AnalyzedQuery:
    terms: list[str]
    skill_slugs: list[str]
    # The terms that are not part of a skill's name or synonym ("borongan" in "penjahit borongan").
    other_terms: list[str] = ()  # type: ignore[assignment]

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.skill_slugs


def analyze_query(text: str) -> AnalyzedQuery:
    """Query-side analysis; a query of any length is cut to its first words, never refused."""
    tokens = stems((text or "")[:500])[:_MAX_QUERY_TOKENS]
    terms = [token for token in dict.fromkeys(tokens) if token not in STOPWORDS]
    skill_slugs, rest = skill_vocabulary().split(tokens)
    other = [token for token in dict.fromkeys(rest) if token not in STOPWORDS]
    return AnalyzedQuery(terms=terms, skill_slugs=skill_slugs, other_terms=other)
