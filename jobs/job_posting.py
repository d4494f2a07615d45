"""What a vacancy tells machines: its schema.org JobPosting (the page's JSON-LD, the open data)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from jobs.models import Vacancy

EMPLOYMENT_TYPES = {
    "full_time": "FULL_TIME",
    "part_time": "PART_TIME",
    "piece_rate": "CONTRACTOR",
    "freelance": "CONTRACTOR",
    "home_based": "OTHER",
}
# schema.org's QuantitativeValue.unitText: HOUR, DAY, WEEK, MONTH, YEAR; piece-rate pay is per
# item, which it has no code for, so it says PIECE.
PAY_UNITS = {"hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH", "piece": "PIECE"}


def job_posting(vacancy: Vacancy, *, url: str) -> dict:
    """The schema.org JobPosting of a vacancy, for search engines and link previews."""
    end_of_last_day = timezone.make_aware(
        datetime.datetime.combine(vacancy.valid_through, datetime.time(23, 59, 59))
    )
    posted = vacancy.published_at or vacancy.created_at
    data: dict = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": vacancy.description or vacancy.title,
        "datePosted": timezone.localtime(posted).date().isoformat(),
        "validThrough": end_of_last_day.isoformat(),
        "employmentType": EMPLOYMENT_TYPES.get(vacancy.work_type, "OTHER"),
        "totalJobOpenings": vacancy.positions_open,
        "url": url,
        "hiringOrganization": {"@type": "Organization", "name": vacancy.employer.name},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": vacancy.address or vacancy.subdistrict or vacancy.district,
                "addressLocality": vacancy.district,
                "addressRegion": vacancy.city,
                "addressCountry": "ID",
            },
        },
        "identifier": {"@type": "PropertyValue", "name": "Si-Caker", "value": str(vacancy.pk)},
    }
    if vacancy.latitude is not None and vacancy.longitude is not None:
        data["jobLocation"]["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": vacancy.latitude,
            "longitude": vacancy.longitude,
        }
    if vacancy.pay_min is not None or vacancy.pay_max is not None:
        value: dict = {
            "@type": "QuantitativeValue",
            "unitText": PAY_UNITS.get(vacancy.pay_unit, ""),
        }
        if (
            vacancy.pay_min is not None
            and vacancy.pay_max is not None
            and vacancy.pay_min != vacancy.pay_max
        ):
            value.update(minValue=vacancy.pay_min, maxValue=vacancy.pay_max)
        else:
            value["value"] = vacancy.pay_min if vacancy.pay_min is not None else vacancy.pay_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "IDR", "value": value}
    return data
