"""A believable small agency to try Accountable with. Safe to run again: it only adds what is missing."""

import io
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image

from accounts.models import AccountTeamMember, Brand, Client, Contact, ContactReport, Prospect, ProspectContact
from accounts.services.contact_reports import contact_report_create
from accounts.services.prospects import prospect_add_activity, prospect_create
from agency.core.models import DecisionRequest, Department, Title, User
from briefs.models import (
    WORKING_STAGES,
    BriefKPI,
    Campaign,
    ChecklistStep,
    ClientStatus,
    Concept,
    EstimateLine,
    FinalAd,
    ProductionEstimate,
    Stage,
)
from briefs.services.brief import brief_send_for_approval, brief_start
from briefs.services.campaigns import campaign_create
from briefs.services.checklist import checklist_create_default
from briefs.services.creative import estimate_send
from evaluations.models import ReviewCycle
from evaluations.services import reviews as review_services

DEMO_PASSWORD = "accountable-demo"  # noqa: S105 (demo data only)

# username, first, last, title, department, supervisor, language
STAFF = [
    ("zhou.min", "敏", "周", Title.MANAGEMENT, Department.MANAGEMENT, None, "zh-hans"),
    ("li.wei", "Wei", "Li", Title.GAD, Department.CLIENT_SERVICE, "zhou.min", "zh-hans"),
    ("sarah.chen", "Sarah", "Chen", Title.AD, Department.CLIENT_SERVICE, "li.wei", "en"),
    ("wang.fang", "芳", "王", Title.AAD, Department.CLIENT_SERVICE, "sarah.chen", "zh-hans"),
    ("david.liu", "David", "Liu", Title.AM, Department.CLIENT_SERVICE, "wang.fang", "en"),
    ("zhang.jing", "静", "张", Title.AE, Department.CLIENT_SERVICE, "david.liu", "zh-hans"),
    ("emily.wong", "Emily", "Wong", Title.AE, Department.CLIENT_SERVICE, "david.liu", "zh-hant"),
    ("chen.hao", "浩", "陈", Title.PLANNER, Department.PLANNING, "zhou.min", "zh-hans"),
    ("lin.mei", "美", "林", Title.CREATIVE, Department.CREATIVE, "zhou.min", "zh-hans"),
    ("huang.lei", "磊", "黄", Title.MEDIA_PLANNER, Department.MEDIA, "zhou.min", "zh-hans"),
    ("xu.yang", "Yang", "Xu", Title.PRODUCER, Department.PRODUCTION, "zhou.min", "en"),
    ("zhao.li", "丽", "赵", Title.FINANCE, Department.FINANCE, "zhou.min", "zh-hans"),
]

CLIENTS = [
    {
        "code": "TSD",
        "name": "天山乳业 Tianshan Dairy",
        "legal_name": "新疆天山乳业有限公司",
        "industry": "Food & beverage",
        "currency": "CNY",
        "tier": Client.Tier.HIGH,
        "stage": Client.Stage.MATURE,
        "require_code_for_money_decisions": True,
        "brands": ["天山纯牛奶 Pure Milk", "天山酸奶 Yoghurt"],
        "contacts": [
            ("刘洋", "市场总监", "liu.yang@tianshan-dairy.example", "zh-hans"),
            ("孙丽", "品牌经理", "sun.li@tianshan-dairy.example", "zh-hans"),
        ],
        "team": [
            ("zhang.jing", "lead_ae"),
            ("david.liu", "am"),
            ("chen.hao", "planner"),
            ("lin.mei", "creative"),
            ("huang.lei", "media"),
            ("zhao.li", "finance"),
        ],
    },
    {
        "code": "HLC",
        "name": "Harbour Line Coffee",
        "legal_name": "Harbour Line Coffee (HK) Ltd.",
        "industry": "Retail",
        "currency": "HKD",
        "tier": Client.Tier.MID,
        "stage": Client.Stage.GROWING,
        "brands": ["Harbour Line Cold Brew"],
        "contacts": [("陳嘉欣", "市場經理", "kayan.chan@harbourline.example", "zh-hant")],
        "team": [("emily.wong", "lead_ae"), ("david.liu", "am"), ("lin.mei", "creative"), ("huang.lei", "media")],
    },
    {
        "code": "NLM",
        "name": "Nordlicht Motors China",
        "legal_name": "Nordlicht Motors (China) Co., Ltd.",
        "industry": "Automotive",
        "currency": "CNY",
        "tier": Client.Tier.HIGH,
        "stage": Client.Stage.NEW,
        "brands": ["Nordlicht EV", "Nordlicht Service"],
        "contacts": [("Anna Berger", "Head of Marketing", "anna.berger@nordlicht.example", "en")],
        "team": [("sarah.chen", "ad"), ("wang.fang", "aad"), ("emily.wong", "ae"), ("xu.yang", "creative")],
    },
    {
        "code": "XYT",
        "name": "新叶科技 Xinye Tech",
        "industry": "Consumer electronics",
        "currency": "CNY",
        "tier": Client.Tier.LOW,
        "stage": Client.Stage.PROSPECT,
        "brands": ["新叶耳机 Leaf Buds"],
        "contacts": [("周晓", "CEO", "zhou.xiao@xinye.example", "zh-hans")],
        "team": [("wang.fang", "aad")],
    },
]

