"""URL routes of the seekers API."""

urlpatterns: list = []
