"""Who may call the jobs endpoints (roles); which objects they see is decided in selectors."""

from django.utils.translation import gettext_lazy as _

from accounts import permissions as roles


class IsEmployer(roles.IsEmployer):
    message = _("Only employer accounts can do this; sign in with your employer account.")


class IsStaff(roles.IsStaff):
    message = _("Only labor-office staff can do this.")
