from django.db import migrations, models

MELDING = "Alleen een gemeentelijke VAC kan een generieke VAC vervangen"

# A gemeente VAC may only replace a generiek VAC, and a VAC that is replaced must stay generiek. Both need
# another row than the one being written, so a CHECK constraint cannot express them; a trigger can.
POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION content_vac_vervangt_generiek() RETURNS trigger AS $$
    BEGIN
        IF NEW.vervangt_id IS NOT NULL AND (
            NEW.gemeente_id IS NULL
            OR NEW.vervangt_id = NEW.uuid
            OR EXISTS (SELECT 1 FROM content_vraagantwoord v WHERE v.uuid = NEW.vervangt_id AND v.gemeente_id IS NOT NULL)
        ) THEN
            RAISE EXCEPTION '{MELDING}' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.gemeente_id IS NOT NULL
            AND EXISTS (SELECT 1 FROM content_vraagantwoord v WHERE v.vervangt_id = NEW.uuid AND v.uuid <> NEW.uuid) THEN
            RAISE EXCEPTION 'Deze VAC wordt vervangen door een gemeentelijke VAC en moet generiek blijven'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER content_vac_vervangt_generiek BEFORE INSERT OR UPDATE ON content_vraagantwoord
    FOR EACH ROW EXECUTE FUNCTION content_vac_vervangt_generiek()
    """,
]
POSTGRESQL_TERUG = [
    "DROP TRIGGER IF EXISTS content_vac_vervangt_generiek ON content_vraagantwoord",
    "DROP FUNCTION IF EXISTS content_vac_vervangt_generiek()",
]

_SQLITE_VOORWAARDE = f"""
    WHEN (NEW.vervangt_id IS NOT NULL AND (
        NEW.gemeente_id IS NULL
        OR NEW.vervangt_id = NEW.uuid
        OR EXISTS (SELECT 1 FROM content_vraagantwoord v WHERE v.uuid = NEW.vervangt_id AND v.gemeente_id IS NOT NULL)
    )) BEGIN SELECT RAISE(ABORT, '{MELDING}'); END
"""
_SQLITE_DOEL = """
    WHEN (NEW.gemeente_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM content_vraagantwoord v WHERE v.vervangt_id = NEW.uuid AND v.uuid <> NEW.uuid))
    BEGIN SELECT RAISE(ABORT, 'Deze VAC wordt vervangen door een gemeentelijke VAC en moet generiek blijven'); END
"""
SQLITE = [
    f"CREATE TRIGGER content_vac_vervangt_ins BEFORE INSERT ON content_vraagantwoord {_SQLITE_VOORWAARDE}",
    f"CREATE TRIGGER content_vac_vervangt_upd BEFORE UPDATE ON content_vraagantwoord {_SQLITE_VOORWAARDE}",
    f"CREATE TRIGGER content_vac_doel_upd BEFORE UPDATE ON content_vraagantwoord {_SQLITE_DOEL}",
]
SQLITE_TERUG = [
    "DROP TRIGGER IF EXISTS content_vac_vervangt_ins",
    "DROP TRIGGER IF EXISTS content_vac_vervangt_upd",
    "DROP TRIGGER IF EXISTS content_vac_doel_upd",
]


def _voer_uit(heen: bool):
    def stap(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            opdrachten = POSTGRESQL if heen else POSTGRESQL_TERUG
        elif vendor == "sqlite":
            opdrachten = SQLITE if heen else SQLITE_TERUG
        else:  # pragma: no cover - the hub supports PostgreSQL and SQLite
            raise NotImplementedError(f"Geen VAC-trigger voor database '{vendor}'.")
        for sql in opdrachten:
            schema_editor.execute(sql)

    return stap


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0005_uitwisseling_gepubliceerde_vormen"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="vraagantwoord",
            constraint=models.UniqueConstraint(
                condition=models.Q(("vervangt__isnull", False)),
                fields=("gemeente", "vervangt"),
                name="een_vervanging_per_gemeente_en_vac",
                violation_error_message="Deze gemeente vervangt deze generieke VAC al met een andere VAC.",
            ),
        ),
        migrations.RunPython(_voer_uit(True), _voer_uit(False)),
    ]
