"""Every write and business rule of the seekers app: profiles and trainings."""

from seekers.services.profiles import (
    SkillClaim,
    seeker_profile_create,
    seeker_profile_ensure,
    seeker_profile_update,
)
from seekers.services.trainings import (
    CompletionRow,
    CompletionRowResult,
    RowOutcome,
    training_completion_record,
    training_completions_record_batch,
    training_programme_create,
    training_programme_update,
)

__all__ = [
    "CompletionRow",
    "CompletionRowResult",
    "RowOutcome",
    "SkillClaim",
    "seeker_profile_create",
    "seeker_profile_ensure",
    "seeker_profile_update",
    "training_completion_record",
    "training_completions_record_batch",
    "training_programme_create",
    "training_programme_update",
]
