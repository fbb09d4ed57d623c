"""Notifications, reminder preferences, calendar feeds and the reminders overview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import export_jobs, reminder_calendar, reminder_queries, reminders
from .exports import rows_sheet
from .models import CalendarFeed, Notification
from .reminder_forms import ClientFeedForm, ReminderPreferenceForm
from .visibility import visible_clients


@login_required
def notifications(request):
    page = Paginator(reminder_queries.notifications_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "agency/reminders/notifications.html", {"page": page})


@login_required
@require_GET
def notification_badge(request):
    """The navbar's unread count, refreshed by htmx."""
    count = reminder_queries.unread_count(request.user)
    return render(request, "agency/reminders/_badge.html", {"unread": count})


@login_required
@require_POST
def notification_read(request, notification_id):
    notification = get_object_or_404(Notification, pk=notification_id, user=request.user)
    reminders.notifications_mark_read(user=request.user, notification_ids=[notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url)
    return redirect("notifications")


@login_required
@require_POST
def notifications_read_all(request):
    count = reminders.notifications_mark_read(user=request.user)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("notifications")


def _settings_context(request, form):
    feeds = CalendarFeed.objects.filter(owner=request.user, revoked_at__isnull=True).select_related("client")
    clients = visible_clients(request.user).active()
    return {"form": form, "feeds": feeds, "feed_form": ClientFeedForm(clients=clients)}


@login_required
def reminder_settings(request):
    if request.method == "POST":
        form = ReminderPreferenceForm(request.POST)
        if form.is_valid():
            reminders.reminder_preference_set(user=request.user, mode=form.cleaned_data["mode"])
            messages.success(request, _("Your reminder preference is saved."))
            return redirect("reminder_settings")
    else:
        form = ReminderPreferenceForm(initial={"mode": reminders.reminder_mode(request.user)})
    return render(request, "agency/reminders/settings.html", _settings_context(request, form))


@login_required
@require_POST
def calendar_feed_new(request):
    form = ClientFeedForm(request.POST, clients=visible_clients(request.user).active())
    if not form.is_valid():
        raise Http404("No such client.")
    _feed, token = reminder_calendar.calendar_feed_issue(
        owner=request.user, client=form.cleaned_data["client"], by=request.user
    )
    context = _settings_context(
        request, ReminderPreferenceForm(initial={"mode": reminders.reminder_mode(request.user)})
    )
    context["new_feed_url"] = reminder_calendar.feed_url(token)
    return render(request, "agency/reminders/settings.html", context)


@login_required
@require_POST
def calendar_feed_revoke(request, feed_id):
    feed = get_object_or_404(CalendarFeed, pk=feed_id, owner=request.user, revoked_at__isnull=True)
    reminder_calendar.calendar_feed_revoke(feed=feed, by=request.user)
    messages.success(request, _("The calendar address no longer works."))
    return redirect("reminder_settings")


@require_GET
def calendar_feed(request, token):
    """Calendar apps fetch this without a session: the unguessable address is the credential."""
    feed = reminder_calendar.find_feed(token)
    if feed is None:
        raise Http404("No such calendar.")
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=timezone.now())
    response = HttpResponse(reminder_calendar.render_feed(feed), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def reminders_overview(request):
    """What needs attention now; narrowed by ?kind=checklist&overdue=1&client=7 (a dashboard figure's
    link) to every such item, with how many there are."""
    kind, client = request.GET.get("kind"), request.GET.get("client", "")
    if kind or request.GET.get("overdue") or client:
        narrowed = reminder_queries.narrowed(
            request.user,
            kind=kind or None,
            overdue=request.GET.get("overdue") == "1",
            client=int(client) if client.isdigit() else None,
        )
        return render(
            request,
            "agency/reminders/narrowed.html",
            {"narrowed": narrowed, "overdue": request.GET.get("overdue") == "1"},
        )
    sent = Paginator(reminder_queries.sent_reminders(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "agency/reminders/overview.html",
        {"sent": sent, "waiting": reminder_queries.waiting(request.user)},
    )


@export_jobs.exporter("reminders")
def reminders_sheet(request):
    """The reminders sent, as far as this person may see them; the ledger grows, so a long one is written in
    the background (docs/practice.md, "Long exports in the background")."""
    sent = reminder_queries.sent_reminders(request.user)
    header = [
        _("Recorded"),
        _("Reminder"),
        _("Occurrence"),
        _("To"),
        _("Client"),
        _("Subject"),
        _("Delivery"),
        _("Email"),
    ]
    rows = (
        [
            row.created_at.isoformat(),
            reminders.rule_label(row.rule),
            row.occurrence,
            row.recipient_label,
            row.client or "",
            row.subject,
            row.get_delivery_display(),
            row.outbox_message.get_status_display() if row.outbox_message else "",
        ]
        for row in sent.iterator(chunk_size=1000)
    )
    return rows_sheet("reminders", header, rows, total=sent.count(), sheet_title=_("Reminders"))


@login_required
def reminders_export(request):
    return export_jobs.export(request, "reminders", "csv")
