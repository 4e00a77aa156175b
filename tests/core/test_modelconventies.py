"""Every field we declare explains itself to editors (help_text), as the house conventions ask."""

from django.apps import apps

WAGTAIL_VELDEN = {
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "live_revision",
    "go_live_at",
    "expire_at",
    "expired",
    "latest_revision",
    "locked",
    "locked_at",
    "locked_by",
    "sort_order",
    "laagreviewtaak_ptr",
    "task_ptr",
    "id",
}
# Fields inherited from Wagtail's Task model (multi-table inheritance), not declared by us.
WAGTAIL_TASK_VELDEN = {"name", "content_type", "active"}


def test_elk_eigen_veld_heeft_help_text():
    zonder = []
    for label in ("core", "content", "redactie"):
        for model in apps.get_app_config(label).get_models():
            for veld in model._meta.get_fields():
                if veld.auto_created or not veld.concrete or veld.name in WAGTAIL_VELDEN:
                    continue
                if model.__name__ == "LaagReviewTaak" and veld.name in WAGTAIL_TASK_VELDEN:
                    continue
                if not str(getattr(veld, "help_text", "")).strip():
                    zonder.append(f"{model.__name__}.{veld.name}")
    assert not zonder, f"velden zonder help_text: {zonder}"
