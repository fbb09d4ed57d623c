"""Helpers for the system tests of reminders: the floor's (moments, the outbox), checklist steps, plans
with the client, a person's calendar feed."""

from datetime import date

from agency.core.tests.reminder_fixtures import LONDON, SHANGHAI, at, mail_to
from briefs.models import ChecklistStep

__all__ = ["LONDON", "SHANGHAI", "at", "feed_events", "mail_to", "make_step", "sent_plan"]


def make_step(campaign, *, owner, due, name="Media master plan"):
    return ChecklistStep.objects.create(
        campaign=campaign, stage="brief", name=name, owner=owner, due_date=due if isinstance(due, date) else None
    )


def sent_plan(campaign, *, contact, by, cutoff):
    """A media plan version with one line and a booking cut-off, sent to `contact` for confirmation."""
    from media.services import plans
    from media.tests.factories import line_fields

    version = plans.plan_new_version(campaign=campaign, by=by)
    fields = line_fields()
    for name in ("position", "gross", "net"):
        fields.pop(name)
    plans.plan_line_add(version=version, by=by, **fields)
    plans.plan_set_booking_cutoff(version=version, cutoff=cutoff, by=by)
    return plans.plan_send(version=version, contact=contact, by=by)


def feed_events(client, user, client_pk=""):
    """{uid: event} of a new private calendar address for `user` (their own, or a client's)."""
    import icalendar

    client.force_login(user)
    url = client.post("/reminders/calendar/new/", {"client": client_pk}).context["new_feed_url"]
    client.logout()
    response = client.get(url.replace("http://127.0.0.1:8000", ""))
    assert response.status_code == 200
    return {str(event["uid"]): event for event in icalendar.Calendar.from_ical(response.content).walk("VEVENT")}
