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
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.codes import (
    password_reset_code_send,
    password_reset_with_code,
    phone_verification_send,
    phone_verify,
)
from accounts.exceptions import InvalidCredentials, SignInLocked
from accounts.models import CodePurpose, PhoneCode
from accounts.permissions import signed_in_user
from accounts.phones import display_phone, mask_phone
from accounts.services import sign_in_locks_lift, user_authenticate
from accounts.throttling import AdminSignInThrottle, client_ident
from accounts.web.forms import (
    PasswordForgotForm,
    PasswordResetCodeForm,
    PhoneCodeSendForm,
    PhoneVerifyForm,
    SignInForm,
    SignUpForm,
)
from consents.services import user_register_with_consents
from sicaker.errors import Conflict, Invalid, RateLimited, Unavailable, status_for
from web.forms import add_service_errors

# Where the email typed at sign-up waits for the sign-in form (not in the URL: no PII in logs).
SIGN_IN_EMAIL_KEY = "web:sign-in-email"
# The number whose password is being reset by code, between the two pages (not in the URL).
RESET_PHONE_KEY = "web:reset-phone"


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
                    identifier=form.cleaned_data["identifier"],
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
                if (
                    user.phone
                    and not user.is_phone_verified
                    and "@" not in form.cleaned_data["identifier"]
                ):
                    # Signed in with a number not proven yet: prove it first (SMS and a
                    # forgotten password need it), then on to where she was going.
                    return redirect(f"{reverse('phone-verify')}?next={_quoted(next_url)}")
                return HttpResponseRedirect(next_url)
        if status == HTTPStatus.OK and form.errors:
            status = HTTPStatus.BAD_REQUEST
    else:
        form = SignInForm(initial={"identifier": request.session.pop(SIGN_IN_EMAIL_KEY, "")})
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
            is_email = "@" in data["identifier"]
            try:
                user_register_with_consents(
                    email=data["identifier"] if is_email else None,
                    phone=None if is_email else data["identifier"],
                    password=data["password"],
                    full_name=data["full_name"],
                    role=data["role"],
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
                request.session[SIGN_IN_EMAIL_KEY] = (
                    data["identifier"] if is_email else display_phone(data["identifier"])
                )
                messages.success(
                    request,
                    _(
                        "Your registration is received and we sent you an email. Sign in with "
                        "your email and the password you just chose."
                    )
                    if is_email
                    else _(
                        "Your registration is received. Sign in with your mobile number and the "
                        "password you just chose; then we send a code to prove the number."
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
    """A forgotten password, by mobile number (a code by SMS/WhatsApp, to a proven number) or
    by email (Django's emailed link), behind the same "auth" rate limit as signing in."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password-reset-done")
    form_class = PasswordForgotForm  # type: ignore[assignment]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        wait = _rate_limited(request)
        if wait:
            form = self.get_form()
            form.is_valid()
            _too_many(form, wait)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form: forms.Form) -> HttpResponse:
        identifier = form.cleaned_data["identifier"]
        if "@" in identifier:
            by_email = PasswordResetForm({"email": identifier})
            by_email.is_valid()
            return super().form_valid(by_email)
        try:
            password_reset_code_send(
                phone=identifier,
                channel=form.cleaned_data["channel"] or "sms",
                client=client_ident(self.request),
            )
        except RateLimited as error:
            form.add_error(None, str(error.message))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        self.request.session[RESET_PHONE_KEY] = identifier
        return redirect("password-reset-code")


def password_reset_code(request: HttpRequest) -> HttpResponse:
    """The code from the SMS/WhatsApp and a new password; the number waits in the session."""
    phone = request.session.get(RESET_PHONE_KEY)
    if not phone:
        return redirect("password-reset")
    status = 200
    if request.method == "POST":
        form = PasswordResetCodeForm(request.POST)
        wait = _rate_limited(request)
        if wait:
            _too_many(form, wait)
            status = 429
        elif form.is_valid():
            try:
                password_reset_with_code(
                    phone=phone,
                    code=form.cleaned_data["code"],
                    new_password=form.cleaned_data["new_password"],
                    client=client_ident(request),
                )
            except Invalid as error:
                add_service_errors(form, error)
            except RateLimited as error:
                form.add_error("code", str(error.message))
                status = 429
            else:
                del request.session[RESET_PHONE_KEY]
                request.session[SIGN_IN_EMAIL_KEY] = display_phone(phone)
                messages.success(
                    request, _("Your new password is set. Sign in with your number and it.")
                )
                return redirect("sign-in")
        if status == HTTPStatus.OK and form.errors:
            status = HTTPStatus.BAD_REQUEST
    else:
        form = PasswordResetCodeForm()
    return render(
        request,
        "accounts/password_reset_code.html",
        {"form": form, "phone": mask_phone(phone), "phone_display": display_phone(phone)},
        status=status,
    )


def _verify_page(
    request: HttpRequest,
    *,
    send_form: PhoneCodeSendForm | None = None,
    code_form: PhoneVerifyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    has_code = PhoneCode.objects.filter(
        user=user, purpose=CodePurpose.VERIFY, used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()
    context = {
        "send_form": send_form
        or PhoneCodeSendForm(initial={"phone": display_phone(user.phone), "channel": "sms"}),
        "code_form": code_form or PhoneVerifyForm(),
        "pending": mask_phone(has_code.phone) if has_code else "",
        "proven": display_phone(user.phone) if user.is_phone_verified else "",
        "next": safe_next(request),
    }
    return render(request, "accounts/phone_verify.html", context, status=status)


@login_required
def phone_verify_page(request: HttpRequest) -> HttpResponse:
    """Prove her mobile number: ask for a code (``phone_code_send``), then type it in here."""
    if request.method != "POST":
        return _verify_page(request)
    form = PhoneVerifyForm(request.POST)
    wait = _rate_limited(request)
    if wait:
        _too_many(form, wait)
        return _verify_page(request, code_form=form, status=429)
    if not form.is_valid():
        return _verify_page(request, code_form=form, status=400)
    try:
        phone_verify(
            user=signed_in_user(request),
            code=form.cleaned_data["code"],
            client=client_ident(request),
        )
    except Invalid as error:
        add_service_errors(form, error)
        return _verify_page(request, code_form=form, status=400)
    except (RateLimited, Conflict) as error:
        form.add_error("code", str(error.message))
        return _verify_page(request, code_form=form, status=status_for(error))
    messages.success(request, _("Your mobile number is proven. Messages can now reach you there."))
    return redirect(safe_next(request))


@login_required
@require_POST
def phone_code_send(request: HttpRequest) -> HttpResponse:
    """Send a code to her number (or a new one she typed), then back to the code page."""
    form = PhoneCodeSendForm(request.POST)
    wait = _rate_limited(request)
    if wait:
        _too_many(form, wait)
        return _verify_page(request, send_form=form, status=429)
    if not form.is_valid():
        return _verify_page(request, send_form=form, status=400)
    try:
        sent = phone_verification_send(
            user=signed_in_user(request),
            phone=form.cleaned_data["phone"],
            channel=form.cleaned_data["channel"],
            client=client_ident(request),
        )
    except Invalid as error:
        add_service_errors(form, error)
        return _verify_page(request, send_form=form, status=400)
    except (RateLimited, Conflict, Unavailable) as error:
        form.add_error("phone", str(error.message))
        return _verify_page(request, send_form=form, status=status_for(error))
    messages.success(
        request,
        _("We sent a code to %(phone)s. It is valid for %(minutes)d minutes.")
        % {"phone": mask_phone(sent.phone), "minutes": sent.expires_in // 60},
    )
    return redirect(f"{reverse('phone-verify')}?next={_quoted(safe_next(request))}")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password from the emailed link; it ends every older token and lifts the locks."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password-reset-complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        for name in (form.user.email, form.user.phone):
            if name:
                sign_in_locks_lift(email=name)
        return response
