"""Forms of her consents page and of claiming an account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from web.forms import PageForm


class ConsentsForm(PageForm):
    matching = forms.BooleanField(
        label=_("Process my profile to match me with jobs"),
        help_text=_("Without it Si-Caker cannot find work for you or show you to employers."),
        required=False,
    )
    shown_to_employers = forms.BooleanField(
        label=_("Show me to employers as a candidate, without my name"),
        help_text=_(
            "They see your skills, education and a rough distance; your name and number only "
            "when you apply."
        ),
        required=False,
    )
    contact_by_phone = forms.BooleanField(
        label=_("Contact me by SMS or WhatsApp"),
        help_text=_("Without it, news still reaches your inbox (and email, if you have one)."),
        required=False,
    )


class ClaimForm(PageForm):
    password = forms.CharField(
        label=_("Choose a password"),
        help_text=_("At least 8 characters; not only numbers."),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Choose a password.")},
    )
    password_again = forms.CharField(
        label=_("The same password again"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type the password a second time.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password_again") not in (None, data["password"]):
            self.add_error(
                "password_again", _("The two passwords differ; type the same one twice.")
            )
        return data
