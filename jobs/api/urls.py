"""URL routes of the jobs API (under /api/v1/; the search app's vacancies/search/ and
vacancies/suggest/ are matched first, and vacancy ids only match digits anyway)."""

from django.urls import re_path

from jobs.api import views

urlpatterns = [
    re_path(r"^employers/me/$", views.EmployerMeView.as_view(), name="employer-me"),
    re_path(r"^employers/$", views.EmployerListView.as_view(), name="employer-list"),
    re_path(
        r"^employers/(?P<pk>\d+)/$", views.EmployerDetailView.as_view(), name="employer-detail"
    ),
    re_path(
        r"^employers/(?P<pk>\d+)/verify/$",
        views.EmployerVerifyView.as_view(),
        name="employer-verify",
    ),
    re_path(r"^vacancies/$", views.VacancyListView.as_view(), name="vacancy-list"),
    re_path(r"^vacancies/import/$", views.VacancyImportView.as_view(), name="vacancy-import"),
    re_path(
        r"^vacancies/import/template\.(?P<kind>csv|xlsx)$",
        views.VacancyImportTemplateView.as_view(),
        name="vacancy-import-template",
    ),
    re_path(
        r"^vacancies/duplicates/$",
        views.DuplicateFlagListView.as_view(),
        name="vacancy-duplicate-list",
    ),
    re_path(
        r"^vacancies/duplicates/(?P<pk>\d+)/dismiss/$",
        views.DuplicateFlagDismissView.as_view(),
        name="vacancy-duplicate-dismiss",
    ),
    re_path(
        r"^vacancies/(?P<pk>\d+)/merge/$", views.VacancyMergeView.as_view(), name="vacancy-merge"
    ),
    re_path(r"^vacancies/(?P<pk>\d+)/$", views.VacancyDetailView.as_view(), name="vacancy-detail"),
    re_path(
        r"^vacancies/(?P<pk>\d+)/publish/$",
        views.VacancyPublishView.as_view(),
        name="vacancy-publish",
    ),
    re_path(
        r"^vacancies/(?P<pk>\d+)/close/$", views.VacancyCloseView.as_view(), name="vacancy-close"
    ),
]
