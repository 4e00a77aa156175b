"""Who may edit what: the national group edits generiek content, a gemeente's editors only theirs.

Django model permissions say *which kinds* of content a group may touch; this policy adds *which
items*, by the item's scope gemeente (None for generiek). Wagtail asks the policy for every listing,
edit, delete, lock and preview, so the rule holds in every admin view.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

from contenthub.core.models import Gemeente

LANDELIJKE_REDACTIE = "Landelijke redactie"
# Members may publish items marked spoed (outage, deadline extension) without review, within the scope of their
# other groups (their gemeente, or generiek for the landelijke redactie). Every other publish goes through review.
SPOEDBERICHTEN = "Spoedberichten"


def _groepen(user) -> dict[int, str]:
    """The user's groups (id -> name), read once per user object: listings check scope per row."""
    groepen = getattr(user, "_contenthub_groepen", None)
    if groepen is None:
        groepen = dict(user.groups.values_list("pk", "name"))
        user._contenthub_groepen = groepen
    return groepen


def is_landelijk(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or LANDELIJKE_REDACTIE in _groepen(user).values()


def gemeenten_van(user):
    """The gemeenten whose content this user edits."""
    if user.is_superuser:
        return Gemeente.objects.all()
    if not user.is_authenticated:
        return Gemeente.objects.none()
    return Gemeente.objects.filter(redactiegroep__in=user.groups.all())


def mag_scope(user, gemeente) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if gemeente is None:
        return is_landelijk(user)
    return gemeente.redactiegroep_id in _groepen(user)


def heeft_gemeenteveld(model) -> bool:
    return any(f.name == "gemeente" for f in model._meta.get_fields())


class LaagPermissionPolicy(ModelPermissionPolicy):
    # Generiek kennisartikelen and sjablonen are readable for every editor (they write aanvullingen on them).
    ONBEPERKT_LEZEN = "view"

    def _scope_filter(self, user, queryset, action=None):
        if user.is_superuser:
            return queryset
        if not heeft_gemeenteveld(self.model):
            if action == self.ONBEPERKT_LEZEN or is_landelijk(user):
                return queryset
            return queryset.none()
        voorwaarde = Q(gemeente__in=gemeenten_van(user))
        if is_landelijk(user) and self.model._meta.get_field("gemeente").null:
            voorwaarde |= Q(gemeente__isnull=True)
        return queryset.filter(voorwaarde)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action == "delete" and getattr(instance, "live", False) and not user.is_superuser:
            # Nothing published is lost by one click: live content is withdrawn first (by a beheerder).
            return False
        if action == self.ONBEPERKT_LEZEN and not heeft_gemeenteveld(self.model):
            return True
        return mag_scope(user, instance.scope_gemeente)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        actie = actions[0] if len(actions) == 1 else None
        return self._scope_filter(user, self.model._default_manager.all(), actie)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


def _perms(model, acties):
    ct = ContentType.objects.get_for_model(model)
    return list(Permission.objects.filter(content_type=ct, codename__in=[f"{a}_{model._meta.model_name}" for a in acties]))


def rechten_gemeenteredactie(groep: Group) -> None:
    """Give a gemeente's editor group what it needs: write its aanvullingen and VAC's (publication goes
    through review), read the generiek content it builds on."""
    from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, PersoonlijkSjabloon, VraagAntwoord

    perms = (
        _perms(GemeentelijkeAanvulling, ["add", "change", "delete", "view", "lock", "unlock"])
        + _perms(VraagAntwoord, ["add", "change", "delete", "view", "lock", "unlock"])
        + _perms(Kennisartikel, ["view"])
        + _perms(PersoonlijkSjabloon, ["view"])
        + _perms(Gemeente, ["view"])
        + list(Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"))
    )
    groep.permissions.add(*perms)


def is_spoedredacteur(user) -> bool:
    return user.is_authenticated and user.is_active and SPOEDBERICHTEN in _groepen(user).values()


def rechten_spoedberichten(groep: Group) -> None:
    """Publish (and withdraw) for products and VACs; which items is limited by the scope of the member's other
    groups, and to items marked spoed by the ``before_edit_snippet`` hook."""
    from contenthub.content.models import GemeentelijkeAanvulling, Kennisartikel, VraagAntwoord

    groep.permissions.add(
        *(_perms(Kennisartikel, ["publish"]) + _perms(GemeentelijkeAanvulling, ["publish"]) + _perms(VraagAntwoord, ["publish"]))
    )


def rechten_landelijke_redactie(groep: Group) -> None:
    from contenthub.content.models import Kennisartikel, PersoonlijkSjabloon, VraagAntwoord
    from contenthub.kennisbank.models import Synoniemgroep

    alles = ["add", "change", "delete", "view", "lock", "unlock"]
    perms = (
        _perms(Kennisartikel, alles)
        + _perms(Synoniemgroep, ["add", "change", "delete", "view"])
        + _perms(VraagAntwoord, alles)
        + _perms(PersoonlijkSjabloon, alles)
        + _perms(Gemeente, ["view"])
        + list(Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"))
    )
    groep.permissions.add(*perms)
