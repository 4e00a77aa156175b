"""Persoonlijk templates: the budgeted Jinja2 sandbox lives in the SDK (``contenthub_sdk.sjablonen``), so the hub
(checking an editor's template, previews) and every channel (filling it with the citizen's data at the source)
apply one implementation with the same limits."""

from contenthub_sdk.sjablonen import (
    MAX_SECONDEN,
    MAX_STAPPEN,
    MAX_UITVOER,
    PERSOONLIJK_TAGS,
    SLOT_PATROON,
    SjabloonFout,
    SjabloonTeZwaar,
    bevat_slot,
    controleer_sjabloon,
    vul_in,
    vul_sjabloon,
)

__all__ = [
    "MAX_SECONDEN",
    "MAX_STAPPEN",
    "MAX_UITVOER",
    "PERSOONLIJK_TAGS",
    "SLOT_PATROON",
    "SjabloonFout",
    "SjabloonTeZwaar",
    "bevat_slot",
    "controleer_sjabloon",
    "vul_in",
    "vul_sjabloon",
]
