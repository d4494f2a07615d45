"""URL routes of the accounts API."""

urlpatterns: list = []
