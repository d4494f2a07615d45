from django.urls import path

from seekers.web import views

urlpatterns = [
    path("saya/profil/", views.profile_overview, name="seeker-profile"),
    path("saya/profil/kelurahan/", views.subdistrict_field, name="seeker-profile-subdistricts"),
    path("saya/profil/keahlian/saran/", views.skill_suggestions, name="seeker-skill-suggestions"),
    path("saya/profil/<slug:slug>/", views.profile_step, name="seeker-profile-step"),
]
