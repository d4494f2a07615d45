"""Every CSV the app writes is safe to open in a spreadsheet (no formula injection)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from sicaker.spreadsheet import csv_writer, safe_cell

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+62 812", "'+62 812"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tKlojen", "'\tKlojen"),
        ("\rKlojen", "'\rKlojen"),
        ("Klojen", "Klojen"),
        ("a=b", "a=b"),
        ("", ""),
        (-5, -5),
        (3, 3),
        (None, None),
    ],
)
def test_only_text_that_a_spreadsheet_would_read_as_a_formula_gets_a_quote(value, expected):
    assert safe_cell(value) == expected


def test_the_writer_neutralises_every_cell_of_every_row():
    buffer = io.StringIO()
    writer = csv_writer(buffer)

    writer.writerow(["=1+1", 2, "Sukun"])
    writer.writerows([["@A1", "-x"]])

    assert buffer.getvalue() == "'=1+1,2,Sukun\r\n'@A1,'-x\r\n"


def test_no_module_writes_csv_except_through_the_safe_writer():
    # Given every Python module of the app (tests and the virtualenv aside)
    direct = re.compile(r"\bcsv\.(writer|DictWriter)\(")
    offenders = [
        str(path.relative_to(REPO))
        for path in REPO.rglob("*.py")
        if not {"tests", ".venv", "node_modules"} & set(path.relative_to(REPO).parts)
        and path.relative_to(REPO).as_posix() != "sicaker/spreadsheet.py"
        and direct.search(path.read_text(encoding="utf-8"))
    ]

    # Then none calls the csv module's writers directly: exports go through csv_writer
    assert offenders == []
