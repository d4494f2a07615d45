"""URL routes of the seekers API (under /api/v1/), plus the skill taxonomy's routes."""

from django.urls import include, path

from seekers.api import participants, privacy, trainings, views

urlpatterns = [
    path("", include("jobs.api.skill_urls")),
    path("seekers/me/", views.MyProfileView.as_view(), name="seeker-me"),
    path("seekers/", views.SeekerListView.as_view(), name="seeker-list"),
    path("seekers/me/ak1/", privacy.MyAk1CardView.as_view(), name="seeker-me-ak1"),
    path("seekers/<int:pk>/", views.SeekerDetailView.as_view(), name="seeker-detail"),
    path("seekers/<int:pk>/ak1/", privacy.SeekerAk1CardView.as_view(), name="seeker-ak1"),
    path("seekers/<int:pk>/nik/", privacy.SeekerNikRevealView.as_view(), name="seeker-nik"),
    path("trainings/", trainings.TrainingListView.as_view(), name="training-list"),
    path("trainings/<int:pk>/", trainings.TrainingDetailView.as_view(), name="training-detail"),
    path(
        "trainings/<int:pk>/completions/",
        trainings.TrainingCompletionListView.as_view(),
        name="training-completions",
    ),
    path(
        "trainings/<int:pk>/participants/",
        participants.TrainingParticipantsView.as_view(),
        name="training-participants",
    ),
    path("participants/", participants.ParticipantRegisterView.as_view(), name="participants"),
]
