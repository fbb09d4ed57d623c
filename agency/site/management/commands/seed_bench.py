"""A large, deterministic agency-year for benchmarks: `manage.py seed_bench --scale 1`.

Scale 1 is a large agency's year: 500 clients, 1,500 brands, 5,000 contacts, 200 staff,
20,000 campaigns in every stage (on hold and cancelled too) with their briefs in versions,
200,000 media-plan lines, 50,000 client decisions, 100,000 reminder-ledger rows and two
review cycles with 5,000 feedback forms, and 10,000 complaints. Whatever the scale, one
media plan has exactly 1,000 lines (the benchmark's big plan), so pages
measure the same work at every scale. Rows go in with bulk inserts from a seeded random
generator: the same scale gives the same data, in minutes on two cores. Running it again on
a seeded database does nothing.
"""

import hashlib
import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from accounts.models import AccountTeamMember, Brand, Client, Contact
from agency.core.models import Decision, DecisionRequest, Department, ReminderLedger, Title, User
from briefs import rollups
from briefs.models import BriefVersion, Campaign, ClientFigure, CreativeBrief, Stage
from evaluations import default_framework
from evaluations.client_questions import CLIENT_QUESTIONS
from evaluations.models import (
    Competency,
    CompetencyFramework,
    Feedback,
    FeedbackAnswer,
    Relationship,
    Review,
    ReviewCycle,
)
from media.models import Channel, PlanLine, PlanVersion
from media.money import line_amounts

BENCH_PASSWORD = "bench-password"  # noqa: S105 (benchmark data only)
SEED = 20261122
STAGES = [Stage.BRIEF, Stage.CREATIVE, Stage.MEDIA, Stage.EVALUATION, Stage.CLOSED, Stage.ON_HOLD, Stage.CANCELLED]
ACCOUNT_TITLES = [Title.AE, Title.AE, Title.AE, Title.AM, Title.AM, Title.AAD, Title.AD, Title.GAD]
OTHER_TITLES = [Title.PLANNER, Title.CREATIVE, Title.MEDIA_PLANNER, Title.FINANCE]
RELATIONSHIP_OF_TITLE = {
    Title.PLANNER: Relationship.PLANNING,
    Title.CREATIVE: Relationship.CREATIVE,
    Title.MEDIA_PLANNER: Relationship.MEDIA,
    Title.FINANCE: Relationship.FINANCE,
}
BIG_PLAN_LINES = 1000
YEAR = date(2026, 1, 1)
VEHICLES = {
    Channel.TV: ["CCTV-1", "CCTV-2", "Hunan TV", "Dragon TV", "Zhejiang TV", "Jiangsu TV", "Beijing TV", "Shenzhen TV"],
    Channel.RADIO: ["CNR Voice of China", "Beijing Traffic Radio", "Shanghai Story FM", "Guangdong Pearl River FM"],
    Channel.PRINT: ["People's Daily", "Southern Weekly", "Caixin Weekly", "Vogue China"],
    Channel.OUTDOOR: ["Bund LED", "Guomao LED", "Shenzhen Metro L1", "Hongqiao Airport T2"],
    Channel.CINEMA: ["Wanda Cinemas", "CGV China"],
    Channel.DIGITAL: ["Douyin", "WeChat Moments", "Weibo", "Bilibili", "Xiaohongshu", "Baidu"],
}
PLACEMENTS = ["", "Prime 19:00-22:00", "Daytime", "Late night", "Morning drive"]
CATEGORIES = ["beer", "soft drinks", "cars", "banking", "phones", "cosmetics", "fast food", "dairy"]
INDUSTRIES = ["Food & beverage", "Automotive", "Retail", "Finance", "Technology"]


def volumes(scale):
    """How many rows of each kind a scale asks for (the test checks the seed against this)."""

    def n(count):
        return max(1, int(count * scale))

    return {
        "staff": max(4, n(200)),
        "clients": n(500),
        "brands": n(1500),
        "contacts": n(5000),
        "campaigns": max(len(STAGES), n(20000)),
        "plan_lines": max(BIG_PLAN_LINES + 1, n(200000)),
        "decisions": n(50000),
        "ledger": n(100000),
        "feedback": n(5000),
        "complaints": n(10000),
    }


