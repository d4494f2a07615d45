"""The office pages' forms: the same inputs as the API's serializers, with field messages."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import ApplicationStatus
from applications.reports import GROUP_BY_CHOICES
from applications.selectors import ApplicationFilters
from jobs.models import Skill, SkillCategory, VacancyStatus
from seekers.models import SkillLevel, TrainingProgramme
from seekers.services import CompletionRow
from web.forms import PageForm

MAX_PK = 2**63 - 1
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_UPLOAD_BYTES = 1_000_000
MAX_UPLOAD_ROWS = 2_000
MAX_SYNONYMS = 50  # the API's bound


class DateRangeForm(PageForm):
    """Local calendar days, both ends inclusive (the API's ``date_from``/``date_to``)."""

    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=DATE_WIDGET, input_formats=["%Y-%m-%d"]
    )
    date_to = forms.DateField(
        label=gettext_lazy("Until"), required=False, widget=DATE_WIDGET, input_formats=["%Y-%m-%d"]
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error(
                "date_to", _("This date is before the first one; swap them or widen the range.")
            )
        return data


class IdInput(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_PK, required=False, **kwargs)


class ApplicationFilterForm(DateRangeForm):
    """Every filter of ``GET applications/``: status, vacancy, employer, district, training."""

    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("All statuses")), *ApplicationStatus.choices],
    )
    vacancy = IdInput(label=gettext_lazy("Vacancy number"))
    employer = IdInput(label=gettext_lazy("Employer number"))
    district = forms.CharField(
        label=gettext_lazy("Seeker's district (kecamatan)"), required=False, max_length=100
    )
    training = forms.TypedChoiceField(
        label=gettext_lazy("Training completed"), required=False, coerce=int, empty_value=None
    )
    field_order = ["status", "district", "training", "vacancy", "employer", "date_from", "date_to"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programmes = TrainingProgramme.objects.order_by("-starts_on", "title").values_list(
            "pk", "title"
        )
        self.fields["training"].choices = [  # type: ignore[attr-defined]
            ("", _("Any or none")),
            *((str(pk), title) for pk, title in programmes),
        ]

    def to_filters(self) -> ApplicationFilters:
        data = self.cleaned_data
        return ApplicationFilters(
            status=data.get("status") or None,
            vacancy_pk=data.get("vacancy"),
            employer_pk=data.get("employer"),
            district=data.get("district") or None,
            training_pk=data.get("training"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


GROUP_LABELS = {
    "status": gettext_lazy("status"),
    "district": gettext_lazy("district"),
    "vacancy": gettext_lazy("vacancy"),
    "employer": gettext_lazy("employer"),
    "training": gettext_lazy("training"),
}


class ReportDownloadForm(DateRangeForm):
    """``GET reports/applications/?format=csv``: a grouping and the dates."""

    group_by = forms.ChoiceField(
        label=gettext_lazy("One row per"),
        choices=[(group, GROUP_LABELS[group]) for group in GROUP_BY_CHOICES],
        initial="status",
    )


class RefusalForm(PageForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason for refusing"),
        help_text=gettext_lazy("The employer reads this; say what to correct."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Write the reason, so the employer can fix it.")},
    )


class VacancyFilterForm(PageForm):
    """Every vacancy, narrowed by status, the employer's name and words of the vacancy."""

    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("All statuses")), *VacancyStatus.choices],
    )
    employer = forms.CharField(
        label=gettext_lazy("Employer's name"), required=False, max_length=100
    )
    q = forms.CharField(
        label=gettext_lazy("Words in the title or description"), required=False, max_length=100
    )


class OfficeCloseForm(PageForm):
    note = forms.CharField(
        label=gettext_lazy("Reason for closing"),
        help_text=gettext_lazy("The employer reads this; say which rule the vacancy breaks."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": gettext_lazy(
                "Write the reason, so the employer knows what broke the rules."
            )
        },
    )


