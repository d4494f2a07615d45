"""Input and output of the search endpoints."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jobs.models import WorkType
from search.matching import DISTANCE_BANDS
from search.queries import GeoPoint, VacancyQuery, VacancySort
from search.selectors import CandidateMatch, VacancyMatch, VacancyResult
from search.taxonomy import known_slugs

WORK_TYPES = tuple(WorkType.values)
MAX_LATITUDE = 90
MAX_LONGITUDE = 180
MAX_RADIUS_KM = 200
MAX_PAGE = 500
# Elasticsearch's default max_result_window: deeper pages are refused there, so here too.
MAX_RESULT_WINDOW = 10_000


# Longest lists an input may hold: as many skills as an alert keeps, each work type once.
MAX_LISTED_SKILLS = 20


def _known_skills(value: list[str]) -> list[str]:
    """The skill slugs, if the taxonomy knows each (else a field error naming the others)."""
    known = known_slugs(value)  # the process's taxonomy (search.taxonomy): no query per request
    unknown = [slug for slug in value if slug not in known]
    if unknown:
        raise serializers.ValidationError(
            _("Unknown skill %(unknown)s; look skills up at /api/v1/skills/?q=.")
            % {"unknown": ", ".join(unknown)}
        )
    return value


class CommaListField(serializers.CharField):
    """``a,b,c`` in a query string, as a list of at most ``max_items`` items."""

    def __init__(self, *, max_items: int, **kwargs: Any) -> None:
        self.max_items = max_items
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[str]:  # type: ignore[override]
        text = super().to_internal_value(data)
        items = [item.strip() for item in text.split(",") if item.strip()]
        if len(items) > self.max_items:
            raise serializers.ValidationError(
                _("Give at most %(limit)d values, separated by commas.") % {"limit": self.max_items}
            )
        return items


class VacancySearchInputSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=True, max_length=1000
    )
    skills = CommaListField(
        required=False,
        max_items=MAX_LISTED_SKILLS,
        help_text=_("Comma-separated skill slugs (at most 20)."),
    )
    work_type = CommaListField(
        required=False, max_items=len(WORK_TYPES), help_text=_("Comma-separated work types.")
    )
    city = serializers.CharField(required=False, max_length=100)
    district = serializers.CharField(required=False, max_length=100)
    near = serializers.CharField(required=False, help_text=_("LAT,LON, e.g. -7.98,112.63"))
    radius_km = serializers.FloatField(required=False, min_value=0.1, max_value=MAX_RADIUS_KM)
    # Pay is stored as a 32-bit integer (and indexed as one): a larger floor is a 400.
    pay_min = serializers.IntegerField(required=False, min_value=0, max_value=2_000_000_000)
    sort = serializers.ChoiceField(choices=VacancySort.CHOICES, default=VacancySort.RELEVANCE)
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, default=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)

    def validate_near(self, value: str) -> GeoPoint:
        parts = value.split(",")
        try:
            lat, lon = (float(part) for part in parts)
        except ValueError:
            raise serializers.ValidationError(
                _("Give the point as LAT,LON in decimal degrees, for example -7.98,112.63.")
            ) from None
        if not (-MAX_LATITUDE <= lat <= MAX_LATITUDE and -MAX_LONGITUDE <= lon <= MAX_LONGITUDE):
            raise serializers.ValidationError(
                _("Latitude must be between -90 and 90 and longitude between -180 and 180.")
            )
        return GeoPoint(lat=lat, lon=lon)

    def validate_work_type(self, value: list[str]) -> list[str]:
        unknown = [item for item in value if item not in WORK_TYPES]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown work type %(unknown)s; use one of %(allowed)s.")
                % {"unknown": ", ".join(unknown), "allowed": ", ".join(WORK_TYPES)}
            )
        return value

    def validate_skills(self, value: list[str]) -> list[str]:
        return _known_skills(value)

    def validate(self, attrs: dict) -> dict:
        if attrs.get("page", 1) * attrs.get("page_size", 20) > MAX_RESULT_WINDOW:
            raise serializers.ValidationError(
                {
                    "page": [
                        _(
                            "Pages beyond the first %(limit)s results are not available; "
                            "narrow the search with filters instead."
                        )
                        % {"limit": MAX_RESULT_WINDOW}
                    ]
                }
            )
        if attrs.get("radius_km") and not attrs.get("near"):
            raise serializers.ValidationError(
                {"near": [_("A radius needs a point: add near=LAT,LON.")]}
            )
        if attrs.get("sort") == VacancySort.DISTANCE and not attrs.get("near"):
            raise serializers.ValidationError(
                {"near": [_("Sorting by distance needs near=LAT,LON.")]}
            )
        return attrs

    def to_query(self) -> VacancyQuery:
        data = self.validated_data
        return VacancyQuery(
            text=data.get("q", ""),
            skill_slugs=tuple(data.get("skills", ())),
            work_types=tuple(data.get("work_type", ())),
            city=data.get("city", ""),
            district=data.get("district", ""),
            near=data.get("near"),
            radius_km=data.get("radius_km"),
            pay_min=data.get("pay_min"),
            sort=data["sort"],
            page=data["page"],
            page_size=data["page_size"],
        )


class SkillBriefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class EmployerBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    kind = serializers.CharField()
    is_verified = serializers.BooleanField()


class VacancyHitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="vacancy.pk")
    title = serializers.CharField(source="vacancy.title")
    employer = EmployerBriefSerializer(source="vacancy.employer")
    work_type = serializers.CharField(source="vacancy.work_type")
    city = serializers.CharField(source="vacancy.city")
    district = serializers.CharField(source="vacancy.district")
    pay_min = serializers.IntegerField(source="vacancy.pay_min", allow_null=True)
    pay_max = serializers.IntegerField(source="vacancy.pay_max", allow_null=True)
    pay_unit = serializers.CharField(source="vacancy.pay_unit")
    positions_open = serializers.IntegerField(source="vacancy.positions_open")
    valid_through = serializers.DateField(source="vacancy.valid_through")
    published_at = serializers.DateTimeField(source="vacancy.published_at")
    skills = serializers.SerializerMethodField()
    score = serializers.FloatField(source="hit.score")
    distance_km = serializers.FloatField(source="hit.distance_km", allow_null=True)

    def get_skills(self, result: VacancyResult) -> list[dict]:
        return [
            {"slug": skill.slug, "name": skill.name, "is_required": skill.is_required}
            for skill in result.skills
        ]


_DATE = serializers.DateField()
_DATETIME = serializers.DateTimeField()


def vacancy_hits_data(results: list[VacancyResult]) -> list[dict[str, Any]]:
    """What ``VacancyHitSerializer(results, many=True).data`` gives, built directly.

    A page of hits spent more time in DRF's per-field machinery than in loading its rows; the
    serializer stays the schema, and a test compares the two on every field. Dates go through
    DRF's own fields, so their format follows the same settings."""
    data = []
    for result in results:
        vacancy, hit = result.vacancy, result.hit
        employer = vacancy.employer
        published_at = vacancy.published_at
        data.append(
            {
                "id": vacancy.pk,
                "title": vacancy.title,
                "employer": {
                    "id": employer.pk,
                    "name": employer.name,
                    "kind": employer.kind,
                    "is_verified": employer.is_verified,
                },
                "work_type": vacancy.work_type,
                "city": vacancy.city,
                "district": vacancy.district,
                "pay_min": vacancy.pay_min,
                "pay_max": vacancy.pay_max,
                "pay_unit": vacancy.pay_unit,
                "positions_open": vacancy.positions_open,
                "valid_through": _DATE.to_representation(vacancy.valid_through),
                "published_at": None
                if published_at is None
                else _DATETIME.to_representation(published_at),
                "skills": [
                    {"slug": skill.slug, "name": skill.name, "is_required": skill.is_required}
                    for skill in result.skills
                ],
                "score": float(hit.score),
                "distance_km": None if hit.distance_km is None else float(hit.distance_km),
            }
        )
    return data


class SuggestionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    text = serializers.CharField()
    slug = serializers.CharField(allow_null=True)
    count = serializers.IntegerField(allow_null=True)


class MatchedSkillSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    required = serializers.BooleanField()  # type: ignore[assignment]  # a field, not Field.required
    verified = serializers.BooleanField(required=False)
    source = serializers.CharField(required=False)  # type: ignore[assignment]  # not Field.source


class DistanceBandSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=[band.code for band in DISTANCE_BANDS])
    label = serializers.CharField(  # type: ignore[assignment]  # a field, not Field.label
        help_text=_('"< 2 km", "2–5 km", "5–10 km" or "> 10 km".')
    )


class MatchFieldsSerializer(serializers.Serializer):
    """What both directions show: the score, its parts, skills and reasons.

    No exact distance here: the seekers' view adds ``distance_km``; an employer's view of its
    candidates has only ``distance_band`` (and the score's distance part comes from the band)."""

    score = serializers.FloatField(
        source="match.score", help_text=_("0 to 100; see README, 'Match score'.")
    )
    score_breakdown = serializers.DictField(source="match.parts", child=serializers.FloatField())
    matched_skills = MatchedSkillSerializer(source="match.matched_skills", many=True)
    missing_skills = MatchedSkillSerializer(source="match.missing_skills", many=True)
    distance_band = DistanceBandSerializer(
        source="match.distance_band",
        allow_null=True,
        help_text=_("How far the seeker's home is, in a coarse band; null if unknown."),
    )
    reasons = serializers.ListField(source="match.reasons", child=serializers.CharField())
    application_status = serializers.CharField(
        allow_null=True, help_text=_("Set when the seeker already applied (or withdrew).")
    )
    has_applied = serializers.SerializerMethodField()

    def get_has_applied(self, item: VacancyMatch | CandidateMatch) -> bool:
        return item.application_status is not None


class VacancyBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    employer = EmployerBriefSerializer()
    work_type = serializers.CharField()
    city = serializers.CharField()
    district = serializers.CharField()
    pay_min = serializers.IntegerField(allow_null=True)
    pay_max = serializers.IntegerField(allow_null=True)
    pay_unit = serializers.CharField()
    positions_open = serializers.IntegerField()
    valid_through = serializers.DateField()


class VacancyMatchSerializer(MatchFieldsSerializer):
    """A vacancy as the seeker's own match: her exact distance to it is her data."""

    distance_km = serializers.FloatField(source="match.distance_km", allow_null=True)
    vacancy = VacancyBriefSerializer()


class CandidateSerializer(serializers.Serializer):
    """Who the candidate is: name, district and contact only once she applied to this vacancy."""

    id = serializers.IntegerField(source="seeker.pk")
    full_name = serializers.SerializerMethodField()
    district = serializers.SerializerMethodField()
    city = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    education_level = serializers.CharField(source="seeker.education_level")

    def _if_applied(self, item: CandidateMatch, value: str) -> str | None:
        return value if item.application_status is not None else None

    def get_full_name(self, item: CandidateMatch) -> str | None:
        return self._if_applied(item, item.seeker.full_name)

    def get_district(self, item: CandidateMatch) -> str | None:
        return self._if_applied(item, item.seeker.district)

    def get_city(self, item: CandidateMatch) -> str | None:
        return self._if_applied(item, item.seeker.city)

    def get_phone(self, item: CandidateMatch) -> str | None:
        return self._if_applied(item, item.seeker.phone)


class CandidateMatchSerializer(MatchFieldsSerializer):
    """A seeker as a vacancy's candidate: her distance only as a band, before and after she
    applied (applicants are shown with their district, never a point)."""

    candidate = CandidateSerializer(source="*")


class AlertInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    q = serializers.CharField(source="text", required=False, allow_blank=True, max_length=200)
    skills = serializers.ListField(
        source="skill_slugs",
        child=serializers.CharField(max_length=80),
        required=False,
        max_length=MAX_LISTED_SKILLS,
    )
    work_types = serializers.ListField(
        child=serializers.ChoiceField(choices=WORK_TYPES),
        required=False,
        max_length=len(WORK_TYPES),
    )
    city = serializers.CharField(required=False, allow_blank=True, max_length=100)
    district = serializers.CharField(required=False, allow_blank=True, max_length=100)
    near = serializers.CharField(required=False, allow_blank=True, help_text=_("LAT,LON"))
    radius_km = serializers.FloatField(
        required=False, allow_null=True, min_value=0.1, max_value=MAX_RADIUS_KM
    )
    # The column is a PositiveIntegerField: a larger number must be a 400, not a database error.
    pay_min = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2_000_000_000
    )
    is_active = serializers.BooleanField(required=False)

    validate_near = VacancySearchInputSerializer.validate_near

    def validate_skills(self, value: list[str]) -> list[str]:
        return _known_skills(value)

    def validate(self, attrs: dict) -> dict:
        near = attrs.pop("near", None)
        if near:
            attrs["latitude"], attrs["longitude"] = near.lat, near.lon
        elif "near" in self.initial_data:
            attrs["latitude"] = attrs["longitude"] = None
        has_point = attrs.get("latitude") is not None or (
            self.instance is not None
            and "near" not in self.initial_data
            and self.instance.latitude is not None
        )
        if attrs.get("radius_km") and not has_point:
            raise serializers.ValidationError(
                {"near": [_("A radius needs a point: add near=LAT,LON.")]}
            )
        if not self.partial and not any(
            attrs.get(name)
            for name in ("text", "skill_slugs", "work_types", "city", "district", "radius_km")
        ):
            raise serializers.ValidationError(
                {
                    "non_field_errors": [
                        _(
                            "An alert needs at least one criterion: words, skills, work types, "
                            "a place or a radius."
                        )
                    ]
                }
            )
        return attrs


class AlertSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    q = serializers.CharField(source="text")
    skills = serializers.ListField(source="skill_slugs", child=serializers.CharField())
    work_types = serializers.ListField(child=serializers.CharField())
    city = serializers.CharField()
    district = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    radius_km = serializers.FloatField(allow_null=True)
    pay_min = serializers.IntegerField(allow_null=True)
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class UnderstoodSerializer(serializers.Serializer):
    """What the query's words meant besides themselves: boosts, never filters by themselves."""

    work_types = serializers.ListField(child=serializers.CharField())
    pay_units = serializers.ListField(child=serializers.CharField())
    districts = serializers.ListField(child=serializers.CharField())
    cities = serializers.ListField(child=serializers.CharField())
    pay_at_least = serializers.IntegerField(allow_null=True)


class SuggestedFilterSerializer(serializers.Serializer):
    """A filter the words asked for: send ``field=value`` with the search to apply it."""

    field = serializers.CharField()
    value = serializers.CharField()
    # A field named like Field.label: the metaclass takes it off the class, so it is a field.
    label = serializers.CharField()  # type: ignore[assignment]
