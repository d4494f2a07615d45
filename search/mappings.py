"""Index documents, mappings and settings, in one place (elasticsearch-dsl).

Text arrives already analysed (see ``search.analysis``): the ``text`` field (stems and skill
tokens) and the ``surface`` field (the words unstemmed: exact forms and typo corrections) only
split on whitespace; everything filtered or counted is a keyword; locations are geo points.
"""

from __future__ import annotations

from django.conf import settings
from elasticsearch_dsl import (
    Boolean,
    Date,
    Document,
    Double,
    Float,
    GeoPoint,
    Integer,
    Keyword,
    Long,
    MetaField,
    Text,
)


def index_settings() -> dict:
    return {
        "number_of_shards": settings.ELASTICSEARCH_SHARDS,
        "number_of_replicas": settings.ELASTICSEARCH_REPLICAS,
        "refresh_interval": "1s",
    }


class VacancyDocument(Document):
    pk = Long()
    title = Text()
    text = Text(analyzer="whitespace")
    surface = Text(analyzer="whitespace")
    skill_slugs = Keyword()
    required_skill_slugs = Keyword()
    work_type = Keyword()
    city = Keyword()
    district = Keyword()
    employer_id = Integer()
    pay_min = Integer()
    pay_max = Integer()
    pay_unit = Keyword()
    positions_open = Integer()
    valid_through = Date()
    published_at = Date()
    location = GeoPoint()
    # Read by the match ranking (search.match_queries): the engine scores as search.matching.
    preferred_skill_slugs = Keyword()
    required_unit = Double()
    preferred_unit = Double()
    work_days = Keyword()
    work_days_unit = Double()
    hours_start = Integer()  # minute of the day
    hours_end = Integer()
    hours_unit = Double()
    # search.duplicates: the signature is matched term by term; the shingles are only carried
    # (the database backend's exact comparison), neither indexed nor kept in doc values.
    duplicate_signature = Long()
    duplicate_shingles = Long(index=False, doc_values=False)

    class Meta:
        dynamic = MetaField("strict")


class SeekerDocument(Document):
    pk = Long()
    skill_slugs = Keyword()
    verified_skill_slugs = Keyword()
    work_types = Keyword()
    city = Keyword()
    district = Keyword()
    education_level = Keyword()
    max_distance_km = Integer()
    is_open_to_work = Boolean()
    updated_at = Date()
    location = GeoPoint()
    # Read by the candidate ranking (search.match_queries).
    experience_skill_slugs = Keyword()
    available_days = Keyword()
    available_from = Integer()  # minute of the day
    available_until = Integer()
    available_minutes = Integer()
    distance_points_under_2 = Double()
    distance_points_2_5 = Double()
    distance_points_5_10 = Double()
    distance_points_over_10 = Double()

    class Meta:
        dynamic = MetaField("strict")


VACANCY_MAPPING = VacancyDocument._doc_type.mapping.to_dict()
SEEKER_MAPPING = SeekerDocument._doc_type.mapping.to_dict()


class AlertDocument(Document):
    """A saved search, stored as its criteria so that one query finds every alert a vacancy fits."""

    pk = Long()
    user_id = Long()
    is_active = Boolean()
    terms = Keyword()
    terms_count = Integer()
    skill_slugs = Keyword()
    has_skills = Boolean()
    work_types = Keyword()
    has_work_types = Boolean()
    city = Keyword()
    district = Keyword()
    pay_min = Integer()
    location = GeoPoint()
    radius_km = Float()
    radius_bucket = Integer()

    class Meta:
        dynamic = MetaField("strict")


ALERT_MAPPING = AlertDocument._doc_type.mapping.to_dict()
