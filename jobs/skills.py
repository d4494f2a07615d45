"""The skill taxonomy: loading it, editing it (staff) and finding skills by any of their names.

Matching is done in Python over the whole taxonomy (about a hundred rows, one query), because a
skill is found by its Indonesian or English name, its slug, any synonym, a part of any of them, or
an Indonesian word with the same stem (Sastrawi: penjahit, jahitan and menjahit all stem to
"jahit"), which the database cannot do for JSON synonym lists.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import Skill, SkillCategory
from jobs.open_data.log import vacancies_changed
from sicaker.errors import Forbidden, Invalid
from sicaker.ids import is_storable_id
from sicaker.text import fold, stems

SKILLS_FILE = Path(__file__).resolve().parent / "data" / "skills.json"
EDITABLE_FIELDS = ("name_id", "name_en", "category", "synonyms")

# Match ranks: lower is better.
RANK_EXACT, RANK_PARTIAL, RANK_STEM = 0, 1, 2
# Shorter stems ("an", "es") are parts of too many names to stem them all for an exact match.
MIN_STEMMED_LENGTH = 4


def normalize_term(text: str) -> str:
    """Lower-cased, accent-free, single-spaced: the form names and synonyms are compared in."""
    return " ".join(fold(text).split())


def clean_synonyms(synonyms: Iterable[str]) -> list[str]:
    """Trimmed, single-spaced, without empties and without case/accent duplicates (order kept)."""
    seen: set[str] = set()
    cleaned: list[str] = []
    for synonym in synonyms:
        text = " ".join(str(synonym).split())
        key = normalize_term(text)
        if key and key not in seen:
            seen.add(key)
            cleaned.append(text)
    return cleaned


# -- selectors ------------------------------------------------------------------------------


def _terms(slug: str, name_id: str, name_en: str, synonyms: Sequence[str]) -> list[str]:
    return [slug.replace("-", " "), name_id, name_en, *(synonyms or [])]


def _match_rank(query: str, query_stems: list[str], terms: list[str]) -> int | None:
    """How well a skill's names and synonyms match the query; None if they do not.

    Exact: a whole name or synonym, or one with the very same stems ("jahitan" ~ "menjahit").
    Partial: the query is a part of one ("jahi"). Stem: every stem of the query is a part of
    one ("penjahit" -> "jahit" in "jahit baju"). Only names containing the query's stems are
    stemmed, so a query costs a few stemmer calls, not one per word of the taxonomy.
    """
    normalized = [normalize_term(term) for term in terms]
    if query in normalized:
        return RANK_EXACT
    candidates = (
        [term for term in normalized if all(stem in term for stem in query_stems)]
        if query_stems
        else []
    )
    if len("".join(query_stems)) >= MIN_STEMMED_LENGTH and any(
        stems(term) == query_stems for term in candidates
    ):
        return RANK_EXACT
    if any(query in term for term in normalized):
        return RANK_PARTIAL
    if candidates:
        return RANK_STEM
    return None


def skill_search(*, q: str = "", category: str = "") -> QuerySet[Skill]:
    """Active skills, optionally of one category, matching ``q`` best first.

    ``q`` matches (case- and accent-insensitive) a skill's name in either language, its slug or
    any synonym, exactly or as a part ("jahi"), or by Indonesian stem ("penjahit" finds
    "menjahit"). Two queries whatever the size of the taxonomy (plus the paginator's count).
    """
    queryset = Skill.objects.filter(is_active=True)
    if category:
        queryset = queryset.filter(category=category)
    query = normalize_term(q)
    if not query:
        return queryset.order_by("name_id", "pk")
    query_stems = stems(query)
    by_rank: dict[int, list[int]] = {}
    for pk, slug, name_id, name_en, synonyms in queryset.values_list(
        "pk", "slug", "name_id", "name_en", "synonyms"
    ):
        rank = _match_rank(query, query_stems, _terms(slug, name_id, name_en, synonyms))
        if rank is not None:
            by_rank.setdefault(rank, []).append(pk)
    if not by_rank:
        return queryset.none()
    return (
        Skill.objects.filter(pk__in=[pk for pks in by_rank.values() for pk in pks])
        .annotate(
            match_rank=Case(
                *(When(pk__in=pks, then=Value(rank)) for rank, pks in by_rank.items()),
                output_field=IntegerField(),
            )
        )
        .order_by("match_rank", "name_id", "pk")
    )


def skills_resolve(*, refs: Sequence[int | str], field: str = "skills") -> list[Skill]:
    """The active skills named by ids or slugs, in the order given (one query).

    Raises Invalid on ``field`` naming every reference that is not a skill.
    """
    # An id beyond what the column holds names no skill (and SQLite could not even bind it).
    ids = {ref for ref in refs if isinstance(ref, int) and is_storable_id(ref)}
    slugs = {ref for ref in refs if isinstance(ref, str)}
    found = Skill.objects.filter(is_active=True).filter(Q(pk__in=ids) | Q(slug__in=slugs))
    by_id = {skill.pk: skill for skill in found}
    by_slug = {skill.slug: skill for skill in by_id.values()}
    resolved: list[Skill] = []
    unknown: list[str] = []
    for ref in refs:
        skill = by_id.get(ref) if isinstance(ref, int) else by_slug.get(ref)
        if skill is None:
            unknown.append(str(ref))
        else:
            resolved.append(skill)
    if unknown:
        raise Invalid(
            {
                field: [
                    _("Unknown skill: %(refs)s. Use a slug or id from GET /api/v1/skills/.")
                    % {"refs": ", ".join(unknown)}
                ]
            }
        )
    return resolved


# -- services -------------------------------------------------------------------------------


def _require_staff(actor: User) -> None:
    if not actor.is_officer:
        raise Forbidden(_("Only labor-office staff can edit the skill taxonomy."))


def _lock_taxonomy() -> None:
    """Serialise taxonomy edits, so two edits cannot both claim one synonym.

    Row locks would not see a skill inserted concurrently; a transaction-scoped advisory lock
    does (each statement after it sees what the previous holder committed).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('jobs.skill_taxonomy'))")