# client code, brand index, name, stage, budget
CAMPAIGNS = [
    ("TSD", 0, "春节 2027 亲情篇 Spring Festival", Stage.BRIEF, "1200000"),
    ("TSD", 1, "酸奶新品上市 Yoghurt launch", Stage.CREATIVE, "800000"),
    ("TSD", 0, "早餐习惯 Breakfast habit", Stage.MEDIA, "2500000"),
    ("TSD", 0, "中秋 2026 Mid-Autumn", Stage.EVALUATION, "600000"),
    ("HLC", 0, "Cold Brew Summer", Stage.MEDIA, "450000"),
    ("HLC", 0, "Store opening Kowloon", Stage.CLOSED, "120000"),
    ("NLM", 0, "EV launch Shanghai", Stage.CREATIVE, "5000000"),
    ("NLM", 1, "Service week", Stage.ON_HOLD, "300000"),
    ("NLM", 1, "Winter check", Stage.CANCELLED, "90000"),
]


# client code, days ago, subject, attendees, summary, decisions, [(action, owner, due in days)]
CONTACT_REPORTS = [
    (
        "TSD",
        6,
        "春节 2027 创意简报讨论 Spring Festival brief discussion",
        ["zhang.jing", "david.liu", "chen.hao"],
        "Client set the Spring Festival objectives: family warmth, +3 pts brand preference in tier-2 cities.",
        "Planner writes the creative brief; client approves it before creative starts.",
        [("Send the draft creative brief", "chen.hao", 3), ("Confirm the media budget split", "david.liu", 10)],
    ),
    (
        "HLC",
        2,
        "Cold Brew Summer media review",
        ["emily.wong", "huang.lei"],
        "Reviewed the May flight; two outdoor spots missed in Kowloon, make-good agreed.",
        "Make-good spots air in week 23.",
        [("Send the make-good schedule for written confirmation", "huang.lei", 2)],
    ),
]


