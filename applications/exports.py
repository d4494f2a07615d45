"""The applications list as a spreadsheet: one row per application, the list's filters.

``GET applications/export/`` (staff) and the office page's "Download CSV" both stream this, so
the two files are the same bytes. The rows are read with one query in chunks (a server-side
cursor on PostgreSQL), so memory and the query count stay the same at any number of rows.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from applications.models import ApplicationStatus
from applications.selectors import ApplicationFilters, application_list_filtered
from sicaker.spreadsheet import UTF8_BOM, csv_writer

CHUNK_SIZE = 2000
LIST_CSV_HEADER = (
    gettext_lazy("Application"),
    gettext_lazy("Submitted"),
    gettext_lazy("Status"),
    gettext_lazy("Last status change"),
    gettext_lazy("Vacancy number"),
    gettext_lazy("Vacancy"),
    gettext_lazy("Employer number"),
    gettext_lazy("Employer"),
    gettext_lazy("Applicant"),
    gettext_lazy("District"),
    gettext_lazy("City"),
)
_COLUMNS = (
    "pk",
    "submitted_at",
    "status",
    "status_changed_at",
    "vacancy_id",
    "vacancy__title",
    "vacancy__employer_id",
    "vacancy__employer__name",
    "seeker__full_name",
    "seeker__district",
    "seeker__city",
)
# Where her name is among the columns after the first four (empty once she erased her account).
NAME_AT = _COLUMNS.index("seeker__full_name") - 4


def _local(moment: datetime.datetime | None) -> str:
    return "" if moment is None else timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def applications_csv_filename(*, today: datetime.date | None = None) -> str:
    """``applications-<local date of the download>.csv``."""
    return f"applications-{(today or timezone.localdate()).isoformat()}.csv"


def applications_csv_chunks(*, user: User, filters: ApplicationFilters) -> Iterator[bytes]:
    """The applications ``user`` may see with ``filters`` (those of ``GET applications/``),
    newest first, as UTF-8 CSV with a byte-order mark, in pieces of up to CHUNK_SIZE rows.

    Lazy: the query runs when the first piece is asked for. Times are local, minutes; the status
    is its label in the active language, like the header. No NIK and no contact details.
    """
    rows = (
        application_list_filtered(user=user, filters=filters)
        .order_by("-submitted_at", "-pk")
        .values_list(*_COLUMNS)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    labels = dict(ApplicationStatus.choices)
    removed = _("a removed applicant")
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    buffer.write(UTF8_BOM)
    writer.writerow([str(title) for title in LIST_CSV_HEADER])
    for count, row in enumerate(rows, start=1):
        pk, submitted_at, status, changed_at, *rest = row
        rest[NAME_AT] = rest[NAME_AT] or removed  # erased at her request
        writer.writerow([pk, _local(submitted_at), str(labels[status]), _local(changed_at), *rest])
        if count % CHUNK_SIZE == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
