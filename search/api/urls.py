"""URL routes of the search API."""

urlpatterns: list = []
