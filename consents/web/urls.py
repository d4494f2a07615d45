from django.urls import path

from consents.web import views

urlpatterns = [
    path("privasi/", views.privacy_notice, name="privacy-notice-page"),
    path("saya/privasi/", views.my_privacy, name="my-privacy"),
    path("klaim/<str:secret>/", views.claim, name="account-claim"),
]