def _check_synonyms_free(*, synonyms: list[str], skill_pk: int | None) -> None:
    """Refuse a synonym that is already a synonym or a name of another skill, naming it."""
    claimed: dict[str, tuple[str, str]] = {}
    others = Skill.objects.exclude(pk=skill_pk) if skill_pk else Skill.objects.all()
    for slug, name_id, name_en, other_synonyms in others.values_list(
        "slug", "name_id", "name_en", "synonyms"
    ):
        for term in [name_id, name_en, *(other_synonyms or [])]:
            claimed.setdefault(normalize_term(term), (name_id, slug))
    errors = [
        _(
            '"%(synonym)s" is already used by the skill "%(name)s" (%(slug)s); remove it here or '
            "from that skill first."
        )
        % {"synonym": synonym, "name": claimed[key][0], "slug": claimed[key][1]}
        for synonym in synonyms
        if (key := normalize_term(synonym)) in claimed
    ]
    if errors:
        raise Invalid({"synonyms": errors})


def skill_create(
    *,
    actor: User,
    slug: str,
    name_id: str,
    name_en: str,
    category: str,
    synonyms: Sequence[str] = (),
) -> Skill:
    """Add a skill to the taxonomy (staff only).

    Rules: the slug is unique (400 on ``slug``) and never changes afterwards; no synonym may
    already belong to another skill (400 on ``synonyms`` naming that skill).
    """
    _require_staff(actor)
    synonyms = clean_synonyms(synonyms)
    with transaction.atomic():
        _lock_taxonomy()
        _check_synonyms_free(synonyms=synonyms, skill_pk=None)
        skill = Skill(
            slug=slug,
            name_id=name_id.strip(),
            name_en=name_en.strip(),
            category=category,
            synonyms=synonyms,
        )
        try:
            with transaction.atomic():
                skill.save()
        except IntegrityError as error:
            if not Skill.objects.filter(slug=slug).exists():  # not the slug: a real fault
                raise
            raise Invalid(
                {
                    "slug": [
                        _('A skill with the slug "%(slug)s" already exists; choose another.')
                        % {"slug": slug}
                    ]
                }
            ) from error
    return skill


