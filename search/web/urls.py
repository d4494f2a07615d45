from django.urls import path

from search.web import views

urlpatterns = [
    path("lowongan/", views.vacancy_search_page, name="vacancy-search"),
    path("saya/cocok/", views.seeker_matches_page, name="seeker-matches-page"),
]
