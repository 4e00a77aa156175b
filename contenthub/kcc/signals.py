from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def kcc_groepen(sender, app_config=None, **kwargs):
    """Every gemeente has its KCC group, also the ones created before this app or in bulk (no save())."""
    if app_config is None or app_config.label != "kcc":
        return
    from django.contrib.auth.models import Group

    from contenthub.core.models import Gemeente

    for gemeente in Gemeente.objects.filter(kcc_groep__isnull=True):
        gemeente.kcc_groep, _ = Group.objects.get_or_create(name=f"KCC {gemeente.naam} ({gemeente.code})")
        gemeente.save(update_fields=["kcc_groep"])
