"""The post-analysis moved from media to evaluations (migrations media 0006, evaluations 0005). A running
installation keeps every row, the content type's id (which the append-only audit log and decisions
point at) and the client's live link: sent before the upgrade, it still opens and decides after it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client as Browser
from django.utils import timezone

from agency.core import decisions, links
from agency.core.models import AuditEvent, DecisionLink, DecisionRequest
from agency.core.tests.decision_flow import decide_by_link
from conftest import is_postgres, need
from evaluations.models import PostAnalysis

pytestmark = pytest.mark.services

BEFORE = [("media", "0005_merge_booking_cutoff_plan_line_revision"), ("evaluations", "0004_kpi_direction")]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()
    return executor


@pytest.fixture
def before_the_move(transactional_db):
    """The database as the commit before the move left it; put back at head afterwards, whatever happens."""
    if not is_postgres():
        need("PostgreSQL (DATABASE_URL)")
    executor = migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    migrate()


def make_sent_post_analysis(apps):
    """With the models as they were: a campaign with a confirmed plan and a post-analysis sent to the
    client, its link, the audit entry, and a group allowed to view post-analyses."""
    get = apps.get_model
    types = get("contenttypes", "ContentType").objects
    old_type, _created = types.get_or_create(app_label="media", model="postanalysis")
    ae = get("agency", "User").objects.create(username="ae", password="!", email="ae@agency.example")
    client = get("accounts", "Client").objects.create(name="Tianshan Dairy", code="TSD")
    brand = get("accounts", "Brand").objects.create(client=client, name="Tianshan Yoghurt")
    campaign = get("briefs", "Campaign").objects.create(
        client=client, brand=brand, job_number="TSD-2026-007", name="Southern launch", lead_ae=ae, stage="media"
    )
    plan = get("media", "PlanVersion").objects.create(
        campaign=campaign, client=client, number=1, currency="CNY", status="approved"
    )
    analysis = get("media", "PostAnalysis").objects.create(
        campaign=campaign, client=client, version=plan, summary="Prime time over-delivered.", status="sent",
        sent_at=timezone.now(), created_by=ae,
    )  # fmt: skip
    contact = get("accounts", "Contact").objects.create(
        client=client, name="Chen Hui", email="chen.hui@tianshan.example", language="en"
    )
    token, token_hash = links.new_token()
    # The link is bound to the post-analysis's canonical text, which the move does not change; today's code
    # cannot read it through the old schema (later migrations add columns it selects), so the test binds
    # the link to that text once the database is at head (see bind_to_canonical_text).
    content_hash = "0" * 64
    link = get("agency", "DecisionRequest").objects.create(
        token_hash=token_hash, client=client, document_type=old_type, document_id=analysis.pk,
        decision_kind="post_analysis", document_title="TSD-2026-007 · Media post-analysis",
        version_label=f"#{analysis.pk}",
        content_hash=content_hash, contact=contact, requested_by=ae, expires_at=timezone.now() + timedelta(days=14),
        sent_at=timezone.now(),
    )  # fmt: skip
    # Only media and evaluations were taken back: agency's migration that moved every link's hash into
    # its own row (0009) has run already, so the link gets the row that migration would have given it.
    DecisionLink.objects.create(request_id=link.pk, token_hash=token_hash, purpose="sent")
    get("agency", "AuditEvent").objects.create(
        action="post_analysis.sent_to_client", actor=ae, object_type=old_type, object_id=str(analysis.pk),
        object_repr="Post-analysis", data={"contact": contact.email},
    )  # fmt: skip
    viewers = get("auth", "Group").objects.create(name="Media viewers")
    viewers.permissions.add(get("auth", "Permission").objects.get(content_type=old_type, codename="view_postanalysis"))
    return {"analysis": analysis.pk, "type": old_type.pk, "link": link.pk, "token": token}


def bind_to_canonical_text(made):
    """What the code before the move bound the link to: the same canonical text (the table is the same)."""
    analysis = PostAnalysis.objects.get(pk=made["analysis"])
    DecisionRequest.objects.filter(pk=made["link"]).update(content_hash=decisions.content_hash(analysis))


def a_post_migrate_already_made_the_new_type(apps):
    """A database created at the new version, then migrated back: post_migrate made the new row with
    its own permissions, and someone was given one of them."""
    get = apps.get_model
    newer = get("contenttypes", "ContentType").objects.create(app_label="evaluations", model="postanalysis")
    permission = get("auth", "Permission").objects.create(
        content_type=newer, codename="view_postanalysis", name="Can view post-analysis"
    )
    get("auth", "Group").objects.create(name="Evaluators").permissions.add(permission)


@pytest.mark.parametrize("newer_type_exists", [False, True], ids=["upgrade", "post-migrate-made-the-new-type"])
def test_a_sent_post_analysis_and_its_link_survive_the_move(before_the_move, newer_type_exists):
    made = make_sent_post_analysis(before_the_move)
    if newer_type_exists:
        a_post_migrate_already_made_the_new_type(before_the_move)

    migrate()
    bind_to_canonical_text(made)

    analysis = PostAnalysis.objects.get(pk=made["analysis"])
    assert (analysis.summary, analysis.status) == ("Prime time over-delivered.", "sent")
    content_type = ContentType.objects.get_for_model(PostAnalysis)
    assert (content_type.pk, content_type.app_label) == (made["type"], "evaluations")
    assert not ContentType.objects.filter(app_label="media", model="postanalysis").exists()
    assert DecisionRequest.objects.get(pk=made["link"]).document == analysis
    [sent] = AuditEvent.objects.for_object(analysis)
    assert sent.action == "post_analysis.sent_to_client"
    for name in ["Media viewers"] + (["Evaluators"] if newer_type_exists else []):
        assert Group.objects.get(name=name).permissions.get().content_type_id == made["type"], name

    # The client opens the link emailed before the upgrade and acknowledges the post-analysis.
    browser = Browser()
    page = browser.get(f"/d/{made['token']}/", follow=True)
    assert page.status_code == 200
    assert "Media post-analysis" in page.content.decode() and "Prime time over-delivered." in page.content.decode()
    assert decide_by_link(browser, page.redirect_chain[-1][0], outcome="approved").status_code == 302
    analysis.refresh_from_db()
    assert analysis.status == "approved"
    assert DecisionRequest.objects.get(pk=made["link"]).status == "decided"
