from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "contenthub.content"
    label = "content"
    verbose_name = "Content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registered here, before Wagtail's apps are ready, or Wagtail creates a fallback policy first.
        from wagtail.permissions import register_permission_policy

        from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, PersoonlijkSjabloon, VraagAntwoord
        from contenthub.redactie.permissies import LaagPermissionPolicy

        for model in (Kennisartikel, GemeentelijkeAanvulling, VraagAntwoord, PersoonlijkSjabloon):
            register_permission_policy(model, LaagPermissionPolicy(model))
