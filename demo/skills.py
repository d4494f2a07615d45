"""The skills the demo data names, from the taxonomy ``load_skills`` loads first."""

from __future__ import annotations

from collections.abc import Sequence

from jobs.models import Skill


def demo_skills(slugs: Sequence[str]) -> list[Skill]:
    found = {skill.slug: skill for skill in Skill.objects.filter(slug__in=slugs)}
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise RuntimeError(
            f"load the skill taxonomy first (manage.py load_skills); missing: {missing}"
        )
    return [found[slug] for slug in slugs]
