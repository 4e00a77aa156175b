from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "contenthub.core"
    label = "core"
    verbose_name = "Kern"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from contenthub.core import checks  # noqa: F401 - registers the system checks
