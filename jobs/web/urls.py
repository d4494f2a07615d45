from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.decorators.cache import cache_control

from jobs.web import employer, imports, views
from jobs.web.sitemaps import SITEMAPS

# Search engines fetch these often; an hour old is fresh enough.
_cached = cache_control(public=True, max_age=3600)

urlpatterns = [
    path(
        "sitemap.xml",
        _cached(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        _cached(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("lowongan/<int:pk>/", views.vacancy_detail, name="vacancy-detail"),
    # The employer's pages ("usaha" = business).
    path("usaha/", employer.employer_home, name="employer-home"),
    path("usaha/profil/", employer.employer_profile, name="employer-profile"),
    path("usaha/keahlian/", employer.employer_skill_finder, name="employer-skill-finder"),
    path("usaha/lowongan/", employer.employer_vacancies, name="employer-vacancies"),
    path("usaha/lowongan/baru/", employer.employer_vacancy_new, name="employer-vacancy-new"),
    path("usaha/lowongan/impor/", imports.employer_vacancy_import, name="employer-vacancy-import"),
    path(
        "usaha/lowongan/impor/templat.<str:kind>",
        imports.import_template,
        name="employer-vacancy-import-template",
    ),
    path("usaha/lowongan/<int:pk>/", employer.employer_vacancy, name="employer-vacancy"),
    path(
        "usaha/lowongan/<int:pk>/ubah/",
        employer.employer_vacancy_edit,
        name="employer-vacancy-edit",
    ),
    path(
        "usaha/lowongan/<int:pk>/terbitkan/",
        employer.employer_vacancy_publish,
        name="employer-vacancy-publish",
    ),
    path(
        "usaha/lowongan/<int:pk>/gabung/",
        employer.employer_vacancy_merge,
        name="employer-vacancy-merge",
    ),
    path(
        "usaha/lowongan/<int:pk>/tutup/",
        employer.employer_vacancy_close,
        name="employer-vacancy-close",
    ),
]
