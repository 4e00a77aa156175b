"""Shared by the migrations that correct the base thesaurus (Django does not load modules starting with "_" as
migrations): a group changes only where it still has the text the base thesaurus gave it, so an editor's own
version of a group is never overwritten. Module-level functions bound with ``functools.partial``, so that Django can
still write these operations out (``squashmigrations``)."""

from functools import partial

from django.utils import timezone


def bijwerken(apps, schema_editor, vervangen: dict[str, str]) -> None:
    Synoniemgroep = apps.get_model("kennisbank", "Synoniemgroep")
    for oud, nieuw in vervangen.items():
        Synoniemgroep.objects.filter(bron="basis", termen=oud).update(termen=nieuw, bijgewerkt_op=timezone.now())


def vervang(vervangen: dict[str, str]) -> tuple[partial, partial]:
    """The forward and backward functions for ``RunPython``: old text → new text, and back."""
    return partial(bijwerken, vervangen=vervangen), partial(bijwerken, vervangen={n: o for o, n in vervangen.items()})
