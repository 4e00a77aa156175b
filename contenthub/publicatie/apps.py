from django.apps import AppConfig


class PublicatieConfig(AppConfig):
    name = "contenthub.publicatie"
    label = "publicatie"
    verbose_name = "Publicatie"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from contenthub.publicatie import signalen

        signalen.registreer_publishers()
        signalen.verbind()

        from django.db.models.signals import post_migrate

        post_migrate.connect(_triggers_herstellen, sender=self)


def _triggers_herstellen(sender, using="default", **kwargs):
    from django.db import connections

    from contenthub.publicatie.triggers import herstel_sqlite

    herstel_sqlite(connections[using])
