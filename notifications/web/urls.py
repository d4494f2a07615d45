from django.urls import path

from notifications.web import views

urlpatterns = [
    path("saya/kotak-masuk/", views.inbox, name="inbox"),
    path("saya/kotak-masuk/semua-dibaca/", views.notifications_read_all, name="inbox-read-all"),
    path("saya/kotak-masuk/<int:pk>/dibaca/", views.notification_read, name="inbox-read"),
    path(
        "saya/pengaturan-notifikasi/",
        views.notification_settings,
        name="notification-settings",
    ),
]
