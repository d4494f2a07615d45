"""The AK/1 card as a printable A5 PDF, drawn with ReportLab (pure Python, no system libraries).

The card shows what the labor office's paper AK/1 shows: the registration number, her identity,
education, skills and trainings, the date of issue and the six-monthly reporting dates. The NIK
is given by the caller: in full on her own card, masked on a staff download unless an officer
revealed it through the logged action. Labels follow the active language.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

import reportlab
from django.conf import settings
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from accounts.models import User
from jobs.models import EducationLevel
from seekers import nik as nik_codec
from seekers.models import AccessPurpose, Gender, SeekerProfile, SkillSource
from seekers.services.access import personal_data_access_record
from seekers.services.ak1 import ak1_issue, ak1_reporting_dates
from sicaker.errors import Conflict, Forbidden

# Bitstream Vera ships inside ReportLab: glyphs beyond Latin-1 without any system font.
_FONT_DIR = Path(reportlab.__file__).parent / "fonts"
FONT, FONT_BOLD = "SicakerVera", "SicakerVeraBold"


def _register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(_FONT_DIR / "Vera.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(_FONT_DIR / "VeraBd.ttf")))


@dataclass(frozen=True)
class Ak1Card:
    number: str
    nik: str
    full_name: str
    birth_date: datetime.date | None
    gender: str
    address: str
    education: str
    skills: list[str]
    trainings: list[str]
    issued_on: datetime.date
    reporting_dates: list[datetime.date]
    last_reported_on: datetime.date | None
    office: str


def ak1_card(*, seeker: SeekerProfile, nik: str) -> Ak1Card:
    """The card's content for an issued card (``seekers.services.ak1.ak1_issue`` first)."""
    assert seeker.ak1_issued_on is not None, "issue the card before drawing it"
    skills = []
    for link in seeker.skill_links.select_related("skill").order_by("skill__slug"):
        verified = _(" (verified by training)") if link.source == SkillSource.TRAINING else ""
        skills.append(f"{link.skill.name} – {link.get_level_display()}{verified}")
    trainings = [
        f"{completion.programme.title}, {completion.programme.organiser} "
        f"({formats.date_format(completion.completed_on, 'j M Y')}; "
        f"{_('certificate')} {completion.certificate_number})"
        for completion in seeker.training_completions.select_related("programme").order_by(
            "completed_on"
        )
    ]
    address = ", ".join(
        part for part in (seeker.address, seeker.subdistrict, seeker.district, seeker.city) if part
    )
    return Ak1Card(
        number=seeker.ak1_number,
        nik=nik,
        full_name=seeker.full_name,
        birth_date=seeker.birth_date,
        gender=str(Gender(seeker.gender).label) if seeker.gender else "",
        address=address,
        education=str(EducationLevel(seeker.education_level).label)
        if seeker.education_level
        else "",
        skills=skills,
        trainings=trainings,
        issued_on=seeker.ak1_issued_on,
        reporting_dates=ak1_reporting_dates(issued_on=seeker.ak1_issued_on),
        last_reported_on=seeker.ak1_reported_on,
        office=settings.OFFICE_NAME,
    )


def _date(day: datetime.date | None) -> str:
    return formats.date_format(day, "j F Y") if day else "—"


