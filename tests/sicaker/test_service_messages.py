"""The messages services and selectors give people speak of things, not of API field names:
"raise the maximum", not "raise pay_max" (the field is the error's key, not its words)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(
    path
    for pattern in ("*/services.py", "*/services/*.py", "*/selectors.py")
    for path in ROOT.glob(pattern)
    if not path.parts[len(ROOT.parts)].startswith(".")
)
FIELD_NAME = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
TRANSLATED = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext"}


def _messages(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in TRANSLATED:
            found += [
                (node.lineno, arg.value)
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ]
    return found


def test_the_scan_sees_the_services():
    assert {"jobs", "seekers", "applications", "accounts"} <= {
        path.relative_to(ROOT).parts[0] for path in MODULES
    }


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_message_names_a_field(path):
    assert [(line, text) for line, text in _messages(path) if FIELD_NAME.search(text)] == []
