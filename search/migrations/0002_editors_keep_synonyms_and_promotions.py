"""Wagtail's Editors and Moderators groups (from Wagtail's own migrations)
may keep the search's synonym list (스니펫 → 검색 동의어) and its promotions
(설정 → 프로모션 검색 결과): both are content work, not administration.
The permission rows are made here when Django has not made them yet (it
does after all migrations), as Wagtail's own data migrations do."""

from django.db import migrations

MODELS = [("search", "synonymgroup", "검색 동의어"), ("wagtailsearchpromotions", "searchpromotion", "search promotion")]
ACTIONS = ["add", "change", "delete", "view"]
GROUPS = ["Editors", "Moderators"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = []
    for app_label, model, name in MODELS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for action in ACTIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {name}"},
            )
            permissions.append(permission)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
