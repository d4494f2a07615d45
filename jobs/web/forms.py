"""The employer's forms: her business and her vacancies. The forms check what was typed; the
rules (verification, dates, pay, hours, skills) are the services', shown beside the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from jobs.models import EducationLevel, Employer, EmployerKind, PayUnit, Vacancy, Weekday, WorkType
from jobs.services.vacancies import MAX_POSITIONS
from sicaker.errors import Invalid
from sicaker.regions import regions
from web.forms import PageForm, add_service_errors

PLACE_SEPARATOR = "|"
MAX_PAY = 2_000_000_000


def place_value(city: str, district: str) -> str:
    return f"{city}{PLACE_SEPARATOR}{district}" if city and district else ""


def place_choices(*, empty_label: str, current: str = "") -> list:
    """("", empty_label), then (city, [("city|district", district), ...]) per city of the region
    list; a stored place the list does not know (typed through the API) is kept as an option."""
    groups = [
        (
            city["city"],
            [(place_value(city["city"], d["name"]), d["name"]) for d in city["districts"]],
        )
        for city in regions()
    ]
    known = {value for _city, options in groups for value, _label in options}
    choices: list = [("", empty_label)]
    if current and current not in known:
        choices.append((current, current.replace(PLACE_SEPARATOR, " — ")))
    return choices + groups


def place_options(choices: list) -> dict[str, list]:
    """The choices split for the template's plain loop (a Select widget renders each of the
    ~200 options through its own template, milliseconds per page): single options, groups."""
    return {
        "single": [choice for choice in choices if isinstance(choice[1], str)],
        "groups": [choice for choice in choices if not isinstance(choice[1], str)],
    }


def split_place(value: str) -> tuple[str, str]:
    city, _separator, district = value.partition(PLACE_SEPARATOR)
    return city, district


def add_errors_from_service(form: forms.Form, error: Invalid) -> None:
    """The service's field messages beside this form's fields (city/district are the place)."""
    fields: dict[str, Any] = {}
    for name, messages in (error.fields or {"": [error.message]}).items():
        target = "place" if name in ("city", "district") else name
        existing = fields.setdefault(target, [])
        existing.extend(messages if isinstance(messages, list) else [messages])
    add_service_errors(form, Invalid(fields))


class EmployerForm(PageForm):
    name = forms.CharField(
        label=_("Name of the business"),
        max_length=200,
        error_messages={"required": _("Enter the name of your business.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of business"),
        choices=[("", _("Choose one")), *EmployerKind.choices],
        error_messages={"required": _("Choose the kind of business.")},
    )
    nib = forms.CharField(
        label=_("Business id (NIB, optional)"),
        help_text=_("The 13 digits of your Nomor Induk Berusaha, if you have one."),
        required=False,
        max_length=13,
        validators=[RegexValidator(r"^\d{13}$", _("A NIB has exactly 13 digits."))],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone of the business (optional)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    place = forms.ChoiceField(
        label=_("District (kecamatan)"),
        error_messages={"required": _("Choose the district where your business is.")},
    )
    subdistrict = forms.CharField(
        label=_("Sub-district (kelurahan, optional)"), required=False, max_length=100
    )
    address = forms.CharField(
        label=_("Street address (optional)"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    latitude = forms.FloatField(
        label=_("Latitude (optional)"), required=False, min_value=-90, max_value=90
    )
    longitude = forms.FloatField(
        label=_("Longitude (optional)"), required=False, min_value=-180, max_value=180
    )
    description = forms.CharField(
        label=_("About the business (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, current_place: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = place_choices(empty_label=str(_("Choose a district")), current=current_place)
        self.fields["place"].choices = choices  # type: ignore[attr-defined]
        self.place_options = place_options(choices)

    @classmethod
    def initial_for(cls, employer: Employer) -> dict[str, Any]:
        return {
            "name": employer.name,
            "kind": employer.kind,
            "nib": employer.nib,
            "phone": employer.phone,
            "place": place_value(employer.city, employer.district),
            "subdistrict": employer.subdistrict,
            "address": employer.address,
            # No stored point: one sent back unchanged would pin a new district to the old point.
            # Left empty, the service keeps the point, or looks up a new district's.
            "description": employer.description,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error(
                "latitude",
                _("Give both latitude and longitude, or neither (the district's point is used)."),
            )
        return data

    def service_data(self) -> dict[str, Any]:
        """What the services take (``employer_create`` / ``employer_update``)."""
        data = self.cleaned_data
        city, district = split_place(data["place"])
        values = {
            "name": data["name"],
            "kind": data["kind"],
            "nib": data["nib"],
            "phone": data["phone"],
            "city": city,
            "district": district,
            "subdistrict": data["subdistrict"],
            "address": data["address"],
            "description": data["description"],
        }
        if data.get("latitude") is not None and data.get("longitude") is not None:
            values |= {"latitude": data["latitude"], "longitude": data["longitude"]}
        return values


class VacancyForm(PageForm):
    title = forms.CharField(
        label=_("Job title"),
        help_text=_('What she will do, e.g. "Penjahit masker borongan".'),
        max_length=200,
        error_messages={"required": _("Enter the job title.")},
    )
    description = forms.CharField(
        label=_("About the work (optional)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    work_type = forms.ChoiceField(
        label=_("Kind of work"),
        choices=WorkType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of work.")},
    )
    required_skills = forms.MultipleChoiceField(label=_("Skills required"), required=False)
    preferred_skills = forms.MultipleChoiceField(label=_("Skills that are a plus"), required=False)
    skill_q = forms.CharField(label=_("Find a skill"), required=False, max_length=100)
    work_days = forms.MultipleChoiceField(
        label=_("Working days (optional)"),
        required=False,
        choices=Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    hours_start = forms.TimeField(
        label=_("From (optional)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time like 08:00.")},
    )
    hours_end = forms.TimeField(
        label=_("Until (optional)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time like 16:00.")},
    )
    pay_min = forms.IntegerField(
        label=_("Pay from (Rp, optional)"),
        required=False,
        min_value=0,
        max_value=MAX_PAY,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Enter the amount in rupiah, digits only.")},
    )
    pay_max = forms.IntegerField(
        label=_("Pay up to (Rp, optional)"),
        required=False,
        min_value=0,
        max_value=MAX_PAY,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Enter the amount in rupiah, digits only.")},
    )
    pay_unit = forms.ChoiceField(
        label=_("Paid"),
        required=False,
        choices=[("", _("Choose how pay is counted")), *PayUnit.choices],
    )
    positions = forms.IntegerField(
        label=_("Number of people needed"),
        min_value=1,
        max_value=MAX_POSITIONS,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": _("Enter how many people you need.")},
    )
    min_education = forms.ChoiceField(
        label=_("Minimum education"), choices=EducationLevel.choices, initial=EducationLevel.NONE
    )
    valid_through = forms.DateField(
        label=_("Closing date"),
        help_text=_("The last day she can apply."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the closing date."),
            "invalid": _("Enter a date like 2026-12-31."),
        },
    )
    place = forms.ChoiceField(label=_("District of the work"), required=False)
    subdistrict = forms.CharField(
        label=_("Sub-district (kelurahan, optional)"), required=False, max_length=100
    )
    address = forms.CharField(label=_("Street address (optional)"), required=False, max_length=255)

    def __init__(
        self,
        *args: Any,
        skill_choices: list[tuple[str, str]],
        current_place: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["required_skills"].choices = skill_choices  # type: ignore[attr-defined]
        self.fields["preferred_skills"].choices = skill_choices  # type: ignore[attr-defined]
        choices = place_choices(
            empty_label=str(_("Same as my business address")), current=current_place
        )
        self.fields["place"].choices = choices  # type: ignore[attr-defined]
        self.place_options = place_options(choices)

    @classmethod
    def initial_for(cls, vacancy: Vacancy) -> dict[str, Any]:
        links = list(vacancy.skill_links.all())
        return {
            "title": vacancy.title,
            "description": vacancy.description,
            "work_type": vacancy.work_type,
            "required_skills": [link.skill.slug for link in links if link.is_required],
            "preferred_skills": [link.skill.slug for link in links if not link.is_required],
            "work_days": list(vacancy.work_days),
            "hours_start": vacancy.hours_start,
            "hours_end": vacancy.hours_end,
            "pay_min": vacancy.pay_min,
            "pay_max": vacancy.pay_max,
            "pay_unit": vacancy.pay_unit,
            "positions": vacancy.positions,
            "min_education": vacancy.min_education,
            "valid_through": vacancy.valid_through,
            "place": place_value(vacancy.city, vacancy.district),
            "subdistrict": vacancy.subdistrict,
            "address": vacancy.address,
        }

    def service_data(self) -> dict[str, Any]:
        """What ``vacancy_create`` / ``vacancy_update`` take; no place: the location is left
        out (a new vacancy then takes her business address, an edit keeps its own). No point: the
        service looks it up from the address when the address changed."""
        data = self.cleaned_data
        order = list(Weekday.values)
        values: dict[str, Any] = {
            field: data[field]
            for field in (
                "title",
                "description",
                "work_type",
                "hours_start",
                "hours_end",
                "pay_min",
                "pay_max",
                "pay_unit",
                "positions",
                "min_education",
                "valid_through",
                "required_skills",
                "preferred_skills",
            )
        }
        values["work_days"] = sorted(set(data["work_days"]), key=order.index)
        if data.get("place"):
            city, district = split_place(data["place"])
            values |= {
                "city": city,
                "district": district,
                "subdistrict": data["subdistrict"],
                "address": data["address"],
            }
        return values
