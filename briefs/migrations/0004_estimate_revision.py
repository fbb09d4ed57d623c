from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("briefs", "0003_campaign_workflow_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="productionestimate",
            name="revision",
            field=models.PositiveIntegerField(default=1),
        ),
    ]
