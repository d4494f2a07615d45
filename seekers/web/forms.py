"""The steps of her profile form: what each step asks and what it hands to the profile service.

The forms check only the shape of what she typed (and that a picked kelurahan lies in the picked
kecamatan, which the pickers promise); every rule of the profile itself is
``seekers.services.seeker_profile_update``'s, whose field messages the views put back here.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jobs.models import Skill, Weekday, WorkType
from seekers.api.serializers import PHONE_PATTERN
from seekers.models import SeekerProfile, SkillLevel, SkillSource
from seekers.services import SkillClaim
from sicaker.regions import regions
from web.forms import PageForm

# A district is picked as "city|district": the same kecamatan name may exist in two cities.
SEPARATOR = "|"
DISTANCE_CHOICES = (2, 5, 10, 20, 50)
MAX_SKILLS = 50  # as the API's profile input


def district_value(city: str, district: str) -> str:
    return f"{city}{SEPARATOR}{district}" if city and district else ""


def district_choices() -> list[tuple[str, Any]]:
    """("", "Choose…"), then per city the group of its kecamatan."""
    groups: list[tuple[str, Any]] = [("", _("Choose your district"))]
    for city in regions():
        groups.append(
            (
                city["city"],
                [(district_value(city["city"], d["name"]), d["name"]) for d in city["districts"]],
            )
        )
    return groups


def subdistricts_of(value: str) -> list[str]:
    """The kelurahan of the district picked as ``value`` ("city|district"); [] when unknown."""
    city_name, _sep, district_name = value.partition(SEPARATOR)
    for city in regions():
        if city["city"] != city_name:
            continue
        for district in city["districts"]:
            if district["name"] == district_name:
                return [sub["name"] for sub in district["subdistricts"]]
    return []


def subdistrict_choices(district: str) -> list[tuple[str, Any]]:
    """The kelurahan of ``district``; of every district, grouped, when none is picked yet (the
    page without JavaScript shows them all, htmx narrows them when she picks a district)."""
    first: tuple[str, Any] = ("", _("I don't know / choose later"))
    names = subdistricts_of(district)
    if names:
        return [first, *((name, name) for name in names)]
    groups: list[tuple[str, Any]] = [first]
    for city in regions():
        for item in city["districts"]:
            groups.append(
                (item["name"], [(sub["name"], sub["name"]) for sub in item["subdistricts"]])
            )
    return groups


class ProfileStepForm(PageForm):
    """One step: ``initial_for`` reads the profile, ``service_arguments`` is what the step hands
    to ``seeker_profile_update`` (changes, and the NIK or skills when the step has them)."""

    def __init__(self, *args: Any, profile: SeekerProfile, **kwargs: Any) -> None:
        self.profile = profile
        if "data" not in kwargs and not args:
            kwargs.setdefault("initial", self.initial_for(profile))
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, profile: SeekerProfile) -> dict[str, Any]:
        return {name: getattr(profile, name) for name in cls.base_fields}

    def service_arguments(self) -> dict[str, Any]:
        return {"changes": dict(self.cleaned_data)}


class AboutForm(ProfileStepForm):
    """Who she is. The NIK is asked only while none is stored: once saved it is shown masked and
    the web never takes another (a correction goes through the labor office)."""

    full_name = forms.CharField(
        label=_("Full name (as on your KTP)"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your full name as on your KTP.")},
    )
    phone = forms.RegexField(
        regex=PHONE_PATTERN,
        label=_("Mobile number (optional)"),
        help_text=_("For WhatsApp or SMS messages about your applications, e.g. 0812 3456 7890."),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"invalid": _("Enter a phone number of digits, e.g. 081234567890.")},
    )
    nik = forms.CharField(
        label=_("NIK (optional)"),
        help_text=_(
            "The 16 digits on your KTP. It is saved once, kept secret and shown only as its "
            "last four digits; employers never see it."
        ),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, profile: SeekerProfile, **kwargs: Any) -> None:
        super().__init__(*args, profile=profile, **kwargs)
        if profile.nik_last4:
            del self.fields["nik"]

    @classmethod
    def initial_for(cls, profile: SeekerProfile) -> dict[str, Any]:
        return {"full_name": profile.full_name, "phone": profile.phone}

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        nik = data.pop("nik", "")
        return {"changes": data, "nik": nik or None}


class AddressForm(ProfileStepForm):
    """Where she lives: kecamatan and kelurahan from the region list, a street, and the point her
    phone gives when she taps "use my location" (else the service takes the kelurahan's)."""

    district = forms.ChoiceField(
        label=_("District (kecamatan)"),
        error_messages={
            "required": _("Choose the district (kecamatan) you live in."),
            "invalid_choice": _("Choose a district from the list."),
        },
    )
    # Checked against the picked district in clean_subdistrict; the Select only shows choices.
    subdistrict = forms.CharField(
        label=_("Sub-district (kelurahan)"), max_length=100, required=False, widget=forms.Select
    )
    address = forms.CharField(
        label=_("Street and house number (optional)"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    latitude = forms.FloatField(
        required=False, min_value=-90, max_value=90, widget=forms.HiddenInput
    )
    longitude = forms.FloatField(
        required=False, min_value=-180, max_value=180, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, profile: SeekerProfile, **kwargs: Any) -> None:
        super().__init__(*args, profile=profile, **kwargs)
        cast("forms.ChoiceField", self.fields["district"]).choices = district_choices()
        # With JavaScript on, picking a district narrows the kelurahan picker in place.
        self.fields["district"].widget.attrs.update(
            {
                "hx-get": reverse("seeker-profile-subdistricts"),
                "hx-trigger": "change",
                "hx-target": "#subdistrict-field",
            }
        )
        # The page lists every kecamatan's kelurahan, grouped, so that a district picked without
        # JavaScript still has its kelurahan; after a refusal, those of the district she sent.
        self.narrow_subdistricts(str(self.data.get("district", "")) if self.is_bound else "")

    def narrow_subdistricts(self, district: str) -> None:
        """Offer the kelurahan of ``district`` ("city|district"), or all of them, grouped."""
        widget = cast("forms.Select", self.fields["subdistrict"].widget)
        widget.choices = subdistrict_choices(district)

    @classmethod
    def initial_for(cls, profile: SeekerProfile) -> dict[str, Any]:
        # The point is not put back: sent again unchanged it would pin a new address to the old
        # spot. Left empty, the service keeps it, or takes the new kelurahan's.
        return {
            "district": district_value(profile.city, profile.district),
            "subdistrict": profile.subdistrict,
            "address": profile.address,
        }

    def clean_subdistrict(self) -> str:
        value: str = self.cleaned_data["subdistrict"]
        district = self.data.get("district", "")
        if value and value not in subdistricts_of(str(district)):
            raise forms.ValidationError(
                _(
                    "%(subdistrict)s is not in the district you chose; choose a sub-district of "
                    "that district."
                )
                % {"subdistrict": value}
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_lat, has_lon = data.get("latitude") is not None, data.get("longitude") is not None
        if has_lat != has_lon:
            self.add_error(
                "district", _('Your location came in half; tap "Use my location" again.')
            )
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        city, _sep, district = data["district"].partition(SEPARATOR)
        changes: dict[str, Any] = {
            "city": city,
            "district": district,
            "subdistrict": data["subdistrict"],
            "address": data["address"],
        }
        if data.get("latitude") is not None and data.get("longitude") is not None:
            changes["latitude"] = data["latitude"]
            changes["longitude"] = data["longitude"]
        return {"changes": changes}


def _distance_choices(current: int | None) -> list[tuple[int, str]]:
    values = sorted({*DISTANCE_CHOICES, *([current] if current else [])})
    return [(value, f"{value} km") for value in values]


class WorkForm(ProfileStepForm):
    """What work she wants and how far she can travel."""

    wanted_work_types = forms.MultipleChoiceField(
        label=_("What kind of work do you want?"),
        help_text=_("Choose all that suit you."),
        choices=WorkType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    max_distance_km = forms.TypedChoiceField(
        label=_("How far can you travel from home?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how far you can travel."),
            "invalid_choice": _("Choose a distance from the list."),
        },
    )

    def __init__(self, *args: Any, profile: SeekerProfile, **kwargs: Any) -> None:
        super().__init__(*args, profile=profile, **kwargs)
        distance = cast("forms.ChoiceField", self.fields["max_distance_km"])
        distance.choices = _distance_choices(profile.max_distance_km)

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        types = list(dict.fromkeys(data["wanted_work_types"]))
        return {"changes": {"wanted_work_types": types, "max_distance_km": data["max_distance_km"]}}


class TimeForm(ProfileStepForm):
    """The days and hours she is free."""

    available_days = forms.MultipleChoiceField(
        label=_("Which days are you free?"),
        choices=Weekday.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    available_from = forms.TimeField(
        label=_("Free from"),
        help_text=_("e.g. 08:00"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time like 08:00.")},
    )
    available_until = forms.TimeField(
        label=_("Free until"),
        help_text=_("e.g. 12:00"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Enter a time like 12:00.")},
    )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        picked = set(data["available_days"])
        from_time: datetime.time | None = data["available_from"]
        until_time: datetime.time | None = data["available_until"]
        return {
            "changes": {
                "available_days": [day for day in Weekday.values if day in picked],
                "available_from": from_time,
                "available_until": until_time,
            }
        }


class SkillsForm(ProfileStepForm):
    """Her own skills (ticked boxes) and a search box that finds more by any name or synonym.

    Verified skills are not in this form at all: they are shown, not edited, and the service
    keeps them whatever the form sends."""

    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.filter(is_active=True),
        to_field_name="slug",
        required=False,
        error_messages={
            "invalid_choice": _("%(value)s is not a skill in the list; search for it again."),
            "invalid_pk_value": _("%(pk)s is not a skill in the list; search for it again."),
        },
    )
    q = forms.CharField(label=_("Find a skill"), max_length=100, required=False)

    @classmethod
    def initial_for(cls, profile: SeekerProfile) -> dict[str, Any]:
        return {
            "skills": [
                link.skill.slug
                for link in profile.skill_links.all()
                if link.source != SkillSource.TRAINING
            ]
        }

    def clean_skills(self) -> Sequence[Skill]:
        skills: Sequence[Skill] = self.cleaned_data["skills"]
        if len(skills) > MAX_SKILLS:
            raise forms.ValidationError(
                _("Choose at most %(count)d skills.") % {"count": MAX_SKILLS}
            )
        return skills

    def service_arguments(self) -> dict[str, Any]:
        # A skill she already declared keeps its level and source (set through the API).
        held = {link.skill_id: link for link in self.profile.skill_links.all()}
        claims = []
        for skill in self.cleaned_data["skills"]:
            link = held.get(skill.pk)
            if link is not None and link.source != SkillSource.TRAINING:
                claims.append(SkillClaim(skill=skill, level=link.level, source=link.source))
            else:
                claims.append(SkillClaim(skill=skill, level=SkillLevel.BASIC))
        return {"changes": {}, "skills": claims}
