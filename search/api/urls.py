"""URL routes of the search API."""

from django.urls import path

from search.api.views import VacancySearchView, VacancySuggestView

urlpatterns = [
    path("vacancies/search/", VacancySearchView.as_view(), name="vacancy-search"),
    path("vacancies/suggest/", VacancySuggestView.as_view(), name="vacancy-suggest"),
]
