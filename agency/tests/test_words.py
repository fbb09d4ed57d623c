"""Words as people read them: plain-text emails say what was written, dates read one way per language."""

from datetime import date

import pytest

from agency.core.models import OutboxMessage
from briefs.services.brief import brief_send_for_approval

pytestmark = pytest.mark.django_db


def test_it_sends_plain_text_verbatim_and_escapes_only_the_html_part(campaign, draft, contact, personas):
    contact.name = "R&D O'Brien"
    contact.save()
    campaign.name = "Fish & Chips <launch>"
    campaign.save()

    brief_send_for_approval(version=draft, contact=contact, by=personas.member)

    [message] = OutboxMessage.objects.filter(to_email=contact.email)
    assert "Dear R&D O'Brien," in message.body_text
    assert "Fish & Chips <launch>" in message.subject
    assert "&amp;" not in message.body_text + message.subject
    assert "&#x27;" not in message.body_text
    assert "R&amp;D O&#x27;Brien" in message.body_html
    assert "Fish &amp; Chips &lt;launch&gt;" in message.body_html


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "12 Jun 2026"), ("zh-hans", "2026年6月12日"), ("zh-hant", "2026年6月12日")],
)
def test_it_shows_dates_in_one_unambiguous_format_per_language(client, campaign, personas, language, shown):
    campaign.start_date = date(2026, 6, 12)
    campaign.end_date = date(2026, 7, 3)
    campaign.save()
    personas.member.language = language
    personas.member.save()
    client.force_login(personas.member)

    page = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    assert shown in page
    assert "06/12/2026" not in page and "12/06/2026" not in page

    # The edit form hands the browser's date input the ISO date it needs, in every language.
    form = client.get(f"/campaigns/{campaign.pk}/edit/").content.decode()
    assert 'value="2026-06-12"' in form
