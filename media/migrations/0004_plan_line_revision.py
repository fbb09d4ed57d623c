from django.db import migrations, models

from media.db import drop_sqlite_guards, install_guards


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0002_confirmation_guards"),
    ]

    operations = [
        # SQLite rebuilds media_planline for the new column; its guards come off and go back on around it.
        migrations.RunPython(drop_sqlite_guards, migrations.RunPython.noop),
        migrations.AddField(
            model_name="planline",
            name="revision",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.RunPython(install_guards, migrations.RunPython.noop),
    ]
