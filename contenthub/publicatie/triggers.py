"""The outbox triggers: the database itself writes an outbox event in the transaction that changes a row.

Why triggers and not signal handlers: several paths change what a channel should show without passing
the obvious Python hook (Wagtail's unpublish action, queryset deletes, the ``SET NULL`` of a foreign key,
scheduled publishing, a raw update). A trigger fires for all of them, in the same transaction, on
PostgreSQL and on the embedded SQLite alike. A draft save does not fire: the live row does not change.

All names in the generated SQL are constants of this module (no input reaches it), hence the S608 waivers.
"""

# ruff: noqa: S608

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bron:
    tabel: str
    soort: str
    gemeente: str | None  # column with the gemeente (None: generiek content)
    verwant: str | None  # column whose change also changes what channels show
    redactie: bool = True  # has Wagtail's live/live_revision_id


BRONNEN = (
    Bron("content_kennisartikel", "kennisartikel", None, None),
    Bron("content_gemeentelijkeaanvulling", "aanvulling", "gemeente_id", "kennisartikel_id"),
    Bron("content_vraagantwoord", "vac", "gemeente_id", "vervangt_id"),
    Bron("content_persoonlijksjabloon", "sjabloon", None, None),
    Bron("core_gemeente", "gemeente", "uuid", None, redactie=False),
)
TABEL = "publicatie_gebeurtenis"
KOLOMMEN = "soort, object_uuid, gemeente_uuid, verwant_oud, verwant_nieuw, verwijderd, aangemaakt_op"


def _waarden(bron: Bron, rij: str, verwijderd: bool, nu: str, onwaar: str, waar: str) -> str:
    gemeente = f"{rij}.{bron.gemeente}" if bron.gemeente else "NULL"
    oud = f"OLD.{bron.verwant}" if bron.verwant and rij != "NEW" else "NULL"
    nieuw = f"NEW.{bron.verwant}" if bron.verwant and rij != "OLD" else "NULL"
    return f"'{bron.soort}', {rij}.uuid, {gemeente}, {oud}, {nieuw}, {waar if verwijderd else onwaar}, {nu}"


def _bij_update(bron: Bron, ongelijk: str) -> str:
    """A live row whose live state, live revision, gemeente or related reference changed."""
    if not bron.redactie:
        return "TRUE"
    delen = [f"OLD.live {ongelijk} NEW.live", f"OLD.live_revision_id {ongelijk} NEW.live_revision_id"]
    for kolom in (bron.gemeente, bron.verwant):
        if kolom:
            delen.append(f"OLD.{kolom} {ongelijk} NEW.{kolom}")
    return f"(OLD.live OR NEW.live) AND ({' OR '.join(delen)})"


def _naam(bron: Bron, actie: str) -> str:
    return f"publicatie_outbox_{bron.soort}_{actie}"


def postgresql() -> tuple[list[str], list[str]]:
    heen, terug = [], []
    nu = "clock_timestamp()"
    for bron in BRONNEN:
        functie = f"publicatie_outbox_{bron.soort}"
        invoegen = "TRUE" if not bron.redactie else "NEW.live"
        heen.append(
            f"""
            CREATE OR REPLACE FUNCTION {functie}() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    INSERT INTO {TABEL} ({KOLOMMEN}) VALUES ({_waarden(bron, "OLD", True, nu, "FALSE", "TRUE")});
                    RETURN OLD;
                ELSIF TG_OP = 'INSERT' THEN
                    IF {invoegen} THEN
                        INSERT INTO {TABEL} ({KOLOMMEN}) VALUES ({_waarden(bron, "NEW", False, nu, "FALSE", "TRUE")});
                    END IF;
                    RETURN NEW;
                ELSE
                    IF {_bij_update(bron, "IS DISTINCT FROM")} THEN
                        INSERT INTO {TABEL} ({KOLOMMEN}) VALUES ({_waarden_update(bron, nu, "FALSE")});
                    END IF;
                    RETURN NEW;
                END IF;
            END
            $$ LANGUAGE plpgsql
            """
        )
        gebeurtenissen = "INSERT OR UPDATE OR DELETE" if bron.redactie else "UPDATE OR DELETE"
        heen.append(f"CREATE TRIGGER {functie} AFTER {gebeurtenissen} ON {bron.tabel} FOR EACH ROW EXECUTE FUNCTION {functie}()")
        terug += [f"DROP TRIGGER IF EXISTS {functie} ON {bron.tabel}", f"DROP FUNCTION IF EXISTS {functie}()"]
    return heen, terug


