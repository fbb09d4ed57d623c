"""`check_consistency` after `seed_demo`: the demo's stages agree with their briefs and checklists and the
dashboard's figures with the post-analyses; and a disagreement is reported, not passed over."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from briefs.models import Campaign, ChecklistStep, Stage


def check():
    out = io.StringIO()
    try:
        call_command("check_consistency", stdout=out)
    except CommandError:
        pass
    return out.getvalue()


def test_the_demo_data_is_consistent_and_a_reopened_step_is_reported(db):
    call_command("seed_demo", stdout=io.StringIO())
    assert check().strip().endswith("0 problems")

    in_media = Campaign.objects.filter(stage=Stage.MEDIA).order_by("job_number").first()
    step = ChecklistStep.objects.filter(campaign=in_media, stage=Stage.BRIEF, required=True).first()
    ChecklistStep.objects.filter(pk=step.pk).update(done_at=None, waived_at=None, waive_reason="")
    report = check()
    assert f"{in_media.job_number}: past Creative brief with the required step" in report
    assert report.strip().endswith("1 problem")
    with pytest.raises(CommandError):
        call_command("check_consistency", stdout=io.StringIO())
