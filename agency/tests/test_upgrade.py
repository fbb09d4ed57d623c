"""An installation made before the layering (agency/ split into agency/core and agency/site, models moved
between apps) upgrades in place: nothing it holds is lost, and the links its clients already hold work.

The test checks out the code of the last commit before that work (git archive), builds a PostgreSQL
database with ITS migrations and demo data, issues live client links with ITS code, then migrates the
same database to this code's head and uses the links through this code.
"""

import json
import os
import subprocess
import sys
import tarfile
import textwrap
from io import BytesIO

import pytest

from conftest import BASE_DIR, is_postgres, need

# The last commit of main before agency/ was split into layers.
BEFORE_LAYERS = "5e57f2a"

# Tables whose rows a migration may legitimately add (never remove): its own ledger, the rows Django
# writes for new models, and the permissions of those models.
GROWS_WITH_MODELS = {"django_migrations", "django_content_type", "auth_permission"}

OLD_SIDE = textwrap.dedent(
    """
    import json
    from django.utils import timezone
    from accounts.models import Contact, SatisfactionSurvey
    from accounts.services.surveys import survey_send
    from agency.decisions import remind_request
    from agency.models import DecisionRequest, User
    from agency.reminder_calendar import calendar_feed_issue

    now = timezone.now()
    waiting = (
        DecisionRequest.objects.filter(status="open", expires_at__gt=now, decision_kind="brief")
        .order_by("pk").first()
    )
    decision = remind_request(decision_request=waiting)
    surveyed = SatisfactionSurvey.objects.values("contact_id")
    contact = Contact.objects.filter(is_active=True).exclude(pk__in=surveyed).order_by("pk").first()
    survey = survey_send(contact=contact, reason=SatisfactionSurvey.Reason.MANUAL)
    owner = User.objects.get(username="zhang.jing")
    _feed, feed_token = calendar_feed_issue(owner=owner, by=owner)
    print("LINKS=" + json.dumps({
        "decision": decision.token, "decision_id": decision.pk,
        "survey": survey.token, "survey_id": survey.pk,
        "feed": feed_token,
    }))
    """
)

NEW_SIDE = textwrap.dedent(
    """
    import json, re, sys
    from django.test import Client
    from agency.core.models import Decision
    from agency.core.tests.decision_flow import decide_by_link

    links = json.loads(sys.stdin.readline())
    browser = Client(HTTP_HOST="localhost")
    result = {}
    landing = browser.get(f"/d/{links['decision']}/")
    result["decision_landing"] = landing.status_code
    page = browser.get(landing["Location"])
    result["decision_page"] = page.status_code
    result["decision_page_title"] = "v1" in page.content.decode()
    decided = decide_by_link(browser, links["decision_id"], outcome="approved", comment="Approved after the upgrade.")
    result["decide"] = decided.status_code
    result["decisions"] = list(
        Decision.objects.filter(request_id=links["decision_id"]).values_list("outcome", flat=True)
    )
    survey = browser.get(f"/s/{links['survey']}/")
    result["survey_page"] = survey.status_code
    answered = browser.post(f"/s/{links['survey']}/", {"score": "5", "comments": "Still works."})
    result["survey_answer"] = answered.status_code
    feed = browser.get(f"/calendar/{links['feed']}.ics")
    result["feed"] = feed.status_code
    result["feed_is_calendar"] = feed.content.startswith(b"BEGIN:VCALENDAR")
    print("RESULT=" + json.dumps(result))
    """
)


def _run(cwd, env, *args, stdin=None):
    completed = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=cwd, env=env, input=stdin, capture_output=True, text=True
    )
    assert completed.returncode == 0, f"manage.py {' '.join(args)} failed in {cwd}:\n{completed.stderr[-3000:]}"
    return completed.stdout


def _tagged(output, tag):
    [line] = [line for line in output.splitlines() if line.startswith(tag + "=")]
    return json.loads(line.split("=", 1)[1])


