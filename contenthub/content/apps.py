from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "contenthub.content"
    label = "content"
    verbose_name = "Content"
    default_auto_field = "django.db.models.BigAutoField"
