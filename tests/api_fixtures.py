"""One small world of every role and object, and a snapshot of every domain table.

Shared by the permission matrix and the schema fuzz run: two employers (A verified, B not), a
published and a draft vacancy each, seeker X who applied to A's published vacancy and seeker Y
who did not, an officer, an administrator, a training programme X completed, a job alert of X
and the notification A got when X applied.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.apps import apps

from accounts.models import User
from applications.models import Application
from applications.services import application_submit
from jobs.models import Employer, Skill, Vacancy
from notifications.models import Notification
from search.models import JobAlert
from seekers.models import SeekerProfile, TrainingCompletion, TrainingProgramme
from tests.factories import (
    EmployerFactory,
    OfficerFactory,
    SeekerProfileFactory,
    SeekerSkillFactory,
    SkillFactory,
    TrainingCompletionFactory,
    TrainingProgrammeFactory,
    VacancyFactory,
    VacancySkillFactory,
)
from tests.factories.accounts import AdminFactory
from tests.factories.jobs import DraftVacancyFactory

# Every table a request could write to; a refused request must leave all of them as they were.
SNAPSHOT_APPS = ("accounts", "jobs", "seekers", "applications", "search", "notifications")


@dataclass
class World:
    seeker_x: SeekerProfile
    seeker_y: SeekerProfile
    employer_a: Employer
    employer_b: Employer
    officer: User
    admin: User
    skill: Skill
    other_skill: Skill
    a_published: Vacancy
    a_draft: Vacancy
    b_published: Vacancy
    b_draft: Vacancy
    application_x: Application
    training: TrainingProgramme
    completion_x: TrainingCompletion
    alert_x: JobAlert
    notification_a: Notification

    def users(self) -> dict[str, User | None]:
        """The roles of the matrix, by name (``anonymous`` is no user)."""
        return {
            "anonymous": None,
            "seeker_x": self.seeker_x.user,
            "seeker_y": self.seeker_y.user,
            "employer_a": self.employer_a.owner,
            "employer_b": self.employer_b.owner,
            "officer": self.officer,
            "admin": self.admin,
        }


def build_world() -> World:
    """Create the world in the current database (through services where a side effect counts)."""
    skill = SkillFactory(slug="menjahit", name_id="Menjahit", name_en="Sewing")
    other_skill = SkillFactory(slug="membatik", name_id="Membatik", name_en="Batik making")
    employer_a = EmployerFactory(name="Konveksi Bu Sri", is_verified=True)
    employer_b = EmployerFactory(name="Toko Oleh-oleh Madiun", is_verified=False)
    # B was verified when it published; the labor office has withdrawn the verification since.
    a_published = VacancyFactory(employer=employer_a, title="Penjahit borongan")
    a_draft = DraftVacancyFactory(employer=employer_a, title="Pembatik (draft)")
    b_published = VacancyFactory(employer=employer_b, title="Pramuniaga")
    b_draft = DraftVacancyFactory(employer=employer_b, title="Kasir (draft)")
    for vacancy in (a_published, a_draft, b_published, b_draft):
        VacancySkillFactory(vacancy=vacancy, skill=skill)
    seeker_x = SeekerProfileFactory(full_name="Sri Wahyuni", phone="081211110000")
    seeker_y = SeekerProfileFactory(full_name="Wati Lestari", district="Klojen")
    SeekerSkillFactory(seeker=seeker_y, skill=other_skill)
    officer = OfficerFactory(full_name="Petugas Disnaker")
    admin = AdminFactory(full_name="Admin Disnaker")
    training = TrainingProgrammeFactory(
        title="Pelatihan Menjahit Angkatan 1",
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2025, 3, 5),
    )
    training.skills.add(skill)
    completion_x = TrainingCompletionFactory(
        programme=training,
        seeker=seeker_x,
        certificate_number="CERT-X-001",
        completed_on=datetime.date(2025, 3, 5),
        recorded_by=officer,
    )
    SeekerSkillFactory(
        seeker=seeker_x, skill=skill, source="training", training_completion=completion_x
    )
    # Through the service: the submitted event and the employer's notification come with it.
    application_x = application_submit(
        vacancy=a_published, seeker=seeker_x, cover_note="Saya sudah ikut pelatihan menjahit."
    )
    notification_a = Notification.objects.get(
        recipient=employer_a.owner, dedup_key=f"application-submitted:{application_x.pk}"
    )
    alert_x = JobAlert.objects.create(
        user=seeker_x.user, name="Jahit dekat rumah", text="jahit", city="Kota Malang"
    )
    return World(
        seeker_x=seeker_x,
        seeker_y=seeker_y,
        employer_a=employer_a,
        employer_b=employer_b,
        officer=officer,
        admin=admin,
        skill=skill,
        other_skill=other_skill,
        a_published=a_published,
        a_draft=a_draft,
        b_published=b_published,
        b_draft=b_draft,
        application_x=application_x,
        training=training,
        completion_x=completion_x,
        alert_x=alert_x,
        notification_a=notification_a,
    )


def index_world(backend, world: World) -> None:
    """Put the world's vacancies, seekers and alert in the search index, searchable at once."""
    backend.index(
        model_label="jobs.vacancy",
        pks=[world.a_published.pk, world.a_draft.pk, world.b_published.pk, world.b_draft.pk],
    )
    backend.index(model_label="seekers.seekerprofile", pks=[world.seeker_x.pk, world.seeker_y.pk])
    backend.index(model_label="search.jobalert", pks=[world.alert_x.pk])
    if backend.name == "elasticsearch":
        backend.refresh()


def _snapshot_models() -> list:
    return [
        model
        for label in SNAPSHOT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]


def snapshot() -> dict[str, tuple[int, str]]:
    """Per table: the row count and a SHA-256 of every row's values, in primary-key order."""
    state = {}
    for model in _snapshot_models():
        rows = list(model.objects.order_by("pk").values_list())
        digest = hashlib.sha256(repr(rows).encode()).hexdigest()
        state[model._meta.label] = (len(rows), digest)
    return state
