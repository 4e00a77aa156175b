"""Idempotent set-up of the editorial organisation: the national group and the review workflow.

Run after every migrate (post_migrate), so a fresh database and an upgraded one end up the same.
"""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Workflow, WorkflowContentType, WorkflowTask

from contenthub.core.models import Gemeente
from contenthub.redactie.models import LaagReviewTaak
from contenthub.redactie.permissies import (
    LANDELIJKE_REDACTIE,
    SPOEDBERICHTEN,
    rechten_gemeenteredactie,
    rechten_landelijke_redactie,
    rechten_spoedberichten,
)

WORKFLOW_NAAM = "Redactie: concept → ter review → gepubliceerd"


def richt_redactie_in() -> Workflow:
    from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, PersoonlijkSjabloon, VraagAntwoord

    landelijk, _ = Group.objects.get_or_create(name=LANDELIJKE_REDACTIE)
    rechten_landelijke_redactie(landelijk)
    spoed, _ = Group.objects.get_or_create(name=SPOEDBERICHTEN)
    rechten_spoedberichten(spoed)
    for gemeente in Gemeente.objects.exclude(redactiegroep=None).select_related("redactiegroep"):
        rechten_gemeenteredactie(gemeente.redactiegroep)

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAAM, defaults={"active": True})
    taak = LaagReviewTaak.objects.filter(name="Review door eigen redactie").first()
    if taak is None:
        taak = LaagReviewTaak.objects.create(name="Review door eigen redactie", active=True)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=taak, defaults={"sort_order": 0})
    for model in (Kennisartikel, GemeentelijkeAanvulling, VraagAntwoord, PersoonlijkSjabloon):
        WorkflowContentType.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(model), defaults={"workflow": workflow}
        )
    return workflow