def _waarden_update(bron: Bron, nu: str, onwaar: str) -> str:
    gemeente = f"NEW.{bron.gemeente}" if bron.gemeente else "NULL"
    oud = f"OLD.{bron.verwant}" if bron.verwant else "NULL"
    nieuw = f"NEW.{bron.verwant}" if bron.verwant else "NULL"
    return f"'{bron.soort}', NEW.uuid, {gemeente}, {oud}, {nieuw}, {onwaar}, {nu}"


def sqlite() -> tuple[list[str], list[str]]:
    heen, terug = [], []
    nu = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
    for bron in BRONNEN:
        if bron.redactie:
            heen.append(
                f"CREATE TRIGGER {_naam(bron, 'ins')} AFTER INSERT ON {bron.tabel} WHEN NEW.live BEGIN "
                f"INSERT INTO {TABEL} ({KOLOMMEN}) VALUES ({_waarden(bron, 'NEW', False, nu, '0', '1')}); END"
            )
            terug.append(f"DROP TRIGGER IF EXISTS {_naam(bron, 'ins')}")
        voorwaarde = _bij_update(bron, "IS NOT")
        heen.append(
            f"CREATE TRIGGER {_naam(bron, 'upd')} AFTER UPDATE ON {bron.tabel} WHEN {voorwaarde} BEGIN "
            f"INSERT INTO {TABEL} ({KOLOMMEN}) VALUES ({_waarden_update(bron, nu, '0')}); END"
        )
        heen.append(
            f"CREATE TRIGGER {_naam(bron, 'del')} AFTER DELETE ON {bron.tabel} BEGIN "
            f"INSERT INTO {TABEL} ({KOLOMMEN}) VALUES ({_waarden(bron, 'OLD', True, nu, '0', '1')}); END"
        )
        terug += [f"DROP TRIGGER IF EXISTS {_naam(bron, 'upd')}", f"DROP TRIGGER IF EXISTS {_naam(bron, 'del')}"]
    return heen, terug


