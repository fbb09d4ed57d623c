"""Which rows of the seeded data each benchmark page opens, and the pages themselves.

`PAGES` is what bench/run.py measures; paths name targets in braces. Run as a script against the
benchmark database (DATABASE_URL) it prints the targets as one JSON line. It also makes a fresh client
decision request, because the token of a link exists only in its email: the client-link page needs
one that is open.

    DATABASE_URL=postgres://... .venv/bin/python bench/targets.py

With `--load CLIENTS` it prints instead what `make load` (bench/load.py) needs: the staff usernames of
each title, and CLIENTS fresh decision links, one per simulated client, each on a brief of its own (one
answer decides a document for all its links). Its output holds live tokens: the caller reads it from a
pipe and never prints it.
"""

import argparse
import json
import os
import sys
from pathlib import Path

# (label, path, who, kind): who is None for anonymous pages, "client" for the emailed client link.
# kind says which floor a page is compared with (bench/run.py FLOOR_OF) and which pages a scale-10 run
# measures (SCALE_TEN_KINDS): the floors themselves come first, measured in the same run.
PAGES = [
    ("floor: minimal Django page", "/_bench/bare/", None, "minimal"),
    ("floor: list, 50 of 100,000 rows + COUNT", "/_bench/list-floor/", "bench-ae", "list-floor"),
    ("floor: aggregate, GROUP BY 100,000 rows", "/_bench/aggregate-floor/", "bench-manager", "aggregate-floor"),
    ("bare Django page (50 rows)", "/_bench/bare/", None, "bare"),
    ("login page", "/auth/login/", None, "bare"),
    ("AE home (my day)", "/", "bench-ae", "home"),
    ("manager home", "/", "bench-manager", "home"),
    ("manager dashboard", "/dashboard/", "bench-manager", "dashboard"),
    ("client list", "/clients/", "bench-ae", "list"),
    ("client page", "/clients/{client}/", "bench-ae", "detail"),
    ("campaign list", "/campaigns/", "bench-ae", "list"),
    ("campaign page", "/campaigns/{campaign}/", "bench-ae", "detail"),
    ("media plan, 1,000 lines", "/media/plans/{plan}/", "bench-ae", "detail"),
    ("media plan flowchart, 1,000 lines", "/media/plans/{plan}/flowchart/", "bench-ae", "detail"),
    ("client decision link page", "/decision/{decision_request}/", "client", "detail"),
    ("review results (supervisor)", "/reviews/{review}/", "bench-gad-0", "detail"),
    ("complaints, manager", "/complaints/", "bench-manager", "list"),
    ("outbox", "/outbox/", "bench-manager", "list"),
]
# The minimal Django page is served by bench/minimal.py (no middleware, no apps), not by the app.
MINIMAL_KIND = "minimal"
# What a scale-10 run measures (besides the floors): lists, homes and the dashboard.
SCALE_TEN_KINDS = {"list", "home", "dashboard"}
# Built in parallel with the benchmarks: measured once their address exists, noted as skipped until then.
OPTIONAL_PATHS = {"/dashboard/"}


def find_targets():
    """The rows the pages open: the bench AE's media campaign and its 1,000-line plan, the AE's review
    of last half-year (results shared), and a fresh decision link to the campaign's brief."""
    from django.db.models import Count
    from django.urls import Resolver404, resolve

    from agency.core import decisions
    from agency.core.models import User
    from briefs.models import BriefVersion, Campaign
    from evaluations.models import Review
    from media.models import PlanVersion

    ae = User.objects.get(username="bench-ae")
    plan = (
        PlanVersion.objects.filter(campaign__lead_ae=ae)
        .annotate(n=Count("lines"))
        .filter(n=1000)
        .select_related("campaign")
        .order_by("pk")
        .first()
    )
    campaign = Campaign.objects.select_related("client").get(pk=plan.campaign_id)
    review = Review.objects.filter(reviewee=ae, results_shared_at__isnull=False).order_by("pk").first()
    brief = BriefVersion.objects.filter(brief__campaign=campaign).order_by("-number").first()
    contact = campaign.client.contacts.filter(is_active=True, may_approve=True).order_by("pk").first()
    request = decisions.request_decision(document=brief, contact=contact, by=ae)

    missing = []
    for path in OPTIONAL_PATHS:
        try:
            resolve(path)
        except Resolver404:
            missing.append(path)
    return {
        "client": campaign.client_id,
        "campaign": campaign.pk,
        "plan": plan.pk,
        "review": review.pk,
        "decision_request": request.pk,
        "decision_token": request.token,
        "missing_paths": missing,
    }


def staff_by_title(per_title=200):
    """The benchmark staff of each title (bench-ae first among the AEs), for the load test's people."""
    from agency.core.models import User

    staff = {}
    for username, title in (
        User.objects.filter(username__startswith="bench-", is_active=True)
        .order_by("username")
        .values_list("username", "title")
    ):
        names = staff.setdefault(title, [])
        if username == "bench-ae":
            names.insert(0, username)
        elif len(names) < per_title:
            names.append(username)
    return staff


def client_links(count):
    """`count` open decision requests, each for its own brief that the client has not decided yet (the
    latest version, sent to the client first, then drafts), emailed to a contact who may approve, as the
    campaign's lead AE sends them. One answer decides a document for all its links, so no two share one;
    briefs decided in an earlier run are left out, and reissuing a link for the same brief and contact
    revokes the earlier one, so runs can be repeated on the same data (1,400 waiting briefs at scale 1)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Case, Max, OuterRef, Subquery, Value, When

    from accounts.models import Contact
    from agency.core import decisions
    from agency.core.models import Decision
    from briefs.models import BriefVersion

    latest = BriefVersion.objects.filter(brief=OuterRef("brief")).values("brief").annotate(n=Max("number")).values("n")
    decided = Decision.objects.filter(document_type=ContentType.objects.get_for_model(BriefVersion)).values(
        "document_id"
    )
    briefs = (
        BriefVersion.objects.filter(
            status__in=[BriefVersion.Status.SENT, BriefVersion.Status.DRAFT], number=Subquery(latest)
        )
        .exclude(pk__in=decided)
        .select_related("brief__campaign__lead_ae")
        .annotate(waiting=Case(When(status=BriefVersion.Status.SENT, then=Value(0)), default=Value(1)))
        .order_by("waiting", "pk")
    )
    links = []
    for brief in briefs.iterator():
        if len(links) == count:
            break
        contact = (
            Contact.objects.filter(client_id=brief.client_id, is_active=True, may_approve=True).order_by("pk").first()
        )
        if contact is None:
            continue
        request = decisions.request_decision(document=brief, contact=contact, by=brief.brief.campaign.lead_ae)
        links.append({"request": request.pk, "token": request.token})
    if len(links) < count:
        raise SystemExit(f"only {len(links)} briefs left undecided for {count} client links: reseed the bench data")
    return links


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--load", type=int, metavar="CLIENTS", help="what bench/load.py needs (see above)")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agency.settings")
    import django

    django.setup()
    if args.load is not None:
        print(json.dumps({"staff": staff_by_title(), "client_links": client_links(args.load)}))
    else:
        print(json.dumps(find_targets()))


if __name__ == "__main__":
    main()
