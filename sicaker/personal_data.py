"""The port through which each app says what personal data it holds about a person (UU PDP).

Her rights span every app (profile, trainings, applications, notifications, alerts...), but no
app may know the apps above it. So each app registers, at start-up (``AppConfig.ready``), one
``Section`` per kind of data it keeps about a user: the models it covers, a function giving
that data as JSON-able values ("download my data") and a function erasing or anonymising it
("delete my account"). ``accounts.privacy`` runs them all; it knows no section by name.

A model that holds a user (or a seeker) and is no section's is listed with ``exclude`` and the
reason; ``tests/accounts/test_personal_data_coverage.py`` fails when a model is in neither list,
so the export stays complete as apps grow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# The person whose data it is: a ``accounts.User``. Typed as Any here because the core imports
# no app.
Person = Any


@dataclass(frozen=True)
class Section:
    """One kind of personal data an app keeps: its name in the export, the models it covers
    (``app_label.ModelName``), what it gives and how it is erased.

    ``erase`` runs inside the erasure's transaction, lowest ``order`` first; it anonymises
    rather than deletes what the office's reports count."""

    name: str
    models: tuple[str, ...]
    export: Callable[[Person], Any]
    erase: Callable[[Person], None] | None = None
    order: int = 100


_sections: dict[str, Section] = {}
_excluded: dict[str, str] = {}


def register(section: Section) -> None:
    """Add (or replace, on a second ``ready``) one section."""
    _sections[section.name] = section


def exclude(model: str, reason: str) -> None:
    """Say why a model that points at a user holds none of her personal data to export."""
    _excluded[model] = reason


def sections() -> list[Section]:
    """Every registered section, in export order (by name, stable)."""
    return sorted(_sections.values(), key=lambda section: section.name)


def erasure_order() -> list[Section]:
    """The sections that erase something, in the order their erasers run."""
    erasing = [section for section in _sections.values() if section.erase is not None]
    return sorted(erasing, key=lambda section: (section.order, section.name))


def covered_models() -> dict[str, str]:
    """model label -> the section covering it."""
    return {model: section.name for section in _sections.values() for model in section.models}


def excluded_models() -> dict[str, str]:
    """model label -> why it is not exported."""
    return dict(_excluded)
