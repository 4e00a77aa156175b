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
