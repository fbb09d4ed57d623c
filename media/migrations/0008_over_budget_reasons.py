from django.db import migrations, models

from media.db import drop_sqlite_guards, install_guards


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0007_led_after_sales"),
    ]

    operations = [
        # SQLite rebuilds media_planversion and media_booking for the new column; its guards come off and go back on around it.
        migrations.RunPython(drop_sqlite_guards, migrations.RunPython.noop),
        migrations.AddField(
            model_name="planversion",
            name="over_budget_reason",
            field=models.TextField(blank=True, db_default="", default="", verbose_name="reason for going over budget"),
        ),
        migrations.AddField(
            model_name="booking",
            name="over_budget_reason",
            field=models.TextField(blank=True, db_default="", default="", verbose_name="reason for going over budget"),
        ),
        migrations.RunPython(install_guards, migrations.RunPython.noop),
    ]
