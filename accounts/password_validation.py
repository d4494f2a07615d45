"""A password validator for spaces: none only of spaces, none starting or ending with one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class WhitespacePasswordValidator:
    """Refuse blank passwords, passwords that start or end with whitespace, and too few letters.

    Ten spaces pass Django's own validators (long enough, not common, not numeric). A space at
    either end is refused too: phone keyboards add one after a suggested word, unseen, and she
    would then fail to sign in with what she believes is her password.
    """

    def __init__(self, min_visible: int = 8) -> None:
        self.min_visible = min_visible

    def validate(self, password: str, user: object = None) -> None:
        if not password.strip():
            raise ValidationError(
                _("The password cannot be made of spaces only; choose one with letters or digits."),
                code="password_blank",
            )
        errors = []
        if password != password.strip():
            errors.append(
                ValidationError(
                    _("The password cannot start or end with a space; remove the space."),
                    code="password_surrounding_whitespace",
                )
            )
        visible = sum(1 for character in password if not character.isspace())
        # Shorter than the minimum is already said by Django's MinimumLengthValidator.
        if visible < self.min_visible <= len(password):
            errors.append(
                ValidationError(
                    ngettext(
                        "The password must contain at least %(min)d character that is not a space.",
                        "The password must contain at least %(min)d characters that are not "
                        "spaces.",
                        self.min_visible,
                    ),
                    code="password_too_few_visible",
                    params={"min": self.min_visible},
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return ngettext(
            "Your password must contain at least %(min)d character that is not a space, and "
            "cannot start or end with a space.",
            "Your password must contain at least %(min)d characters that are not spaces, and "
            "cannot start or end with a space.",
            self.min_visible,
        ) % {"min": self.min_visible}
