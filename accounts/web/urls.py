from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.web import privacy, views

urlpatterns = [
    path("masuk/", views.sign_in, name="sign-in"),
    path("daftar/", views.sign_up, name="sign-up"),
    path("keluar/", views.sign_out, name="sign-out"),
    path("saya/data/", privacy.my_data, name="my-data"),
    path("saya/data/unduh/", privacy.my_data_download, name="my-data-download"),
    path("saya/data/hapus-akun/", privacy.account_delete, name="account-delete"),
    path("saya/kartu-ak1/", privacy.my_ak1_card, name="my-ak1-card"),
    path("lupa-sandi/", views.PasswordResetView.as_view(), name="password-reset"),
    path("lupa-sandi/kode/", views.password_reset_code, name="password-reset-code"),
    path("nomor-hp/", views.phone_verify_page, name="phone-verify"),
    path("nomor-hp/kirim/", views.phone_code_send, name="phone-code-send"),
    path(
        "lupa-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "atur-sandi/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "atur-sandi/selesai/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
]
