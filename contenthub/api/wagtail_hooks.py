from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from contenthub.api import views


@hooks.register("register_admin_urls")
def api_urls():
    return [
        path("api-sleutels/", views.sleutels, name="api_sleutels"),
        path("api-sleutels/<int:pk>/intrekken/", views.intrekken, name="api_sleutel_intrekken"),
    ]


class SleutelMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("api.add_apisleutel")


@hooks.register("register_settings_menu_item")
def api_menu():
    return SleutelMenuItem("API-sleutels", reverse("api_sleutels"), icon_name="key", order=900)
