"""Keeps every admin URL that names one item inside the user's gemeente.

Wagtail's generic snippet views check *model* permissions; which *item* a user may reach is ours to
enforce. Wrapping the URL patterns (instead of subclassing each of the dozen views) covers edit,
delete, history, revision compare, preview, lock, usage, workflow actions and chooser views alike,
including ones a future Wagtail adds.
"""

from functools import wraps

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import URLPattern
from wagtail.models import TaskState
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet

from contenthub.redactie.permissies import heeft_gemeenteveld, mag_scope


def controleer_item(request, model, kwargs) -> None:
    pk = kwargs.get("pk")
    if pk is None:
        return
    try:
        obj = model._default_manager.filter(pk=unquote(str(pk))).first()
    except (ValidationError, ValueError) as exc:
        raise Http404("Onbekend item.") from exc
    if obj is None:
        return  # the view itself answers 404
    if heeft_gemeenteveld(model) and not mag_scope(request.user, obj.scope_gemeente):
        raise PermissionDenied("Dit item hoort bij een andere gemeente.")
    task_state_id = kwargs.get("task_state_id")
    if task_state_id is not None:
        # Wagtail applies a workflow action to the task state in the URL without checking that it
        # belongs to the item in the URL; without this, approving item A could publish item B.
        hoort_erbij = TaskState.objects.filter(
            pk=task_state_id,
            workflow_state__object_id=str(obj.pk),
            workflow_state__base_content_type=obj.get_base_content_type(),
        ).exists()
        if not hoort_erbij:
            raise PermissionDenied("Deze reviewstap hoort niet bij dit item.")


def gescoped(model, patronen):
    def wrap(patroon):
        if not isinstance(patroon, URLPattern):
            return patroon
        view = patroon.callback

        @wraps(view)
        def binnen_scope(request, *args, **kwargs):
            controleer_item(request, model, kwargs)
            return view(request, *args, **kwargs)

        return URLPattern(patroon.pattern, binnen_scope, patroon.default_args, patroon.name)

    return [wrap(p) for p in patronen]


class _GescopedLijst:
    def get_object_list(self):
        policy = policy_registry.get_by_type(self.model_class)
        return policy.instances_user_has_any_permission_for(self.request.user, ["view"])


class GescopedChooseView(_GescopedLijst, ChooseView):
    pass


class GescopedChooseResultsView(_GescopedLijst, ChooseResultsView):
    pass


class GescopedChooserViewSet(SnippetChooserViewSet):
    """The chooser modal lists only items the user may see (Wagtail's lists every row)."""

    choose_view_class = GescopedChooseView
    choose_results_view_class = GescopedChooseResultsView

    def get_urlpatterns(self):
        return gescoped(self.model, super().get_urlpatterns())
