"""URL routes of the search API."""

from django.urls import path

from search.api.views import (
    AlertDetailView,
    AlertListView,
    SeekerMatchesView,
    VacancyCandidatesView,
    VacancySearchView,
    VacancySuggestView,
)

urlpatterns = [
    path("alerts/", AlertListView.as_view(), name="alert-list"),
    path("alerts/<int:pk>/", AlertDetailView.as_view(), name="alert-detail"),
    path("seekers/me/matches/", SeekerMatchesView.as_view(), name="seeker-matches"),
    path("vacancies/<int:pk>/matches/", VacancyCandidatesView.as_view(), name="vacancy-matches"),
    path("vacancies/search/", VacancySearchView.as_view(), name="vacancy-search"),
    path("vacancies/suggest/", VacancySuggestView.as_view(), name="vacancy-suggest"),
]
