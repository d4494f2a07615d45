from django.urls import path

from search.web import alerts, feeds, views

urlpatterns = [
    path("lowongan/", views.vacancy_search_page, name="vacancy-search"),
    path("lowongan/feed/", feeds.vacancy_search_feed, name="vacancy-search-feed"),
    path("saya/cocok/", views.seeker_matches_page, name="seeker-matches-page"),
    path("saya/notifikasi-lowongan/", alerts.job_alerts, name="job-alerts"),
    path("saya/notifikasi-lowongan/baru/", alerts.job_alert_new, name="job-alert-new"),
    path("saya/notifikasi-lowongan/<int:pk>/jeda/", alerts.job_alert_pause, name="job-alert-pause"),
    path(
        "saya/notifikasi-lowongan/<int:pk>/lanjutkan/",
        alerts.job_alert_resume,
        name="job-alert-resume",
    ),
    path(
        "saya/notifikasi-lowongan/<int:pk>/hapus/",
        alerts.job_alert_delete,
        name="job-alert-delete",
    ),
]
