"""Check that what the system says agrees with itself: every campaign's stage with its brief and its
checklist, and every client's delivery figures on the dashboard with the post-analyses they come from.

    python manage.py check_consistency        # prints each problem; exits 1 when there is any

Run after seed_demo (agency/tests/test_seed_demo.py does) and on a live installation after an upgrade.
"""

from django.core.management.base import BaseCommand, CommandError

from agency.core.decisions import approval_for
from briefs.models import WORKING_STAGES, Campaign, Stage
from briefs.workflow import current_brief_version
from media.models import PlanVersion
from media.queries import booked_lines, delivery, delivery_per_client


def stages_passed(campaign):
    """The working stages the campaign has left behind (all of them once closed)."""
    stage = campaign.resume_stage if campaign.stage == Stage.ON_HOLD else campaign.stage
    if stage == Stage.CLOSED:
        return list(WORKING_STAGES)
    if stage not in WORKING_STAGES:
        return []  # cancelled: it may have stopped anywhere
    return list(WORKING_STAGES[: WORKING_STAGES.index(stage)])


def campaign_problems(campaign):
    """Rule: "The four steps" (docs/practice.md): a campaign is past a stage only with what that stage needs."""
    passed = stages_passed(campaign)
    if not passed:
        return []
    problems = []
    if Stage.BRIEF in passed:
        version = current_brief_version(campaign)
        if version is None or approval_for(version) is None:
            problems.append(f"{campaign.job_number}: past the brief without a creative brief the client approved")
    for step in campaign.steps.all():
        if step.stage in passed and step.required and step.is_open:
            problems.append(
                f"{campaign.job_number}: past {Stage(step.stage).label} with the required step "
                f"{step.label!r} neither done nor waived"
            )
    return problems


def figure_problems():
    """Rule: "Post-analysis" (docs/practice.md): the dashboard's delivery per client is the sum of what the
    post-analyses of the booked plan versions show."""
    problems = []
    campaigns = Campaign.objects.all()
    dashboard = delivery_per_client(campaigns)
    sums = {}
    versions = PlanVersion.objects.filter(pk__in=booked_lines(campaigns).values("version")).select_related(
        "campaign__client"
    )
    for version in versions:
        figures = delivery(version)
        planned, delivered = sums.get(version.campaign.client.name, (0, 0))
        sums[version.campaign.client.name] = (planned + figures.planned_spots, delivered + figures.delivered_spots)
    for name in sorted(set(dashboard) | set(sums)):
        if dashboard.get(name, (0, 0)) != sums.get(name, (0, 0)):
            shown, analysed = dashboard.get(name), sums.get(name)
            problems.append(f"{name}: the dashboard shows planned/delivered {shown}, the post-analyses {analysed}")
    return problems


class Command(BaseCommand):
    help = "Report campaigns whose stage disagrees with their brief or checklist, and figures that disagree."

    def handle(self, *args, **options):
        problems = []
        for campaign in Campaign.objects.prefetch_related("steps").order_by("job_number"):
            problems += campaign_problems(campaign)
        problems += figure_problems()
        for problem in problems:
            self.stdout.write(problem)
        count = f"{len(problems)} problem{'' if len(problems) == 1 else 's'}"
        self.stdout.write(count)
        if problems:
            raise CommandError(count)
