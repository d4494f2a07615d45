"""URL routes of the jobs API."""

urlpatterns: list = []
