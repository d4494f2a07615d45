"""Index settings and mappings, in one place.

Text arrives already analysed (see ``search.analysis``), so the ``text`` field only splits on
spaces; everything that is filtered or counted is a keyword.
"""

from __future__ import annotations

from django.conf import settings


def index_settings() -> dict:
    return {
        "number_of_shards": settings.ELASTICSEARCH_SHARDS,
        "number_of_replicas": settings.ELASTICSEARCH_REPLICAS,
        "refresh_interval": "1s",
    }


VACANCY_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "pk": {"type": "long"},
        "title": {"type": "text"},
        "text": {"type": "text", "analyzer": "whitespace"},
        "skill_slugs": {"type": "keyword"},
        "required_skill_slugs": {"type": "keyword"},
        "work_type": {"type": "keyword"},
        "city": {"type": "keyword"},
        "district": {"type": "keyword"},
        "employer_id": {"type": "integer"},
        "pay_min": {"type": "integer"},
        "pay_max": {"type": "integer"},
        "pay_unit": {"type": "keyword"},
        "positions_open": {"type": "integer"},
        "valid_through": {"type": "date"},
        "published_at": {"type": "date"},
        "location": {"type": "geo_point"},
    },
}
