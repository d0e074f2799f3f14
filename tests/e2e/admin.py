"""Moving around Wagtail's admin as staff do, on a desktop or a phone."""


def open_menu(page, *labels):
    """Follow the admin's side menu (folded away on a phone) to `labels`."""
    if page.viewport_name == "mobile":
        page.get_by_role("button", name="사이드바 열기/닫기").click()
    sidebar = page.get_by_role("complementary", name="사이드바")
    for label in labels[:-1]:
        sidebar.get_by_role("button", name=label).click()
    sidebar.get_by_role("link", name=labels[-1]).click()
