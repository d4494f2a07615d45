from django.urls import path

from applications.web import employer, views

urlpatterns = [
    path("lowongan/<int:pk>/lamar/", views.vacancy_apply, name="vacancy-apply"),
    path("lowongan/<int:pk>/terkirim/", views.vacancy_applied, name="vacancy-applied"),
    path("saya/lamaran/", views.my_applications, name="my-applications"),
    path("saya/lamaran/<int:pk>/tarik/", views.application_withdraw, name="application-withdraw"),
    # The employer's pages about applicants and candidates.
    path("usaha/lowongan/<int:pk>/lamaran/", employer.employer_pipeline, name="employer-pipeline"),
    path(
        "usaha/lamaran/<int:pk>/pindahkan/",
        employer.employer_application_move,
        name="employer-application-move",
    ),
    path(
        "usaha/lowongan/<int:pk>/kandidat/",
        employer.employer_candidates,
        name="employer-candidates",
    ),
    path(
        "usaha/lowongan/<int:pk>/kandidat/<int:seeker_pk>/undang/",
        employer.employer_invite,
        name="employer-invite",
    ),
]
