"""An editor writes and publishes a notice; it appears on the home page at
once (the page cache is refreshed by publishing)."""

from playwright.sync_api import expect


def test_published_notice_appears_on_the_home_page(page, open_tab, log_in, viewport):
    visitor = open_tab()
    visitor.goto("/")  # the home page is now in the cache, if it is cached
    title = f"겨울철 한파 대비 긴급돌봄 안내 ({viewport})"
    expect(visitor.get_by_role("main")).not_to_contain_text(title)

    log_in(page, "editor")
    page.goto("/admin/pages/")
    page.get_by_role("link", name="'서울특별시 사회서비스원' 의 하위 페이지 탐색").click()
    page.get_by_role("link", name="'알림·소식' 의 하위 페이지 탐색").click()
    page.get_by_role("link", name="하위 페이지 추가").click()
    page.get_by_role("textbox", name="제목*").fill(title)
    summary = "한파 특보 때 혼자 지내기 어려운 분은 긴급돌봄을 신청할 수 있습니다."
    page.get_by_role("textbox", name="요약*").fill(summary)
    # Wagtail's content checks (axe-core in the editor) are on.
    page.get_by_role("button", name="콘텐츠 점검 열기/닫기").click()
    checks = page.get_by_role("complementary", name="콘텐츠 점검")
    expect(checks.get_by_role("heading", name="발견된 문제")).to_be_visible()
    page.get_by_role("button", name="콘텐츠 점검 열기/닫기").click()
    more = page.locator("footer").get_by_role("button", name="더 보기", exact=True)  # "More actions"
    expect(more).to_have_attribute("aria-expanded", "false")  # its script is ready: a click opens it
    more.click()
    page.get_by_role("button", name="게시").click()
    expect(page.get_by_role("status")).to_contain_text("게시")

    visitor.goto("/")
    latest = visitor.get_by_role("main")
    expect(latest.get_by_role("link", name=title)).to_be_visible()
    latest.get_by_role("link", name=title).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(title)
