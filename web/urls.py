"""The web pages: the home page here, each app's pages from its own ``web/urls.py``."""

from django.urls import include, path

from web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("search.web.urls")),
    path("", include("jobs.web.urls")),
    path("", include("applications.web.urls")),
    path("", include("seekers.web.urls")),
    path("", include("accounts.web.urls")),
    path("", include("consents.web.urls")),
    path("", include("notifications.web.urls")),
    path("", include("office.web.urls")),
]
