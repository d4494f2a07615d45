"""URL routes of the jobs API (under /api/v1/; the search app's vacancies/search/ and
vacancies/suggest/ are matched first, and vacancy ids only match digits anyway)."""

from django.urls import re_path

from jobs.api import open_data, views

urlpatterns = [
    # The open data: anonymous, rate-limited, cacheable (jobs/api/open_data.py).
    re_path(
        r"^open/vacancies/stream/$",
        open_data.VacancyStreamView.as_view(),
        name="open-vacancy-stream",
    ),
    re_path(
        r"^open/vacancies/snapshot/$",
        open_data.VacancySnapshotView.as_view(),
        name="open-vacancy-snapshot",
    ),
    re_path(
        r"^open/vacancies/snapshot/meta/$",
        open_data.VacancySnapshotMetaView.as_view(),
        name="open-vacancy-snapshot-meta",
    ),
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
    re_path(r"^vacancies/(?P<pk>\d+)/copy/$", views.VacancyCopyView.as_view(), name="vacancy-copy"),
]
