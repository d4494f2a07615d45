"""What every web form shares: service errors beside their fields, and the error summary."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from sicaker.errors import Invalid


def add_service_errors(form: forms.Form, error: Invalid) -> None:
    """Put a service's field messages on the form's fields (others on the whole form).

    Services raise ``Invalid({"field": [messages]})``, which the API shows in its ``fields``;
    a web form shows those very messages beside the field she typed into.
    """
    detail: dict[str, Any] = error.fields or {"": [error.message]}
    for name, given in detail.items():
        messages = given if isinstance(given, list) else [given]
        field = name if name in form.fields else None
        for message in messages:
            form.add_error(field, str(message))


class PageForm(forms.Form):
    """A form whose errors are listed at the top of the page, each linking to its field."""

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) pairs in the order of the fields; form-wide errors first."""
        items = [("", str(message)) for message in self.non_field_errors()]
        for name in self.fields:
            for message in self.errors.get(name, []):
                bound = self[name]
                anchor = bound.id_for_label or bound.auto_id
                items.append((anchor, str(message)))
        return items

    @staticmethod
    def summary_title() -> str:
        return _("There is a problem")
