"""The search form of the web pages: what she can pick; the query rules are the API's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jobs.models import Skill, WorkType
from search.queries import VacancySort
from sicaker.regions import regions
from web.forms import PageForm

RADIUS_CHOICES = [
    ("", _("Any distance")),
    ("2", "2 km"),
    ("5", "5 km"),
    ("10", "10 km"),
    ("20", "20 km"),
]
SORT_CHOICES = [
    (VacancySort.RELEVANCE, _("Best match")),
    (VacancySort.NEWEST, _("Newest")),
    (VacancySort.DISTANCE, _("Nearest")),
]


def _district_choices() -> list:
    """("", "All districts"), then (city, [(district, district), ...]) per city."""
    groups = [
        (city["city"], [(d["name"], d["name"]) for d in city["districts"]]) for city in regions()
    ]
    return [(_("All districts"), []), *groups]


# The taxonomy changes rarely (an officer edits it); the list may lag this long.
SKILL_CHOICES_SECONDS = 300


def _skill_choices() -> list:
    key = f"web:skill-choices:{get_language()}"
    choices = cache.get(key)
    if choices is None:
        skills = Skill.objects.filter(is_active=True).only("slug", "name_id", "name_en")
        choices = sorted(((s.slug, s.name) for s in skills), key=lambda c: c[1])
        cache.set(key, choices, SKILL_CHOICES_SECONDS)
    return [("", _("All skills")), *choices]


class VacancySearchForm(PageForm):
    """Every field is optional; values come from the URL, so a result page can be shared."""

    q = forms.CharField(label=_("What work?"), required=False, max_length=1000)
    skills = forms.CharField(label=_("Skill"), required=False, max_length=2000)
    work_type = forms.MultipleChoiceField(
        label=_("Kind of work"),
        required=False,
        choices=WorkType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    district = forms.CharField(label=_("District (kecamatan)"), required=False, max_length=100)
    pay_min = forms.IntegerField(
        label=_("Pay at least (Rp)"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    near = forms.CharField(required=False, widget=forms.HiddenInput, max_length=60)
    radius_km = forms.ChoiceField(label=_("Distance"), required=False, choices=RADIUS_CHOICES)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Rendered by a plain loop in the template (a Select widget renders each of the ~200
        # options through its own template, several milliseconds per page).
        self.skill_choices = _skill_choices()
        self.district_choices = _district_choices()

    def api_params(self, *, home_point: tuple[float, float] | None) -> dict[str, str]:
        """The API's query parameters for what she picked (validated by the API's serializer).

        Her profile's home is the point when she gave none: distances then read "from your
        home", and a radius or "nearest" work without asking the browser."""
        data = self.cleaned_data
        params = {
            "q": data.get("q") or "",
            "skills": data.get("skills") or "",
            "work_type": ",".join(data.get("work_type") or []),
            "district": data.get("district") or "",
            "near": data.get("near") or "",
            "radius_km": data.get("radius_km") or "",
            "sort": data.get("sort") or VacancySort.RELEVANCE,
            "page": str(data.get("page") or 1),
        }
        if data.get("pay_min") is not None:
            params["pay_min"] = str(data["pay_min"])
        if not params["near"] and home_point:
            params["near"] = f"{home_point[0]},{home_point[1]}"
        return {key: value for key, value in params.items() if value != ""}

    # API field -> the field of this form where its message is shown.
    FIELD_OF = {"near": "radius_km", "page": None, "page_size": None, "city": "district"}