class Command(BaseCommand):
    help = "Generate the benchmark data set (deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)

    def handle(self, *args, scale, **options):
        if User.objects.filter(username="bench-ae").exists():
            if not ClientFigure.objects.exists():  # seeded before the client roll-ups existed
                rollups.rebuild()
                self.stdout.write("Roll-ups rebuilt.")
            self.stdout.write("Benchmark data already present; nothing to do.")
            return
        with transaction.atomic():
            Seeder(random.Random(SEED), volumes(scale), self.stdout).run()
            # Statistics of the fresh rows before the roll-ups read them: without them PostgreSQL plans
            # the rebuild's joins for empty tables (at scale 10 it took 40 minutes instead of one).
            analyze()
            rollups.rebuild()  # the seed writes rows in bulk, past the services that keep the roll-ups
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # VACUUM too, as autovacuum would have by the time a real agency has this much data: it
            # sets the visibility map that index-only scans need. It cannot run in a transaction
            # (the tests seed inside one: there the ANALYZE above is enough).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Benchmark data at scale {scale} ready."))


def analyze():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def at(day, hour=10):
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


class Seeder:
    def __init__(self, rng, counts, out):
        self.rng, self.counts, self.out = rng, counts, out

    def say(self, what):
        self.out.write(f"  {what}")

    def run(self):
        self.seed_staff()
        self.seed_clients()
        self.seed_campaigns()
        self.seed_briefs()
        self.seed_plans()
        self.seed_decisions()
        self.seed_ledger()
        self.seed_reviews()
        self.seed_complaints()

    # ── People and clients ──────────────────────────────────────────────────

    def seed_staff(self):
        rng, total = self.rng, self.counts["staff"]
        template = User(username="template")
        template.set_password(BENCH_PASSWORD)
        password = template.password

        manager = User.objects.create(
            username="bench-manager", title=Title.MANAGEMENT, department=Department.MANAGEMENT, password=password
        )
        gads = User.objects.bulk_create(
            User(
                username=f"bench-gad-{i}",
                title=Title.GAD,
                department=Department.CLIENT_SERVICE,
                supervisor=manager,
                password=password,
            )
            for i in range(max(1, total // 40))
        )
        ae = User.objects.create(
            username="bench-ae",
            title=Title.AE,
            department=Department.CLIENT_SERVICE,
            supervisor=gads[0],
            password=password,
        )
        staff = []
        for i in range(total - len(gads) - 2):
            title = rng.choice(ACCOUNT_TITLES + OTHER_TITLES)
            staff.append(
                User(
                    username=f"bench-staff-{i}",
                    email=f"staff{i}@agency.example",
                    title=title,
                    department=Department.CLIENT_SERVICE if title in ACCOUNT_TITLES else Department.CREATIVE,
                    supervisor=rng.choice(gads),
                    password=password,
                )
            )
        User.objects.bulk_create(staff)
        self.manager, self.gads, self.ae = manager, gads, ae
        self.everyone = [manager, *gads, ae, *staff]
        self.account_people = [ae, *[u for u in staff if u.title in ACCOUNT_TITLES]]
        self.say(f"{len(self.everyone)} staff")

    def seed_clients(self):
        rng, counts = self.rng, self.counts
        self.clients = Client.objects.bulk_create(
            Client(
                name=f"Bench Client {i:04d}",
                code=f"B{i:04d}",
                industry=rng.choice(INDUSTRIES),
                tier=rng.choice(Client.Tier.values),
                stage=rng.choice(Client.Stage.values),
            )
            for i in range(counts["clients"])
        )
        self.brands = Brand.objects.bulk_create(
            Brand(client=self.clients[i % len(self.clients)], name=f"Brand {i:05d}") for i in range(counts["brands"])
        )
        contacts = Contact.objects.bulk_create(
            (
                Contact(
                    client=self.clients[i % len(self.clients)], name=f"Contact {i}", email=f"contact{i}@client.example"
                )
                for i in range(counts["contacts"])
            ),
            batch_size=5000,
        )
        self.contacts_of = {}
        for contact in contacts:
            self.contacts_of.setdefault(contact.client_id, []).append(contact)
        self.contacts = contacts
        team = []
        for index, client in enumerate(self.clients):
            members = rng.sample(self.account_people, k=min(4, len(self.account_people)))
            if index < 10:  # the benchmark AE works on ten clients, whatever the scale
                members = [self.ae] + [m for m in members if m != self.ae][:3]
            team.extend(AccountTeamMember(client=client, user=m, role=AccountTeamMember.Role.AE) for m in members)
        AccountTeamMember.objects.bulk_create(team)
        self.say(f"{len(self.clients)} clients, {len(self.brands)} brands, {len(contacts)} contacts")

    # ── Campaigns, briefs, media plans ──────────────────────────────────────

    def seed_campaigns(self):
        rng, campaigns = self.rng, []
        for i in range(self.counts["campaigns"]):
            brand = self.brands[i % len(self.brands)]
            stage = STAGES[i % len(STAGES)]
            start = YEAR + timedelta(days=rng.randrange(0, 300))
            campaigns.append(
                Campaign(
                    client_id=brand.client_id,
                    brand=brand,
                    job_number=f"BEN-2026-{i:06d}",
                    name=f"Campaign {i}",
                    lead_ae=rng.choice(self.account_people),
                    budget=Decimal(rng.randrange(50_000, 5_000_000)),
                    start_date=start,
                    end_date=start + timedelta(days=rng.randrange(14, 90)),
                    stage=stage,
                    resume_stage=rng.choice(STAGES[:3]) if stage == Stage.ON_HOLD else "",
                    hold_reason="Client budget review" if stage == Stage.ON_HOLD else "",
                    cancel_reason="Client withdrew the launch" if stage == Stage.CANCELLED else "",
                )
            )
        # The campaign every benchmark page of one campaign uses: in media, on the bench AE's first client.
        campaigns[2].lead_ae = self.ae
        self.campaigns = Campaign.objects.bulk_create(campaigns, batch_size=5000)
        self.bench_campaign = self.campaigns[2]
        self.job_numbers = {c.pk: c.job_number for c in self.campaigns}
        assert self.bench_campaign.stage == Stage.MEDIA and self.bench_campaign.client_id == self.clients[2].pk
        self.say(f"{len(self.campaigns)} campaigns")

    def seed_briefs(self):
        rng = self.rng
        briefs = CreativeBrief.objects.bulk_create((CreativeBrief(campaign=c) for c in self.campaigns), batch_size=5000)
        versions = []
        for brief, campaign in zip(briefs, self.campaigns, strict=True):
            if campaign.stage == Stage.BRIEF:
                statuses = [rng.choice([BriefVersion.Status.DRAFT, BriefVersion.Status.SENT])]
            else:
                statuses = [BriefVersion.Status.SUPERSEDED] * rng.randrange(0, 3) + [BriefVersion.Status.APPROVED]
            for number, status in enumerate(statuses, start=1):
                versions.append(
                    BriefVersion(
                        brief=brief,
                        client_id=campaign.client_id,
                        number=number,
                        status=status,
                        background=f"{campaign.name}: the brand needs to grow share in tier-2 cities.",
                        business_objective="Grow sales by 8% in the launch quarter.",
                        communication_objective="Make the new pack known to young urban families.",
                        target_audience="Urban families, 25-40, tier 1 and 2 cities.",
                        proposition="The taste you grew up with, in a pack that keeps up.",
                        deliverables="TVC 15s and 5s, OOH, social.",
                        budget=campaign.budget,
                        created_by=campaign.lead_ae,
                        updated_by=campaign.lead_ae,
                    )
                )
        self.brief_versions = BriefVersion.objects.bulk_create(versions, batch_size=5000)
        self.say(f"{len(briefs)} briefs in {len(self.brief_versions)} versions")

    def _line(self, version, position, flight_start, flight_end):
        rng = self.rng
        channel = rng.choice(list(VEHICLES))
        spots = rng.randrange(1, 60)
        rate = Decimal(rng.randrange(2_000, 200_000))
        discount = Decimal(rng.choice([0, 0, 5, 10, 15]))
        gross, net = line_amounts(spots, rate, discount)
        start = flight_start + timedelta(days=rng.randrange(0, max(1, (flight_end - flight_start).days)))
        return PlanLine(
            version=version,
            position=position,
            vendor=f"Media owner {rng.randrange(40)}",
            channel=channel,
            vehicle=rng.choice(VEHICLES[channel]),
            market=rng.choice(["National", "Shanghai", "Beijing", "Guangzhou", "Shenzhen"]),
            placement=rng.choice(PLACEMENTS),
            format=rng.choice(["15s", "30s", "Full page", "Banner"]),
            flight_start=start,
            flight_end=min(flight_end, start + timedelta(days=rng.randrange(6, 42))),
            spots=spots,
            unit_rate=rate,
            discount_pct=discount,
            gross=gross,
            net=net,
            category=rng.choice(CATEGORIES),
            keep_apart_from=rng.choice(CATEGORIES) if rng.random() < 0.1 else "",
        )

    def seed_plans(self):
        """Plans for campaigns past the creative step; lines go in while every version is still a draft
        (the database refuses lines on a version sent to the client), then the statuses are set."""
        rng = self.rng
        with_plans = [c for c in self.campaigns if c.stage in (Stage.MEDIA, Stage.EVALUATION, Stage.CLOSED)]
        versions, final_status = [], []
        for campaign in with_plans:
            numbers = 2 if rng.random() < 0.25 else 1
            for number in range(1, numbers + 1):
                versions.append(
                    PlanVersion(
                        campaign=campaign, client_id=campaign.client_id, number=number, currency="CNY", status="draft"
                    )
                )
                if number < numbers:
                    final_status.append("superseded")
                elif campaign is self.bench_campaign:
                    final_status.append("draft")  # the big plan is being worked on
                elif campaign.stage == Stage.MEDIA:
                    final_status.append(rng.choice(["draft", "sent", "approved"]))
                else:
                    final_status.append("approved")
        versions = PlanVersion.objects.bulk_create(versions, batch_size=5000)
        self.bench_plan = next(v for v in reversed(versions) if v.campaign_id == self.bench_campaign.pk)
        others = [v for v in versions if v is not self.bench_plan]
        lines = [
            self._line(self.bench_plan, p, self.bench_campaign.start_date, self.bench_campaign.end_date)
            for p in range(1, BIG_PLAN_LINES + 1)
        ]
        rest = self.counts["plan_lines"] - BIG_PLAN_LINES
        for index, version in enumerate(others):
            count = rest // len(others) + (1 if index < rest % len(others) else 0)
            campaign = version.campaign
            lines.extend(self._line(version, p, campaign.start_date, campaign.end_date) for p in range(1, count + 1))
        PlanLine.objects.bulk_create(lines, batch_size=5000)
        for status in ("superseded", "sent", "approved"):
            ids = [v.pk for v, s in zip(versions, final_status, strict=True) if s == status]
            for start in range(0, len(ids), 5000):
                PlanVersion.objects.filter(pk__in=ids[start : start + 5000]).update(status=status)
        for version, status in zip(versions, final_status, strict=True):
            version.status = status
        self.plan_versions = versions
        self.say(f"{len(versions)} media plan versions with {len(lines)} lines")

    # ── Client decisions, reminders ─────────────────────────────────────────

    def seed_decisions(self):
        """Decisions on brief and plan versions the client has answered; every document gets one,
        then further rounds (another contact's decision) until the volume is reached."""
        rng = self.rng
        brief_type = ContentType.objects.get_for_model(BriefVersion)
        plan_type = ContentType.objects.get_for_model(PlanVersion)
        decided = [
            (brief_type, v, "brief", v.status == BriefVersion.Status.APPROVED)
            for v in self.brief_versions
            if v.status in (BriefVersion.Status.APPROVED, BriefVersion.Status.SUPERSEDED)
        ] + [
            (plan_type, v, "media_plan", v.status == "approved")
            for v in self.plan_versions
            if v.status in ("approved", "superseded")
        ]
        requests, decisions = [], []
        for i in range(self.counts["decisions"]):
            content_type, version, kind, approved = decided[i % len(decided)]
            contacts = self.contacts_of[version.client_id]
            contact = contacts[(i // len(decided)) % len(contacts)]
            when = at(YEAR + timedelta(days=rng.randrange(0, 330)))
            job_number = self.job_numbers[version.campaign_id if kind == "media_plan" else version.brief.campaign_id]
            title = f"{kind} {job_number} v{version.number}"
            content_hash = sha(f"{kind}:{job_number}:{version.number}")
            requests.append(
                DecisionRequest(
                    token_hash=sha(f"bench-token-{i}"),
                    client_id=version.client_id,
                    document_type=content_type,
                    document_id=version.pk,
                    decision_kind=kind,
                    document_title=title,
                    version_label=f"v{version.number}",
                    content_hash=content_hash,
                    is_money_decision=kind == "media_plan",
                    contact=contact,
                    requested_by=self.ae,
                    status=DecisionRequest.Status.DECIDED,
                    created_at=when - timedelta(days=2),
                    expires_at=when + timedelta(days=12),
                    sent_at=when - timedelta(days=2),
                    first_opened_at=when - timedelta(hours=3),
                    last_opened_at=when,
                    closed_at=when,
                )
            )
            decisions.append(
                Decision(
                    client_id=version.client_id,
                    document_type=content_type,
                    document_id=version.pk,
                    outcome=Decision.Outcome.APPROVED if approved else Decision.Outcome.CHANGES_REQUESTED,
                    contact=contact,
                    contact_name=contact.name,
                    contact_email=contact.email,
                    decided_at=when,
                    ip="203.0.113.7",
                    user_agent="Mozilla/5.0 (bench)",
                    comment="" if approved else "Please make the logo bigger.",
                    document_title=title,
                    version_label=f"v{version.number}",
                    content_hash=content_hash,
                )
            )
        requests = DecisionRequest.objects.bulk_create(requests, batch_size=5000)
        for request, decision in zip(requests, decisions, strict=True):
            decision.request = request
        Decision.objects.bulk_create(decisions, batch_size=5000)
        self.say(f"{len(decisions)} client decisions")

    def seed_ledger(self):
        """A year of reminders already sent. Those that went to a person in daily-digest mode were listed in
        that person's digests: each is linked to one digest row per person (as the sweep links them), so
        the first sweep of the benchmark sends today's reminders, not a year of digests never sent."""
        rng, rows = self.rng, []
        digests = ReminderLedger.objects.bulk_create(
            ReminderLedger(
                key=f"bench:digest:{user.username}",
                rule="digest",
                occurrence=(YEAR + timedelta(days=330)).isoformat(),
                recipient_user=user,
                recipient_label=user.username,
                subject="Daily digest",
                due_at=at(YEAR + timedelta(days=330), hour=9),
                created_at=at(YEAR + timedelta(days=330), hour=9),
                delivery=ReminderLedger.Delivery.EMAIL,
            )
            for user in self.everyone
        )
        for i in range(self.counts["ledger"]):
            client = self.clients[i % len(self.clients)]
            user = self.everyone[i % len(self.everyone)]
            due = at(YEAR + timedelta(days=rng.randrange(0, 330)), hour=9)
            rule = rng.choice(["checklist", "decision-ladder", "action-item", "feedback"])
            rows.append(
                ReminderLedger(
                    key=f"bench:{rule}:{i}:{user.username}",
                    rule=rule,
                    occurrence=due.date().isoformat(),
                    recipient_user=user,
                    recipient_label=user.username,
                    client=client,
                    subject=f"Reminder {i}: due {due.date().isoformat()}",
                    due_at=due,
                    created_at=due + timedelta(minutes=rng.randrange(0, 30)),
                    delivery=(delivery := rng.choice(ReminderLedger.Delivery.values)),
                    digest=digests[i % len(self.everyone)] if delivery == ReminderLedger.Delivery.DIGEST else None,
                )
            )
        ReminderLedger.objects.bulk_create(rows, batch_size=10000)
        self.say(f"{len(rows)} reminder-ledger rows (and {len(digests)} digests that listed them)")

    # ── 360° reviews ────────────────────────────────────────────────────────

    def seed_reviews(self):
        """Two cycles (last half-year closed with results shared, this one collecting) reviewing every
        account person; feedback forms from supervisors, self, colleagues and client contacts."""
        rng = self.rng
        framework = default_framework.load(CompetencyFramework)
        competencies = list(Competency.objects.filter(framework=framework))
        titles = sorted({p.title for p in self.account_people})
        cycles = ReviewCycle.objects.bulk_create(
            [
                ReviewCycle(
                    name="H1 2026",
                    framework=framework,
                    period_start=date(2026, 1, 1),
                    period_end=date(2026, 6, 30),
                    feedback_deadline=date(2026, 7, 15),
                    titles=titles,
                    status=ReviewCycle.Status.CLOSED,
                ),
                ReviewCycle(
                    name="H2 2026",
                    framework=framework,
                    period_start=date(2026, 7, 1),
                    period_end=date(2026, 12, 31),
                    feedback_deadline=date(2027, 1, 15),
                    titles=titles,
                    status=ReviewCycle.Status.OPEN,
                ),
            ]
        )
        closed = ReviewCycle.Status.CLOSED
        reviews = Review.objects.bulk_create(
            Review(
                cycle=cycle,
                reviewee=person,
                title=person.title,
                supervisor=person.supervisor,
                status=Review.Status.DISCUSSION if cycle.status == closed else Review.Status.COLLECTING,
                results_shared_at=at(date(2026, 7, 20)) if cycle.status == closed else None,
            )
            for cycle in cycles
            for person in self.account_people
        )
        self.bench_review = reviews[0]  # the bench AE's H1 review, results shared
        # Each review in turn takes its next reviewer until the volume is reached.
        pools = []
        for review in reviews:
            staff = [u for u in self.everyone if u.pk not in (review.reviewee_id, review.supervisor_id)]
            rng.shuffle(staff)
            pool = [(Relationship.SUPERVISOR, review.supervisor), (Relationship.SELF, review.reviewee)]
            pool += [(RELATIONSHIP_OF_TITLE.get(u.title, Relationship.PEER), u) for u in staff]
            pool += [(Relationship.CLIENT, c) for c in rng.sample(self.contacts, k=min(40, len(self.contacts)))]
            pools.append(pool)
        forms, depth = [], 0
        while len(forms) < self.counts["feedback"] and any(depth < len(p) for p in pools):
            for review, pool in zip(reviews, pools, strict=True):
                if depth >= len(pool) or len(forms) >= self.counts["feedback"]:
                    continue
                relationship, who = pool[depth]
                submitted = review.cycle.status == ReviewCycle.Status.CLOSED or rng.random() < 0.4
                forms.append(
                    Feedback(
                        review=review,
                        relationship=relationship,
                        reviewer=who if isinstance(who, User) else None,
                        contact=who if isinstance(who, Contact) else None,
                        status=Feedback.Status.SUBMITTED if submitted else Feedback.Status.REQUESTED,
                        overall_comments="Reliable with clients, could delegate more." if submitted else "",
                        submitted_at=at(review.cycle.feedback_deadline - timedelta(days=3)) if submitted else None,
                        added_by=self.manager,
                    )
                )
            depth += 1
        forms = Feedback.objects.bulk_create(forms, batch_size=5000)
        # Colleagues answer the competencies; client contacts the client questions.
        answers = [
            FeedbackAnswer(
                feedback=form,
                competency=None if form.contact_id else item,
                question=item.code if form.contact_id else "",
                rating=rng.choice([None, 2, 3, 3, 4, 4, 5]),
            )
            for form in forms
            if form.status == Feedback.Status.SUBMITTED
            for item in (CLIENT_QUESTIONS if form.contact_id else competencies)
        ]
        FeedbackAnswer.objects.bulk_create(answers, batch_size=10000)
        self.say(f"{len(reviews)} reviews, {len(forms)} feedback forms, {len(answers)} answers")

    # ── Complaints ──────────────────────────────────────────────────────────

    def seed_complaints(self):
        """Complaints over the year: most answered and closed with a lesson, some open, a few still
        waiting for their first answer (those are what the SLA reminder rule and the clocks look at)."""
        from accounts import sla
        from accounts.models import Complaint

        rng, rows = self.rng, []
        categories = [value for value, _label in Complaint.Category.choices]
        channels = [value for value, _label in Complaint.Channel.choices]
        for i in range(self.counts["complaints"]):
            campaign = self.campaigns[i % len(self.campaigns)]
            contacts = self.contacts_of[campaign.client_id]
            priority = Complaint.Priority.URGENT if i % 3 == 0 else Complaint.Priority.COMPLEX
            received_at = at(YEAR + timedelta(days=rng.randrange(0, 330), hours=rng.randrange(0, 24)))
            respond_by = sla.respond_by(received_at, priority)
            row = Complaint(
                client_id=campaign.client_id,
                campaign=campaign,
                contact=contacts[i % len(contacts)],
                channel=channels[i % len(channels)],
                received_at=received_at,
                received_by=campaign.lead_ae,
                owner=campaign.lead_ae,
                description=f"Bench complaint {i}",
                category=categories[i % len(categories)],
                priority=priority,
                respond_by=respond_by,
                warn_at=sla.warn_at(received_at, priority),
            )
            share = i % 20
            if share >= 1:  # answered, one in ten of them late
                late = timedelta(hours=6) if share == 2 else -timedelta(hours=2)
                row.first_response_at = respond_by + late
                row.first_response = "We are looking into it."
                row.status = Complaint.Status.INVESTIGATING
            if share >= 3:  # closed: unfounded, with the lesson learned
                row.status = Complaint.Status.CLOSED
                row.founded = False
                row.lesson_learned = "Check the schedule with the vendor before air."
                row.closed_at = row.first_response_at + timedelta(days=3)
                row.closed_by = campaign.lead_ae
            rows.append(row)
        Complaint.objects.bulk_create(rows, batch_size=5000)
        self.say(f"{len(rows)} complaints")
