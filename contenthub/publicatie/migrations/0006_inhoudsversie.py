from django.db import migrations, models

from contenthub.publicatie.triggers import migratiestap_versie


class Migration(migrations.Migration):
    dependencies = [
        ("publicatie", "0005_wijzigingslog"),
    ]

    operations = [
        migrations.CreateModel(
            name="Inhoudsversie",
            fields=[
                (
                    "sleutel",
                    models.CharField(
                        help_text="Uuid van de gemeente, of leeg voor generieke inhoud (raakt elke gemeente).",
                        max_length=36,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("versie", models.BigIntegerField(default=0, help_text="Groeit bij elke wijziging die kanalen raakt.")),
            ],
            options={"verbose_name": "inhoudsversie", "verbose_name_plural": "inhoudsversies"},
        ),
        migrations.RunPython(migratiestap_versie(True), migratiestap_versie(False)),
    ]
