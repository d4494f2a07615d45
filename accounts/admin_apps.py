"""Django's admin app, with Si-Caker's admin site (``accounts.admin_site``) as its default."""

from django.contrib.admin.apps import AdminConfig as _AdminConfig


class AdminConfig(_AdminConfig):
    default_site = "accounts.admin_site.AdminSite"
