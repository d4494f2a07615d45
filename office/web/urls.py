"""The labor office's pages, under /kantor/ (Indonesian paths, like the rest of the site)."""

from django.urls import path

from office.web import duplicates, imports, privacy, views

urlpatterns = [
    path("kantor/", views.dashboard, name="office-dashboard"),
    path("kantor/lamaran/", views.applications, name="office-applications"),
    path("kantor/lamaran/unduh/", views.applications_export, name="office-applications-export"),
    path("kantor/lamaran/csv/", views.applications_csv, name="office-applications-csv"),
    path("kantor/verifikasi/", views.employer_queue, name="office-employers"),
    path("kantor/verifikasi/<int:pk>/", views.employer_review, name="office-employer"),
    path(
        "kantor/verifikasi/<int:pk>/setujui/", views.employer_verify, name="office-employer-verify"
    ),
    path("kantor/verifikasi/<int:pk>/tolak/", views.employer_refuse, name="office-employer-refuse"),
    path("kantor/pendaftaran/", views.participant_new, name="office-participant-new"),
    path(
        "kantor/verifikasi/<int:pk>/impor/", imports.employer_import, name="office-employer-import"
    ),
    path("kantor/duplikat/", duplicates.duplicates, name="office-duplicates"),
    path(
        "kantor/duplikat/<int:pk>/bukan-duplikat/",
        duplicates.duplicate_dismiss,
        name="office-duplicate-dismiss",
    ),
    path("kantor/pencaker/", views.seekers, name="office-seekers"),
    path("kantor/pencaker/<int:pk>/", views.seeker_detail, name="office-seeker"),
    path(
        "kantor/pencaker/<int:pk>/kirim-tautan/",
        views.seeker_claim_resend,
        name="office-seeker-claim-resend",
    ),
    path("kantor/pencaker/<int:pk>/nik/", privacy.seeker_nik, name="office-seeker-nik"),
    path("kantor/pencaker/<int:pk>/kartu-ak1/", privacy.seeker_ak1_card, name="office-seeker-ak1"),
    path("kantor/lowongan/", views.vacancies, name="office-vacancies"),
    path("kantor/lowongan/<int:pk>/", views.vacancy_detail, name="office-vacancy"),
    path("kantor/lowongan/<int:pk>/tutup/", views.vacancy_close, name="office-vacancy-close"),
    path("kantor/keahlian/", views.skills, name="office-skills"),
    path("kantor/keahlian/baru/", views.skill_new, name="office-skill-new"),
    path("kantor/keahlian/<int:pk>/", views.skill_edit, name="office-skill"),
    path("kantor/pelatihan/", views.trainings, name="office-trainings"),
    path("kantor/pelatihan/baru/", views.training_new, name="office-training-new"),
    path("kantor/pelatihan/<int:pk>/", views.training_detail, name="office-training"),
    path("kantor/pelatihan/<int:pk>/peserta/", views.training_pick, name="office-training-pick"),
]
