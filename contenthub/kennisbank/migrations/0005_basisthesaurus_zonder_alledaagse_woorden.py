from django.db import migrations
from django.utils import timezone

# Groups of the base thesaurus with a term that mostly means something else ("alleen" is mostly "only", "open" rarely
# opening hours): every query with that word got the whole group added. Only rows nobody edited (the old text) change.
VERVANGEN = {
    "eenzaam, eenzaamheid, alleen": "eenzaam, eenzaamheid",
    "openingstijden, open, geopend, wanneer open": "openingstijden, geopend, wanneer open, hoe laat open",
}


def bijwerken(apps, schema_editor, richting=VERVANGEN):
    Synoniemgroep = apps.get_model("kennisbank", "Synoniemgroep")
    for oud, nieuw in richting.items():
        Synoniemgroep.objects.filter(bron="basis", termen=oud).update(termen=nieuw, bijgewerkt_op=timezone.now())


def terug(apps, schema_editor):
    bijwerken(apps, schema_editor, {nieuw: oud for oud, nieuw in VERVANGEN.items()})


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0004_inbedding")]

    operations = [migrations.RunPython(bijwerken, terug)]
