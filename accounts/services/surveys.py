"""Satisfaction surveys by emailed link: sent after a campaign closes and once a quarter, answered
once. A low score reaches the AE's supervisor through the reminder engine (accounts/reminders.py)."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agency.core import audit, decisions, links, outbox

from ..models import AccountTeamMember, Client, Contact, SatisfactionSurvey
from .errors import AccountsError, NotAllowed


class SurveyError(AccountsError):
    pass


def lead_ae(client):
    """The client's lead AE (or any account person on the team): the person a survey is about."""
    members = AccountTeamMember.objects.filter(client=client).select_related("user").order_by("id")
    by_role = {m.role: m.user for m in reversed(list(members))}
    for role in ("lead_ae", "ae", "am", "aad", "ad", "gad"):
        if role in by_role:
            return by_role[role]
    return None


def quarter_of(moment):
    local = timezone.localtime(moment)
    return f"{local.year}-Q{(local.month - 1) // 3 + 1}"


def survey_send(*, contact, reason, by=None, campaign=None, period="", ae=None):
    """Email `contact` a survey link. Returns the survey (with `.token`), or None if this contact was
    already asked about this campaign or quarter."""
    if campaign is not None and campaign.client_id != contact.client_id:
        raise NotAllowed(_("This campaign does not belong to the contact's client."))
    if not contact.is_active:
        raise SurveyError(_("This contact is no longer active."))
    token, token_hash = links.new_token()
    now = timezone.now()
    try:
        with transaction.atomic():
            survey = SatisfactionSurvey.objects.create(
                client_id=contact.client_id,
                contact=contact,
                campaign=campaign,
                ae=ae if ae is not None else (campaign.lead_ae if campaign is not None else lead_ae(contact.client)),
                reason=reason,
                period=period,
                token_hash=token_hash,
                sent_at=now,
                expires_at=now + timedelta(days=settings.CLIENT_LINK_DAYS),
            )
            outbox.queue_email(
                to_email=contact.email,
                to_name=contact.name,
                template="satisfaction_survey",
                context={"survey": survey, "contact": contact, "campaign": campaign, "link": survey_link(token)},
                private=[survey_link(token)],
                language=contact.language,
                related=survey,
                client=survey.client,
                by=by,
            )
            audit.record("survey.sent", obj=survey, actor=by, data={"contact": contact.email, "reason": reason})
    except IntegrityError:
        return None  # asked already: the constraint keeps a repeated run from asking twice
    survey.token = token
    return survey


def survey_link(token):
    return settings.SITE_URL + reverse("survey_link", args=[token])


def surveys_for_closed_campaign(*, campaign, by=None):
    """Called by the workflow when a campaign closes: every contact who may decide for the client."""
    contacts = decisions.deciding(Contact.objects.filter(client_id=campaign.client_id))
    return [
        s
        for c in contacts
        if (s := survey_send(contact=c, reason=SatisfactionSurvey.Reason.CAMPAIGN_CLOSED, campaign=campaign, by=by))
    ]


def surveys_send_quarterly(now=None):
    """The quarterly round: each active client's deciding contacts, once per quarter. Safe to run twice."""
    period = quarter_of(now or timezone.now())
    sent = 0
    for contact in decisions.deciding(Contact.objects.filter(client__in=Client.objects.active())).select_related(
        "client"
    ):
        sent += survey_send(contact=contact, reason=SatisfactionSurvey.Reason.QUARTERLY, period=period) is not None
    return sent


def find_by_token(token):
    return links.find(SatisfactionSurvey.objects.select_related("contact", "client"), token)


def survey_answer(*, survey, score, comments="", ip=None):
    """Record the contact's answer, once."""
    if score not in range(1, 6):
        raise SurveyError(_("Choose a score from 1 to 5."), field="score")
    with transaction.atomic():
        locked = SatisfactionSurvey.objects.select_for_update(of=("self",)).select_related("contact").get(pk=survey.pk)
        if locked.answered_at is not None:
            raise SurveyError(_("This survey has already been answered. Thank you."))
        if locked.expires_at <= timezone.now():
            raise SurveyError(_("This survey link has expired."))
        locked.score = score
        locked.comments = (comments or "").strip()
        locked.answered_at = timezone.now()
        locked.save(update_fields=["score", "comments", "answered_at"])
        audit.record("survey.answered", obj=locked, contact=locked.contact, ip=ip, data={"score": score})
    return locked


def survey_follow_up(*, survey, note, by):
    """The supervisor (or the AE) records what was done about a low score."""
    note = (note or "").strip()
    if not note:
        raise SurveyError(_("Say what was done."), field="note")
    with transaction.atomic():
        locked = SatisfactionSurvey.objects.select_for_update().get(pk=survey.pk)
        if locked.answered_at is None:
            raise SurveyError(_("The survey is not answered yet."))
        locked.follow_up_note = note
        locked.follow_up_done_at = timezone.now()
        locked.follow_up_by = by
        locked.save(update_fields=["follow_up_note", "follow_up_done_at", "follow_up_by"])
        audit.record("survey.followed_up", obj=locked, actor=by)
    return locked
