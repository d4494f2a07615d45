"""Job alerts on the web: save the current search, list, pause or resume, delete; through the
same serializer, selectors and services as the alerts API."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import signed_in_user
from jobs.models import Skill, WorkType
from search import services
from search.api.serializers import AlertInputSerializer
from search.models import JobAlert
from search.selectors import access_alert, alerts_for
from seekers.selectors import seeker_home_point
from sicaker.errors import Conflict, Forbidden
from web.forms import PageForm
from web.requests import WebRequest
from web.templatetags.sicaker_web import rupiah

# The search parameters an alert keeps (sort and page say nothing about which vacancies).
SEARCH_KEYS = ("q", "skills", "work_type", "district", "pay_min", "radius_km", "near")


class AlertNameForm(PageForm):
    name = forms.CharField(
        label=gettext_lazy("Name of this job alert"),
        max_length=100,
        help_text=gettext_lazy("So you recognise it in your list, e.g. “Jahit dekat rumah”."),
        error_messages={"required": gettext_lazy("Give the job alert a name.")},
    )


def _require_seeker(user: User) -> None:
    if not user.is_seeker:
        raise Forbidden(_("Only job seekers can save job alerts."))


def _search_params(data: QueryDict) -> QueryDict:
    """Only the search parameters an alert keeps, as given (for links back to the results)."""
    kept = QueryDict(mutable=True)
    for key in SEARCH_KEYS:
        values = [value for value in data.getlist(key) if value != ""]
        if values:
            kept.setlist(key, values)
    return kept


def _alert_input(params: QueryDict, *, user: User) -> dict[str, Any]:
    """The alerts API's input for a search of the results page (her home as the point of a
    radius she gave no point for, as the results page does)."""
    data: dict[str, Any] = {}
    if params.get("q"):
        data["q"] = params["q"]
    skills = [slug for value in params.getlist("skills") for slug in value.split(",") if slug]
    if skills:
        data["skills"] = skills
    work_types = [
        kind for value in params.getlist("work_type") for kind in value.split(",") if kind
    ]
    if work_types:
        data["work_types"] = work_types
    for key in ("district", "pay_min", "radius_km"):
        if params.get(key):
            data[key] = params[key]
    if params.get("radius_km"):
        home = seeker_home_point(user=user)
        near = params.get("near") or (f"{home[0]},{home[1]}" if home else "")
        if near:
            data["near"] = near
    return data


def _skill_names(slugs: list[str]) -> dict[str, str]:
    """slug -> the skill's name in the active language."""
    return {
        skill.slug: skill.name
        for skill in Skill.objects.filter(slug__in=slugs).only("slug", "name_id", "name_en")
    }


def describe_alert(
    *,
    text: str,
    skill_slugs: list[str],
    work_types: list[str],
    district: str,
    city: str = "",
    pay_min: int | None,
    radius_km: float | None,
    skill_names: dict[str, str] | None = None,
) -> list[str]:
    """The search of an alert in words, one line per criterion, in the active language."""
    lines = []
    if text:
        lines.append(_("Words: “%(text)s”") % {"text": text})
    if skill_slugs:
        names = skill_names if skill_names is not None else _skill_names(skill_slugs)
        lines.append(
            _("Skill: %(skills)s")
            % {"skills": ", ".join(names.get(slug, slug) for slug in skill_slugs)}
        )
    if work_types:
        labels = [str(WorkType(kind).label) for kind in work_types if kind in WorkType.values]
        lines.append(_("Kind of work: %(kinds)s") % {"kinds": ", ".join(labels)})
    if district or city:
        lines.append(_("Where: %(place)s") % {"place": ", ".join(p for p in (district, city) if p)})
    if pay_min is not None:
        lines.append(_("Pay at least %(amount)s") % {"amount": rupiah(pay_min)})
    if radius_km:
        km = formats.number_format(round(radius_km, 1), decimal_pos=0 if radius_km % 1 == 0 else 1)
        lines.append(_("Within %(km)s km") % {"km": km})
    return lines


def _describe_input(data: dict[str, Any]) -> list[str]:
    pay_min = data.get("pay_min")
    radius_km = data.get("radius_km")
    try:
        pay = int(pay_min) if pay_min not in (None, "") else None
    except (TypeError, ValueError):
        pay = None
    try:
        radius = float(radius_km) if radius_km not in (None, "") else None
    except (TypeError, ValueError):
        radius = None
    return describe_alert(
        text=str(data.get("q", "")),
        skill_slugs=list(data.get("skills", [])),
        work_types=list(data.get("work_types", [])),
        district=str(data.get("district", "")),
        pay_min=pay,
        radius_km=radius,
    )


def _messages(errors: Any) -> list[str]:
    """A serializer's messages for one field as a flat list (a list field's are per item)."""
    if isinstance(errors, dict):
        return [message for value in errors.values() for message in _messages(value)]
    if isinstance(errors, list):
        return [message for value in errors for message in _messages(value)]
    return [str(errors)]


def _default_name(data: dict[str, Any], description: list[str]) -> str:
    if data.get("q"):
        return str(data["q"])[:100]
    return (description[0] if description else _("My job alert"))[:100]


