"""The benchmark data set: the volumes the issue asks for, in proportion, and the same data every run."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from accounts.models import Brand, Client, Complaint, Contact
from agency.core.models import Decision, ReminderLedger, User
from agency.site.management.commands.seed_bench import BIG_PLAN_LINES, STAGES, volumes
from briefs.models import BriefVersion, Campaign, CreativeBrief
from evaluations.models import Feedback, Review
from media.models import PlanLine, PlanVersion

SCALE = 0.05


class Rollback(Exception):
    pass


def fingerprint():
    """What the data says, without database ids (they differ between runs)."""
    rows = [
        *Campaign.objects.order_by("job_number").values_list("job_number", "stage", "budget", "lead_ae__username"),
        *PlanLine.objects.order_by("version__campaign__job_number", "version__number", "position").values_list(
            "version__campaign__job_number",
            "version__number",
            "version__status",
            "position",
            "vehicle",
            "placement",
            "flight_start",
            "flight_end",
            "spots",
            "net",
            "category",
            "keep_apart_from",
        ),
        *Decision.objects.order_by("request__token_hash").values_list(
            "request__token_hash", "outcome", "contact__email"
        ),
        *ReminderLedger.objects.order_by("key").values_list("key", "due_at"),
        *Complaint.objects.order_by("received_at", "description").values_list(
            "description", "received_at", "respond_by", "status"
        ),
        *Feedback.objects.order_by(
            "review__cycle__name", "review__reviewee__username", "relationship", "status"
        ).values_list("review__reviewee__username", "relationship", "status"),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def seed_and_fingerprint():
    try:
        with transaction.atomic():
            call_command("seed_bench", scale=SCALE, stdout=io.StringIO())
            counts = {
                "staff": User.objects.count(),
                "clients": Client.objects.count(),
                "brands": Brand.objects.count(),
                "contacts": Contact.objects.count(),
                "campaigns": Campaign.objects.count(),
                "plan_lines": PlanLine.objects.count(),
                "decisions": Decision.objects.count(),
                "ledger": ReminderLedger.objects.exclude(rule="digest").count(),
                "feedback": Feedback.objects.count(),
                "complaints": Complaint.objects.count(),
            }
            stages = set(Campaign.objects.values_list("stage", flat=True))
            briefs_per_campaign = CreativeBrief.objects.count() / counts["campaigns"]
            brief_versions = BriefVersion.objects.count()
            biggest_plan = PlanVersion.objects.annotate(n=Count("lines")).order_by("-n").values_list("n", flat=True)[0]
            results_shared = Review.objects.filter(reviewee__username="bench-ae", results_shared_at__isnull=False)
            # A year of history: what went to digest-mode people was listed in their digests, not left waiting.
            assert not ReminderLedger.objects.filter(delivery="digest", digest__isnull=True).exists()
            facts = (counts, stages, briefs_per_campaign, brief_versions, biggest_plan, results_shared.exists())
            result = (facts, fingerprint())
            raise Rollback
    except Rollback:
        return result


@pytest.mark.django_db
def test_it_seeds_the_agency_year_in_proportion_and_the_same_every_time():
    (counts, stages, briefs_per_campaign, brief_versions, biggest_plan, results_shared), first = seed_and_fingerprint()

    expected = volumes(SCALE)
    assert counts == {key: expected[key] for key in counts}
    assert counts["campaigns"] == 40 * counts["clients"] == 1000  # 20,000 : 500 at scale 1
    assert counts["plan_lines"] == 10 * counts["campaigns"]
    assert stages == set(STAGES)  # on hold and cancelled too
    assert briefs_per_campaign == 1 and brief_versions > counts["campaigns"]  # briefs in versions
    assert biggest_plan == BIG_PLAN_LINES  # the benchmark's big plan, whatever the scale
    assert results_shared  # the review-results page has something to show

    _, second = seed_and_fingerprint()
    assert second == first


@pytest.mark.django_db
def test_it_does_nothing_on_a_seeded_database():
    call_command("seed_bench", scale=0.01, stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_bench", scale=0.01, stdout=out)
    assert "nothing to do" in out.getvalue()
    assert Campaign.objects.count() == volumes(0.01)["campaigns"]
