from django.db import migrations

from agency.core.db import make_append_only


class Migration(migrations.Migration):
    dependencies = [("agency", "0001_initial")]

    operations = [make_append_only("agency_auditevent")]