def _migratiestap(heen: bool, postgresql_sql, sqlite_sql):
    """A RunPython step that installs (or removes) the given triggers for the database in use."""

    def stap(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            opdrachten = postgresql_sql()[0 if heen else 1]
        elif vendor == "sqlite":
            opdrachten = sqlite_sql()[0 if heen else 1]
        else:  # pragma: no cover - the hub supports PostgreSQL and SQLite
            raise NotImplementedError(f"Geen triggers voor database '{vendor}'.")
        for sql in opdrachten:
            schema_editor.execute(sql)

    return stap


def migratiestap(heen: bool):
    return _migratiestap(heen, postgresql, sqlite)


# --- child rows of a live aanvulling -------------------------------------------------------------------
# Wagtail saves an aanvulling's sections and locations after the aanvulling row, in separate statements
# (outside any transaction when the admin publishes). A relay that runs in between composes the old sections;
# so a change to a child row of a live aanvulling is an event of that aanvulling too.
KINDEREN = ("content_sectieaanpassing", "content_locatie")
OUDER = "content_gemeentelijkeaanvulling"


def _kind_select(rij: str, nu: str, onwaar: str) -> str:
    return (
        f"SELECT 'aanvulling', a.uuid, a.gemeente_id, a.kennisartikel_id, a.kennisartikel_id, {onwaar}, {nu} "
        f"FROM {OUDER} a WHERE a.uuid = {rij}.aanvulling_id AND a.live"
    )


def postgresql_kinderen() -> tuple[list[str], list[str]]:
    heen, terug = [], []
    nu = "clock_timestamp()"
    for tabel in KINDEREN:
        functie = f"publicatie_outbox_{tabel.removeprefix('content_')}"
        heen.append(
            f"""
            CREATE OR REPLACE FUNCTION {functie}() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    INSERT INTO {TABEL} ({KOLOMMEN}) {_kind_select("OLD", nu, "FALSE")};
                ELSE
                    INSERT INTO {TABEL} ({KOLOMMEN}) {_kind_select("NEW", nu, "FALSE")};
                END IF;
                RETURN NULL;
            END
            $$ LANGUAGE plpgsql
            """
        )
        heen.append(
            f"CREATE TRIGGER {functie} AFTER INSERT OR UPDATE OR DELETE ON {tabel} FOR EACH ROW EXECUTE FUNCTION {functie}()"
        )
        terug += [f"DROP TRIGGER IF EXISTS {functie} ON {tabel}", f"DROP FUNCTION IF EXISTS {functie}()"]
    return heen, terug


def sqlite_kinderen() -> tuple[list[str], list[str]]:
    heen, terug = [], []
    nu = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
    for tabel in KINDEREN:
        naam = f"publicatie_outbox_{tabel.removeprefix('content_')}"
        for actie, rij in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            heen.append(
                f"CREATE TRIGGER {naam}_{actie.lower()} AFTER {actie} ON {tabel} BEGIN "
                f"INSERT INTO {TABEL} ({KOLOMMEN}) {_kind_select(rij, nu, '0')}; END"
            )
            terug.append(f"DROP TRIGGER IF EXISTS {naam}_{actie.lower()}")
    return heen, terug


def migratiestap_kinderen(heen: bool):
    return _migratiestap(heen, postgresql_kinderen, sqlite_kinderen)


# --- content version per gemeente ------------------------------------------------------------------------
# Every outbox event bumps the version of its gemeente (or of generiek content) in the same transaction; the
# delivery API caches a composed catalogue per (generiek version, gemeente version). See ``Inhoudsversie``.
VERSIE = "publicatie_inhoudsversie"
_VERSIE_SLEUTEL = "COALESCE(CAST(NEW.gemeente_uuid AS TEXT), '')"


def postgresql_versie() -> tuple[list[str], list[str]]:
    functie = "publicatie_inhoudsversie_ophogen"
    heen = [
        f"""
        CREATE OR REPLACE FUNCTION {functie}() RETURNS trigger AS $$
        BEGIN
            INSERT INTO {VERSIE} (sleutel, versie) VALUES ({_VERSIE_SLEUTEL}, 1)
            ON CONFLICT (sleutel) DO UPDATE SET versie = {VERSIE}.versie + 1;
            RETURN NULL;
        END
        $$ LANGUAGE plpgsql
        """,
        f"CREATE TRIGGER {functie} AFTER INSERT ON {TABEL} FOR EACH ROW EXECUTE FUNCTION {functie}()",
    ]
    return heen, [f"DROP TRIGGER IF EXISTS {functie} ON {TABEL}", f"DROP FUNCTION IF EXISTS {functie}()"]


def sqlite_versie() -> tuple[list[str], list[str]]:
    # SQLite stores a UUIDField as 32 hex digits without dashes; Django reads it back either way, but the key
    # must match what the reader asks for, so the reader uses the same (hex) form there. See catalogus.versie().
    naam = "publicatie_inhoudsversie_ophogen"
    sleutel = "COALESCE(NEW.gemeente_uuid, '')"
    heen = [
        f"CREATE TRIGGER {naam} AFTER INSERT ON {TABEL} BEGIN "
        f"INSERT OR IGNORE INTO {VERSIE} (sleutel, versie) VALUES ({sleutel}, 0); "
        f"UPDATE {VERSIE} SET versie = versie + 1 WHERE sleutel = {sleutel}; END"
    ]
    return heen, [f"DROP TRIGGER IF EXISTS {naam}"]


def migratiestap_versie(heen: bool):
    return _migratiestap(heen, postgresql_versie, sqlite_versie)


# --- version of the API keys -----------------------------------------------------------------------------
# The delivery API keeps checked keys per process; any change to a key or its gemeenten (except the
# once-a-minute "last used" stamp) bumps this version, so a revoked key is refused on the very next call.
SLEUTELVERSIE = "api-sleutels"
_SLEUTELVELDEN = ("naam", "kanaal", "intern", "persoonlijk", "prefix", "hash", "actief")


def _sleutel_gewijzigd(ongelijk: str) -> str:
    return " OR ".join(f"OLD.{veld} {ongelijk} NEW.{veld}" for veld in _SLEUTELVELDEN)


def postgresql_sleutelversie() -> tuple[list[str], list[str]]:
    functie = "api_sleutelversie_ophogen"
    heen = [
        f"""
        CREATE OR REPLACE FUNCTION {functie}() RETURNS trigger AS $$
        BEGIN
            INSERT INTO {VERSIE} (sleutel, versie) VALUES ('{SLEUTELVERSIE}', 1)
            ON CONFLICT (sleutel) DO UPDATE SET versie = {VERSIE}.versie + 1;
            RETURN NULL;
        END
        $$ LANGUAGE plpgsql
        """,
        f"CREATE TRIGGER {functie}_koppeling AFTER INSERT OR UPDATE OR DELETE ON api_apisleutel_gemeenten "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {functie}()",
        f"CREATE TRIGGER {functie}_weg AFTER DELETE ON api_apisleutel FOR EACH STATEMENT EXECUTE FUNCTION {functie}()",
        f"CREATE TRIGGER {functie}_wijziging AFTER UPDATE ON api_apisleutel FOR EACH ROW "
        f"WHEN ({_sleutel_gewijzigd('IS DISTINCT FROM')}) EXECUTE FUNCTION {functie}()",
    ]
    terug = [
        f"DROP TRIGGER IF EXISTS {functie}_koppeling ON api_apisleutel_gemeenten",
        f"DROP TRIGGER IF EXISTS {functie}_weg ON api_apisleutel",
        f"DROP TRIGGER IF EXISTS {functie}_wijziging ON api_apisleutel",
        f"DROP FUNCTION IF EXISTS {functie}()",
    ]
    return heen, terug


def sqlite_sleutelversie() -> tuple[list[str], list[str]]:
    ophogen = (
        f"INSERT OR IGNORE INTO {VERSIE} (sleutel, versie) VALUES ('{SLEUTELVERSIE}', 0); "
        f"UPDATE {VERSIE} SET versie = versie + 1 WHERE sleutel = '{SLEUTELVERSIE}';"
    )
    triggers = [
        ("koppeling_ins", "AFTER INSERT ON api_apisleutel_gemeenten"),
        ("koppeling_upd", "AFTER UPDATE ON api_apisleutel_gemeenten"),
        ("koppeling_del", "AFTER DELETE ON api_apisleutel_gemeenten"),
        ("weg", "AFTER DELETE ON api_apisleutel"),
        ("wijziging", f"AFTER UPDATE ON api_apisleutel WHEN {_sleutel_gewijzigd('IS NOT')}"),
    ]
    heen = [f"CREATE TRIGGER api_sleutelversie_{naam} {wanneer} BEGIN {ophogen} END" for naam, wanneer in triggers]
    return heen, [f"DROP TRIGGER IF EXISTS api_sleutelversie_{naam}" for naam, _ in triggers]


def migratiestap_sleutelversie(heen: bool):
    return _migratiestap(heen, postgresql_sleutelversie, sqlite_sleutelversie)


def herstel_sqlite(connection) -> int:
    """Reinstall any outbox or version trigger that is missing on SQLite; returns how many were missing.

    SQLite has no ALTER for most column changes: Django rebuilds the table (new table, copy, drop, rename), and
    the drop takes the table's triggers with it. A later migration of a content table would so silently end
    the outbox on the embedded default. Run after every migrate (post_migrate), it puts them back."""
    if connection.vendor != "sqlite":
        return 0
    with connection.cursor() as cursor:
        bestaand = {r[0] for r in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
        tabellen = {r[0] for r in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
        if not {TABEL, VERSIE, "api_apisleutel_gemeenten"} <= tabellen:
            return 0  # migrated only part of the way: the migrations themselves install the triggers
        hersteld = 0
        for sql in sqlite()[0] + sqlite_kinderen()[0] + sqlite_versie()[0] + sqlite_sleutelversie()[0]:
            naam = sql.split()[2]
            if naam not in bestaand:
                cursor.execute(sql)
                hersteld += 1
    return hersteld
