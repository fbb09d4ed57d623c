from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0002_confirmation_guards"),
    ]

    operations = [
        migrations.AddField(
            model_name="planline",
            name="revision",
            field=models.PositiveIntegerField(default=1),
        ),
    ]
