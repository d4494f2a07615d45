"""Jobs app."""

from django.apps import AppConfig

from sicaker.personal_data import exclude


class JobsConfig(AppConfig):
    name = "jobs"

    def ready(self) -> None:
        from jobs.open_data.receivers import connect  # noqa: PLC0415 (app registry not ready at import)

        connect()
        # What jobs keeps that points at a user is an organisation's business data, not a job
        # seeker's (sicaker.personal_data: every such model is exported or excluded with a reason).
        exclude(
            "jobs.Employer",
            "an organisation's business record (owner and the officer who verified it); "
            "employer accounts are closed through the labor office, not by self-service erasure",
        )
        exclude("jobs.VacancyEvent", "the audit trail of vacancies: employers' and staff's acts")
        exclude(
            "jobs.VacancyDuplicateFlag",
            "two vacancies that look alike, and the officer who reviewed the pair: staff's work",
        )