def _save_alert(form: AlertNameForm, *, data: dict[str, Any], user: User) -> JobAlert | None:
    """Check the name and the criteria with the alerts API's serializer and save through its
    service; None, with the messages on the form, when anything is refused."""
    if not form.is_valid():
        return None
    serializer = AlertInputSerializer(data={**data, "name": form.cleaned_data["name"]})
    if not serializer.is_valid():
        for name, errors in serializer.errors.items():
            for message in _messages(errors):
                form.add_error("name" if name == "name" else None, message)
        return None
    try:
        return services.alert_create(user=user, **serializer.validated_data)
    except Conflict as error:  # her limit of alerts
        form.add_error(None, str(error.message))
        return None


@login_required
def job_alert_new(request: WebRequest) -> HttpResponse:
    """ "Save this search as a job alert": the search in words and a name, then save (POST).

    Reached from the results page (anonymous visitors sign in first and come back here); the
    criteria are checked by the alerts API's serializer and saved by its service, then she is
    back on the results with the alert saved."""
    user = signed_in_user(request)
    _require_seeker(user)
    source = request.POST if request.method == "POST" else request.GET
    params = _search_params(source)
    data = _alert_input(params, user=user)
    description = _describe_input(data)
    results_url = f"{reverse('vacancy-search')}?{params.urlencode()}"
    status = 200
    if request.method == "POST":
        form = AlertNameForm(request.POST)
        alert = _save_alert(form, data=data, user=user)
        if alert is not None:
            messages.success(
                request,
                _(
                    "Job alert “%(name)s” saved. We will tell you when a new vacancy fits this "
                    "search."
                )
                % {"name": alert.name},
            )
            return redirect(results_url)
        status = 400
    else:
        form = AlertNameForm({"name": _default_name(data, description)})
        form.is_valid()
        # The API's rules, shown before she types a name (e.g. a search without any criterion).
        check = AlertInputSerializer(data={**data, "name": "-"})
        if not check.is_valid():
            for errors in check.errors.values():
                for message in _messages(errors):
                    form.add_error(None, message)
    hidden = [(key, value) for key in params for value in params.getlist(key)]
    return render(
        request,
        "search/alert_new.html",
        {
            "form": form,
            "description": description,
            "hidden": hidden,
            "results_url": results_url,
            "can_save": not (request.method == "GET" and form.errors),
        },
        status=status,
    )


def _alert_row(alert: JobAlert, skill_names: dict[str, str] | None = None) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if alert.text:
        params["q"] = alert.text
    if alert.skill_slugs:
        params["skills"] = ",".join(alert.skill_slugs)
    if alert.work_types:
        params["work_type"] = list(alert.work_types)
    if alert.district:
        params["district"] = alert.district
    if alert.pay_min is not None:
        params["pay_min"] = alert.pay_min
    if alert.radius_km and alert.latitude is not None and alert.longitude is not None:
        params["radius_km"] = f"{alert.radius_km:g}"
        params["near"] = f"{alert.latitude},{alert.longitude}"
    return {
        "alert": alert,
        "description": describe_alert(
            text=alert.text,
            skill_slugs=list(alert.skill_slugs or []),
            work_types=list(alert.work_types or []),
            district=alert.district,
            city=alert.city,
            pay_min=alert.pay_min,
            radius_km=alert.radius_km,
            skill_names=skill_names,
        ),
        "results_url": f"{reverse('vacancy-search')}?{urlencode(params, doseq=True)}",
    }


@login_required
def job_alerts(request: WebRequest) -> HttpResponse:
    """Her job alerts, each with its search in words, pause or resume, and delete."""
    user = signed_in_user(request)
    _require_seeker(user)
    alerts = list(alerts_for(user=user))
    names = _skill_names([slug for alert in alerts for slug in alert.skill_slugs or []])
    rows = [_alert_row(alert, names) for alert in alerts]
    return render(request, "search/alerts.html", {"rows": rows})


def _after_change(request: WebRequest, alert: JobAlert | None, message: str) -> HttpResponse:
    if request.htmx:
        if alert is None:  # deleted: the card leaves the list
            return render(request, "search/includes/alert_gone.html", {"message": message})
        return render(request, "search/includes/alert_card.html", {"row": _alert_row(alert)})
    messages.success(request, message)
    return redirect("job-alerts")


@login_required
@require_POST
def job_alert_pause(request: WebRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    _require_seeker(user)
    alert = services.alert_update(alert=access_alert(user=user, alert_id=pk), is_active=False)
    return _after_change(request, alert, _("Job alert “%(name)s” paused.") % {"name": alert.name})


@login_required
@require_POST
def job_alert_resume(request: WebRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    _require_seeker(user)
    alert = services.alert_update(alert=access_alert(user=user, alert_id=pk), is_active=True)
    return _after_change(
        request, alert, _("Job alert “%(name)s” is on again.") % {"name": alert.name}
    )


@login_required
@require_POST
def job_alert_delete(request: WebRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    _require_seeker(user)
    alert = access_alert(user=user, alert_id=pk)
    name = alert.name
    services.alert_delete(alert=alert)
    return _after_change(request, None, _("Job alert “%(name)s” deleted.") % {"name": name})
