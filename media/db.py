"""Database guards for the media step (docs/practice.md, "Written confirmation before booking"), so that no
code path — a bug, a shell, raw SQL by the app's own role — can book what the client did not confirm:

- a plan version that has gone to the client keeps its number, campaign, currency and notes, is never
  deleted and never goes back to draft;
- its lines cannot be added, changed or removed (a change means a new version, which needs a new
  confirmation);
- a booking's line must belong to a version whose status is approved AND for which the client's
  approval is on record in agency_decision (itself append-only).
"""

POSTGRES = [
    """
    CREATE OR REPLACE FUNCTION media_planversion_frozen() RETURNS trigger AS $$
    BEGIN
        IF OLD.status <> 'draft' THEN
            IF TG_OP = 'DELETE' THEN
                RAISE EXCEPTION USING
                    MESSAGE = 'media plan version ' || OLD.id || ' was sent to the client: DELETE refused',
                    ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF NEW.status = 'draft' OR NEW.number <> OLD.number OR NEW.campaign_id <> OLD.campaign_id
               OR NEW.client_id <> OLD.client_id OR NEW.currency <> OLD.currency OR NEW.notes <> OLD.notes THEN
                RAISE EXCEPTION USING
                    MESSAGE = 'media plan version ' || OLD.id || ' was sent to the client: UPDATE refused',
                    ERRCODE = 'integrity_constraint_violation';
            END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    "DROP TRIGGER IF EXISTS media_planversion_frozen ON media_planversion;",
    "CREATE TRIGGER media_planversion_frozen BEFORE UPDATE OR DELETE ON media_planversion "
    "FOR EACH ROW EXECUTE FUNCTION media_planversion_frozen();",
    """
    CREATE OR REPLACE FUNCTION media_planline_frozen() RETURNS trigger AS $$
    DECLARE
        frozen boolean;
    BEGIN
        SELECT bool_or(status <> 'draft') INTO frozen FROM media_planversion
         WHERE id IN (CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.version_id END,
                      CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.version_id END);
        IF frozen THEN
            RAISE EXCEPTION USING
                MESSAGE = 'media plan line: the version was sent to the client, ' || TG_OP || ' refused',
                ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    "DROP TRIGGER IF EXISTS media_planline_frozen ON media_planline;",
    "CREATE TRIGGER media_planline_frozen BEFORE INSERT OR UPDATE OR DELETE ON media_planline "
    "FOR EACH ROW EXECUTE FUNCTION media_planline_frozen();",
    """
    CREATE OR REPLACE FUNCTION media_booking_confirmed() RETURNS trigger AS $$
    DECLARE
        plan record;
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.line_id = OLD.line_id AND NEW.client_id = OLD.client_id THEN
            RETURN NEW;
        END IF;
        SELECT v.id, v.status, v.client_id INTO plan
          FROM media_planline l JOIN media_planversion v ON v.id = l.version_id WHERE l.id = NEW.line_id;
        IF plan.status IS DISTINCT FROM 'approved' OR plan.client_id <> NEW.client_id OR NOT EXISTS (
            SELECT 1 FROM agency_decision d JOIN django_content_type ct ON ct.id = d.document_type_id
             WHERE ct.app_label = 'media' AND ct.model = 'planversion'
               AND d.document_id = plan.id AND d.outcome = 'approved'
        ) THEN
            RAISE EXCEPTION USING MESSAGE = 'booking refused: media plan version ' || coalesce(plan.id::text, '?')
                || ' is not confirmed by the client in writing',
                ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    "DROP TRIGGER IF EXISTS media_booking_confirmed ON media_booking;",
    "CREATE TRIGGER media_booking_confirmed BEFORE INSERT OR UPDATE ON media_booking "
    "FOR EACH ROW EXECUTE FUNCTION media_booking_confirmed();",
]

# SQLite (the development default): the same rules, without DELETE guards, as in agency.core.db, because
# the development database is emptied by plain DELETEs between tests.
SQLITE = [
    """
    CREATE TRIGGER IF NOT EXISTS media_planversion_frozen BEFORE UPDATE ON media_planversion
    WHEN OLD.status <> 'draft' AND (NEW.status = 'draft' OR NEW.number <> OLD.number
        OR NEW.campaign_id <> OLD.campaign_id OR NEW.client_id <> OLD.client_id
        OR NEW.currency <> OLD.currency OR NEW.notes <> OLD.notes)
    BEGIN SELECT RAISE(ABORT, 'media plan version was sent to the client: UPDATE refused'); END;
    """,
    """
    CREATE TRIGGER IF NOT EXISTS media_planline_frozen_insert BEFORE INSERT ON media_planline
    WHEN (SELECT status FROM media_planversion WHERE id = NEW.version_id) <> 'draft'
    BEGIN SELECT RAISE(ABORT, 'media plan line: the version was sent to the client, INSERT refused'); END;
    """,
    """
    CREATE TRIGGER IF NOT EXISTS media_planline_frozen_update BEFORE UPDATE ON media_planline
    WHEN (SELECT status FROM media_planversion WHERE id = OLD.version_id) <> 'draft'
      OR (SELECT status FROM media_planversion WHERE id = NEW.version_id) <> 'draft'
    BEGIN SELECT RAISE(ABORT, 'media plan line: the version was sent to the client, UPDATE refused'); END;
    """,
    """
    CREATE TRIGGER IF NOT EXISTS media_booking_confirmed BEFORE INSERT ON media_booking
    WHEN NOT EXISTS (
        SELECT 1 FROM media_planline l
          JOIN media_planversion v ON v.id = l.version_id
          JOIN agency_decision d ON d.document_id = v.id AND d.outcome = 'approved'
          JOIN django_content_type ct ON ct.id = d.document_type_id AND ct.app_label = 'media'
               AND ct.model = 'planversion'
         WHERE l.id = NEW.line_id AND v.status = 'approved' AND v.client_id = NEW.client_id)
    BEGIN SELECT RAISE(ABORT, 'booking refused: the media plan version is not confirmed by the client'); END;
    """,
]


def install_guards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRES, "sqlite": SQLITE}.get(vendor)
    if statements is None:
        raise NotImplementedError(f"media guards not written for {vendor}")
    for statement in statements:
        schema_editor.execute(statement)


SQLITE_TRIGGERS = [
    "media_planversion_frozen",
    "media_planline_frozen_insert",
    "media_planline_frozen_update",
    "media_booking_confirmed",
]


def drop_sqlite_guards(apps, schema_editor):
    """SQLite rebuilds a table to add a NOT NULL column, and refuses while a trigger names that table.
    A migration that changes these tables drops the guards first (SQLite only) and runs install_guards
    after; PostgreSQL alters in place and keeps its triggers."""
    if schema_editor.connection.vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
