from django.db import migrations


def load_default(apps, schema_editor):
    from evaluations import default_framework

    default_framework.load(apps.get_model("evaluations", "CompetencyFramework"))


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_review_cycles_and_competency_framework"),
    ]

    operations = [migrations.RunPython(load_default, migrations.RunPython.noop)]
