"""RSS 2.0 feed of the notices (알림·소식), served by NoticeIndexPage at <index>/rss/."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone

from home import identity


class NoticeFeed(Feed):
    """The newest notices of one notice index. Built per request with the index
    page, so the feed needs no URL configuration of its own."""

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index_page.title} | {identity.current(self.request).name}"

    def description(self):
        name = identity.current(self.request).name
        return f"{name}의 공지, 소식, 채용, 교육 안내를 최신 글부터 알려 드립니다."

    def link(self):
        return self.index_page.get_url(self.request)

    def feed_url(self):
        return self.index_page.get_feed_url(self.request)

    def items(self):
        return self.index_page.notices()[: self.index_page.FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.date, datetime.time.min, tzinfo=timezone.get_current_timezone())

    def item_categories(self, item):
        return [item.get_category_display()]
