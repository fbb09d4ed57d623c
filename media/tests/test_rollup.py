"""Media plan totals roll up to the campaign page (beside budget and estimate) and to the client page."""

from django.utils import translation

from media.services import plans

PLAN_NET = "2,343,910.00 CNY"  # CCTV-1: 31 x 85,000 less 12.5%; Focus Media LED: 3,100 x 12.35


def test_the_campaign_page_shows_the_plans_net_beside_the_budget(client, personas, draft_plan, media_campaign):
    client.force_login(personas.member)
    page = client.get(f"/campaigns/{media_campaign.pk}/").content.decode()
    row = page[page.index('id="media-net"') : page.index("</tr>", page.index('id="media-net"'))]
    assert PLAN_NET in row and "confirmed" not in row
    assert "5,000,000.00 CNY" in page  # the budget, in the same money format


def test_a_confirmed_plan_counts_on_the_client_page_and_a_superseded_version_does_not(
    client, personas, confirmed_plan, media_campaign
):
    client.force_login(personas.member)
    page = client.get(f"/clients/{personas.client.pk}/").content.decode()
    total = page[page.index('id="media-total-CNY"') : page.index("</p>", page.index('id="media-total-CNY"'))]
    assert total.count(PLAN_NET) == 2  # planned, and all of it confirmed
    # A new version (same lines) supersedes v1: the plan is counted once, and no longer as confirmed.
    plans.plan_new_version(campaign=media_campaign, by=personas.member)
    page = client.get(f"/clients/{personas.client.pk}/").content.decode()
    total = page[page.index('id="media-total-CNY"') : page.index("</p>", page.index('id="media-total-CNY"'))]
    assert PLAN_NET in total and "confirmed by the client: 0.00 CNY" in total


def test_amounts_are_grouped_by_thousands_in_chinese_too(client, personas, draft_plan, media_campaign):
    personas.member.language = "zh-hans"
    personas.member.save()
    client.force_login(personas.member)
    with translation.override("zh-hans"):
        page = client.get(f"/campaigns/{media_campaign.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "预算" in page  # the page is in Chinese
    assert PLAN_NET in page


def test_the_campaign_list_shows_budgets_grouped_by_thousands_in_chinese(client, personas, media_campaign):
    personas.member.language = "zh-hans"
    personas.member.save()
    client.force_login(personas.member)
    page = client.get("/campaigns/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "预算" in page
    assert "5,000,000.00 CNY" in page
