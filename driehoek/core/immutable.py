"""Records that cannot be changed: audit events, frozen versions and signatures.

``ImmutableQuerySet`` refuses ``update()`` and ``delete()``; ``ImmutableModel`` refuses saving an
existing row and deleting one. On PostgreSQL a trigger (``install_trigger``) refuses UPDATE and
DELETE on the table as well, so raw SQL cannot change them either.

The one narrow exception at the database level: a foreign key to a person or organisation may be
set to NULL (``on_delete=SET_NULL`` when a user account is erased); every other column must stay
the same. Cascading deletes of a whole agreement are refused by the trigger.

``purge(queryset)`` is the one deliberate way past both, for wiping generated data (the benchmarks
in ``bench/``); no service or view calls it. It sets ``driehoek.allow_purge`` for the current
transaction only, which the trigger honours.
"""

from __future__ import annotations

from django.db import models


class ImmutableRecordError(ValueError):
    """Raised when code tries to change or delete a record that never changes."""


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecordError(f"{self.model._meta.label} records cannot be updated.")

    def delete(self):
        raise ImmutableRecordError(f"{self.model._meta.label} records cannot be deleted.")

    update.queryset_only = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


class ImmutableModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(f"{self._meta.label} records never change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(f"{self._meta.label} records cannot be deleted.")


def purge(queryset) -> int:
    """Delete generated records of an immutable model (benchmarks only; see the module doc)."""
    from django.db import connections, transaction

    using = queryset.db
    with transaction.atomic(using=using):
        connection = connections[using]
        on_postgres = connection.vendor == "postgresql"
        if on_postgres:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('driehoek.allow_purge', 'on', true)")
        try:
            deleted, _ = models.QuerySet.delete(queryset)
        finally:
            if on_postgres:  # also when purge runs inside a longer transaction
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('driehoek.allow_purge', 'off', true)")
    return deleted


FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION driehoek_refuse_change() RETURNS trigger AS $$
DECLARE
    col text;
    old_row jsonb;
    new_row jsonb;
BEGIN
    IF current_setting('driehoek.allow_purge', true) = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'records in % cannot be deleted', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    old_row := to_jsonb(OLD);
    new_row := to_jsonb(NEW);
    -- Only a nullable reference may be cleared (SET_NULL when a person is erased).
    FOREACH col IN ARRAY TG_ARGV LOOP
        IF new_row -> col = 'null'::jsonb THEN
            old_row := old_row - col;
            new_row := new_row - col;
        END IF;
    END LOOP;
    IF old_row IS DISTINCT FROM new_row THEN
        RAISE EXCEPTION 'records in % cannot be changed', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def install_trigger(table: str, nullable: tuple[str, ...] = ()):
    """A pair of RunPython callables that add/drop the trigger on PostgreSQL only."""
    name = f"{table}_immutable"
    args = ", ".join(f"'{c}'" for c in nullable)

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(FUNCTION_SQL, params=None)
        schema_editor.execute(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
        schema_editor.execute(
            f'CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION driehoek_refuse_change({args})"
        )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')

    return forwards, backwards
