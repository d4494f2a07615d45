"""Forms of signing up, signing in and choosing a new password on the web pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.phones import normalize_phone
from sicaker.errors import Invalid
from web.forms import PageForm


def _identifier_field(*, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=_("Mobile number or email"),
        help_text=help_text,
        max_length=254,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
        error_messages={"required": _("Enter your mobile number or your email.")},
    )


def clean_identifier(value: str) -> str:
    """An email as typed (the service lower-cases it) or a mobile number as E.164."""
    value = value.strip()
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError as error:
            raise ValidationError(_("Enter an email like name@example.com.")) from error
        return value
    try:
        return normalize_phone(value)
    except Invalid as error:
        raise ValidationError(str(error.fields["phone"][0])) from error


class SignInForm(PageForm):
    identifier = _identifier_field()
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password.")},
    )


class SignUpForm(PageForm):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your full name.")},
    )
    identifier = _identifier_field(
        help_text=_(
            "A mobile number (e.g. 0812 3456 7890) gets a code by SMS to prove it; you sign in "
            "with it."
        )
    )
    password = forms.CharField(
        label=_("Create a password"),
        help_text=_("At least 8 characters; not only numbers."),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Create a password.")},
    )
    consent_matching = forms.BooleanField(
        label=_("I agree that Si-Caker processes my profile to match me with jobs (needed)"),
        required=False,
    )
    consent_shown_to_employers = forms.BooleanField(
        label=_("Show me to employers as a candidate, without my name"), required=False
    )
    consent_contact_by_phone = forms.BooleanField(
        label=_("Contact me by SMS or WhatsApp"), required=False
    )
    role = forms.ChoiceField(
        label=_("I am"),
        choices=[
            (Role.SEEKER, _("Looking for work")),
            (Role.EMPLOYER, _("Hiring (an employer)")),
        ],
        initial=Role.SEEKER,
        widget=forms.RadioSelect,
    )

    def clean_identifier(self) -> str:
        return clean_identifier(self.cleaned_data["identifier"])


CHANNELS = [("sms", _("SMS")), ("whatsapp", _("WhatsApp"))]


class PhoneCodeSendForm(PageForm):
    phone = forms.CharField(
        label=_("Mobile number"),
        help_text=_("Starting with 08, e.g. 0812 3456 7890."),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"required": _("Enter your mobile number.")},
    )
    channel = forms.ChoiceField(
        label=_("Send the code by"), choices=CHANNELS, initial="sms", widget=forms.RadioSelect
    )


def _code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Code"),
        help_text=_("The 6 digits in the message."),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "class": "code-input"}
        ),
        error_messages={"required": _("Enter the code from the message.")},
    )


class PhoneVerifyForm(PageForm):
    code = _code_field()


class PasswordForgotForm(PageForm):
    identifier = _identifier_field()
    channel = forms.ChoiceField(
        label=_("For a mobile number, send the code by"),
        choices=CHANNELS,
        initial="sms",
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_identifier(self) -> str:
        return clean_identifier(self.cleaned_data["identifier"])


class PasswordResetCodeForm(PageForm):
    code = _code_field()
    new_password = forms.CharField(
        label=_("New password"),
        help_text=_("At least 8 characters; not only numbers."),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Create a new password.")},
    )