@pytest.fixture
def upgrade_database():
    """A database of its own on the test's PostgreSQL server, dropped afterwards."""
    if not is_postgres():
        need("PostgreSQL (DATABASE_URL) for the upgrade test")
    import psycopg2
    from django.db import connection

    settings = connection.settings_dict
    name = f"accountable_upgrade_{os.getpid()}"
    server = {"host": settings["HOST"] or "127.0.0.1", "port": settings["PORT"] or 5432, "user": settings["USER"]}
    if settings["PASSWORD"]:
        server["password"] = settings["PASSWORD"]
    admin = psycopg2.connect(dbname="postgres", **server)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    url = f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    yield url, lambda: psycopg2.connect(dbname=name, **server)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def _old_code(tmp_path):
    if not (BASE_DIR / ".git").exists():
        need("the git history (the upgrade test builds the code before the layering from it)")
    archive = subprocess.run(
        ["git", "archive", "--format=tar", BEFORE_LAYERS], cwd=BASE_DIR, capture_output=True, check=False
    )
    if archive.returncode != 0:
        need(f"commit {BEFORE_LAYERS} in the git history: {archive.stderr.decode()[-300:]}")
    old = tmp_path / "before"
    old.mkdir()
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(old, filter="data")
    return old


def _snapshot(connect):
    """Row counts of every table, every audit row, and the content types, read straight from the database."""
    with connect() as db, db.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT e.id, e.action, e.object_id, ct.model FROM agency_auditevent e "
            "LEFT JOIN django_content_type ct ON ct.id = e.object_type_id ORDER BY e.id"
        )
        audit = cursor.fetchall()
        cursor.execute("SELECT id, app_label, model FROM django_content_type ORDER BY id")
        content_types = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    return counts, audit, content_types


@pytest.mark.services
def test_an_installation_from_before_the_layers_upgrades_with_its_data_and_live_links(tmp_path, upgrade_database):
    url, connect = upgrade_database
    old = _old_code(tmp_path)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "EMAIL_URL", "DJANGO_SETTINGS_MODULE", "PYTHONPATH")
    }
    env.update(DATABASE_URL=url, DEBUG="true", SITE_URL="http://localhost")

    _run(old, env, "migrate", "--noinput")
    _run(old, env, "seed_demo")
    links = _tagged(_run(old, env, "shell", "-c", OLD_SIDE), "LINKS")
    counts_before, audit_before, types_before = _snapshot(connect)

    _run(BASE_DIR, env, "migrate", "--noinput")
    counts_after, audit_after, types_after = _snapshot(connect)

    # Every table the old installation had is still there, with every row.
    for table, count in counts_before.items():
        assert table in counts_after, f"table {table} disappeared in the upgrade"
        if table in GROWS_WITH_MODELS:
            assert counts_after[table] >= count, table
        else:
            assert counts_after[table] == count, f"{table}: {count} rows before, {counts_after[table]} after"
    # Every audit row is still there, pointing at the same object (a moved model keeps its content type id).
    assert [(row[0], row[1], row[2]) for row in audit_after] == [(row[0], row[1], row[2]) for row in audit_before]
    assert all(row[3] is not None for row in audit_after if row[2])
    assert set(types_before) <= set(types_after), "a content type row was lost: generic links would break"
    # A content type is renamed only when its model moved app; the model keeps its name.
    assert all(types_after[pk][1] == model for pk, (_app, model) in types_before.items())

    # The links issued before the upgrade open and act through the new code.
    result = _tagged(_run(BASE_DIR, env, "shell", "-c", NEW_SIDE, stdin=json.dumps(links) + "\n"), "RESULT")
    assert result["decision_landing"] == 302
    assert result["decision_page"] == 200 and result["decision_page_title"]
    assert result["decisions"] == ["approved"], result
    assert result["survey_page"] == 200
    assert result["survey_answer"] == 200
    assert result["feed"] == 200 and result["feed_is_calendar"]
