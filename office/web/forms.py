"""The office pages' forms: the same inputs as the API's serializers, with field messages."""

from __future__ import annotations

import csv
import dataclasses
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
from seekers.services.assisted import ConsentOnPaper, Participant
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


class ConsentOnPaperForm(PageForm):
    """What the participants ticked on the consent forms they signed."""

    consent_shown_to_employers = forms.BooleanField(
        label=gettext_lazy("Show her to employers as a candidate, without her name"),
        required=False,
    )
    consent_contact_by_phone = forms.BooleanField(
        label=gettext_lazy("Contact her by SMS or WhatsApp"), required=False
    )
    signed_on = forms.DateField(
        label=gettext_lazy("Forms signed on"),
        required=False,
        widget=DATE_WIDGET,
        input_formats=["%Y-%m-%d"],
        help_text=gettext_lazy("Empty: today."),
    )

    def consent(self) -> ConsentOnPaper:
        data = self.cleaned_data
        return ConsentOnPaper(
            shown_to_employers=data["consent_shown_to_employers"],
            contact_by_phone=data["consent_contact_by_phone"],
            signed_on=data.get("signed_on"),
        )


class ParticipantForm(ConsentOnPaperForm):
    """One participant registered at the counter or a training (``participant_register``)."""

    full_name = forms.CharField(
        label=gettext_lazy("Full name"),
        max_length=150,
        error_messages={"required": gettext_lazy("Enter her full name as on her KTP.")},
    )
    nik = forms.CharField(
        label=gettext_lazy("NIK"),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": gettext_lazy("Enter the 16 digits of her NIK.")},
    )
    phone = forms.CharField(
        label=gettext_lazy("Mobile number"),
        help_text=gettext_lazy("She gets the link to her account here, e.g. 0812 3456 7890."),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        error_messages={"required": gettext_lazy("Enter her mobile number.")},
    )
    city = forms.CharField(label=gettext_lazy("City"), max_length=100, required=False)
    district = forms.CharField(
        label=gettext_lazy("District (kecamatan)"),
        max_length=100,
        error_messages={"required": gettext_lazy("Enter her district (kecamatan).")},
    )
    paper_form_number = forms.CharField(
        label=gettext_lazy("Number of the consent form she signed"),
        max_length=40,
        error_messages={"required": gettext_lazy("Enter the number of the consent form.")},
    )
    field_order = [
        "full_name", "nik", "phone", "city", "district", "paper_form_number",
        "consent_shown_to_employers", "consent_contact_by_phone", "signed_on",
    ]  # fmt: skip

    def participant(self) -> Participant:
        data = self.cleaned_data
        return Participant(
            line=1,
            full_name=data["full_name"],
            nik=data["nik"],
            phone=data["phone"],
            city=data["city"],
            district=data["district"],
            paper_form_number=data["paper_form_number"],
        )


class GraduatesUploadForm(ConsentOnPaperForm):
    """A spreadsheet of a training's people, in one of two layouts (told apart by the header):

    - graduates who have accounts: certificate number and NIK on each row (no header needed);
    - the organiser's participant list, with a header naming its columns: name, NIK, mobile
      number, district, and optionally certificate number and consent form number. New NIKs
      get accounts (and a claim link by SMS), known NIKs are linked.
    """

    file = forms.FileField(
        label=gettext_lazy("Spreadsheet of graduates or participants (CSV)"),
        help_text=gettext_lazy(
            "Either two columns, certificate number and NIK, one graduate per row; or the "
            "organiser's participant list with a header row: Nama, NIK, HP, Kecamatan, and "
            "if you have them Sertifikat and Formulir. Save from Excel as CSV (comma or "
            "semicolon)."
        ),
    )
    consent_forms = forms.CharField(
        label=gettext_lazy("Number of the bundle of consent forms"),
        max_length=30,
        required=False,
        help_text=gettext_lazy(
            "For a participant list without a Formulir column: each row's form is recorded as "
            "this number / the row's line, e.g. PKL-03/7."
        ),
    )
    completed_on = forms.DateField(
        label=gettext_lazy("Completed on"), widget=DATE_WIDGET, input_formats=["%Y-%m-%d"]
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Level certified"), choices=SkillLevel.choices, initial=SkillLevel.BASIC
    )

    field_order = [
        "file", "completed_on", "level", "consent_shown_to_employers",
        "consent_contact_by_phone", "signed_on", "consent_forms",
    ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rows = data.get("file")
        if rows and isinstance(rows[0], Participant):
            bundle = (data.get("consent_forms") or "").strip()
            if any(not row.paper_form_number for row in rows):
                if not bundle:
                    self.add_error(
                        "consent_forms",
                        _(
                            "The list has no Formulir column (or some rows have none): enter "
                            "the number of the bundle of consent forms they signed."
                        ),
                    )
                    return data
                data["file"] = [
                    row
                    if row.paper_form_number
                    else dataclasses.replace(row, paper_form_number=f"{bundle}/{row.line}")
                    for row in rows
                ]
        return data

    def is_participant_list(self) -> bool:
        rows = self.cleaned_data.get("file") or []
        return bool(rows) and isinstance(rows[0], Participant)

    def clean_file(self) -> list[CompletionRow] | list[Participant]:
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
        rows: list[CompletionRow] | list[Participant] = parse_participants(text) or parse_graduates(
            text
        )
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


# What organisers call the columns of their participant lists (folded: lower case, no dots).
PARTICIPANT_COLUMNS = {
    "full_name": ("nama", "nama lengkap", "nama peserta", "name", "full name"),
    "nik": ("nik", "no ktp", "nomor ktp", "nik ktp"),
    "phone": (
        "hp", "no hp", "nomor hp", "no telepon", "telepon", "telp", "no wa", "wa", "whatsapp",
        "phone", "mobile",
    ),
    "district": ("kecamatan", "district"),
    "certificate_number": (
        "sertifikat", "no sertifikat", "nomor sertifikat", "certificate", "certificate number",
    ),
    "paper_form_number": (
        "formulir", "no formulir", "nomor formulir", "form", "consent form",
    ),
}  # fmt: skip
PARTICIPANT_LIMITS = {
    "full_name": 150, "nik": 40, "phone": 30, "district": 100, "certificate_number": 80,
    "paper_form_number": 40,
}  # fmt: skip


def _fold_header(cell: str) -> str:
    return " ".join(cell.lower().replace(".", " ").replace("_", " ").split())


def parse_participants(text: str) -> list[Participant]:
    """The organiser's participant list: a header row naming at least the name and NIK columns
    (any order, Indonesian or English names), then one participant per row, numbered by its
    line in the file. Empty when the first row is not such a header (the graduates layout)."""
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, [])
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = _fold_header(cell)
        for field, aliases in PARTICIPANT_COLUMNS.items():
            if name in aliases and field not in positions:
                positions[field] = index
    if "full_name" not in positions or "nik" not in positions:
        return []
    rows = []
    for line, raw in enumerate(reader, start=2):
        cells = [cell.strip() for cell in raw]
        if not any(cells):
            continue
        values = dict.fromkeys(PARTICIPANT_LIMITS, "")
        values.update(
            {
                field: (cells[index] if index < len(cells) else "")[: PARTICIPANT_LIMITS[field]]
                for field, index in positions.items()
            }
        )
        rows.append(Participant(line=line, **values))
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
