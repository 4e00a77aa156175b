from django.db import migrations

from contenthub.publicatie.triggers import migratiestap_sleutelversie


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_api_sleutels"),
        ("publicatie", "0006_inhoudsversie"),
    ]

    operations = [
        migrations.RunPython(migratiestap_sleutelversie(True), migratiestap_sleutelversie(False)),
    ]
