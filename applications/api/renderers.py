"""The spreadsheet renderer of the applications report (``?format=csv`` or ``Accept: text/csv``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import BaseRenderer

from applications.reports import applications_report_csv
from sicaker.spreadsheet import UTF8_BOM

__all__ = ["UTF8_BOM", "ApplicationsListCSVRenderer", "ApplicationsReportCSVRenderer"]


class ApplicationsReportCSVRenderer(BaseRenderer):
    """Renders the report dict as CSV, UTF-8 with a byte-order mark so Excel reads it as UTF-8.

    Registered with format "csv", so DRF's own ``?format=`` renderer selection picks it.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        return (UTF8_BOM + applications_report_csv(data)).encode(self.charset)


class ApplicationsListCSVRenderer(BaseRenderer):
    """Lets ``?format=csv`` and ``Accept: text/csv`` reach ``applications/export/``, whose
    answer is already a streamed spreadsheet (``applications.exports``); never renders a body
    itself (errors are rendered as JSON by the view)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        return str(data).encode(self.charset)
