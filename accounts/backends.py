"""Django's password check, finding the account by its email or by its sign-in mobile number."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from accounts.models import User


class EmailOrPhoneBackend(ModelBackend):
    """``username`` is a normalised email (contains "@") or an E.164 number (``sign_in_name``)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        field = "email" if "@" in username else "phone"
        user = User.objects.filter(**{field: username}).first()
        if user is None:
            # Run the hasher anyway, so an unknown name takes as long as a wrong password.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
