"""A planner types an amount on the plan page: read one way or refused with the field named, and what was
typed stays in the form (docs/practice.md, "Amounts are typed unambiguously")."""

from decimal import Decimal

from django.urls import reverse

from media.models import PlanLine


def test_a_plan_line_form_refuses_twelve_comma_five_and_keeps_what_was_typed(client, personas, draft_plan):
    client.force_login(personas.member)
    line = {
        "vendor": "Focus Media",
        "channel": "outdoor",
        "vehicle": "LED Tianhe",
        "flight_start": "2026-07-01",
        "flight_end": "2026-07-31",
        "spots": "10",
        "unit_rate": "12,5",
        "discount_pct": "0",
    }
    response = client.post(reverse("media_line_add", args=[draft_plan.pk]), line)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Unit rate: “12,5” is not a number we can read one way" in page
    assert 'value="12,5"' in page and 'value="LED Tianhe"' in page
    assert not PlanLine.objects.filter(version=draft_plan, vehicle="LED Tianhe").exists()

    response = client.post(reverse("media_line_add", args=[draft_plan.pk]), {**line, "unit_rate": "HK$1,250.50"})
    assert response.status_code == 302
    assert PlanLine.objects.get(version=draft_plan, vehicle="LED Tianhe").unit_rate == Decimal("1250.50")
