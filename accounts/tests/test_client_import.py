"""Rule: "Imports within bounds" (docs/practice.md). Clients and contacts from .xlsx and .csv: the preview shows
what would happen and writes nothing; the confirmation writes everything or nothing; the same file twice
changes nothing; a client the importer cannot see is never named."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import AccountTeamMember, Client, Contact
from accounts.tests.factories import ContactFactory, TeamMemberFactory
from agency.core.models import AuditEvent, ImportJob, Title
from agency.core.tests.factories import UserFactory

HEADER = ["Client code", "Client name", "Industry", "Currency", "Tier", "Contact name", "Job title", "Email",
          "Phone", "Language", "May approve"]  # fmt: skip
ROWS = [
    ["JDC", "Jade Dragon Cosmetics", "Beauty", "HKD", "High value", "Chan Mei", "Brand manager",
     "mei.chan@jadedragon.example", "+852 5555 0101", "English", "yes"],
    ["JDC", "Jade Dragon Cosmetics", "Beauty", "HKD", "High value", "Wong Ka Ho", "Marketing director",
     "kaho.wong@jadedragon.example", "+852 5555 0102", "繁體中文", "no"],
    ["TSD", "", "", "", "", "Zhou Lin", "Buyer", "zhou.lin@tianshan.example", "", "简体中文", "是"],
]  # fmt: skip


def xlsx(rows, header=HEADER, name="clients.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(rows, header=HEADER, name="clients.csv"):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, ("\ufeff" + buffer.getvalue()).encode())


@pytest.fixture
def director(personas):
    """An account director on the Tianshan Dairy team; Harbour Line Coffee is not theirs to see."""
    user = UserFactory(username="director", title=Title.AD, department="client_service")
    TeamMemberFactory(client=personas.client, user=user, role="ad")
    return user


def upload(client, upload_file):
    return client.post(reverse("accounts:client_import"), {"file": upload_file})


def preview(client, upload_file):
    response = upload(client, upload_file)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]), response["Location"]


def counts():
    return Client.objects.count(), Contact.objects.count(), AuditEvent.objects.count()


@pytest.mark.parametrize("make", [xlsx, csv_file])
def test_preview_then_confirm_creates_clients_and_contacts(client, personas, director, make):
    client.force_login(director)
    before = counts()
    page, url = preview(client, make(ROWS))
    text = page.content.decode()
    assert "1 client to add" in text and "3 contacts to add" in text and "Confirm the import" in text
    assert counts() == before  # the preview writes nothing

    assert client.post(url).status_code == 302
    jade = Client.objects.get(code="JDC")
    assert (jade.name, jade.industry, jade.currency, jade.tier) == ("Jade Dragon Cosmetics", "Beauty", "HKD", "high")
    assert AccountTeamMember.objects.filter(client=jade, user=director, role="lead_ae").exists()
    wong = Contact.objects.get(email="kaho.wong@jadedragon.example")
    assert (wong.client, wong.title, wong.language, wong.may_approve) == (jade, "Marketing director", "zh-hant", False)
    zhou = Contact.objects.get(email="zhou.lin@tianshan.example")
    assert zhou.client == personas.client and zhou.language == "zh-hans" and zhou.may_approve
    assert Client.objects.get(code="TSD").name == "Tianshan Dairy"  # the blank name cell changed nothing
    actions = list(AuditEvent.objects.filter(actor=director).values_list("action", flat=True))
    assert actions.count("client.created") == 1 and actions.count("contact.created") == 3
    assert "3 contacts added" in client.get(url).content.decode()


def test_the_same_file_twice_adds_and_changes_nothing(client, personas, director):
    client.force_login(director)
    _page, url = preview(client, xlsx(ROWS))
    client.post(url)
    before = counts()
    page, url = preview(client, xlsx(ROWS))
    assert "3 rows already as they are" in page.content.decode()
    client.post(url)
    assert counts() == before


def test_a_row_changes_only_the_columns_the_file_has(client, personas, director):
    liu = ContactFactory(client=personas.client, name="Liu Yang", email="Liu.Yang@tianshan.example", title="CMO")
    client.force_login(director)
    header = ["客户代码", "客户级别", "电子邮件", "电话"]  # 简体 column names, a partial file
    page, url = preview(client, xlsx([["tsd", "低价值", "liu.yang@TIANSHAN.example", "138 0000 0000"]], header=header))
    assert "1 client to change" in page.content.decode() and "1 contact to change" in page.content.decode()
    client.post(url)
    liu.refresh_from_db()
    personas.client.refresh_from_db()
    assert (liu.phone, liu.title, liu.email) == ("138 0000 0000", "CMO", "Liu.Yang@tianshan.example")
    assert (personas.client.tier, personas.client.name) == ("low", "Tianshan Dairy")
    assert Contact.objects.filter(client=personas.client).count() == 1


def test_a_file_of_clients_only(client, personas, director):
    client.force_login(director)
    page, url = preview(client, csv_file([["NWB", "New World Bakery", "Food", "CNY", "mid"]], header=HEADER[:5]))
    assert "1 client to add" in page.content.decode()
    client.post(url)
    assert Client.objects.get(code="NWB").contacts.count() == 0


def test_refused_rows_are_listed_with_row_and_column_and_nothing_is_written(client, personas, director):
    client.force_login(director)
    rows = [
        *ROWS,
        ["ABC", "Alpha Beta", "", "XYZ", "gold", "Li Na", "", "not-an-email", "", "", ""],
        ["JDC", "", "", "", "", "Chan Mei again", "", "MEI.CHAN@jadedragon.example", "", "", ""],
    ]
    before = counts()
    page, url = preview(client, xlsx(rows))
    text = page.content.decode()
    assert "Nothing can be imported" in text and "Confirm the import" not in text
    assert "Row 5, Currency: “XYZ” is not a currency we know" in text
    assert "Row 5, Tier: “gold” is not a tier" in text
    assert "Row 5, Email: “not-an-email” is not an email address" in text
    assert "Row 6, Email: is already on row 2 for the same client" in text
    client.post(url)  # a hand-made POST cannot import a refused file
    assert counts() == before
    assert ImportJob.objects.get().state == ImportJob.State.PREVIEW


def test_a_client_the_importer_cannot_see_is_refused_without_its_name(client, personas, director):
    client.force_login(director)
    before = counts()
    page, url = preview(client, xlsx([["HLC", "", "", "", "Low value", "Spy", "", "spy@example.com", "", "", ""]]))
    text = page.content.decode()
    assert "Row 2, Client code: “HLC” is a code already used by another client" in text
    assert "Harbour Line Coffee" not in text
    client.post(url)
    assert counts() == before and personas.other_client.contacts.count() == 0


def test_a_write_checks_again_and_writes_nothing_if_a_row_is_refused_now(client, personas, director):
    client.force_login(director)
    _page, url = preview(client, xlsx(ROWS))
    Client.objects.create(code="JDC", name="Jade Dragon (entered meanwhile)")  # not on the director's team
    before = counts()
    client.post(url)
    assert counts() == before
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED and "already used by another client" in job.error
    assert "Nothing was imported" in client.get(url).content.decode()


def test_an_unreadable_file_is_refused_on_the_upload_page(client, personas, director):
    client.force_login(director)
    response = upload(client, xlsx([["x"]], header=["Name only"]))
    assert response.status_code == 400 and "Client code" in response.content.decode()
    response = upload(client, SimpleUploadedFile("clients.csv", b"<html><script>x</script></html>"))
    assert response.status_code == 400 and ImportJob.objects.count() == 0


def test_who_may_import(client, personas, director):
    client.force_login(personas.member)  # an AE
    assert client.get(reverse("accounts:client_import")).status_code == 403
    assert upload(client, xlsx(ROWS)).status_code == 403
    assert client.get(reverse("accounts:client_import_template")).status_code == 403
    assert "Import clients" not in client.get(reverse("accounts:client_list")).content.decode()
    assert Client.objects.filter(code="JDC").count() == 0
    client.force_login(director)
    assert "Import clients" in client.get(reverse("accounts:client_list")).content.decode()
    client.force_login(personas.management)
    assert client.get(reverse("accounts:client_import")).status_code == 200


def test_another_persons_preview_is_not_theirs(client, personas, director):
    client.force_login(director)
    _page, url = preview(client, xlsx(ROWS))
    client.force_login(personas.management)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404 and Client.objects.filter(code="JDC").count() == 0


def test_the_template_has_the_columns_in_the_readers_language_and_imports_as_it_is(client, personas, director):
    client.force_login(director)
    director.language = "zh-hant"
    director.save()
    response = client.get(reverse("accounts:client_import_template"), HTTP_ACCEPT_LANGUAGE="zh-hant")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert len(header) == len(HEADER)
    filled = xlsx([["TPE", "Taipei Tea", "", "TWD", "", "林小姐", "", "lin@tea.example", "", "", ""]], header=header)
    _page, url = preview(client, filled)
    client.post(url)
    assert Client.objects.get(code="TPE").contacts.get().name == "林小姐"


@pytest.mark.parametrize("size", [5, 50])
def test_checking_a_file_runs_the_same_queries_whatever_its_size(
    client, personas, director, size, django_assert_max_num_queries
):
    rows = [
        [f"N{n:03d}", f"New client {n}", "", "CNY", "", f"Person {n}", "", f"p{n}@example.com", "", "", ""]
        for n in range(size)
    ]
    client.force_login(director)
    with django_assert_max_num_queries(20):
        response = upload(client, xlsx(rows))
    assert response.status_code == 302
    with django_assert_max_num_queries(8):
        assert f"{size} clients to add" in client.get(response["Location"]).content.decode()


@pytest.mark.browser
@pytest.mark.services
def test_a_director_imports_on_a_phone(browser, live_server, personas, director, tmp_path, csp_violations):
    """The whole round in a real browser at 390 px: the list's link, the upload, the preview, the report."""
    from agency.core.tests.factories import PASSWORD

    page = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844}).new_page()
    page.on("console", lambda m: csp_violations.append(m.text) if "Content Security Policy" in m.text else None)
    wide = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    page.goto(live_server.url + reverse("accounts:client_list"))
    page.fill("input[name=username]", director.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**" + reverse("accounts:client_list"))
    assert not page.evaluate(wide)
    page.click("text=Import clients")
    path = tmp_path / "clients.xlsx"
    path.write_bytes(xlsx(ROWS).read())
    page.set_input_files("input[name=file]", str(path))
    page.click("main button[type=submit]")
    page.wait_for_selector("#import-counts")
    assert "1 client to add" in page.locator("#import-counts").inner_text()
    assert not page.evaluate(wide)
    page.click("text=Confirm the import")
    page.wait_for_selector("text=Imported.")
    assert "3 contacts added" in page.locator("#import-progress").inner_text()
    assert not page.evaluate(wide)
    assert Client.objects.filter(code="JDC").exists()


def test_a_large_file_is_written_in_the_background_with_progress(
    client, personas, director, settings, django_capture_on_commit_callbacks
):
    from agency.core.tasks import run_import

    settings.IMPORT_BACKGROUND_ROWS = 2  # a three-row file counts as large here
    client.force_login(director)
    _page, url = preview(client, xlsx(ROWS))
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(url, follow=True)
    assert len(queued) == 1 and "0 of 3 rows checked" in response.content.decode()
    assert not Client.objects.filter(code="JDC").exists()  # nothing written in the web request

    run_import.apply(args=(str(ImportJob.objects.get().pk),))  # what the worker runs
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "1 client added" in fragment and "3 contacts added" in fragment and "every 1s" not in fragment
    assert Client.objects.get(code="JDC").contacts.count() == 2