class TrainingForm(PageForm):
    """A new programme (the API's ``POST trainings/``)."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    organiser = forms.CharField(
        label=gettext_lazy("Organiser"),
        max_length=200,
        help_text=gettext_lazy("For example Dinsos P3AP2KB, DP3AKB or the PKK."),
    )
    city = forms.CharField(label=gettext_lazy("City"), max_length=100)
    starts_on = forms.DateField(
        label=gettext_lazy("Starts on"), widget=DATE_WIDGET, input_formats=["%Y-%m-%d"]
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Ends on"), widget=DATE_WIDGET, input_formats=["%Y-%m-%d"]
    )
    description = forms.CharField(
        label=gettext_lazy("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    skills = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Skills taught"),
        help_text=gettext_lazy("Graduates hold these skills as verified."),
        queryset=Skill.objects.filter(is_active=True).order_by("name_id"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Pick at least one skill the training teaches.")},
    )


class GraduatesUploadForm(PageForm):
    """A spreadsheet of participants: certificate number and NIK on each row."""

    file = forms.FileField(
        label=gettext_lazy("Spreadsheet of graduates (CSV)"),
        help_text=gettext_lazy(
            "Two columns: certificate number and NIK, one graduate per row; a header row is "
            "allowed. Save from Excel as CSV (comma or semicolon)."
        ),
    )
    completed_on = forms.DateField(
        label=gettext_lazy("Completed on"), widget=DATE_WIDGET, input_formats=["%Y-%m-%d"]
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Level certified"), choices=SkillLevel.choices, initial=SkillLevel.BASIC
    )

    def clean_file(self) -> list[CompletionRow]:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB; split it in parts."))
        raw = upload.read()
        if raw.startswith(b"PK") or b"\x00" in raw:  # a workbook (xlsx is a zip), not text
            raise forms.ValidationError(
                _("This is not a CSV file; in Excel choose Save As, then CSV.")
            )
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        rows = parse_graduates(text)
        if not rows:
            raise forms.ValidationError(
                _("The file has no rows of certificate number and NIK; check that it is a CSV.")
            )
        if len(rows) > MAX_UPLOAD_ROWS:
            raise forms.ValidationError(
                _("The file has more than %(count)d rows; split it in parts.")
                % {"count": MAX_UPLOAD_ROWS}
            )
        return rows


COLUMNS = 2  # certificate number, NIK


def _is_header(cells: list[str]) -> bool:
    # A header row names the columns; a data row's NIK column holds digits.
    return len(cells) < COLUMNS or not any(ch.isdigit() for ch in cells[1])


def parse_graduates(text: str) -> list[CompletionRow]:
    """Rows of ``certificate number, NIK`` (comma, semicolon or tab separated), numbered by
    their line in the file; blank lines are skipped, a first row without digits is a header."""
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    rows: list[CompletionRow] = []
    for index, raw in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cells = [cell.strip() for cell in raw]
        if not any(cells):
            continue
        if index == 1 and _is_header(cells):
            continue
        certificate = cells[0] if cells else ""
        nik = cells[1] if len(cells) > 1 else ""
        rows.append(CompletionRow(line=index, certificate_number=certificate[:80], nik=nik[:40]))
    return rows


def default_completed_on(programme: TrainingProgramme, today: datetime.date) -> datetime.date:
    return min(programme.ends_on, today)


class SeekerSearchForm(PageForm):
    """The filters of ``GET seekers/``: name or phone, district, skill, verified or not."""

    name = forms.CharField(label=gettext_lazy("Name or phone"), required=False, max_length=100)
    district = forms.CharField(
        label=gettext_lazy("District (kecamatan)"), required=False, max_length=100
    )
    skill = forms.ChoiceField(label=gettext_lazy("Skill"), required=False)
    verified = forms.TypedChoiceField(
        label=gettext_lazy("Verified skills"),
        required=False,
        choices=[
            ("", gettext_lazy("Any")),
            ("true", gettext_lazy("Holds a verified skill")),
            ("false", gettext_lazy("No verified skill")),
        ],
        coerce=lambda value: value == "true",
        empty_value=None,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        skills = Skill.objects.filter(is_active=True).order_by("name_id")
        self.fields["skill"].choices = [  # type: ignore[attr-defined]
            ("", _("Any skill")),
            *((skill.slug, skill.name) for skill in skills),
        ]


class SkillSearchForm(PageForm):
    q = forms.CharField(label=gettext_lazy("Name or synonym"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=gettext_lazy("Category"),
        required=False,
        choices=[("", gettext_lazy("All categories")), *SkillCategory.choices],
    )


class SkillForm(PageForm):
    """A skill of the taxonomy (the API's ``POST/PATCH skills/``); synonyms one per line or
    separated by commas."""

    slug = forms.SlugField(
        label=gettext_lazy("Slug"),
        max_length=80,
        help_text=gettext_lazy("Lower-case letters, digits and hyphens; it never changes later."),
    )
    name_id = forms.CharField(label=gettext_lazy("Name in Indonesian"), max_length=120)
    name_en = forms.CharField(label=gettext_lazy("Name in English"), max_length=120)
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=SkillCategory.choices)
    synonyms = forms.CharField(
        label=gettext_lazy("Synonyms"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Other words people use for it, one per line or separated by commas: jahit, penjahit."
        ),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["slug"]

    def clean_synonyms(self) -> list[str]:
        text = self.cleaned_data["synonyms"].replace("\n", ",")
        synonyms = [part.strip() for part in text.split(",") if part.strip()]
        if len(synonyms) > MAX_SYNONYMS:
            raise forms.ValidationError(
                _("At most %(count)d synonyms; keep the ones people really use.")
                % {"count": MAX_SYNONYMS}
            )
        return synonyms


class PickGraduateForm(PageForm):
    """One participant picked from the seekers found by name or phone."""

    seeker = forms.IntegerField(
        label=gettext_lazy("Job seeker"),
        min_value=1,
        max_value=MAX_PK,
        error_messages={"required": gettext_lazy("Pick the participant from the list.")},
    )
    certificate_number = forms.CharField(label=gettext_lazy("Certificate number"), max_length=80)
    completed_on = forms.DateField(
        label=gettext_lazy("Completed on"), widget=DATE_WIDGET, input_formats=["%Y-%m-%d"]
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Level certified"), choices=SkillLevel.choices, initial=SkillLevel.BASIC
    )
    cari = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)
