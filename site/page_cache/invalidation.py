"""What makes pages cacheable and what invalidates them (agency_site.page_cache)."""



from .storage import allow, invalidate


def _allow_wagtail_page(page, request, serve_args, serve_kwargs):
    """Wagtail's before_serve_page hook: page types opt in with `page_cache`."""
    if getattr(page, "page_cache", False):
        allow(request)


def _shown_on_pages(model) -> bool:
    """Models whose changes can show on a public page."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import Tag
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.snippets.models import get_snippet_models

    if model is ContentType:
        return False
    # Search promotions show above the search results (search.promotions).
    shown = (Page, PageViewRestriction, Site, Tag, BaseSiteSetting, BaseGenericSetting,
             get_image_model(), get_document_model(), SearchPromotion, Query, *get_snippet_models())
    return issubclass(model, shown)


_connected = False


def connect() -> None:
    """Hook into Wagtail and the model signals (from the app's ready())."""
    global _connected
    if _connected:
        return
    _connected = True
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail import hooks
    from wagtail.signals import page_published, page_unpublished, post_page_move

    hooks.register("before_serve_page", _allow_wagtail_page)
    # Scheduled publishing (publish_scheduled) sends page_published too.
    page_published.connect(invalidate, dispatch_uid="page_cache_published")
    page_unpublished.connect(invalidate, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(invalidate, dispatch_uid="page_cache_moved")
    # Any model: whether it matters is decided per class, once (see _memo).
    post_save.connect(_invalidate_for_model, dispatch_uid="page_cache_saved")
    post_delete.connect(_invalidate_for_model, dispatch_uid="page_cache_deleted")
    m2m_changed.connect(_invalidate_for_m2m, dispatch_uid="page_cache_m2m")


_memo: dict[type, bool] = {}


def _invalidate_for_model(sender, **kwargs):
    shown = _memo.get(sender)
    if shown is None:
        shown = _memo[sender] = _shown_on_pages(sender)
    if shown:
        invalidate()


def _invalidate_for_m2m(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _invalidate_for_model(type(instance))
