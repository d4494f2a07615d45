"""Every write and business rule of the jobs app (employers, vacancies, positions).

Import services from here: ``from jobs.services import vacancy_publish``.
"""

from jobs.services.duplicates import DuplicateVacancy, duplicate_flag_dismiss
from jobs.services.employers import (
    employer_create,
    employer_refuse,
    employer_set_verified,
    employer_update,
)
from jobs.services.positions import vacancy_fill_position, vacancy_release_position
from jobs.services.transitions import VACANCY_TRANSITIONS
from jobs.services.vacancies import (
    vacancy_close,
    vacancy_close_by_office,
    vacancy_close_expired,
    vacancy_copy,
    vacancy_copy_values,
    vacancy_create,
    vacancy_delete,
    vacancy_merge_into,
    vacancy_publish,
    vacancy_update,
)

__all__ = [
    "VACANCY_TRANSITIONS",
    "DuplicateVacancy",
    "duplicate_flag_dismiss",
    "employer_create",
    "employer_refuse",
    "employer_set_verified",
    "employer_update",
    "vacancy_close",
    "vacancy_close_by_office",
    "vacancy_close_expired",
    "vacancy_copy",
    "vacancy_copy_values",
    "vacancy_create",
    "vacancy_delete",
    "vacancy_fill_position",
    "vacancy_merge_into",
    "vacancy_publish",
    "vacancy_release_position",
    "vacancy_update",
]
