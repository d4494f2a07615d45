"""Routes of the skill taxonomy (included from seekers/api/urls.py, under /api/v1/)."""

from django.urls import path

from jobs.api import skills

urlpatterns = [
    path("skills/", skills.SkillListView.as_view(), name="skill-list"),
    path("skills/<int:pk>/", skills.SkillDetailView.as_view(), name="skill-detail"),
]
