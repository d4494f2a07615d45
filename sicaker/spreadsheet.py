"""CSV files the app writes: every cell made safe to open in a spreadsheet program.

A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (CSV injection): user-typed text such as an
employer's name or a seeker's district could then run a formula on an officer's computer.
OWASP's rule is to prefix such a cell with a single quote, which the spreadsheet shows as text.
Every CSV export goes through ``csv_writer`` so that no future export can forget it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from django.http import HttpResponse, StreamingHttpResponse

UTF8_BOM = "\ufeff"  # so Excel reads the file as UTF-8
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should get it: text that could start a formula gets a ``'``.

    Numbers are left alone (a negative number is a number, not a formula); only text is checked.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeCSVWriter:
    """``csv.writer`` whose every cell goes through ``safe_cell``."""

    def __init__(self, stream: TextIO, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: TextIO, *, lineterminator: str = "\r\n", **options: Any) -> SafeCSVWriter:
    """The one way the app writes CSV (rows end in CRLF, as RFC 4180 and Excel expect)."""
    return SafeCSVWriter(stream, lineterminator=lineterminator, **options)


def csv_download(chunks: Iterator[bytes], *, filename: str) -> StreamingHttpResponse:
    """A streamed UTF-8 CSV attachment named ``filename`` (the chunks carry the BOM)."""
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOWNLOAD_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_TYPE}


def spreadsheet_download(content: bytes, *, filename: str) -> HttpResponse:
    """A CSV or XLSX file (as its name ends) as an attachment named ``filename``."""
    extension = filename.rsplit(".", 1)[-1]
    response = HttpResponse(content, content_type=_DOWNLOAD_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
