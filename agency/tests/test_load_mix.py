"""`make load` (bench/load.py): the mix of people it simulates, the figures it reports, and the client links
it prepares. The run itself needs gunicorn and the benchmark data: the lead runs it; these are its pure
parts, and the links on a small seeded data set."""

import importlib.util
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from agency.core import decisions
from agency.core.models import DecisionRequest
from briefs.models import BriefVersion

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _module(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


load = _module("load")
targets = _module("targets")


def test_a_hundred_people_are_the_roles_table_and_other_sizes_keep_every_role():
    assert load.mix(100) == {role: row.per_hundred for role, row in load.ROLES.items()}
    assert load.mix(100)["client contact"] > 0  # clients on emailed links are part of the mix
    small = load.mix(20)
    assert sum(small.values()) == 20 and min(small.values()) >= 1
    for people in range(1, 301):
        assert sum(load.mix(people).values()) == people


def test_think_time_is_a_range_of_seconds():
    assert load.parse_think("2-8") == (2.0, 8.0)
    assert load.parse_think("5") == (5.0, 5.0)
    assert load.parse_think("0") == (0.0, 0.0)
    with pytest.raises(ValueError):
        load.parse_think("8-2")


def test_each_client_gets_a_link_of_its_own_and_staff_play_users_of_their_titles():
    counts = {"account executive": 3, "AM/AD/GAD": 2, "management": 1, "other staff": 1, "client contact": 2}
    staff = {"AE": ["bench-ae", "bench-staff-1"], "GAD": ["bench-gad-0"], "management": ["bench-manager"]}
    staff["creative"] = ["bench-staff-2"]
    links = [{"request": 1, "token": "a"}, {"request": 2, "token": "b"}]

    people = load.cast(counts, staff, links)

    assert [name for role, name, _ in people if role == "account executive"] == [
        "bench-ae",
        "bench-staff-1",
        "bench-ae",
    ]
    assert [link["request"] for role, _, link in people if role == "client contact"] == [1, 2]
    assert len(people) == sum(counts.values())


def test_the_report_gives_offered_load_percentiles_and_errors_with_their_first_line_and_never_a_token():
    rows = [("account executive", "/clients/", 200, float(ms), None) for ms in range(101)]  # 0 … 100 ms
    secret_page = b"<html><head><title>Link s3cret not found</title></head></html>"
    rows.append(
        ("client contact", "client: emailed link /d/<token>/", 404, 5.0, load.first_line(secret_page, "s3cret"))
    )

    report = load.summarize(rows, seconds=10)

    assert report["requests"] == 102 and report["requests_per_second"] == 10.2
    assert report["errors"] == 1
    clients = next(row for row in report["pages"] if row["page"] == "/clients/")
    assert (clients["p50_ms"], clients["p95_ms"], clients["p99_ms"]) == (50.0, 95.0, 99.0)
    assert report["error_kinds"] == [
        {
            "page": "client: emailed link /d/<token>/",
            "status": "404",
            "first_line": "Link [token] not found",
            "count": 1,
        }
    ]


def test_the_markdown_shows_the_previous_runs_figures_beside_the_new_ones():
    figures = load.summarize([("management", "/dashboard/", 200, 120.0, None)], seconds=2)
    report = {
        "when": "2026-12-03T19:00:00+00:00", "scale": 1.0, "people": 100, "mix": load.mix(100),
        "think_seconds": [2.0, 8.0], "seconds": 180, "gunicorn_workers": 4, "machine": "2 cores",
        "client_decisions": {"approved": 3}, **figures,
    }  # fmt: skip
    previous = {"when": "2026-11-29T14:14:56+00:00", "people": 50, "requests_per_second": 60.1, "p95_ms": 1465.1}

    text = "\n".join(load.markdown(report, previous))

    assert "think time 2-8 s" in text and "35 account executive" in text and "25 client contact" in text
    assert "| p95 ms | 120.0 | 1465.1 |" in text
    assert "| requests per second | 0.5/s | 60.1/s |" in text
    assert "Offered load 0.5 requests/s" in text


@pytest.mark.django_db
def test_client_links_are_open_each_on_a_waiting_brief_of_its_own():
    call_command("seed_bench", scale=0.01, stdout=io.StringIO())

    links = targets.client_links(3)

    requests = DecisionRequest.objects.filter(pk__in=[link["request"] for link in links])
    assert {r.status for r in requests} == {DecisionRequest.Status.OPEN}
    assert len({(r.document_type_id, r.document_id) for r in requests}) == 3
    briefs = BriefVersion.objects.filter(pk__in=[r.document_id for r in requests])
    assert {b.status for b in briefs} <= {BriefVersion.Status.SENT, BriefVersion.Status.DRAFT}  # waiting, undecided
    for link in links:  # each token opens its own request, as the emailed link would
        assert decisions.find_by_token(link["token"]).pk == link["request"]
    assert "bench-ae" == targets.staff_by_title()["AE"][0]
