# The post-analysis moves to the evaluations app (evaluations 0005 takes it into its state). Only
# Django's record of the model goes: the table media_postanalysis and every row in it stay as they are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0005_merge_booking_cutoff_plan_line_revision"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PostAnalysis")],
            database_operations=[],
        ),
    ]
