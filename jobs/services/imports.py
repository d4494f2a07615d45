"""Importing vacancies from a spreadsheet (CSV or XLSX): one draft per row, through the very
service that creates a single vacancy (``vacancy_create``).

Each row stands alone: a refused row writes nothing and says, per column, what to fix; the rows
before and after it are imported. A row is recognised when the same file is imported again by
its reference (the ``referensi`` column, unique per employer), or, when it has none, by a
reference made from its content: importing the same file twice creates nothing the second time.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from accounts.models import User
from accounts.permissions import is_staff
from jobs.models import EducationLevel, Employer, PayUnit, Vacancy, Weekday, WorkType
from jobs.services.vacancies import MAX_POSITIONS, vacancy_create
from sicaker.errors import Forbidden, Invalid
from sicaker.spreadsheet import UTF8_BOM, csv_writer

MAX_IMPORT_BYTES = 1_000_000
MAX_IMPORT_ROWS = 500
MAX_PAY = 2_000_000_000


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # the template's (Indonesian) header; the API field name is accepted too
    help: Any  # lazy text: what to write in it
    max_length: int = 0
    is_required: bool = False


COLUMNS = (
    Column(
        "external_reference",
        "referensi",
        gettext_lazy(
            "Your own code for the vacancy (optional); the same code is never imported twice."
        ),
        100,
    ),
    Column("title", "judul", gettext_lazy("The job's name, e.g. Penjahit borongan."), 200, True),
    Column(
        "description", "deskripsi", gettext_lazy("What the work is, in a few sentences."), 10000
    ),
    Column(
        "work_type",
        "jenis_kerja",
        gettext_lazy(
            "The kind of work by its name: Full-time, Part-time, Home-based, Piece-rate or "
            "Freelance."
        ),
        is_required=True,
    ),
    Column("positions", "jumlah_posisi", gettext_lazy("How many people, 1 to 1000 (1 if empty).")),
    Column("pay_min", "gaji_min", gettext_lazy("Lowest pay in rupiah, digits only.")),
    Column("pay_max", "gaji_maks", gettext_lazy("Highest pay in rupiah, digits only.")),
    Column("pay_unit", "satuan_gaji", gettext_lazy("hour, day, week, month or piece.")),
    Column(
        "work_days", "hari_kerja", gettext_lazy("Days separated by commas, e.g. Senin, Selasa.")
    ),
    Column("hours_start", "jam_mulai", gettext_lazy("Start time, e.g. 08:00.")),
    Column("hours_end", "jam_selesai", gettext_lazy("End time, e.g. 16:00.")),
    Column(
        "min_education",
        "pendidikan_min",
        gettext_lazy("none, sd, smp, sma, smk, d3, s1 or s2 (none if empty)."),
    ),
    Column(
        "valid_through",
        "berlaku_sampai",
        gettext_lazy("Closing date, e.g. 2026-12-31 or 31/12/2026."),
        is_required=True,
    ),
    Column("city", "kota", gettext_lazy("City of the work (your organisation's if empty)."), 100),
    Column("district", "kecamatan", gettext_lazy("District (kecamatan) of the work."), 100),
    Column("subdistrict", "kelurahan", gettext_lazy("Sub-district (kelurahan), optional."), 100),
    Column("address", "alamat", gettext_lazy("Street address, optional."), 255),
    Column(
        "required_skills",
        "keahlian_wajib",
        gettext_lazy("Skill codes separated by commas, e.g. menjahit, obras."),
    ),
    Column("preferred_skills", "keahlian_tambahan", gettext_lazy("Skill codes that are a plus.")),
)
BY_NAME = {name: column for column in COLUMNS for name in (column.field, column.header)}


@dataclass
class ImportedRow:
    """The outcome of one row: ``created`` (a new draft), ``existing`` (imported before: left
    as it is) or ``refused`` (nothing written; ``errors`` says, per column, what to fix)."""

    row: int
    status: str
    reference: str = ""
    vacancy_id: int | None = None
    title: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class ImportResult:
    rows: list[ImportedRow]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)


# Reading the file ------------------------------------------------------------------------------


def _file_error(message: str) -> Invalid:
    return Invalid({"file": [message]})


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the local code page.
        text = content.decode("cp1252", errors="replace")
    sample = text[:4096]
    # Indonesian spreadsheet programs separate with ";" (the decimal separator is ",").
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(content: bytes) -> Iterator[list[Any]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise _file_error(
            _(
                "This file cannot be read as an Excel workbook (.xlsx); "
                "save it again as .xlsx or .csv."
            )
        ) from error
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(
            max_row=MAX_IMPORT_ROWS + 2, max_col=len(COLUMNS) + 10, values_only=True
        ):
            yield list(values)
    finally:
        workbook.close()


def _open_rows(*, content: bytes, filename: str) -> Iterable[list[Any]]:
    if len(content) > MAX_IMPORT_BYTES:
        raise _file_error(
            _("The file is larger than %(size)d KB; split it into smaller files.")
            % {"size": MAX_IMPORT_BYTES // 1000}
        )
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _xlsx_rows(content)
    if name.endswith((".csv", ".txt")):
        return _csv_rows(content)
    raise _file_error(_("Upload a .csv or .xlsx file (the template comes in both)."))


def _check_header(header: list[str]) -> None:
    if not header:
        raise _file_error(_("The file is empty; start from the template."))
    unknown = [name for name in header if name not in BY_NAME]
    if unknown:
        raise _file_error(
            _("Unknown column(s): %(unknown)s. The columns are: %(known)s.")
            % {
                "unknown": ", ".join(repr(name) for name in unknown),
                "known": ", ".join(column.header for column in COLUMNS),
            }
        )
    named = {BY_NAME[name].field for name in header}
    missing = [
        column.header for column in COLUMNS if column.is_required and column.field not in named
    ]
    if missing:
        raise _file_error(
            _("The column(s) %(missing)s are missing; the template has every column.")
            % {"missing": ", ".join(missing)}
        )


def read_rows(*, content: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """The header and the data rows (with their row number in the file) of a CSV or XLSX file.

    Raises Invalid on ``file`` for a file too large, of another type, without the required
    columns, with unknown columns, or with more than MAX_IMPORT_ROWS rows."""
    numbered = enumerate(_open_rows(content=content, filename=filename), start=1)
    header: list[str] = []
    for _number, values in numbered:
        if any(_text(value) for value in values):
            header = [_text(value).lower() for value in values]
            break
    while header and not header[-1]:
        header.pop()
    _check_header(header)
    data: list[tuple[int, list[Any]]] = []
    for number, values in numbered:
        if not any(_text(value) for value in values):
            continue
        if len(data) == MAX_IMPORT_ROWS:
            raise _file_error(
                _("The file has more than %(max)d vacancies; split it into smaller files.")
                % {"max": MAX_IMPORT_ROWS}
            )
        data.append((number, values))
    if not data:
        raise _file_error(_("The file has a header but no vacancies below it."))
    return header, data


# Reading one cell ------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _aliases(
    choices: Iterable[tuple[str, Any]], extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Each choice by its code and by its name in Indonesian and English, case folded."""
    found: dict[str, str] = {}
    for language in ("id", "en"):
        with translation.override(language):
            for value, label in choices:
                found[str(label).casefold()] = value
    for value, _label in choices:
        found[value.casefold()] = value
    found.update(extra or {})
    return found


