"""URL routes of the applications API (included under /api/v1/)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from applications.api.views import (
    ApplicationsExportView,
    ApplicationsReportView,
    ApplicationViewSet,
    InvitationListView,
    MarketReportView,
    VacancyInvitationsView,
)

# Ids are digits: ApplicationViewSet.lookup_value_regex (DRF reads it from the viewset).
router = SimpleRouter()
router.register("applications", ApplicationViewSet, basename="application")

urlpatterns = [
    path("applications/export/", ApplicationsExportView.as_view(), name="applications-export"),
    path("reports/applications/", ApplicationsReportView.as_view(), name="report-applications"),
    path("reports/market/", MarketReportView.as_view(), name="report-market"),
    path(
        "vacancies/<int:pk>/invitations/",
        VacancyInvitationsView.as_view(),
        name="vacancy-invitations",
    ),
    path("invitations/", InvitationListView.as_view(), name="invitation-list"),
    *router.urls,
]
