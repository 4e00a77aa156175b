"""Making and checking API keys. Format: ``ch_<prefix>_<secret>``; the prefix finds the row, the hash proves it."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

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


def controleer(geheim: str) -> ApiSleutel | None:
    """The active key for this secret (with its gemeenten), or None. Constant-time comparison of the hash."""
    delen = geheim.split("_", 2)  # the secret part may itself contain "_" (urlsafe base64)
    if len(delen) != 3 or delen[0] != "ch":
        return None
    sleutel = ApiSleutel.objects.filter(prefix=delen[1], actief=True).prefetch_related("gemeenten").first()
    if sleutel is None or not hmac.compare_digest(sleutel.hash, _hash(geheim)):
        return None
    nu = timezone.now()
    if sleutel.laatst_gebruikt_op is None or (nu - sleutel.laatst_gebruikt_op).total_seconds() > 60:
        ApiSleutel.objects.filter(pk=sleutel.pk).update(laatst_gebruikt_op=nu)  # at most one write a minute
        sleutel.laatst_gebruikt_op = nu
    return sleutel
