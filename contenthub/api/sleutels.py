"""Making and checking API keys. Format: ``ch_<prefix>_<secret>``; the prefix finds the row, the hash proves it."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from contenthub.api.catalogus import Stand, lees_stand
from contenthub.api.models import ApiSleutel
from contenthub.core.models import Gemeente


def _hash(sleutel: str) -> str:
    return hashlib.sha256(sleutel.encode()).hexdigest()


@transaction.atomic
def maak_sleutel(
    *, naam: str, kanaal: str, gemeenten: list[Gemeente], intern: bool = False, persoonlijk: str = ""
) -> tuple[ApiSleutel, str]:
    """A new key; the secret is returned once and never stored. Raises ValidationError naming the field."""
    if not gemeenten:
        raise ValidationError({"gemeenten": "Kies minstens één gemeente."})
    prefix = secrets.token_hex(4)
    geheim = f"ch_{prefix}_{secrets.token_urlsafe(32)}"
    sleutel = ApiSleutel(naam=naam, kanaal=kanaal, intern=intern, persoonlijk=persoonlijk, prefix=prefix, hash=_hash(geheim))
    sleutel.full_clean(exclude=["gemeenten"])
    sleutel.save()
    sleutel.gemeenten.set(gemeenten)
    return sleutel, geheim


_bekend: dict[str, tuple[int, ApiSleutel]] = {}  # prefix → (key version when loaded, key with its gemeenten)
MAX_BEKEND = 10_000


def controleer(geheim: str) -> ApiSleutel | None:
    """The active key for this secret (with its gemeenten), or None. Constant-time comparison of the hash."""
    return aanmelden(geheim)[0]


def aanmelden(geheim: str) -> tuple[ApiSleutel | None, Stand | None]:
    """The active key for this secret, and the content versions the request works with.

    Every API call checks a key, so the usual cost is the one version query that the request needs anyway:
    a key is kept per process while the version of the keys (bumped by a trigger on any change to a key or
    its gemeenten, see ``triggers.SLEUTELVERSIE``) stays the same. A revoked key is refused on the next call."""
    delen = geheim.split("_", 2)  # the secret part may itself contain "_" (urlsafe base64)
    if len(delen) != 3 or delen[0] != "ch":
        return None, None
    prefix = delen[1]
    bekend = _bekend.get(prefix)
    pks = [g.pk for g in bekend[1].gemeenten.all()] if bekend else []
    stand = lees_stand(pks)
    if bekend is None or bekend[0] != stand.sleutels:
        sleutel = ApiSleutel.objects.filter(prefix=prefix, actief=True).prefetch_related("gemeenten").first()
        if sleutel is None:
            _bekend.pop(prefix, None)
            return None, None
        if len(_bekend) >= MAX_BEKEND:
            _bekend.clear()
        bekend = _bekend[prefix] = (stand.sleutels, sleutel)
        if {g.pk for g in sleutel.gemeenten.all()} != set(pks):
            stand = lees_stand(g.pk for g in sleutel.gemeenten.all())
    sleutel = bekend[1]
    if not hmac.compare_digest(sleutel.hash, _hash(geheim)):
        return None, None
    nu = timezone.now()
    if sleutel.laatst_gebruikt_op is None or (nu - sleutel.laatst_gebruikt_op).total_seconds() > 60:
        ApiSleutel.objects.filter(pk=sleutel.pk).update(laatst_gebruikt_op=nu)  # at most one write a minute
        sleutel.laatst_gebruikt_op = nu
    return sleutel, stand


def vergeet_sleutels() -> None:
    _bekend.clear()
