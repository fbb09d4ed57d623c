from django.db import models


class DailyFigure(models.Model):
    """A campaign's change in one dashboard figure on one day (briefs/rollups.py keeps them).

    Rows are deltas: a figure on a day is the sum of its rows up to that day, so the dashboard reads
    today's figures and the previous period's in one grouped query, never the campaigns' history.
    """

    day = models.DateField()
    client = models.ForeignKey("accounts.Client", on_delete=models.CASCADE, related_name="+")
    campaign = models.ForeignKey("briefs.Campaign", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=20)  # briefs.rollups.KEYS
    currency = models.CharField(max_length=3)
    value = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "key", "currency", "day"], name="daily_figure_once_a_day")
        ]
        indexes = [models.Index(fields=["client", "key", "day"], name="daily_figure_client_key_day")]

    def __str__(self):
        return f"{self.day} {self.key} {self.currency} {self.value:+}"


class ClientFigure(models.Model):
    """A client's figure as it stands today: the sum of its campaigns' DailyFigure rows for that key and
    currency, kept beside them in the same transaction, so a dashboard over every client reads one row per
    client and figure instead of every campaign's."""

    client = models.ForeignKey("accounts.Client", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=20)  # briefs.rollups.KEYS
    currency = models.CharField(max_length=3)
    value = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "key", "currency"], name="client_figure_once")]

    def __str__(self):
        return f"{self.key} {self.currency} {self.value}"


class ClientDailyFigure(models.Model):
    """A client's change in one figure on one day: its campaigns' DailyFigure rows of that day summed, so a
    period's changes over every client cost one row per client, figure and day, however many campaigns."""

    day = models.DateField()
    client = models.ForeignKey("accounts.Client", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=20)  # briefs.rollups.KEYS
    currency = models.CharField(max_length=3)
    value = models.DecimalField(max_digits=18, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "key", "currency", "day"], name="client_daily_figure_once")
        ]
        indexes = [models.Index(fields=["day", "key"], name="client_daily_figure_day_key")]

    def __str__(self):
        return f"{self.day} {self.key} {self.currency} {self.value:+}"
