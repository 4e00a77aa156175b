from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "contenthub.api"
    label = "api"
    verbose_name = "Leverings-API"
    default_auto_field = "django.db.models.BigAutoField"
