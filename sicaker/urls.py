"""Root URL configuration: the versioned API, its schema and docs, the health check, the web."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from sicaker.health import healthz
from sicaker.operations.metrics import metrics_view

# search first: its fixed paths (vacancies/search/, vacancies/suggest/) must win over the
# vacancies/{id}/ routes of the jobs router.
api_v1 = [
    path("", include("search.api.urls")),
    path("", include("accounts.api.urls")),
    path("", include("consents.api.urls")),
    path("", include("jobs.api.urls")),
    path("", include("seekers.api.urls")),
    path("", include("applications.api.urls")),
    path("", include("notifications.api.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/", healthz),
    path("metrics", metrics_view, name="metrics"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    # The language switch of the web pages (Django's set_language: a plain form, no JS needed).
    path("i18n/", include("django.conf.urls.i18n")),
    # The web pages: last, so every fixed path above wins.
    path("", include("web.urls")),
]

# /api/ answers in the JSON envelope, other pages get Django's error pages.
handler400 = "sicaker.api.errors.bad_request_view"
handler403 = "sicaker.api.errors.permission_denied_view"
handler404 = "sicaker.api.errors.not_found_view"
handler500 = "sicaker.api.errors.server_error_view"
