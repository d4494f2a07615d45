"""Demo applications, moved along the workflow so that every status appears."""

from __future__ import annotations

from applications.models import Application
from applications.services import application_submit, application_transition
from jobs.models import Vacancy
from seekers.models import SeekerProfile

# (seeker index, vacancy index, statuses to move through after submitting)
APPLICATIONS = [
    (0, 0, ["reviewed", "shortlisted", "interview", "accepted"]),
    (4, 0, ["reviewed", "shortlisted"]),
    (1, 1, ["reviewed"]),
    (3, 2, []),
    (0, 2, ["rejected"]),
    (5, 3, ["reviewed", "shortlisted", "interview"]),
    (7, 6, ["reviewed", "shortlisted", "interview", "accepted"]),
    (8, 8, ["reviewed", "rejected"]),
    (2, 5, ["withdrawn"]),
    (9, 5, []),
]


def load_applications(*, seekers: list[SeekerProfile], vacancies: list[Vacancy]) -> None:
    for seeker_index, vacancy_index, steps in APPLICATIONS:
        seeker, vacancy = seekers[seeker_index], vacancies[vacancy_index]
        if Application.objects.filter(seeker=seeker, vacancy=vacancy).exists():
            continue
        application = application_submit(
            vacancy=vacancy,
            seeker=seeker,
            cover_note=("Saya sudah mengikuti pelatihan dan bisa mulai minggu depan."),
        )
        for status in steps:
            actor = seeker.user if status == "withdrawn" else vacancy.employer.owner
            application = application_transition(
                application=application,
                to_status=status,
                actor=actor,
                note="Terima kasih." if status != "withdrawn" else "",
            )
