from django.apps import AppConfig


class RedactieConfig(AppConfig):
    name = "contenthub.redactie"
    label = "redactie"
    verbose_name = "Redactie"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The permission policy registers at the top of wagtail_hooks.py: Wagtail imports that module
        # before it first asks for a model's policy (and would otherwise create a fallback policy).
        from contenthub.redactie import signals  # noqa: F401 - connects receivers
