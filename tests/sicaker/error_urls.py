"""The project's URLs plus two views that fail, to see the error handlers answer (tests only)."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from sicaker.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def _crash(request):
    raise RuntimeError("a bug")


def _forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("api/v1/test-crash/", _crash),
    path("api/v1/test-forbidden/", _forbidden),
    path("pages/test-crash/", _crash),
    *urlpatterns,
]
