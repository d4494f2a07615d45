"""URL routes of the accounts API (under /api/v1/)."""

from django.urls import path

from accounts.api import privacy, views

urlpatterns = [
    path("auth/register/", views.RegisterView.as_view(), name="auth-register"),
    path("auth/token/", views.TokenObtainView.as_view(), name="auth-token"),
    path("auth/token/refresh/", views.TokenRefreshView.as_view(), name="auth-token-refresh"),
    path("auth/password/", views.PasswordChangeView.as_view(), name="auth-password"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/me/", views.MeView.as_view(), name="auth-me"),
    path("auth/phone/code/", views.PhoneCodeView.as_view(), name="auth-phone-code"),
    path("auth/phone/verify/", views.PhoneVerifyView.as_view(), name="auth-phone-verify"),
    path(
        "auth/password/reset/code/",
        views.PasswordResetCodeView.as_view(),
        name="auth-password-reset-code",
    ),
    path("auth/password/reset/", views.PasswordResetView.as_view(), name="auth-password-reset"),
    path("me/data/", privacy.MyDataView.as_view(), name="me-data"),
    path("me/erase/", privacy.MyAccountEraseView.as_view(), name="me-erase"),
]
