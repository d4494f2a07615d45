"""No personal data in the open data: every field the stream, the snapshot, the sitemap and the
search feed emit is on an explicit allow-list, and no contact detail of an employer or a person
appears anywhere in them.

The allow-list is the public vacancy page's content: the vacancy, the organisation's business
name and kind and whether the labor office verified it (the page shows all three), the place of
work (the page shows its address), the skills, and schema.org JobPosting (the page's own JSON-LD).
Not on it: the employer's owner, contact phone and email, NIB, description, its own address;
the labor office's closing note; anything about applicants. The public page shows none of those.
"""

import gzip
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from applications.services import application_submit
from jobs.models import Vacancy
from jobs.services import vacancy_close_by_office, vacancy_publish
from tests.factories import OfficerFactory
from tests.factories.jobs import (
    DraftVacancyFactory,
    EmployerFactory,
    SkillFactory,
    VacancySkillFactory,
)
from tests.factories.seekers import SeekerProfileFactory

pytestmark = pytest.mark.django_db

VACANCY = {
    "id", "url", "title", "description", "work_type", "work_days", "work_days[]", "hours_start",
    "hours_end",
    "positions_open", "pay_min", "pay_max", "pay_unit", "min_education", "valid_through",
    "published_at", "address", "subdistrict", "district", "city", "latitude", "longitude",
    "employer", "employer.name", "employer.kind", "employer.is_verified",
    "skills", "skills[]", "skills[].slug", "skills[].name_id", "skills[].name_en",
    "skills[].is_required",
    "job_posting", "job_posting.@context", "job_posting.@type", "job_posting.title",
    "job_posting.description", "job_posting.datePosted", "job_posting.validThrough",
    "job_posting.employmentType", "job_posting.totalJobOpenings", "job_posting.url",
    "job_posting.hiringOrganization", "job_posting.hiringOrganization.@type",
    "job_posting.hiringOrganization.name",
    "job_posting.jobLocation", "job_posting.jobLocation.@type",
    "job_posting.jobLocation.address", "job_posting.jobLocation.address.@type",
    "job_posting.jobLocation.address.streetAddress",
    "job_posting.jobLocation.address.addressLocality",
    "job_posting.jobLocation.address.addressRegion",
    "job_posting.jobLocation.address.addressCountry",
    "job_posting.jobLocation.geo", "job_posting.jobLocation.geo.@type",
    "job_posting.jobLocation.geo.latitude", "job_posting.jobLocation.geo.longitude",
    "job_posting.identifier", "job_posting.identifier.@type", "job_posting.identifier.name",
    "job_posting.identifier.value",
    "job_posting.baseSalary", "job_posting.baseSalary.@type", "job_posting.baseSalary.currency",
    "job_posting.baseSalary.value", "job_posting.baseSalary.value.@type",
    "job_posting.baseSalary.value.unitText", "job_posting.baseSalary.value.minValue",
    "job_posting.baseSalary.value.maxValue", "job_posting.baseSalary.value.value",
}  # fmt: skip
STREAM_PAGE = {"items", "items[]", "next_cursor", "has_more"} | {
    "items[].cursor", "items[].change", "items[].vacancy_id", "items[].changed_at",
    "items[].vacancy",
} | {f"items[].vacancy.{field}" for field in VACANCY}  # fmt: skip
SNAPSHOT_META = {"generated_at", "cursor", "count", "size_bytes", "sha256", "url"}
SITEMAP = {"sitemapindex", "sitemap", "urlset", "url", "loc", "lastmod", "changefreq"}
FEED = {
    "feed", "feed.title", "feed.subtitle", "feed.link", "feed.link@href", "feed.link@rel",
    "feed.id", "feed.updated",
    "feed.entry", "feed.entry.title", "feed.entry.link", "feed.entry.link@href",
    "feed.entry.link@rel", "feed.entry.published", "feed.entry.updated", "feed.entry.author",
    "feed.entry.author.name", "feed.entry.id", "feed.entry.summary", "feed.entry.summary@type",
    "feed@xmlns", "feed@xml:lang",
}  # fmt: skip

# What must never appear, anywhere in any output.
PRIVATE = (
    "081298765432",  # the employer's phone
    "kontak@konveksi-sri.id",  # the employer's email
    "owner.sri@example.id",  # the owner's account
    "Sri Rahayu Pemilik",  # the owner's name
    "1234567890123",  # the NIB
    "Usaha keluarga sejak 2019",  # the employer's description (not on the vacancy page)
    "Jl. Rumah Pemilik 9",  # the employer's own address
    "Upah di bawah UMK",  # the labor office's closing note
    "Wati Pelamar",  # an applicant
    "wati@example.id",
)


