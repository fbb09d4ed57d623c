"""An index of plan lines by flight (PostgreSQL, GiST over the flight as a date range): the competitor
separation check reads the other plans' lines whose flights overlap the plan's weeks (media.queries
._other_plans_lines), and a range overlap is what a B-tree on either date cannot narrow."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS media_planline_flight ON media_planline "
    "USING gist (daterange(flight_start, flight_end, '[]'))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS media_planline_flight")


class Migration(migrations.Migration):
    dependencies = [("media", "0009_recommendation_and_monthly_plan_confirmations")]

    operations = [migrations.RunPython(create_index, drop_index)]