def ak1_card_pdf(card: Ak1Card) -> bytes:
    """The card on one A5 page (more skills or trainings flow onto a second)."""
    _register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A5,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=10 * mm,
        bottomMargin=10 * mm,
        title=f"AK/1 {card.number}",
        author=card.office,
        subject=_("Job-seeker card (AK/1)"),
    )
    small = ParagraphStyle("small", fontName=FONT, fontSize=8, leading=10)
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5)
    heading = ParagraphStyle("heading", fontName=FONT_BOLD, fontSize=12, leading=15)
    section = ParagraphStyle("section", fontName=FONT_BOLD, fontSize=9.5, leading=13, spaceBefore=6)
    yellow = colors.HexColor("#f5d000")

    header = Table(
        [
            [Paragraph(card.office.upper(), small)],
            [Paragraph(_("JOB-SEEKER REGISTRATION CARD (AK/1)"), heading)],
            [Paragraph(f"{_('Registration number')}: <b>{card.number}</b>", body)],
        ],
        colWidths=[124 * mm],
    )
    header.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), yellow),
                ("BOX", (0, 0), (-1, -1), 1, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ]
        )
    )

    def rows(pairs: list[tuple[str, str]]) -> Table:
        table = Table(
            [[Paragraph(label, small), Paragraph(value or "—", body)] for label, value in pairs],
            colWidths=[36 * mm, 88 * mm],
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return table

    identity = rows(
        [
            (_("NIK"), card.nik),
            (_("Full name"), _escape(card.full_name)),
            (_("Birth date"), _date(card.birth_date)),
            (_("Gender"), card.gender),
            (_("Address"), _escape(card.address)),
            (_("Education"), card.education),
        ]
    )

    def bullet_list(items: list[str], empty: str) -> list[Paragraph]:
        if not items:
            return [Paragraph(empty, body)]
        return [Paragraph(f"• {_escape(item)}", body) for item in items]

    reports = Table(
        [
            [
                Paragraph(_("Report"), small),
                Paragraph(_("Due on"), small),
                Paragraph(_("Stamp"), small),
            ],
            *[
                [Paragraph(str(number), body), Paragraph(_date(day), body), ""]
                for number, day in enumerate(card.reporting_dates, start=1)
            ],
        ],
        colWidths=[18 * mm, 56 * mm, 50 * mm],
        rowHeights=[6 * mm] + [9 * mm] * len(card.reporting_dates),
    )
    reports.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story = [
        header,
        Spacer(1, 4 * mm),
        identity,
        Paragraph(_("Skills"), section),
        *bullet_list(card.skills, _("No skills recorded yet.")),
        Paragraph(_("Trainings completed"), section),
        *bullet_list(card.trainings, _("No completed training recorded yet.")),
        Paragraph(_("Six-monthly reports"), section),
        Paragraph(
            f"{_('Issued on')}: {_date(card.issued_on)} · {_('last reported on')}: "
            f"{_date(card.last_reported_on)}",
            small,
        ),
        Spacer(1, 1.5 * mm),
        reports,
        Spacer(1, 3 * mm),
        Paragraph(
            _(
                "Report this card to the labor office every six months while you look for work, "
                "and when you start working. Valid for two years from the date of issue."
            ),
            small,
        ),
    ]
    document.build(story)
    return buffer.getvalue()


def _escape(text: str) -> str:
    """ReportLab's paragraphs read a little markup: her typing is shown as text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def is_ak1_issued(seeker: SeekerProfile) -> bool:
    return bool(seeker.ak1_number and seeker.ak1_issued_on)


def _issued(seeker: SeekerProfile, *, issue: bool) -> SeekerProfile:
    """The seeker with her card issued: now when ``issue`` (a POST), else it must already be."""
    if issue:
        return ak1_issue(seeker=seeker)
    if not is_ak1_issued(seeker):
        raise Conflict(_("No AK/1 card has been issued yet; ask for one first (POST)."))
    return seeker


def ak1_card_for_holder(*, seeker: SeekerProfile, issue: bool = False) -> bytes:
    """Her own card, her NIK in full; ``issue``: issued first if she has none yet."""
    seeker = _issued(seeker, issue=issue)
    nik = nik_codec.decrypt_nik(seeker.nik_encrypted) if seeker.nik_encrypted else ""
    return ak1_card_pdf(ak1_card(seeker=seeker, nik=nik))


def ak1_card_for_staff(
    *, seeker: SeekerProfile, actor: User, reason: str = "", issue: bool = False
) -> bytes:
    """A seeker's card printed by the labor office (``issue``: issued first if she has none);
    the NIK masked, or in full when the officer gives a reason (written to her access log in
    the same transaction; a refused reason writes nothing)."""
    if not actor.is_officer:
        raise Forbidden(_("Only labor-office staff print another person's AK/1 card."))
    with transaction.atomic():
        if reason.strip():
            personal_data_access_record(
                seeker=seeker, actor=actor, purpose=AccessPurpose.CARD_WITH_NIK, reason=reason
            )
        seeker = _issued(seeker, issue=issue)
        if reason.strip():
            nik = nik_codec.decrypt_nik(seeker.nik_encrypted) if seeker.nik_encrypted else ""
        else:
            nik = seeker.nik_masked
    return ak1_card_pdf(ak1_card(seeker=seeker, nik=nik))


def ak1_filename(seeker: SeekerProfile) -> str:
    return f"AK1-{seeker.ak1_number or seeker.pk}.pdf"
