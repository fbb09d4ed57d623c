import io

from django.core.management import call_command

from accounts.models import ActionItem, ContactReport, Prospect
from agency.models import User


def test_it_seeds_contact_reports_and_a_prospect_once(db, client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # again: nothing is added twice
    assert ContactReport.objects.count() == 2
    assert ActionItem.objects.open().count() == 3
    prospect = Prospect.objects.get()
    assert prospect.activities.count() == 3
    client.force_login(User.objects.get(username="zhang.jing"))
    page = client.get("/clients/").content.decode()
    assert "Tianshan Dairy" in page
