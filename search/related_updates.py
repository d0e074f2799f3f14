"""Pages are indexed with the text of the snippets they use (a centre with
its services' names, a daycare with its programmes' names and descriptions:
`index.RelatedFields` over a many-to-many field). Wagtail re-indexes an
object when it is saved, not the pages that show it; so when an editor
changes a programme's description, the daycares that run it are queued for
re-indexing here, through the same task the pages' own saves use."""

from __future__ import annotations

from django.db import models
from django.db.models.signals import post_save
from modelsearch import index
from modelsearch.tasks import insert_or_update_object_task


def _snippet_relations() -> list[tuple[type[models.Model], type[models.Model], str]]:
    """(page model, snippet model, field name) for each indexed many-to-many."""
    found = []
    for model in index.get_indexed_models():
        for search_field in model.get_search_fields():
            if not isinstance(search_field, index.RelatedFields):
                continue
            field = model._meta.get_field(search_field.field_name)
            tags = field.related_model._meta.app_label == "taggit"  # edited with the page itself
            if field.many_to_many and not field.auto_created and not tags:
                found.append((model, field.related_model, field.name))
    return found


def _reindexer(model, field_name):
    def reindex_pages_using(instance, raw=False, **kwargs):
        if raw:
            return
        for pk in model.objects.filter(**{field_name: instance}).values_list("pk", flat=True):
            insert_or_update_object_task.enqueue(model._meta.app_label, model._meta.model_name, str(pk))

    return reindex_pages_using


def connect() -> None:
    for model, snippet, field_name in _snippet_relations():
        post_save.connect(
            _reindexer(model, field_name), sender=snippet, weak=False,
            dispatch_uid=f"search-reindex-{model._meta.label}-{field_name}",
        )
