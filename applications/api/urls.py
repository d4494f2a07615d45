"""URL routes of the applications API."""

urlpatterns: list = []
