from django.urls import path

from applications.web import views

urlpatterns = [
    path("lowongan/<int:pk>/lamar/", views.vacancy_apply, name="vacancy-apply"),
    path("lowongan/<int:pk>/terkirim/", views.vacancy_applied, name="vacancy-applied"),
    path("saya/lamaran/", views.my_applications, name="my-applications"),
    path("saya/lamaran/<int:pk>/tarik/", views.application_withdraw, name="application-withdraw"),
]
