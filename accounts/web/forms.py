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
    role = forms.ChoiceField(
        label=_("I am"),
        choices=[
            (Role.SEEKER, _("Looking for work")),
            (Role.EMPLOYER, _("Hiring (an employer)")),
        ],
        initial=Role.SEEKER,
        widget=forms.RadioSelect,
    )
