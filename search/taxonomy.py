"""The skill taxonomy as search reads it, kept per process and re-read only when it changed.

Every search, match and document needs the taxonomy (the vocabulary of skill names, the names of
skills shown, whether a slug exists). It is a few hundred rows that change a few times a year, so
each process keeps one copy: a change saved in this process drops it at once (``forget``, on
the skill's save and delete), and other processes see it within
``SEARCH_TAXONOMY_RECHECK_SECONDS``, when they next compare the taxonomy's stamp (last edit and
row count) with the one their copy was read at.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Max

from jobs.models import Skill, skill_name


@dataclass(frozen=True)
class SkillRow:
    pk: int
    slug: str
    name_id: str
    name_en: str
    synonyms: tuple[str, ...]
    is_active: bool

    @property
    def name(self) -> str:
        return skill_name(self.name_id, self.name_en)


@dataclass(frozen=True)
class Taxonomy:
    stamp: tuple[Any, ...]
    skills: dict[str, SkillRow]  # by slug
    by_pk: dict[int, SkillRow]


_lock = threading.Lock()
_state: dict[str, Any] = {"taxonomy": None, "checked_at": 0.0}


def _stamp() -> tuple[Any, ...]:
    return tuple(Skill.objects.aggregate(Max("updated_at"), Count("pk")).values())


def taxonomy() -> Taxonomy:
    """This process's copy of the taxonomy, re-read when its stamp changed."""
    current: Taxonomy | None = _state["taxonomy"]
    now = time.monotonic()
    if (
        current is not None
        and now - _state["checked_at"] < settings.SEARCH_TAXONOMY_RECHECK_SECONDS
    ):
        return current
    stamp = _stamp()
    if current is None or current.stamp != stamp:
        rows = [
            SkillRow(pk, slug, name_id, name_en, tuple(synonyms or ()), is_active)
            for pk, slug, name_id, name_en, synonyms, is_active in Skill.objects.values_list(
                "pk", "slug", "name_id", "name_en", "synonyms", "is_active"
            )
        ]
        current = Taxonomy(
            stamp=stamp,
            skills={row.slug: row for row in rows},
            by_pk={row.pk: row for row in rows},
        )
    with _lock:
        _state.update(taxonomy=current, checked_at=now)
    return current


def forget(**_kwargs: Any) -> None:
    """Drop this process's copy (a skill was saved or deleted here)."""
    with _lock:
        _state.update(taxonomy=None, checked_at=0.0)


def skills_by_pk(pks: set[int]) -> dict[int, SkillRow]:
    """These skills from this process's copy; read afresh when one is newer than the copy."""
    known = taxonomy().by_pk
    if not pks <= known.keys():
        forget()
        known = taxonomy().by_pk
    return {pk: known[pk] for pk in pks if pk in known}


def skill_names(slugs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """slug -> name in the active language, for the slugs the taxonomy knows."""
    skills = taxonomy().skills
    return {slug: skills[slug].name for slug in slugs if slug in skills}


def known_slugs(slugs: list[str]) -> set[str]:
    skills = taxonomy().skills
    return {slug for slug in slugs if slug in skills}
