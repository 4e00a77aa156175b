"""Shared by the migrations that correct the base thesaurus (Django does not load modules starting with "_" as
migrations): a group changes only where it still has the text the base thesaurus gave it, so an editor's own
version of a group is never overwritten."""

from django.utils import timezone


def vervang(vervangen: dict[str, str]):
    """The forward and backward functions for ``RunPython``: old text → new text, and back."""

    def bijwerken(apps, schema_editor, richting=vervangen):
        Synoniemgroep = apps.get_model("kennisbank", "Synoniemgroep")
        for oud, nieuw in richting.items():
            Synoniemgroep.objects.filter(bron="basis", termen=oud).update(termen=nieuw, bijgewerkt_op=timezone.now())

    def terug(apps, schema_editor):
        bijwerken(apps, schema_editor, {nieuw: oud for oud, nieuw in vervangen.items()})

    return bijwerken, terug
