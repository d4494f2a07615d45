from django.urls import path

from applications.web import views

urlpatterns = [
    path("lowongan/<int:pk>/lamar/", views.vacancy_apply, name="vacancy-apply"),
    path("lowongan/<int:pk>/terkirim/", views.vacancy_applied, name="vacancy-applied"),
]
