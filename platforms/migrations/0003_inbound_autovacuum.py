"""The inbound store is a queue: every item is updated twice (claimed, processed) soon after it
is written, and the partial index of unprocessed items keeps an entry per dead row version
until the table is vacuumed. With PostgreSQL's default (vacuum once a fifth of the table is
dead) the look-up of waiting items grows with the table — at 240,000 items it read 468,000
dead index entries (about 200 ms a batch). Vacuum it after a few thousand dead rows instead."""

from django.db import migrations

SETTINGS = ("autovacuum_vacuum_scale_factor = 0.0, autovacuum_vacuum_threshold = 5000, "
            "autovacuum_analyze_scale_factor = 0.02")


def tune(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE platforms_inbounditem SET ({SETTINGS})")


def untune(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE platforms_inbounditem RESET (autovacuum_vacuum_scale_factor, "
                              "autovacuum_vacuum_threshold, autovacuum_analyze_scale_factor)")


class Migration(migrations.Migration):
    dependencies = [("platforms", "0002_posts_metrics")]

    operations = [migrations.RunPython(tune, untune, elidable=False)]
