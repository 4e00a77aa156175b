from django.apps import AppConfig


class RedactieConfig(AppConfig):
    name = "contenthub.redactie"
    label = "redactie"
    verbose_name = "Redactie"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from contenthub.redactie import signals  # noqa: F401 - connects receivers
