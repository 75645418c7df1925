"""Full-text search over content items (`lantoa.content.search`): the FTS5 table and its triggers on
SQLite, a generated `tsvector` column with a GIN index on PostgreSQL; then every item's
`search_text` rewritten to hold its body and its variants too (which fills the index)."""

from django.db import migrations

from lantoa.content import search


def rewrite_search_text(apps, schema_editor):
    ContentItem = apps.get_model("content", "ContentItem")
    for item in ContentItem.objects.using(schema_editor.connection.alias).prefetch_related("variants"):
        item.search_text = search.document(item, item.variants.all())
        item.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("content", "0003_renditions")]

    operations = [
        migrations.RunPython(search.install, search.uninstall),
        migrations.RunPython(rewrite_search_text, migrations.RunPython.noop),
    ]
