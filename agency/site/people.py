"""A colleague's page: who they are (title, department, supervisor, reports), the clients whose account
team they are on and the running campaigns they lead or work on, of those the reader may see; and their
review history when the reader may open it. Rule: "A name is a link" (docs/practice.md).

Every member of staff may open a colleague's page: names, titles and reporting lines are not secret inside
the agency; client work is, so the lists are scoped to the reader's clients. Six queries at most, whatever
the number of clients and campaigns."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from accounts.models import AccountTeamMember
from agency.core.visibility import visible_clients
from briefs.models import Campaign
from briefs.models.campaign import Stage

User = get_user_model()


def person_page(reader, person_id):
    person = User.objects.select_related("supervisor").filter(pk=person_id).first()
    if person is None or not (reader.is_authenticated and reader.is_active):
        raise Http404("No staff member matches.")
    clients = visible_clients(reader).values("pk")
    teams = (
        AccountTeamMember.objects.filter(user=person, client__in=clients)
        .select_related("client")
        .order_by("client__name")
    )
    campaigns = (
        Campaign.objects.filter(client__in=clients)
        .filter(Q(lead_ae=person) | Q(team=person))
        .exclude(stage__in=(Stage.CLOSED, Stage.CANCELLED))
        .select_related("client", "brand", "lead_ae")
        .distinct()
        .order_by("client__name", "job_number")
    )
    reports = User.objects.filter(supervisor=person, is_active=True)
    # The review history: the person themselves, management, and anyone above them in the reporting line.
    history = (
        reader.pk == person.pk or reader.is_management or User.objects.reports_of(reader).filter(pk=person.pk).exists()
    )
    return {
        "person": person,
        "teams": list(teams),
        "campaigns": list(campaigns),
        "reports": list(reports),
        "may_see_history": history,
    }


@login_required
def person_detail(request, user_id):
    return render(request, "agency/person.html", person_page(request.user, user_id))
