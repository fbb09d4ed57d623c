"""Media delivery: aired vs scheduled spots and open make-goods."""

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from media.models import MakeGood, MonitoringReport

from .base import Section, Table, chart


def media_section(scope):
    """Aired vs scheduled spots and open make-goods per client: two queries."""
    reports = MonitoringReport.objects.filter(client__in=scope.clients)
    make_goods = MakeGood.objects.filter(client__in=scope.clients).exclude(status=MakeGood.Status.AIRED)
    if scope.filtered_by_person or scope.since:
        reports = reports.filter(booking__line__version__campaign__in=scope.campaigns.values("pk"))
        make_goods = make_goods.filter(booking__line__version__campaign__in=scope.campaigns.values("pk"))
    if scope.since:
        reports = reports.filter(period_end__gte=scope.since)
    delivery = {
        name: [scheduled or 0, aired or 0, 0, 0]
        for name, scheduled, aired in reports.values_list("client__name")
        .annotate(scheduled=Sum("scheduled"), aired=Sum("aired"))
        .order_by()
    }
    for name, n, spots in make_goods.values_list("client__name").annotate(n=Count("pk"), spots=Sum("spots")).order_by():
        delivery.setdefault(name, [0, 0, 0, 0])[2:] = [n, spots or 0]
    rows = [
        [name, scheduled, aired, scheduled - aired, round(100 * aired / scheduled, 1) if scheduled else 0.0, n, spots]
        for name, (scheduled, aired, n, spots) in sorted(delivery.items())
    ]
    return Section(
        slug="media",
        title=_("Media delivery"),
        tables=[
            Table(
                "media-delivery",
                _("Per client"),
                [
                    _("Client"),
                    _("Scheduled spots"),
                    _("Aired spots"),
                    _("Missed spots"),
                    _("Delivered %"),
                    _("Open make-goods"),
                    _("Spots owed"),
                ],
                rows,
            ),  # fmt: skip
        ],
        chart=chart(
            "bar",
            [row[0] for row in rows[:30]],
            [(_("Scheduled spots"), [row[1] for row in rows[:30]]), (_("Aired spots"), [row[2] for row in rows[:30]])],
        ),
    )
