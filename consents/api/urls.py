"""URL routes of the consents API (under /api/v1/)."""

from django.urls import path

from consents.api import views

urlpatterns = [
    path("privacy-notice/", views.PrivacyNoticeView.as_view(), name="privacy-notice"),
    path("auth/me/consents/", views.MyConsentsView.as_view(), name="my-consents"),
    path("auth/claim/", views.ClaimView.as_view(), name="auth-claim"),
]
