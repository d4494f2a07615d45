"""Forms of signing up, signing in and choosing a new password on the web pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from web.forms import PageForm


class SignInForm(PageForm):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
        error_messages={
            "required": _("Enter your email."),
            "invalid": _("Enter an email like name@example.com."),
        },
    )
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
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
        error_messages={
            "required": _("Enter your email."),
            "invalid": _("Enter an email like name@example.com."),
        },
    )
    phone = forms.CharField(
        label=_("Mobile number (optional)"),
        help_text=_("For WhatsApp or SMS messages about your applications, e.g. 0812 3456 7890."),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
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
