from django.db import migrations

from contenthub.publicatie.triggers import migratiestap_kinderen


class Migration(migrations.Migration):
    """Sections and locations of a live aanvulling write outbox events too (see triggers.py)."""

    dependencies = [
        ("publicatie", "0001_outbox_en_grootboek"),
    ]

    operations = [
        migrations.RunPython(migratiestap_kinderen(True), migratiestap_kinderen(False)),
    ]
