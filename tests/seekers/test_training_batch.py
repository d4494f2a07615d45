"""Recording a programme's graduates in one go: each row its own transaction and its own result."""

from __future__ import annotations

import datetime

import pytest

from seekers.models import SeekerSkill, TrainingCompletion
from seekers.services import CompletionRow, RowOutcome, training_completions_record_batch
from sicaker.errors import Forbidden
from tests.factories import OfficerFactory
from tests.factories.accounts import SeekerUserFactory
from tests.factories.jobs import SkillFactory
from tests.factories.seekers import (
    SeekerProfileFactory,
    TrainingCompletionFactory,
    TrainingProgrammeFactory,
)
from tests.office.test_pages import with_nik

pytestmark = pytest.mark.django_db

DONE = datetime.date(2026, 3, 5)


@pytest.fixture
def programme():
    programme = TrainingProgrammeFactory(starts_on=datetime.date(2026, 3, 1))
    programme.skills.set([SkillFactory(slug="menjahit")])
    return programme


def test_each_row_gets_its_own_outcome_and_good_rows_are_written_whole(programme):
    officer = OfficerFactory()
    siti = with_nik(SeekerProfileFactory(), "3573015205900001")
    ani = with_nik(SeekerProfileFactory(), "3573015206900002")
    picked = SeekerProfileFactory()
    TrainingCompletionFactory(programme=programme, certificate_number="C-9")
    rows = [
        CompletionRow(line=1, certificate_number="C-1", nik="3573 0152 0590 0001"),
        CompletionRow(line=2, certificate_number="C-9", nik="3573015206900002"),
        CompletionRow(line=3, certificate_number="", seeker=picked),
        CompletionRow(line=4, certificate_number="C-4", seeker=picked),
        CompletionRow(line=5, certificate_number="C-5", nik="3573015205900001"),
    ]

    results = training_completions_record_batch(
        programme=programme, actor=officer, rows=rows, completed_on=DONE
    )

    assert [(r.row.line, r.outcome) for r in results] == [
        (1, RowOutcome.RECORDED),
        (2, RowOutcome.CERTIFICATE_TAKEN),
        (3, RowOutcome.INVALID),
        (4, RowOutcome.RECORDED),
        (5, RowOutcome.ALREADY_RECORDED),
    ]
    assert sorted(
        TrainingCompletion.objects.filter(recorded_by=officer).values_list(
            "seeker_id", "certificate_number"
        )
    ) == sorted([(siti.pk, "C-1"), (picked.pk, "C-4")])
    assert not SeekerSkill.objects.filter(seeker=ani).exists()


def test_only_staff_record_graduates(programme):
    seeker = SeekerProfileFactory()

    with pytest.raises(Forbidden):
        training_completions_record_batch(
            programme=programme,
            actor=SeekerUserFactory(),
            rows=[CompletionRow(line=1, certificate_number="C-1", seeker=seeker)],
            completed_on=DONE,
        )

    assert not TrainingCompletion.objects.exists()
