from django.urls import path

from jobs.web import views

urlpatterns = [
    path("lowongan/<int:pk>/", views.vacancy_detail, name="vacancy-detail"),
]
