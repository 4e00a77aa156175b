"""Editorial state that is not content: the review task and what an aanvulling was last checked against."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from wagtail.models import Task, TaskState

from contenthub.redactie.permissies import mag_scope


class LaagReviewTaak(Task):
    """Review by the item's own redactie, never by the person who submitted it (vier-ogenprincipe).

    A generiek item is reviewed by the Landelijke redactie, a gemeente's item by that gemeente's
    editors; Wagtail's group task cannot express "the group that owns this item".
    """

    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = "review door eigen redactie"
        verbose_name_plural = "reviews door eigen redactie"

    @staticmethod
    def _item(obj):
        return obj.specific if hasattr(obj, "specific") and callable(getattr(type(obj), "specific", None)) else obj

    def _mag_beoordelen(self, obj, user, workflow_state=None) -> bool:
        if user.is_superuser:
            return True
        if not mag_scope(user, getattr(obj, "scope_gemeente", None)):
            return False
        workflow_state = workflow_state or getattr(obj, "current_workflow_state", None)
        return not (workflow_state and workflow_state.requested_by_id == user.pk)

    def user_can_access_editor(self, obj, user):
        return mag_scope(user, getattr(obj, "scope_gemeente", None))

    def locked_for_user(self, obj, user):
        return not self._mag_beoordelen(obj, user)

    def user_can_lock(self, obj, user):
        return self._mag_beoordelen(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self._mag_beoordelen(obj, user):
            return [
                ("reject", "Wijzigingen vragen", True),
                ("approve", "Goedkeuren en publiceren", False),
                ("approve", "Goedkeuren met opmerking", True),
            ]
        return []

    def on_action(self, task_state, user, action_name, **kwargs):
        # Re-check on the object the task state really belongs to, whatever URL carried the action.
        workflow_state = task_state.workflow_state
        if not self._mag_beoordelen(workflow_state.content_object, user, workflow_state):
            raise PermissionDenied("U mag deze reviewstap niet afhandelen.")
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        bezig = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).select_related("workflow_state")
        if user.is_superuser:
            return bezig
        ids = [
            ts.pk
            for ts in bezig
            if ts.workflow_state.content_object is not None
            and self._mag_beoordelen(ts.workflow_state.content_object, user, ts.workflow_state)
        ]
        return bezig.filter(pk__in=ids)

    @classmethod
    def get_description(cls):
        return "De redactie die eigenaar is van het item keurt goed; niet degene die het indiende."


class AanvullingBeoordeling(models.Model):
    """Which generiek revision a gemeente last reviewed its aanvulling against.

    Kept outside the aanvulling's own revisions: reviewing is a fact about the editor's attention, not
    content, and must not be rolled back when someone restores an older revision.
    """

    aanvulling = models.OneToOneField(
        "content.GemeentelijkeAanvulling",
        on_delete=models.CASCADE,
        related_name="beoordeling",
        help_text="De aanvulling die is beoordeeld.",
    )
    kennisartikel_revisie = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="De gepubliceerde revisie van het kennisartikel bij de beoordeling (ter informatie).",
    )
    beoordeelde_tekst = models.JSONField(
        default=dict,
        blank=True,
        help_text="De generieke tekst (titel, secties, deskMemo) zoals die bij de beoordeling live stond.",
    )
    tekst_hash = models.CharField(
        max_length=64,
        blank=True,
        db_index=True,
        help_text="sha256 van de beoordeelde tekst; vergeleken met die van het kennisartikel.",
    )
    beoordeeld_op = models.DateTimeField(auto_now=True, help_text="Moment van de laatste beoordeling.")
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Wie de aanvulling het laatst beoordeelde (leeg bij import).",
    )

    class Meta:
        verbose_name = "beoordeling van een aanvulling"
        verbose_name_plural = "beoordelingen van aanvullingen"

    def __str__(self) -> str:
        return f"Beoordeling van {self.aanvulling_id}"
