from django.apps import AppConfig


class KccConfig(AppConfig):
    name = "contenthub.kcc"
    label = "kcc"
    verbose_name = "Klantcontactcentrum"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from contenthub.kcc import signals  # noqa: F401
