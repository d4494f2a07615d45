"""Who may call the jobs endpoints (roles); which objects they see is decided in selectors."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission


class IsEmployer(BasePermission):
    message = _("Only employer accounts can do this; sign in with your employer account.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_employer)


class IsStaff(BasePermission):
    message = _("Only labor-office staff can do this.")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_officer)
