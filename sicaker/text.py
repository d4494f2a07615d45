"""Pure Indonesian text handling: folding, tokenising and Sastrawi stemming.

In the core so that the skill taxonomy (``jobs``) and search can both use the very same
analysis without importing each other. Knows no model and no search engine.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

_TOKEN = re.compile(r"[a-z0-9]+")
# Words that carry no meaning in a job search ("penjahit di malang", "kerja yang dekat").
STOPWORDS = frozenset(
    [
        "di",
        "ke",
        "dari",
        "yang",
        "dan",
        "atau",
        "untuk",
        "dengan",
        "pada",
        "dalam",
        "ini",
        "itu",
        "ada",
        "adalah",
        "sebagai",
        "juga",
        "the",
        "and",
        "or",
        "of",
        "in",
        "at",
        "for",
        "to",
        "a",
        "an",
        "with",
    ]
)
MIN_STEM_LENGTH = 4  # shorter words (and numbers) are kept as they are
# Words Sastrawi stems to an unrelated root ("pengemasan", packaging, to "emas", gold), with the
# stem they get instead; found by ``manage.py stem_collisions``.
STEM_EXCEPTIONS_FILE = Path(__file__).resolve().parent / "data" / "stem_exceptions.json"
_lock = threading.Lock()
_stemmers: list[Any] = []  # the one stemmer, built on first use: loading it takes a while


def fold(text: str) -> str:
    """Lowercase and strip accents, so 'Makramé' and 'makrame' are one word."""
    if not text:
        return ""
    if text.isascii():  # nearly every text: nothing to decompose (a rebuild folds 100k of them)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def _get_stemmer() -> Any:
    if not _stemmers:
        with _lock:
            if not _stemmers:
                stemmer = StemmerFactory().create_stemmer()
                # Sastrawi keeps its dictionary in a list: every lookup scanned ~30k words
                # (about 75 ms per new word). A frozenset makes lookups constant-time.
                dictionary = stemmer.delegatedStemmer.dictionary
                dictionary.words = frozenset(dictionary.words)
                _stemmers.append(stemmer)
    return _stemmers[0]


@lru_cache(maxsize=1)
def stem_exceptions() -> dict[str, str]:
    """Surface word -> the stem it must have, overriding Sastrawi (sicaker/data)."""
    data = json.loads(STEM_EXCEPTIONS_FILE.read_text(encoding="utf-8"))
    return {fold(word): fold(root) for word, root in data["stems"].items()}


def sastrawi_stem(token: str) -> str:
    """Sastrawi's own stem, without the exceptions (the collision report compares both)."""
    if token.isdigit() or len(token) < MIN_STEM_LENGTH:
        return token
    return _get_stemmer().stem(token) or token


@lru_cache(maxsize=50_000)
def stem(token: str) -> str:
    exception = stem_exceptions().get(token)
    if exception:
        return exception
    return sastrawi_stem(token)


def stems(text: str) -> list[str]:
    return [stem(token) for token in tokenize(text)]