def _choice(
    value: str, choices: Iterable[tuple[str, Any]], extra: Mapping[str, str] | None = None
) -> str:
    aliases = _aliases(choices, extra)
    key = value.casefold().strip()
    if key in aliases:
        return str(aliases[key])
    raise ValueError(
        _("%(value)s is not one of: %(allowed)s.")
        % {"value": repr(value), "allowed": ", ".join(str(label) for _code, label in choices)}
    )


WORK_TYPE_WORDS = {
    "borongan": WorkType.PIECE_RATE,
    "paruh waktu": WorkType.PART_TIME,
    "penuh waktu": WorkType.FULL_TIME,
    "kerja dari rumah": WorkType.HOME_BASED,
    "dari rumah": WorkType.HOME_BASED,
    "lepas": WorkType.FREELANCE,
}
PAY_UNIT_WORDS = {
    "jam": PayUnit.HOUR,
    "hari": PayUnit.DAY,
    "minggu": PayUnit.WEEK,
    "bulan": PayUnit.MONTH,
    "potong": PayUnit.PIECE,
    "buah": PayUnit.PIECE,
    "biji": PayUnit.PIECE,
}


def _integer(value: Any, *, low: int, high: int) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        # "Rp 2.500.000", "2,500,000", "2 500 000": the thousands separators go.
        digits = re.sub(r"(?i)^rp\.?|[\s.,]", "", _text(value))
        if not digits.isdigit():
            raise ValueError(_("Write a whole number with digits only, e.g. 2500000."))
        number = float(digits)
    if not number.is_integer() or not low <= number <= high:
        raise ValueError(
            _("Write a whole number from %(low)d to %(high)d.") % {"low": low, "high": high}
        )
    return int(number)


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    raise ValueError(_("Write the date as 2026-12-31 or 31/12/2026."))


