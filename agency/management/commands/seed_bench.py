"""A large, deterministic agency-year for benchmarks: `manage.py seed_bench --scale 1`.

Scale 1 is a large agency's year (500 clients, 1,500 brands, 5,000 contacts,
200 staff, 20,000 campaigns). Rows go in with bulk inserts, so it takes minutes,
not hours, on two cores. Running it again on a seeded database does nothing.
"""

import random
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import AccountTeamMember, Brand, Client, Contact
from agency.models import Department, Title, User
from briefs.models import Campaign, Stage

BENCH_PASSWORD = "bench-password"  # noqa: S105 (benchmark data only)
STAGES = [Stage.BRIEF, Stage.CREATIVE, Stage.MEDIA, Stage.EVALUATION, Stage.CLOSED, Stage.ON_HOLD, Stage.CANCELLED]
ACCOUNT_TITLES = [Title.AE, Title.AE, Title.AE, Title.AM, Title.AM, Title.AAD, Title.AD, Title.GAD]


class Command(BaseCommand):
    help = "Generate the benchmark data set (deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)

    def handle(self, *args, scale, **options):
        if User.objects.filter(username="bench-ae").exists():
            self.stdout.write("Benchmark data already present; nothing to do.")
            return
        rng = random.Random(20261122)  # same data every time
        n = lambda count: max(1, int(count * scale))  # noqa: E731
        with transaction.atomic():
            self.seed(rng, n)
        self.stdout.write(self.style.SUCCESS(f"Benchmark data at scale {scale} ready."))

    def seed(self, rng, n):
        template_user = User(username="template")
        template_user.set_password(BENCH_PASSWORD)
        password = template_user.password

        manager = User.objects.create(
            username="bench-manager", title=Title.MANAGEMENT, department=Department.MANAGEMENT, password=password
        )
        gads = [
            User(username=f"bench-gad-{i}", title=Title.GAD, supervisor=manager, password=password)
            for i in range(max(1, n(200) // 40))
        ]
        User.objects.bulk_create(gads)
        staff = []
        for i in range(n(200) - len(gads) - 1):
            title = rng.choice(ACCOUNT_TITLES + [Title.PLANNER, Title.CREATIVE, Title.MEDIA_PLANNER, Title.FINANCE])
            staff.append(
                User(
                    username=f"bench-staff-{i}",
                    title=title,
                    department=Department.CLIENT_SERVICE if title in ACCOUNT_TITLES else Department.CREATIVE,
                    supervisor=rng.choice(gads),
                    password=password,
                )
            )
        User.objects.bulk_create(staff)
        ae = User.objects.create(username="bench-ae", title=Title.AE, supervisor=gads[0], password=password)
        account_people = [u for u in staff if u.title in ACCOUNT_TITLES] + [ae]

        clients = Client.objects.bulk_create(
            Client(
                name=f"Bench Client {i:04d}",
                code=f"B{i:04d}",
                industry=rng.choice(["Food & beverage", "Automotive", "Retail", "Finance", "Technology"]),
                tier=rng.choice(Client.Tier.values),
                stage=rng.choice(Client.Stage.values),
            )
            for i in range(n(500))
        )
        brands = Brand.objects.bulk_create(
            Brand(client=clients[i % len(clients)], name=f"Brand {i:05d}") for i in range(n(1500))
        )
        Contact.objects.bulk_create(
            Contact(client=clients[i % len(clients)], name=f"Contact {i}", email=f"contact{i}@client.example")
            for i in range(n(5000))
        )
        team = []
        for index, client in enumerate(clients):
            members = rng.sample(account_people, k=min(4, len(account_people)))
            if index < 10:  # the benchmark AE works on ten clients
                members = [ae] + [m for m in members if m != ae][:3]
            for member in members:
                team.append(AccountTeamMember(client=client, user=member, role="ae"))
        AccountTeamMember.objects.bulk_create(team)

        campaigns = []
        for i in range(n(20000)):
            brand = brands[i % len(brands)]
            campaigns.append(
                Campaign(
                    client_id=brand.client_id,
                    brand=brand,
                    job_number=f"BEN-2026-{i:06d}",
                    name=f"Campaign {i}",
                    lead_ae=rng.choice(account_people),
                    budget=Decimal(rng.randrange(50_000, 5_000_000)),
                    stage=rng.choice(STAGES),
                )
            )
        Campaign.objects.bulk_create(campaigns, batch_size=2000)
