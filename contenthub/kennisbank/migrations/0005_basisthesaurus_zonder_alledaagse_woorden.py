from django.db import migrations

from contenthub.kennisbank.migrations import _basis

# Groups of the base thesaurus with a term that mostly means something else ("alleen" is mostly "only", "open" rarely
# opening hours): every query with that word got the whole group added. Only rows nobody edited (the old text) change.
VERVANGEN = {
    "eenzaam, eenzaamheid, alleen": "eenzaam, eenzaamheid",
    "openingstijden, open, geopend, wanneer open": "openingstijden, geopend, wanneer open, hoe laat open",
}


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0004_inbedding")]

    operations = [migrations.RunPython(*_basis.vervang(VERVANGEN))]