def paths(value: Any, prefix: str = "") -> Iterator[str]:
    """Every key path of a JSON value: ``a.b``, lists as ``a[]``."""
    if isinstance(value, dict):
        for key, inner in value.items():
            path = f"{prefix}.{key}" if prefix else key
            yield path
            yield from paths(inner, path)
    elif isinstance(value, list):
        for inner in value:
            yield f"{prefix}[]"
            yield from paths(inner, f"{prefix}[]")


def xml_paths(element: ET.Element, prefix: str = "") -> Iterator[str]:
    tag = element.tag.split("}")[-1]
    path = f"{prefix}.{tag}" if prefix else tag
    yield path
    for name in element.attrib:
        yield f"{path}@{name.split('}')[-1] if '}' not in name else 'xml:lang'}"
    for child in element:
        yield from xml_paths(child, path)


@pytest.fixture
def world(search_backend, settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path
    cache.clear()
    employer = EmployerFactory(
        name="Konveksi Bu Sri",
        owner__email="owner.sri@example.id",
        owner__full_name="Sri Rahayu Pemilik",
        phone="081298765432",
        email="kontak@konveksi-sri.id",
        nib="1234567890123",
        description="Usaha keluarga sejak 2019",
        address="Jl. Rumah Pemilik 9",
    )
    sewing = SkillFactory(slug="menjahit", name_id="Menjahit", name_en="Sewing")
    draft = DraftVacancyFactory(
        employer=employer,
        title="Penjahit masker",
        address="Jl. Workshop 1",
        work_days=["mon", "tue"],
        hours_start="08:00",
        hours_end="12:00",
    )
    VacancySkillFactory(vacancy=draft, skill=sewing)
    full = vacancy_publish(vacancy=draft, actor=employer.owner)
    bare = DraftVacancyFactory(
        employer=employer, pay_min=3000, pay_max=None, latitude=None, longitude=None
    )
    vacancy_publish(vacancy=bare, actor=employer.owner)
    closed = DraftVacancyFactory(employer=employer, title="Penjahit ditutup")
    vacancy_publish(vacancy=closed, actor=employer.owner)
    vacancy_close_by_office(vacancy=closed, actor=OfficerFactory(), note="Upah di bawah UMK")
    seeker = SeekerProfileFactory(user__email="wati@example.id", full_name="Wati Pelamar")
    application_submit(vacancy=full, seeker=seeker, cover_note="Saya bisa menjahit.")
    search_backend.rebuild()
    if search_backend.name == "elasticsearch":
        search_backend.refresh()
    yield
    cache.clear()


def _assert_private_absent(raw: bytes | str, where: str) -> None:
    text = raw.decode() if isinstance(raw, bytes) else raw
    leaked = [value for value in PRIVATE if value in text]
    assert leaked == [], f"{where} leaks {leaked}"


def test_every_field_of_the_open_data_is_on_the_allow_list(client, world):
    # When every output is fetched
    stream = client.get("/api/v1/open/vacancies/stream/")
    meta = client.get("/api/v1/open/vacancies/snapshot/meta/")
    snapshot = client.get("/api/v1/open/vacancies/snapshot/")
    lines = gzip.decompress(b"".join(snapshot.streaming_content)).decode()
    sitemaps = [
        client.get(url) for url in ("/sitemap.xml", "/sitemap-pages.xml", "/sitemap-vacancies.xml")
    ]
    feed = client.get("/lowongan/feed/", {"q": "penjahit"})

    # Then each emits only allowed fields (and all of them appear, so the list stays honest)
    stream_fields = set(paths(stream.json()))
    assert stream_fields - STREAM_PAGE == set()
    line_fields = set().union(*(set(paths(json.loads(line))) for line in lines.splitlines()))
    assert line_fields == VACANCY
    assert set(paths(meta.json())) - SNAPSHOT_META == set()
    sitemap_fields = set()
    for answer in sitemaps:
        sitemap_fields |= {
            path.rsplit(".", 1)[-1] for path in xml_paths(ET.fromstring(answer.content))
        }
    assert sitemap_fields - SITEMAP == set()
    feed_fields = set(xml_paths(ET.fromstring(feed.content)))
    assert feed_fields - FEED == set()
    assert {"feed.entry.title", "feed.entry.summary", "feed.entry.author.name"} <= feed_fields
    assert stream_fields >= {f"items[].vacancy.{field}" for field in VACANCY}

    # And no contact detail or personal datum appears anywhere, in any of them
    for where, raw in [
        ("stream", stream.content),
        ("snapshot meta", meta.content),
        ("snapshot", lines),
        *[(f"sitemap {i}", answer.content) for i, answer in enumerate(sitemaps)],
        ("feed", feed.content),
    ]:
        _assert_private_absent(raw, where)


def test_the_public_vacancy_page_shows_no_contact_detail_either(client, world):
    """The allow-list follows the page: were the page to show a contact, the decision here
    would have to be taken again."""
    page = client.get(f"/lowongan/{Vacancy.objects.get(title='Penjahit masker').pk}/")

    assert page.status_code == 200
    _assert_private_absent(page.content, "the vacancy page")