def _time(value: Any) -> datetime.time:
    if isinstance(value, datetime.datetime):
        return value.time()
    if isinstance(value, datetime.time):
        return value
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", _text(value))
    if match and int(match[1]) < 24 and int(match[2]) < 60:  # noqa: PLR2004 - a clock
        return datetime.time(int(match[1]), int(match[2]))
    raise ValueError(_("Write the time as 08:00."))


def _days(value: Any) -> list[str]:
    days = []
    for part in re.split(r"[,;/]+|\s+", _text(value)):
        if part:
            days.append(_choice(part, Weekday.choices))
    order = list(Weekday.values)
    return sorted(set(days), key=order.index)


def _list(value: Any) -> list[str]:
    return [part.strip() for part in re.split(r"[,;]", _text(value)) if part.strip()]


PARSERS: dict[str, Any] = {
    "work_type": lambda value: _choice(_text(value), WorkType.choices, WORK_TYPE_WORDS),
    "positions": lambda value: _integer(value, low=1, high=MAX_POSITIONS),
    "pay_min": lambda value: _integer(value, low=0, high=MAX_PAY),
    "pay_max": lambda value: _integer(value, low=0, high=MAX_PAY),
    "pay_unit": lambda value: _choice(_text(value), PayUnit.choices, PAY_UNIT_WORDS),
    "work_days": _days,
    "hours_start": _time,
    "hours_end": _time,
    "min_education": lambda value: _choice(_text(value), EducationLevel.choices),
    "valid_through": _date,
    "required_skills": _list,
    "preferred_skills": _list,
}


