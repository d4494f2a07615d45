"""List the words Sastrawi stems to an unrelated root, so they can join the exceptions list.

    python manage.py stem_collisions [--all]

Stems every word of the skill taxonomy (names, synonyms, variants), of the demo data and of the
benchmark and relevance-set vocabularies (the string literals of their sources), and reports a
word when its stem collides with another reading: the word also splits into a prefix and a
*different* root of Sastrawi's dictionary at least as long as its stem (peN- + kemas for
"pengemasan", which Sastrawi reads as peN- + emas, gold), or Sastrawi left a root no reading of
the word gives. Each line names the other words of the vocabulary sharing that stem (the search
would confuse them) and whether ``sicaker/data/stem_exceptions.json`` already overrides it.
``--all`` lists every stem shared by two or more words, for a read-through.
"""

from __future__ import annotations

import ast
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from jobs.skills import read_taxonomy_file
from sicaker.text import MIN_STEM_LENGTH, fold, sastrawi_stem, stem_exceptions, tokenize

ROOT = Path(settings.BASE_DIR)
# Python sources whose string literals are demo or benchmark text.
SOURCES = [
    "demo/jobs.py",
    "demo/seekers.py",
    "demo/search.py",
    "demo/applications.py",
    "benchmarks/_data.py",
    "benchmarks/_relevance_set.py",
    "benchmarks/search.py",
]
CORPORA = ["tests/data/relevance_corpus.json"]
PREFIXES = [
    "meng", "meny", "mem", "men", "me", "peng", "peny", "pem", "pen", "per", "pe",
    "ber", "be", "di", "ke", "ter", "se", "",
]  # fmt: skip
SUFFIXES = ["annya", "kannya", "nya", "kan", "an", "i", ""]
# The sound a nasal prefix swallowed (peng-kemas -> pengemas, mem-pakai -> memakai).
RESTORED = {"meng": "k", "peng": "k", "mem": "p", "pem": "p", "men": "t", "pen": "t"}


def taxonomy_words() -> set[str]:
    words: set[str] = set()
    for entry in read_taxonomy_file():
        for text in [entry["name_id"], entry["name_en"], *(entry.get("synonyms") or [])]:
            words.update(tokenize(text))
        for typed, standard in (entry.get("variants") or {}).items():
            words.update(tokenize(f"{typed} {standard}"))
    return words


def source_words(root: Path) -> set[str]:
    words: set[str] = set()
    for name in SOURCES:
        path = root / name
        if not path.exists():
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                words.update(tokenize(node.value))
    for name in CORPORA:
        path = root / name
        if path.exists():
            for row in json.loads(path.read_text(encoding="utf-8")):
                words.update(tokenize(f"{row['title']} {row['description']}"))
    return words


def other_readings(word: str, dictionary: Any) -> set[str]:
    """Roots of the dictionary the word also reads as: a prefix, a root, a suffix."""
    readings = set()
    for prefix in PREFIXES:
        if not word.startswith(prefix):
            continue
        body = word[len(prefix) :]
        for suffix in SUFFIXES:
            if suffix and not body.endswith(suffix):
                continue
            root = body[: len(body) - len(suffix)] if suffix else body
            for candidate in (root, RESTORED.get(prefix, "") + root):
                if len(candidate) >= MIN_STEM_LENGTH - 1 and candidate in dictionary:
                    readings.add(candidate)
    return readings


def collisions(words: set[str]) -> tuple[list[dict[str, Any]], dict[str, set[str]]]:
    """The suspicious words, and every stem with the words sharing it."""
    from sicaker.text import _get_stemmer  # noqa: PLC0415 - the stemmer's dictionary, on demand

    dictionary = _get_stemmer().delegatedStemmer.dictionary.words
    exceptions = stem_exceptions()
    by_stem: dict[str, set[str]] = defaultdict(set)
    for word in words:
        by_stem[sastrawi_stem(word)].add(word)
    found = []
    for word in sorted(words):
        if len(word) < MIN_STEM_LENGTH + 1 or word.isdigit():
            continue
        stemmed = sastrawi_stem(word)
        if stemmed == word:
            continue
        readings = other_readings(word, dictionary)
        rivals = {
            reading
            for reading in readings
            if reading != stemmed and len(reading) >= len(stemmed) and reading not in stemmed
        }
        if readings and stemmed not in readings and not rivals:
            rivals = readings  # Sastrawi's root is none of the word's readings (pelukis -> peluk)
        if rivals:
            found.append(
                {
                    "word": word,
                    "sastrawi": stemmed,
                    "also_reads": sorted(rivals),
                    "shares_stem_with": sorted(by_stem[stemmed] - {word}),
                    "exception": exceptions.get(word, ""),
                }
            )
    return found, by_stem


class Command(BaseCommand):
    help = (
        "Stem the taxonomy, demo and benchmark vocabularies and list the words Sastrawi stems "
        "to an unrelated root (candidates for sicaker/data/stem_exceptions.json)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="also list every shared stem")

    def handle(self, *args: Any, **options: Any) -> None:
        words = {fold(word) for word in taxonomy_words() | source_words(ROOT)}
        found, by_stem = collisions(words)
        open_ones = [item for item in found if not item["exception"]]
        for item in found:
            status = f"exception -> {item['exception']}" if item["exception"] else "NO EXCEPTION"
            shared = ", ".join(item["shares_stem_with"][:8]) or "-"
            self.stdout.write(
                f"{item['word']}: Sastrawi {item['sastrawi']}, also reads "
                f"{'/'.join(item['also_reads'])}; same stem as: {shared} [{status}]"
            )
        if options["all"]:
            self.stdout.write("\nStems shared by several words:")
            for stemmed, group in sorted(by_stem.items()):
                if len(group) > 1:
                    self.stdout.write(f"{stemmed}: {', '.join(sorted(group))}")
        self.stdout.write(
            f"\n{len(words)} words, {len(found)} suspicious stems, "
            f"{len(open_ones)} without an exception."
        )