def skill_update(*, skill: Skill, actor: User, changes: dict[str, Any]) -> Skill:
    """Edit a skill's names, category or synonyms (staff only).

    Rules: the slug cannot change (400 on ``slug`` if a different one is sent); synonyms must
    not belong to another skill (400 naming it). ``synonyms`` replaces the whole list.
    Side effect: the vacancies that ask for the skill are re-indexed (their text holds its names).
    """
    _require_staff(actor)
    new_slug = changes.pop("slug", None)
    if new_slug is not None and new_slug != skill.slug:
        raise Invalid({"slug": [_("The slug of a skill cannot be changed after it is created.")]})
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        _lock_taxonomy()
        skill = Skill.objects.select_for_update(no_key=True).get(pk=skill.pk)
        if "synonyms" in changes:
            changes["synonyms"] = clean_synonyms(changes["synonyms"])
            _check_synonyms_free(synonyms=changes["synonyms"], skill_pk=skill.pk)
        for field, value in changes.items():
            setattr(skill, field, value.strip() if isinstance(value, str) else value)
        skill.save()
        # Vacancies carry the skill's names and synonyms in their search text.
        vacancies_changed(pks=skill.vacancy_links.values_list("vacancy_id", flat=True))
    return skill


@dataclass(frozen=True)
class TaxonomyLoadResult:
    created: int
    updated: int
    unchanged: int


def _validated_entries(entries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    categories = set(SkillCategory.values)
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        slug = str(entry.get("slug", "")).strip()
        missing = [key for key in ("slug", "name_id", "name_en", "category") if not entry.get(key)]
        if missing:
            raise ValueError(f"entry {position}: missing {', '.join(missing)}")
        if entry["category"] not in categories:
            raise ValueError(f"entry {position} ({slug}): unknown category {entry['category']!r}")
        if slug in seen:
            raise ValueError(f"entry {position}: slug {slug!r} appears twice")
        seen.add(slug)
        cleaned.append(
            {
                "slug": slug,
                "name_id": entry["name_id"].strip(),
                "name_en": entry["name_en"].strip(),
                "category": entry["category"],
                "synonyms": clean_synonyms(entry.get("synonyms") or []),
            }
        )
    return cleaned


def skill_taxonomy_load(*, entries: Sequence[dict[str, Any]]) -> TaxonomyLoadResult:
    """Create or update skills by slug from taxonomy entries; never deletes.

    Idempotent: a skill whose names, category and synonyms already match is not written at all
    (its ``updated_at`` stays), so a rerun changes nothing. Raises ValueError for a malformed
    entry before writing anything.
    """
    cleaned = _validated_entries(entries)
    now = timezone.now()
    with transaction.atomic():
        _lock_taxonomy()
        existing = {
            skill.slug: skill
            for skill in Skill.objects.select_for_update().filter(
                slug__in=[entry["slug"] for entry in cleaned]
            )
        }
        to_create: list[Skill] = []
        to_update: list[Skill] = []
        for entry in cleaned:
            skill = existing.get(entry["slug"])
            if skill is None:
                to_create.append(Skill(**entry))
                continue
            if any(getattr(skill, field) != entry[field] for field in EDITABLE_FIELDS):
                for field in EDITABLE_FIELDS:
                    setattr(skill, field, entry[field])
                skill.updated_at = now  # bulk_update does not touch auto_now fields
                to_update.append(skill)
        Skill.objects.bulk_create(to_create)
        Skill.objects.bulk_update(to_update, [*EDITABLE_FIELDS, "updated_at"])
    return TaxonomyLoadResult(
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(cleaned) - len(to_create) - len(to_update),
    )


@lru_cache(maxsize=1)
def spelling_variants() -> dict[str, str]:
    """Colloquial and regional spellings -> the standard word ("jait" -> "jahit", "penjait" ->
    "penjahit"), curated next to each skill's synonyms in the taxonomy file (``variants``).

    Read from the file, not the database: they are language data of the release, applied alike
    to vacancies and to what is typed, whoever edited the taxonomy since."""
    variants: dict[str, str] = {}
    for entry in read_taxonomy_file():
        for typed, standard in (entry.get("variants") or {}).items():
            variants.setdefault(normalize_term(typed), normalize_term(standard))
    return variants


def read_taxonomy_file(path: Path = SKILLS_FILE) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, list):
        raise ValueError(f"{path} must hold a JSON list of skills")
    return data