class Command(BaseCommand):
    help = "Load a small demo agency (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        staff = {}
        for username, first, last, title, department, supervisor, language in STAFF:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "title": title,
                    "department": department,
                    "language": language,
                    "email": f"{username}@agency.example",
                    "supervisor": staff.get(supervisor),
                    "is_staff": department == Department.MANAGEMENT,
                    "is_superuser": department == Department.MANAGEMENT,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            staff[username] = user

        clients = {}
        for data in CLIENTS:
            data = dict(data)
            brands, contacts, team = data.pop("brands"), data.pop("contacts"), data.pop("team")
            client, _ = Client.objects.get_or_create(code=data["code"], defaults=data)
            clients[client.code] = client
            for brand in brands:
                Brand.objects.get_or_create(client=client, name=brand)
            for name, title, email, language in contacts:
                Contact.objects.get_or_create(
                    client=client, email=email, defaults={"name": name, "title": title, "language": language}
                )
            for username, role in team:
                AccountTeamMember.objects.get_or_create(client=client, user=staff[username], defaults={"role": role})

        for code, brand_index, name, stage, budget in CAMPAIGNS:
            client = clients[code]
            if Campaign.objects.filter(client=client, name=name).exists():
                continue
            brand = list(client.brands.order_by("pk"))[brand_index]
            lead = client.team_members.filter(role__in=["lead_ae", "ae", "aad", "ad"]).order_by("pk").first().user
            campaign = campaign_create(
                client=client, brand=brand, name=name, lead_ae=lead, budget=Decimal(budget), by=None
            )
            # The demo starts campaigns part-way through the workflow; real ones move by the workflow's gates.
            Campaign.objects.filter(pk=campaign.pk).update(
                stage=stage,
                resume_stage=Stage.CREATIVE if stage == Stage.ON_HOLD else "",
                hold_reason="Client reviewing the service budget" if stage == Stage.ON_HOLD else "",
                cancel_reason="Client moved the winter check in-house" if stage == Stage.CANCELLED else "",
            )
            campaign.refresh_from_db()
            campaign.team.set([m.user for m in client.team_members.exclude(user=lead)])

        for campaign in Campaign.objects.filter(client__code__in=clients):
            self.fill_workflow(campaign)

        today = timezone.localdate()
        for code, days_ago, subject, attendees, summary, decisions, items in CONTACT_REPORTS:
            client = clients[code]
            if ContactReport.objects.filter(client=client, subject=subject).exists():
                continue
            author = staff[attendees[0]]
            contact_report_create(
                client=client,
                by=author,
                meeting_date=today - timedelta(days=days_ago),
                subject=subject,
                summary=summary,
                decisions=decisions,
                staff_attendees=[staff[u] for u in attendees],
                client_attendees=list(client.contacts.all()[:1]),
                action_items=[
                    {"description": d, "owner": staff[o], "due_date": today + timedelta(days=n)} for d, o, n in items
                ],
            )

        if not Prospect.objects.filter(company="青禾茶饮 Qinghe Tea").exists():
            prospect = prospect_create(
                by=staff["wang.fang"],
                company="青禾茶饮 Qinghe Tea",
                industry="Food & beverage",
                source=Prospect.Source.EVENT,
                owner=staff["wang.fang"],
                estimated_value=Decimal("3000000"),
                currency="CNY",
                notes="Met at the Shanghai F&B expo; they are reviewing agencies for 2027.",
            )
            ProspectContact.objects.create(
                prospect=prospect, name="何静", title="品牌总监", email="he.jing@qinghe.example", language="zh-hans"
            )
            for kind, days_ago, record in [
                ("contact", 30, "Called after the expo; agreed to a visit."),
                ("meeting", 21, "Visited their Hangzhou office: 40 stores, expanding to Shanghai in 2027."),
                ("proposal", 5, "Sent the credentials deck and a first media idea."),
            ]:
                prospect_add_activity(
                    prospect=prospect,
                    by=staff["wang.fang"],
                    kind=kind,
                    date=today - timedelta(days=days_ago),
                    record=record,
                )

        self.seed_reviews(staff, clients)
        self.seed_service_loop(staff, clients)
        self.seed_waiting_decisions(clients)
        self.seed_media_after_sales(clients)  # before the evaluation, which reads the post-analysis
        self.seed_campaign_evaluation(clients)  # after the waiting decisions: that step skips once any exist

        self.stdout.write(self.style.SUCCESS(f"Demo agency ready: {len(staff)} staff, {len(clients)} clients."))
        self.stdout.write(f"Log in as any of: {', '.join(staff)} — password: {DEMO_PASSWORD}")

    def seed_service_loop(self, staff, clients):
        """Complaints on the clock, surveys answered (one low score to follow up) and a status report draft."""
        from accounts.models import Complaint, SatisfactionSurvey, StatusReport
        from accounts.services.complaints import (
            complaint_close,
            complaint_investigate,
            complaint_record,
            complaint_respond,
        )
        from accounts.services.status_reports import status_report_draft
        from accounts.services.surveys import survey_answer, survey_send

        if Complaint.objects.filter(client__in=clients.values()).exists():
            return
        now = timezone.now()
        tsd, hlc = clients["TSD"], clients["HLC"]
        ae = tsd.team_members.filter(role__in=["lead_ae", "ae"]).order_by("pk").first().user
        complaint_record(
            client=tsd,
            by=ae,
            channel=Complaint.Channel.MESSAGE,
            received_at=now - timedelta(hours=3),
            description="The Spring outdoor boards in Pudong went up two days late.",
            category=Complaint.Category.SERVICE,
            priority=Complaint.ProblemClass.URGENT,
            contact=tsd.contacts.order_by("pk").first(),
            campaign=tsd.campaigns.order_by("pk").first(),  # listed on that campaign's page
        )
        settled = complaint_record(
            client=hlc,
            by=ae,
            channel=Complaint.Channel.EMAIL,
            received_at=now - timedelta(days=10),
            description="The invoice for the March radio flight was sent twice.",
            category=Complaint.Category.PROCESS,
            priority=Complaint.ProblemClass.COMPLEX,
            contact=hlc.contacts.order_by("pk").first(),
        )
        complaint_respond(complaint=settled, text="Apologised and cancelled the duplicate invoice.", by=ae)
        complaint_investigate(complaint=settled, founded=False, cause="", responsible_party="", by=ae)
        complaint_close(complaint=settled, lesson_learned="Finance checks for duplicates before sending.", by=ae)

        for client, score, comments in [
            (tsd, 4, "Quick answers, good ideas."),
            (hlc, 2, "We had to chase the schedule twice."),
        ]:
            survey = survey_send(
                contact=client.contacts.order_by("pk").first(), reason=SatisfactionSurvey.Reason.MANUAL
            )
            if survey is not None:
                survey_answer(survey=survey, score=score, comments=comments)
        if not StatusReport.objects.filter(client=tsd).exists():
            status_report_draft(client=tsd, by=ae)

    def seed_reviews(self, staff, clients):
        """One 360° cycle for the AEs, with a few answers given: enough to see the pages work."""
        if ReviewCycle.objects.filter(name="2026 H1").exists():
            return
        cycle = review_services.cycle_create(
            name="2026 H1",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 6, 30),
            feedback_deadline=date(2026, 7, 31),
            titles=[Title.AE],
            by=staff["zhou.min"],
        )
        review = cycle.reviews.get(reviewee=staff["zhang.jing"])
        for username, relationship in [
            ("lin.mei", "creative"),
            ("chen.hao", "planning"),
            ("huang.lei", "media"),
            ("zhao.li", "finance"),
            ("emily.wong", "peer"),
        ]:
            review_services.review_add_reviewer(
                review=review, relationship=relationship, reviewer=staff[username], by=staff["david.liu"]
            )
        contact = clients["TSD"].contacts.order_by("pk").first()
        review_services.review_add_reviewer(
            review=review, relationship="client", contact=contact, by=staff["david.liu"]
        )
        competencies = list(cycle.framework.competencies.all())
        for username, rating, comment in [
            ("zhang.jing", 4, "我按时完成了春节项目的所有简报。"),
            ("david.liu", 4, "Owns the Tianshan account day to day; estimates are accurate."),
            ("lin.mei", 5, "Briefs give the creatives a clear direction."),
            ("chen.hao", 3, "Could bring more consumer insight to the brief."),
        ]:
            feedback = review.feedback.get(reviewer=staff[username])
            answers = {c.pk: (rating, comment if c.order == 1 else "") for c in competencies}
            review_services.feedback_submit(
                feedback=feedback, by=staff[username], answers=answers, overall_comments=comment
            )

    def fill_workflow(self, campaign):
        """Checklists ticked and documents in place up to the campaign's stage (only what is missing)."""
        if not campaign.steps.exists():
            checklist_create_default(campaign=campaign)
        stage = campaign.resume_stage or campaign.stage
        reached = list(WORKING_STAGES).index(stage) if stage in WORKING_STAGES else len(WORKING_STAGES)
        done_stages = list(WORKING_STAGES)[:reached]
        ChecklistStep.objects.filter(campaign=campaign, stage__in=done_stages, done_at__isnull=True).update(
            done_at=campaign.created_at, done_by=campaign.lead_ae, done_note="Done before the demo began."
        )
        # Past the brief, the client has approved a brief: through the same services as the client's link.
        # The evaluation campaign's brief, with its KPIs, is seed_campaign_evaluation's.
        if reached >= 1 and stage != Stage.EVALUATION:
            self.approve_brief(campaign)
        today = timezone.localdate()
        for i, step in enumerate(campaign.steps.filter(stage=stage, due_date__isnull=True).order_by("position")):
            step.due_date = today + timedelta(days=3 * (i + 1))
            step.save(update_fields=["due_date"])
        if reached < 1 or campaign.concepts.exists():
            return
        # Past the brief: a concept; past creative: everything the creative gate asks for (demo only: the
        # client's decisions themselves are not faked, so these read as approved but carry no decision record).
        approved = reached >= 2
        status = ClientStatus.APPROVED if approved else ClientStatus.DRAFT
        Concept.objects.create(
            campaign=campaign,
            client=campaign.client,
            round=1,
            title="Family breakfast",
            rationale="The moment the whole family shares: fresh milk on the table.",
            review=Concept.Review.APPROVED if approved else Concept.Review.PENDING,
            status=status,
        )
        estimate = ProductionEstimate.objects.create(
            campaign=campaign, client=campaign.client, version=1, currency=campaign.currency, status=status
        )
        for vendor, description, quantity, cost in (
            ("Pasture Films", "Shoot, 2 days", 2, "45000.00"),
            ("Sound House", "Music and voice-over", 1, "18000.00"),
            ("Pixel Post", "Edit, grade and online", 1, "26000.00"),
        ):
            EstimateLine.objects.create(
                estimate=estimate, vendor=vendor, description=description, quantity=quantity, unit_cost=Decimal(cost)
            )
        if approved:
            FinalAd.objects.create(
                campaign=campaign,
                client=campaign.client,
                version=1,
                title=f"{campaign.name} TVC 15s",
                compliance_note="Claims checked against the Advertising Law: no superlatives, nutrition facts match.",
                status=status,
            )

    def approve_brief(self, campaign):
        """A creative brief with a measurable objective, approved by the client (unless one already is)."""
        from agency.core import decisions
        from briefs.workflow import approved_brief_version

        contact = decisions.deciders(campaign.client).order_by("pk").first()
        if contact is None or approved_brief_version(campaign) is not None:
            return
        version = brief_start(campaign=campaign, by=campaign.lead_ae).versions.order_by("-number").first()
        version.background = "The brand is known to its buyers; the campaign widens the circle."
        version.business_objective = "Grow sales by 15% over the season."
        version.communication_objective = "Make the brand the first choice for the occasion."
        version.proposition = "Made for the moments you share."
        version.budget = campaign.budget
        version.save()
        BriefKPI.objects.create(
            version=version, position=0, name="Brand awareness", target=Decimal("30"), unit="%",
            measured_by="Brand tracking survey",
        )  # fmt: skip
        request = brief_send_for_approval(version=version, contact=contact, by=campaign.lead_ae)
        decisions.decide(decision_request=request, outcome="approved", comment="OK")

    def seed_waiting_decisions(self, clients):
        """A few documents with the client, so the client page's "Waiting for the client's decision" card
        and the reminder ladder have something to show: briefs at the brief stage, estimates at creative."""
        from agency.core import decisions

        # Only briefs and estimates count: the 360° cycle and the evaluation ask the client for other answers.
        asked = DecisionRequest.objects.filter(
            client__in=clients.values(), decision_kind__in=["brief", "estimate"]
        ).open()  # the briefs approved past the brief stage (fill_workflow) are decided
        if asked.exists():
            return
        now = timezone.now()
        waiting = []
        for days_ago, campaign in enumerate(
            Campaign.objects.filter(client__in=clients.values(), stage__in=[Stage.BRIEF, Stage.CREATIVE]).order_by(
                "pk"
            ),
            start=1,
        ):
            contact = decisions.deciders(campaign.client).order_by("pk").first()
            if contact is None:
                continue
            if campaign.stage == Stage.BRIEF:
                version = brief_start(campaign=campaign, by=campaign.lead_ae).versions.get(number=1)
                version.background = "The brand is known in the north; the south does not know it yet."
                version.business_objective = "Grow sales in the south by 20% over the season."
                version.proposition = "Fresh from the pasture to your table in 48 hours."
                version.save()
                waiting.append(
                    (brief_send_for_approval(version=version, contact=contact, by=campaign.lead_ae), days_ago)
                )
            else:
                estimate = campaign.estimates.filter(status=ClientStatus.DRAFT).order_by("-version").first()
                if estimate is None:
                    continue
                estimate_send(estimate=estimate, contact=contact, by=campaign.lead_ae)
                decision_request = DecisionRequest.objects.for_document(estimate).open().get()
                waiting.append((decision_request, days_ago))
        for decision_request, days_ago in waiting:  # sent a few days ago, as they would be in a real agency
            sent = now - timedelta(days=days_ago)
            DecisionRequest.objects.filter(pk=decision_request.pk).update(created_at=sent, sent_at=sent)

    def seed_media_after_sales(self, clients):
        """The evaluation-step campaign's media, through the services as the team would: a plan, its
        recommendation and monthly plan confirmed by the client, booked and confirmed by the media owners,
        the schedule sent, monitored with proof (two spots missed, made good with proof), the end-of-campaign
        notice and the post-analysis. The dashboard and the post-analysis read the same figures."""
        from django.core.files.base import ContentFile
        from django.core.files.uploadedfile import SimpleUploadedFile

        from agency.core import decisions
        from agency.core.models import DecisionRequest
        from evaluations.models import PostAnalysis
        from evaluations.services.analysis import post_analysis_create
        from media.models import MakeGood, MediaBrief, PlanVersion, ProofFile
        from media.queries import monthly_plans
        from media.services import bookings, confirmations, plans

        campaign = Campaign.objects.filter(client=clients["TSD"], stage=Stage.EVALUATION).order_by("pk").first()
        if campaign is None or PlanVersion.objects.filter(campaign=campaign).exists():
            return
        ae, contact = campaign.lead_ae, decisions.deciders(campaign.client).order_by("pk").first()
        today = timezone.localdate()
        start, end = today - timedelta(days=45), today - timedelta(days=16)
        photo = demo_photo()

        def approve(document):
            """Money decisions at this client need a one-time code by link: here the client signed and
            returned the document instead, and the AE records that with the scan as evidence."""
            request = DecisionRequest.objects.for_document(document).open().get()
            scan = SimpleUploadedFile("signed-confirmation.png", photo, content_type="image/png")
            decisions.record_outside(
                decision_request=request, outcome="approved", note="Signed and returned by email.", evidence=scan,
                by=ae,
            )  # fmt: skip

        MediaBrief.objects.update_or_create(
            campaign=campaign,
            defaults={
                "recommendation": "Television for reach in tier-2 cities; LED screens near stores for the gift box."
            },
        )
        version = plans.plan_new_version(campaign=campaign, by=ae)
        for vendor, channel, vehicle, spots, rate in (
            ("Hunan TV", "tv", "Hunan Satellite 19:30", 20, Decimal("18000.00")),
            ("Focus Media", "outdoor", "LED screens, Urumqi malls", 30, Decimal("2500.00")),
        ):
            plans.plan_line_add(
                version=version, by=ae, vendor=vendor, channel=channel, vehicle=vehicle, market="Xinjiang",
                placement="", format="15s", flight_start=start, flight_end=end, spots=spots, unit_rate=rate,
                discount_pct=Decimal("10"), category="dairy", keep_apart_from="", notes="",
            )  # fmt: skip
        plans.plan_send(version=version, contact=contact, by=ae)
        approve(version)
        version.refresh_from_db()
        approve(confirmations.recommendation_send(version=version, contact=contact, by=ae))
        for month in monthly_plans(version):
            approve(confirmations.monthly_plan_send(version=version, month=month["month"], contact=contact, by=ae))
        for line in version.lines.order_by("position"):
            booking = bookings.booking_create(line=line, by=ae)
            bookings.booking_confirm(booking=booking, vendor_reference=f"IO-{line.position:03d}", by=ae)
        bookings.schedule_send(version=version, contact=contact, message="", by=ae)
        for line in version.lines.order_by("position"):
            booking = line.bookings.get()
            aired = line.spots - 2 if line.channel == "tv" else line.spots
            bookings.monitoring_record(
                booking=booking, period_start=start, period_end=end, scheduled=line.spots, aired=aired,
                notes="Two spots dropped for breaking news." if aired < line.spots else "",
                proofs=[(ProofFile.Kind.LOG, ContentFile(photo), "airing-log.png", "image/png")], by=ae,
            )  # fmt: skip
        make_good = MakeGood.objects.get(booking__line__version=version)
        bookings.make_good_schedule(
            make_good=make_good, spots=2, air_date=end + timedelta(days=2), air_until=end + timedelta(days=3), by=ae
        )
        bookings.make_good_aired(
            make_good=make_good, aired_spots=2, aired_on=end + timedelta(days=2), by=ae,
            proofs=[(ProofFile.Kind.PHOTO, ContentFile(photo), "make-good-night.png", "image/png")],
        )  # fmt: skip
        bookings.end_notice_send(version=version, by=ae)
        if not PostAnalysis.objects.filter(campaign=campaign).exists():
            post_analysis_create(campaign=campaign, summary="LED near stores outperformed: keep it for Spring.", by=ae)

    def seed_campaign_evaluation(self, clients):
        """The evaluation-step campaign judged against its brief's KPIs: one higher-is-better, one lower-is-better
        (cost per lead), completed and shared with the client. The brief's approval goes through the same
        decision service the client's link would use, so the evaluation has a real approved brief to start from."""
        from agency.core import decisions
        from briefs.services.brief import brief_save, latest_version
        from briefs.workflow import approved_brief_version
        from evaluations.models import CampaignEvaluation
        from evaluations.services import campaign as evaluation_services

        campaign = Campaign.objects.filter(client=clients["TSD"], stage=Stage.EVALUATION).order_by("pk").first()
        if campaign is None or CampaignEvaluation.objects.filter(campaign=campaign).exists():
            return
        ae = campaign.lead_ae
        contact = decisions.deciders(campaign.client).order_by("pk").first()
        if approved_brief_version(campaign) is None:
            brief = brief_start(campaign=campaign, by=ae)
            latest = latest_version(brief)
            version = brief_save(
                brief=brief,
                data={
                    "background": "Mooncake season: families buy gift boxes of milk for visits.",
                    "business_objective": "Sell 200,000 Mid-Autumn gift boxes through e-commerce and stores.",
                    "communication_objective": "Make the Tianshan gift box the caring gift for parents.",
                    "proposition": "The gift that says: drink well, stay well.",
                    "budget": campaign.budget,
                },
                kpis=[
                    {
                        "name": "Gift-box awareness in tier-2 cities",
                        "target": Decimal("30"),
                        "unit": "%",
                        "measured_by": "Brand tracking survey",
                        "direction": "higher",
                    },
                    {
                        "name": "Cost per lead (WeChat mini-program)",
                        "target": Decimal("45"),
                        "unit": "CNY",
                        "measured_by": "Media spend ÷ CRM leads",
                        "direction": "lower",
                    },
                ],  # fmt: skip
                base_number=latest.number,
                base_revision=latest.revision,
                by=ae,
            )
            request = brief_send_for_approval(version=version, contact=contact, by=ae)
            decisions.decide(decision_request=request, outcome="approved", comment="同意。")
        evaluation = evaluation_services.evaluation_start(campaign=campaign, by=ae)
        measured_on = timezone.localdate() - timedelta(days=7)
        actuals = {"higher": (Decimal("34"), "research"), "lower": (Decimal("38"), "media_delivery")}
        for result in evaluation.results.all():
            actual, source = actuals[result.direction]
            evaluation_services.kpi_result_record(
                result=result, actual=actual, source=source, measured_on=measured_on, by=ae
            )
        evaluation_services.evaluation_learnings_save(
            evaluation=evaluation,
            learnings="WeChat leads came cheaper than planned; the parents' angle lifted awareness in tier-2 cities.",
            by=ae,
        )
        evaluation_services.evaluation_complete(evaluation=evaluation, by=ae)
        evaluation_services.evaluation_share(evaluation=evaluation, contact=contact, by=ae)


def demo_photo():
    """A small real PNG (uploads are decoded, so it must be a whole image): a grey phone snap of a screen."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 90, 96)).save(buffer, format="PNG")
    return buffer.getvalue()
