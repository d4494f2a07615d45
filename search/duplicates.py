"""Near-duplicate vacancies: the fingerprint both search backends compare.

A vacancy's words (its title and description, folded and split as everywhere else) become a set
of *shingles*: every run of ``SHINGLE_WORDS`` words in a row, plus the title's words and word
pairs, weighted (so that two vacancies written from one template for different jobs, which share
the template's sentences but not their titles, stay apart). Two vacancies are as
similar as the Jaccard index of their shingle sets: shared shingles over all shingles.

Both backends store the fingerprint when a public vacancy is indexed and compare a new one with
the open vacancies:

- the database backend keeps the shingles (as 63-bit hashes) and computes the exact Jaccard
  index, after finding candidates through the signature's bands (an index lookup of BANDS
  values, at most 50 candidates read: never a scan of every vacancy);
- Elasticsearch keeps the MinHash signature in a ``long`` field and counts, for each vacancy,
  how many of the ``SIGNATURE_SIZE`` values it shares with the new one: the share is an unbiased
  estimate of the same Jaccard index (the probability that two sets have the same minimum under
  a random hash function is their Jaccard index), computed by the engine itself.

Why not Elasticsearch's own ``shingle`` and ``min_hash`` token filters: they live in the
analysis-common module, which the distributions Si-Caker supports do not all carry; hashing in
Python gives both backends the very same fingerprint.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from sicaker.text import tokenize

SHINGLE_WORDS = 2
TITLE_WEIGHT = 3
SIGNATURE_SIZE = 64
# Two vacancies this similar (Jaccard index of their shingles) are near-copies; chosen on the
# labelled pairs in tests/data/duplicate_pairs.json (benchmarks/duplicates.py reports both
# backends' precision and recall at it).
DUPLICATE_THRESHOLD = 0.6
# Texts of fewer words than this are too short to tell a copy from a coincidence ("Kasir paruh
# waktu"): they are compared with the employer's own vacancies, never flagged across employers.
MIN_WORDS_ACROSS_EMPLOYERS = 12

_MASK_32 = (1 << 32) - 1
_MASK_64 = (1 << 64) - 1
_random = random.Random(20261127)  # fixed: stored signatures must stay comparable
# Multiply-shift hashing (Dietzfelbinger): h(x) = ((a·x + b) mod 2^64) >> 32 for a 32-bit x, a
# random odd a and a random b: a universal family, and several times cheaper in Python than
# arithmetic modulo a large prime (a fingerprint costs about a millisecond).
_HASHES = tuple(
    (_random.getrandbits(64) | 1, _random.getrandbits(64)) for _ in range(SIGNATURE_SIZE)
)
# The database backend indexes the signature in bands of BAND_ROWS values (locality-sensitive
# hashing): two vacancies share a band with probability 1 - (1 - J^2)^32 (0.9999 at J = 0.6,
# 0.73 at J = 0.2); candidates are then ranked by how many bands they share.
BAND_ROWS = 2
BANDS = SIGNATURE_SIZE // BAND_ROWS


@dataclass(frozen=True)
class Fingerprint:
    """A vacancy's shingle hashes (exact comparison) and MinHash signature (candidate lookup)."""

    shingles: frozenset[int]
    signature: tuple[int, ...]
    words: int = 0

    @property
    def is_empty(self) -> bool:
        return not self.shingles


def _hash(text: str) -> int:
    """A stable 63-bit hash (fits a signed 64-bit column and an Elasticsearch ``long``)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") >> 1


def shingles(title: str, description: str) -> set[str]:
    """Every run of SHINGLE_WORDS words of the title and description, plus the title's words and
    word pairs TITLE_WEIGHT times over (marked ``t0:``, ``t1:``...): the title counts more, so
    one template filled in for two jobs stays below the threshold."""
    title_words = tokenize(title)
    words = [*title_words, *tokenize(description)]
    title_units = {
        *title_words,
        *(" ".join(title_words[i : i + 2]) for i in range(len(title_words) - 1)),
    }
    found = {f"t{copy}:{unit}" for copy in range(TITLE_WEIGHT) for unit in title_units}
    if len(words) < SHINGLE_WORDS:
        found.update(words)
    else:
        found.update(
            " ".join(words[start : start + SHINGLE_WORDS])
            for start in range(len(words) - SHINGLE_WORDS + 1)
        )
    return found


def signature_of(hashes: frozenset[int]) -> tuple[int, ...]:
    """The MinHash signature: for each of SIGNATURE_SIZE hash functions, the least value over the
    shingles, tagged with the function's number (so that values of two functions never meet)."""
    if not hashes:
        return ()
    low = [value & _MASK_32 for value in hashes]
    # The least of the shifted values is the least value shifted (one shift per function, not
    # per shingle: a fifth of a cold rebuild's fingerprint time), over a list, not a generator.
    return tuple(
        (number << 32) | (min([(a * value + b) & _MASK_64 for value in low]) >> 32)
        for number, (a, b) in enumerate(_HASHES)
    )


def band_values(signature: tuple[int, ...]) -> list[int]:
    """The signature's bands, each as one 63-bit value (the database backend's lookup rows)."""
    return [
        _hash(f"{band}:" + ",".join(map(str, signature[band * BAND_ROWS : (band + 1) * BAND_ROWS])))
        for band in range(len(signature) // BAND_ROWS)
    ]


def fingerprint(title: str, description: str) -> Fingerprint:
    hashes = frozenset(_hash(shingle) for shingle in shingles(title, description))
    words = len(tokenize(title)) + len(tokenize(description))
    return Fingerprint(shingles=hashes, signature=signature_of(hashes), words=words)


def jaccard(first: frozenset[int] | set[int], second: frozenset[int] | set[int]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)
