from django.db import migrations

from media.db import install_guards


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0001_plans_bookings_monitoring"),
        ("agency", "0004_decision_append_only"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(install_guards, migrations.RunPython.noop)]
