"""Every write and business rule of the seekers app: profiles and trainings."""

from seekers.services.nik_keys import (
    NikBatch,
    NikKeyCensus,
    seeker_nik_key_census,
    seeker_nik_reencrypt,
)
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
    "NikBatch",
    "NikKeyCensus",
    "RowOutcome",
    "SkillClaim",
    "seeker_nik_key_census",
    "seeker_nik_reencrypt",
    "seeker_profile_create",
    "seeker_profile_ensure",
    "seeker_profile_update",
    "training_completion_record",
    "training_completions_record_batch",
    "training_programme_create",
    "training_programme_update",
]
