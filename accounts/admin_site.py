"""The admin site: its sign-in goes through the API's rate limit and sign-in lock.

Django's own admin sign-in would let anyone try passwords without limit (no throttle, no lock).
Here a POST to the sign-in form first passes the "auth" rate limit (counted with the API's, per
client: 429 when exceeded), then ``user_authenticate`` (the lock per email and client), and only
then the admin's own rule (staff accounts only).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from accounts.exceptions import InvalidCredentials, SignInLocked
from accounts.services import user_authenticate
from accounts.throttling import AdminSignInThrottle, client_ident


class AdminSignInForm(AdminAuthenticationForm):
    def clean(self) -> dict:
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password:
            try:
                self.user_cache = user_authenticate(
                    email=email,
                    password=password,
                    client=client_ident(self.request) if self.request else "",
                    request=self.request,
                )
            except SignInLocked as error:
                raise ValidationError(str(error.message), code="sign_in_locked") from error
            except InvalidCredentials as error:
                raise self.get_invalid_login_error() from error
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class AdminSite(admin.AdminSite):
    login_form = AdminSignInForm

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        if request.method == "POST":
            throttle = AdminSignInThrottle()
            # The admin is no DRF view: the throttle reads only the request's META and cache.
            if not throttle.allow_request(request, None):  # type: ignore[arg-type]
                wait = max(1, int(throttle.wait() or 1))
                return HttpResponse(
                    _(
                        "Too many sign-in attempts from this address; try again in %(seconds)d "
                        "seconds."
                    )
                    % {"seconds": wait},
                    status=429,
                    content_type="text/plain; charset=utf-8",
                    headers={"Retry-After": str(wait)},
                )
        return super().login(request, extra_context)