def parse_row(header: list[str], values: list[Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The row as the create service's ``data`` (plus ``external_reference``), and the messages
    of the cells that could not be read, keyed by the column's name in the file."""
    data: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, value in zip(header, values, strict=False):
        column = BY_NAME[name]
        if not _text(value):
            if column.is_required:
                errors[name] = [_("This column is required; fill it in.")]
            continue
        try:
            if column.field in PARSERS:
                data[column.field] = PARSERS[column.field](value)
            else:
                text = _text(value)
                if column.max_length and len(text) > column.max_length:
                    raise ValueError(
                        _("Keep it to %(max)d characters (it has %(length)d).")
                        % {"max": column.max_length, "length": len(text)}
                    )
                data[column.field] = text
        except ValueError as error:
            errors[name] = [str(error)]
    for column in COLUMNS:
        if column.is_required and column.field not in data and column.header not in errors:
            errors.setdefault(
                _header_of(header, column), [_("This column is required; fill it in.")]
            )
    return data, errors


def _header_of(header: list[str], column: Column) -> str:
    return column.field if column.field in header else column.header


def _content_reference(header: list[str], values: list[Any]) -> str:
    """A reference made from the row's cells, for a row without one: the same row, the same
    reference (so importing the file again finds it)."""
    cells = "\x1f".join(
        f"{name}={_text(value)}" for name, value in sorted(zip(header, values, strict=False))
    )
    return "auto-" + hashlib.sha256(cells.encode()).hexdigest()[:16]


# The service -----------------------------------------------------------------------------------


def vacancy_import(
    *, employer: Employer, actor: User, content: bytes, filename: str
) -> ImportResult:
    """Create a draft vacancy from each row of a CSV or XLSX file, as ``vacancy_create`` does.

    Rules: the employer's owner, or labor-office staff on her behalf (Forbidden otherwise); the
    file is bounded (MAX_IMPORT_BYTES, MAX_IMPORT_ROWS) and needs the required columns (Invalid on
    ``file``, nothing imported). Each row stands alone: created as a draft, ``existing`` when
    its reference was imported before (left unchanged), or refused with each column's message
    and nothing written. Drafts are not public: search is not told.
    """
    if not (employer.owner_id == actor.pk or is_staff(actor)):
        raise Forbidden(_("Only the organisation's own account or the labor office can import."))
    header, rows = read_rows(content=content, filename=filename)
    results: list[ImportedRow] = []
    for number, values in rows:
        results.append(
            _import_row(employer=employer, actor=actor, header=header, number=number, values=values)
        )
    return ImportResult(rows=results)


def _import_row(
    *, employer: Employer, actor: User, header: list[str], number: int, values: list[Any]
) -> ImportedRow:
    data, errors = parse_row(header, values)
    reference = data.pop("external_reference", "") or _content_reference(header, values)
    title = str(data.get("title", ""))
    existing = Vacancy.objects.filter(employer=employer, external_reference=reference).first()
    if existing is not None:
        return ImportedRow(number, "existing", reference, existing.pk, existing.title)
    if errors:
        return ImportedRow(number, "refused", reference, None, title, errors)
    try:
        vacancy = vacancy_create(
            employer=employer, actor=actor, data=data, external_reference=reference
        )
    except Invalid as error:
        by_field = {column.field: _header_of(header, column) for column in COLUMNS}
        messages = {
            by_field.get(name, name): [
                str(message) for message in (found if isinstance(found, list) else [found])
            ]
            for name, found in error.fields.items()
        }
        return ImportedRow(number, "refused", reference, None, title, messages)
    except IntegrityError:
        # The same reference imported at this very moment by another upload.
        existing = Vacancy.objects.filter(employer=employer, external_reference=reference).first()
        return ImportedRow(number, "existing", reference, existing.pk if existing else None, title)
    return ImportedRow(number, "created", reference, vacancy.pk, vacancy.title)


# The template ----------------------------------------------------------------------------------


def import_template_file(kind: str) -> bytes:
    """The template as ``kind`` ("csv" or "xlsx") asks."""
    return import_template_xlsx() if kind == "xlsx" else import_template_csv()


def import_template_csv() -> bytes:
    """The header row, for spreadsheet programs (UTF-8 with a BOM, so Excel reads it right)."""
    stream = io.StringIO()
    stream.write(UTF8_BOM)
    csv_writer(stream).writerow([column.header for column in COLUMNS])
    return stream.getvalue().encode("utf-8")


def import_template_xlsx() -> bytes:
    """The header row on the first sheet, and what to write in each column on the second."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = _("Vacancies")
    sheet.append([column.header for column in COLUMNS])
    for index in range(1, len(COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    guide = workbook.create_sheet(_("Guide"))
    guide.append([_("Column"), _("Required"), _("What to write")])
    for column in COLUMNS:
        guide.append([column.header, _("yes") if column.is_required else _("no"), str(column.help)])
    guide.column_dimensions["A"].width = 20
    guide.column_dimensions["C"].width = 80
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
