"""The 기관소개 section's pages as a visitor reads them: mission and vision,
board, organisation, budget and key performance indicators, all built from
the agency's 2023 business report (seed 000)."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from home import seed
from home.models import ContentPage

pytestmark = pytest.mark.django_db

CHILDREN = [
    ("mission", "미션과 비전"),
    ("board", "임원 현황"),
    ("organisation", "조직과 업무"),
    ("budget", "예산"),
    ("performance", "주요 성과지표"),
]


@pytest.fixture
def about(home_page):
    seed.load_section("about", home_page)
    return ContentPage.objects.get(slug="about")


def visit(client, slug):
    response = client.get(f"/about/{slug}/")
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(html):
    return " ".join(html.get_text(" ", strip=True).split())


def table_with_caption(html, caption_start):
    for table in html.find_all("table"):
        if table.caption and table.caption.get_text(strip=True).startswith(caption_start):
            return table
    raise AssertionError(f"no table captioned {caption_start!r}")


def body_rows(table):
    return [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
            for row in table.tbody.find_all("tr")]


def column_headers(table):
    return [th.get_text(strip=True) for th in table.thead.find_all("th", scope="col")]


def amount(value):
    """A seed amount in 천원 ("△9,167,498", "-") as an int."""
    if value == "-":
        return 0
    return -int(value[1:].replace(",", "")) if value.startswith("△") else int(value.replace(",", ""))


@pytest.mark.parametrize(("slug", "title"), CHILDREN)
def test_each_page_has_its_heading_intro_and_description(client, about, slug, title):
    html = visit(client, slug)
    page = ContentPage.objects.get(slug=slug)
    assert [h1.get_text(strip=True) for h1 in html.find_all("h1")] == [title]
    assert page.intro and page.intro in text(html)
    assert html.find("meta", attrs={"name": "description"})["content"] == page.search_description
    # Every data table on the page is captioned and has column headers.
    for table in html.find_all("table"):
        assert table.caption and table.caption.get_text(strip=True)
        assert table.thead.find_all("th", scope="col")


def test_about_page_lists_its_five_pages_in_order(client, about):
    response = client.get("/about/")
    html = BeautifulSoup(response.content.decode(), "html.parser")
    heading = html.find("h2", string="이 분야의 페이지")
    links = [(a["href"], a.get_text(strip=True)) for a in heading.find_next("ul").find_all("a")]
    assert links == [(f"/about/{slug}/", title) for slug, title in CHILDREN]


def test_mission_page_states_mission_vision_values_and_scope(client, about):
    html = visit(client, "mission")
    page = text(html)
    assert "공공이 책임지는 사회서비스 창출을 통한 서울형 사회서비스 선도" in page
    assert "언제든, 어디서든, 믿음직한 동반자" in page
    assert "2019. 2. 28." in page
    for value in ["전문역량", "고객감동", "동반성장", "투명경영", "돌봄24 실현", "책임경영 구현"]:
        assert value in page
    scope = html.find("h2", string="사업의 범위").find_next("ul").find_all("li")
    assert len(scope) == 10
    assert "긴급돌봄서비스의 제공" in scope[0].get_text()
    strategy = table_with_caption(html, "경영목표, 전략목표와 전략과제")
    assert [row[0] for row in body_rows(strategy)] == [
        "사회서비스 공공성 강화", "아이중심·놀이중심 보육환경 구축",
        "사회서비스 생태계 지원체계 강화", "안전경영 및 책임경영 구축",
    ]


def test_board_table_lists_ten_officers_with_accessible_headers(client, about):
    html = visit(client, "board")
    table = table_with_caption(html, "임원 현황")
    assert table.caption.get_text(strip=True) == "임원 현황 (2023년 8월 16일 기준)"
    assert column_headers(table) == ["직책", "성명", "주요 경력", "임기"]
    rows = body_rows(table)
    assert len(rows) == 10
    names = [row[1] for row in rows]
    assert names[0] == "조미숙" and "강석" in names and "하영태" in names
    assert all(" " not in name for name in names)
    assert sum("이사" in row[0] for row in rows) == 8
    assert sum("감사" in row[0] for row in rows) == 2
    assert rows[0][3] == "2023. 8. 16. ~ 후임자 선임 시까지"
    assert "모두 10명으로, 이사 8명과 감사 2명" in text(html)


def test_organisation_page_shows_headcount_and_team_duties(client, about):
    html = visit(client, "organisation")
    page = text(html)
    assert "정원 572명 / 현원 400명" in page
    assert "3실 8팀, 21개 센터" in page
    assert "종합재가센터 12곳, 데이케어센터 2곳, 어린이집 7곳" in page
    staff = body_rows(table_with_caption(html, "직종·직급별 정원과 현원"))
    assert staff[0] == ["계", "", "572", "400"]
    # The rows under 계 add up to it: nothing dropped or mistyped.
    assert sum(int(row[2]) for row in staff[1:] if row[2] != "-") == 572
    assert sum(int(row[3]) for row in staff[1:] if row[3] != "-") == 400
    teams = body_rows(table_with_caption(html, "본부 부서별 주요 업무"))
    assert [row[1] for row in teams] == [
        "감사팀", "전략기획팀", "인력운영팀", "경영관리팀", "재무회계팀",
        "사업지원팀", "돌봄사업팀", "보육사업팀",
    ]
    assert all(row[2] for row in teams)


def test_budget_tables_show_2023_totals_in_thousand_won(client, about):
    html = visit(client, "budget")
    assert "26,293,627천원" in text(html)
    summary = table_with_caption(html, "2023년 예산 총괄")
    assert "(단위: 천원)" in summary.caption.get_text()
    assert column_headers(summary) == ["총 예산", "인건비", "운영비", "정책사업비", "예비비"]
    assert body_rows(summary) == [["26,293,627", "1,708,175", "2,387,124", "17,967,477", "4,230,851"]]

    for caption in ["2023년 세입예산", "2023년 세출예산"]:
        table = table_with_caption(html, caption)
        assert "(단위: 천원)" in table.caption.get_text()
        assert column_headers(table) == ["과목", "2023년", "2022년", "증감"]
        rows = body_rows(table)
        assert rows[0] == ["계", "26,293,627", "35,461,125", "△9,167,498"]
        items = [row for row in rows[1:] if not row[0].startswith("(정책사업)")]
        # The items add up to the total: nothing dropped or mistyped. The seed
        # rounds to 천원, so its own 세입 figures differ from their total by 1–2.
        for column in (1, 2, 3):
            assert abs(sum(amount(row[column]) for row in items) - amount(rows[0][column])) <= 2

    expenditure = body_rows(table_with_caption(html, "2023년 세출예산"))
    policy = next(row for row in expenditure if row[0] == "3. 정책사업비")
    details = [row for row in expenditure if row[0].startswith("(정책사업)")]
    assert len(details) == 7
    for column in (1, 2, 3):
        assert sum(amount(row[column]) for row in details) == amount(policy[column])


def test_performance_table_has_every_indicator_for_three_years(client, about):
    html = visit(client, "performance")
    table = table_with_caption(html, "주요 성과지표")
    assert column_headers(table) == ["구분", "분야", "지표", "단위", "2022년", "2023년(목표)", "2024년(목표)"]
    rows = {row[2]: row[3:] for row in body_rows(table)}
    assert len(rows) == 12
    assert rows["종합재가 이용자 만족도"] == ["점", "94.6", "94.8", "95"]
    assert rows["국공립어린이집 이용자 만족도"] == ["점", "88.7", "90.0", "90.2"]
    assert rows["긴급돌봄서비스"] == ["명", "160", "160", "180"]
    assert rows["종합재가센터 서비스 이용(데이케어 이용 포함)"] == ["명", "1,850", "1,870", "1,880"]
    # The page says plainly which values are targets and that 2022 is not labelled.
    assert "2022년 값이 실적인지 목표인지는 업무보고에 나와 있지 않습니다" in text(html)


def test_performance_charts_draw_a_bar_per_year_with_the_seed_numbers(client, about):
    html = visit(client, "performance")
    charts = html.select("figure.agency-chart")
    assert len(charts) == 3
    by_title = {chart.caption.get_text(" ", strip=True): chart for chart in charts}
    chart = by_title["종합재가 이용자 만족도 (단위: 점)"]
    rows = chart.tbody.find_all("tr")
    assert [row.th.get_text(strip=True) for row in rows] == ["2022년", "2023년(목표)", "2024년(목표)"]
    assert [float(row.select_one(".agency-chart__value").get_text(strip=True)) for row in rows] == [
        94.6, 94.8, 95.0,
    ]
    assert all(row.find("svg") and row.find("svg").find("rect") for row in rows)
    assert chart.figcaption.get_text(strip=True) == "출처: 서울특별시 사회서비스원 2023 업무보고"

    daycare = by_title["국공립어린이집 이용자 만족도 (단위: 점)"]
    values = [float(v.get_text(strip=True)) for v in daycare.select(".agency-chart__value")]
    assert values == [88.7, 90.0, 90.2]
    users = by_title["종합재가센터 서비스 이용(데이케어 이용 포함) (단위: 명)"]
    values = [v.get_text(strip=True) for v in users.select(".agency-chart__value")]
    assert values == ["1,850", "1,870", "1,880"]


def test_loading_twice_creates_nothing_new(about, home_page):
    count = Page.objects.count()
    report = seed.LoadReport()
    seed.load_section("about", home_page, report)
    assert report.created == []
    assert report.kept == ["기관소개", *(title for _, title in CHILDREN)]
    assert Page.objects.count() == count


def test_an_editors_change_survives_a_re_run(about, home_page):
    board = ContentPage.objects.get(slug="board")
    board.title = "이사회"
    board.save_revision().publish()
    seed.load_section("about", home_page)
    assert ContentPage.objects.get(slug="board").title == "이사회"
    assert ContentPage.objects.child_of(about).count() == 5
