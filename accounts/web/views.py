"""Sign up, sign in, sign out and a forgotten password, as web pages with a session.

The same services and limits as the API: ``user_register`` (an email that already has an account
gets the same answer as a new one), ``user_authenticate`` (the lock per email and client) and the
"auth" rate limit per client, shared with the API and the admin.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.exceptions import InvalidCredentials, SignInLocked
from accounts.services import sign_in_locks_lift, user_authenticate
from accounts.throttling import AdminSignInThrottle, client_ident
from accounts.web.forms import SignInForm, SignUpForm
from consents.services import user_register_with_consents
from sicaker.errors import Invalid
from web.forms import add_service_errors

# Where the email typed at sign-up waits for the sign-in form (not in the URL: no PII in logs).
SIGN_IN_EMAIL_KEY = "web:sign-in-email"


def safe_next(request: HttpRequest, default: str = "") -> str:
    """The ``next`` the request carries if it points into this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse(settings.LOGIN_REDIRECT_URL)


def _rate_limited(request: HttpRequest) -> int | None:
    """Seconds to wait when this client used up the "auth" allowance (API, admin and web)."""
    throttle = AdminSignInThrottle()
    # No DRF view here: the throttle reads only the request's META and the cache.
    if throttle.allow_request(request, None):  # type: ignore[arg-type]
        return None
    return max(1, int(throttle.wait() or 1))


def _too_many(form: forms.Form, seconds: int) -> None:
    form.add_error(
        None,
        _("Too many attempts from this address; try again in %(seconds)d seconds.")
        % {"seconds": seconds},
    )


def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    status = 200
    if request.method == "POST":
        form = SignInForm(request.POST)
        wait = _rate_limited(request)
        if wait:
            _too_many(form, wait)
            status = 429
        elif form.is_valid():
            try:
                user = user_authenticate(
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"],
                    client=client_ident(request),
                    request=request,
                )
            except SignInLocked as error:
                form.add_error(None, str(error.message))
                status = 429
            except InvalidCredentials as error:
                form.add_error(None, str(error.message))
            else:
                login(request, user)
                return HttpResponseRedirect(next_url)
        if status == HTTPStatus.OK and form.errors:
            status = HTTPStatus.BAD_REQUEST
    else:
        form = SignInForm(initial={"email": request.session.pop(SIGN_IN_EMAIL_KEY, "")})
    return render(request, "accounts/sign_in.html", {"form": form, "next": next_url}, status=status)


def sign_up(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request)
    status = 200
    if request.method == "POST":
        form = SignUpForm(request.POST)
        wait = _rate_limited(request)
        if wait:
            _too_many(form, wait)
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                user_register_with_consents(
                    email=data["email"],
                    password=data["password"],
                    full_name=data["full_name"],
                    role=data["role"],
                    phone=data["phone"],
                    preferred_language=(get_language() or "id")[:2],
                    consent_matching=data["consent_matching"],
                    consent_shown_to_employers=data["consent_shown_to_employers"],
                    consent_contact_by_phone=data["consent_contact_by_phone"],
                )
            except Invalid as error:
                add_service_errors(form, error)
            else:
                # The same answer whether the email was new or already had an account (its
                # owner gets a mail instead), so the page reveals nothing: she signs in next.
                request.session[SIGN_IN_EMAIL_KEY] = data["email"]
                messages.success(
                    request,
                    _(
                        "Your registration is received and we sent you an email. Sign in with "
                        "your email and the password you just chose."
                    ),
                )
                return redirect(f"{reverse('sign-in')}?next={_quoted(next_url)}")
        if status == HTTPStatus.OK and form.errors:
            status = HTTPStatus.BAD_REQUEST
    else:
        form = SignUpForm()
    return render(request, "accounts/sign_up.html", {"form": form, "next": next_url}, status=status)


def _quoted(url: str) -> str:
    return quote(url, safe="/")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("You are signed out."))
    return redirect("home")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by email, behind the same "auth" rate limit as signing in."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password-reset-done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wait = _rate_limited(request)
        if wait:
            form = self.get_form()
            form.is_valid()
            _too_many(form, wait)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password from the emailed link; it ends every older token and lifts the locks."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password-reset-complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        sign_in_locks_lift(email=form.user.email)
        return response
