from django.db import migrations


def laad(apps, schema_editor):
    """Start every hub with the base thesaurus (contenthub/kennisbank/basisthesaurus.txt); editors take it from there."""
    from contenthub.kennisbank.thesaurus import basisregels

    Synoniemgroep = apps.get_model("kennisbank", "Synoniemgroep")
    if not Synoniemgroep.objects.filter(bron="basis").exists():
        Synoniemgroep.objects.bulk_create(Synoniemgroep(termen=regel.split("#", 1)[0].strip(), bron="basis") for regel in basisregels())


def verwijder(apps, schema_editor):
    apps.get_model("kennisbank", "Synoniemgroep").objects.filter(bron="basis").delete()


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0002_thesaurus")]

    operations = [migrations.RunPython(laad, verwijder)]
