from django.contrib.auth.models import Group
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver
from wagtail.signals import published

from contenthub.core.models import Gemeente
from contenthub.redactie.permissies import rechten_gemeenteredactie


@receiver(post_save, sender=Gemeente)
def gemeente_opgeslagen(sender, instance, created, raw=False, **kwargs):
    if raw or instance.redactiegroep_id is None:
        return
    rechten_gemeenteredactie(Group.objects.get(pk=instance.redactiegroep_id))


@receiver(post_migrate)
def na_migratie(sender, app_config=None, **kwargs):
    if app_config is None or app_config.label != "redactie":
        return
    from contenthub.redactie.inrichting import richt_redactie_in

    richt_redactie_in()


@receiver(published)
def eerste_beoordelingsstand(sender, instance, **kwargs):
    """Any first publication of an aanvulling (import, schedule, editor) sets the baseline for 'generiek
    gewijzigd'; only a person's review moves it later (workflow approval, a publish in the editor, the button)."""
    from contenthub.content.models import GemeentelijkeAanvulling
    from contenthub.redactie.generiek import markeer_beoordeeld

    if isinstance(instance, GemeentelijkeAanvulling):
        markeer_beoordeeld(instance, alleen_eerste_keer=True)
