from django.urls import path

from jobs.web import employer, imports, views

urlpatterns = [
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
