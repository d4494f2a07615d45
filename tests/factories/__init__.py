"""Factories for the domain objects, one module per app."""

from tests.factories.accounts import (
    EmployerUserFactory,
    OfficerFactory,
    SeekerUserFactory,
    UserFactory,
)
from tests.factories.applications import ApplicationFactory
from tests.factories.jobs import EmployerFactory, SkillFactory, VacancyFactory, VacancySkillFactory
from tests.factories.seekers import (
    SeekerProfileFactory,
    SeekerSkillFactory,
    TrainingCompletionFactory,
    TrainingProgrammeFactory,
)

__all__ = [
    "ApplicationFactory",
    "EmployerFactory",
    "EmployerUserFactory",
    "OfficerFactory",
    "SeekerProfileFactory",
    "SeekerSkillFactory",
    "SeekerUserFactory",
    "SkillFactory",
    "TrainingCompletionFactory",
    "TrainingProgrammeFactory",
    "UserFactory",
    "VacancyFactory",
    "VacancySkillFactory",
]
