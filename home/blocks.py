"""The StreamField blocks content pages share. Every block carries an icon,
a template, a preview value and a description, so editors see in the block
picker what each one is for and what it will look like."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="제목", max_length=120)
    level = blocks.ChoiceBlock(
        label="수준",
        choices=[("h2", "제목 2 (섹션)"), ("h3", "제목 3 (하위 섹션)")],
        default="h2",
        help_text="페이지 제목이 제목 1입니다. 수준을 건너뛰지 마세요.",
    )

    class Meta:
        icon = "title"
        label = "제목"
        template = "home/blocks/heading_block.html"
        description = "본문을 나누는 소제목. 화면낭독기 사용자는 제목으로 이동합니다."
        preview_value = {"text": "설립 목적", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        kwargs.setdefault("label", "본문")
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "home/blocks/paragraph_block.html"
        description = "문단, 목록, 링크가 들어가는 본문."
        # Previews in the admin's block picker name no one: the name is a site setting.
        preview_value = "<p>공공이 책임지는 사회서비스를 시민에게 직접 제공합니다.</p>"


class TableBlock(WagtailTableBlock):
    """A data table with a caption and header cells (th scope) for screen readers."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "표")
        kwargs.setdefault(
            "table_options",
            {"startRows": 3, "startCols": 3, "colHeaders": False, "rowHeaders": False,
             "contextMenu": ["row_above", "row_below", "col_left", "col_right",
                             "remove_row", "remove_col", "undo", "redo"],
             "language": "ko-KR"},
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "table"
        template = "home/blocks/table_block.html"
        description = "행과 열로 된 자료. 표 제목(캡션)과 첫 행 머리글을 꼭 지정하세요."
        preview_value = {
            "table_caption": "주요 성과지표",
            "first_row_is_table_header": True,
            "first_col_is_header": True,
            "data": [["지표", "2022", "2023"], ["이용자 만족도(점)", "88.7", "90.0"]],
        }


class ChartRowBlock(blocks.StructBlock):
    label = blocks.CharBlock(label="항목", max_length=40)
    value = blocks.DecimalBlock(label="값", decimal_places=2)


class BarChartBlock(blocks.StructBlock):
    """A simple bar chart drawn on the server (SVG) with the same numbers in a
    table beside it: readable without JavaScript and by screen readers."""

    title = blocks.CharBlock(label="차트 제목", max_length=120)
    unit = blocks.CharBlock(label="단위", max_length=20, required=False, help_text="예: 점, 명, %")
    rows = blocks.ListBlock(ChartRowBlock(), label="막대", min_num=1, max_num=12)
    source = blocks.CharBlock(label="출처", max_length=200, required=False)

    class Meta:
        icon = "chart"
        label = "막대 차트"
        template = "home/blocks/bar_chart_block.html"
        description = "숫자 몇 개를 막대로 비교합니다. 같은 숫자를 표로도 보여 줍니다."
        preview_value = {
            "title": "국공립어린이집 이용자 만족도",
            "unit": "점",
            "rows": [{"label": "2022", "value": "88.7"}, {"label": "2023", "value": "90.0"},
                     {"label": "2024", "value": "90.2"}],
            "source": "기관 업무보고(2023)",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["chart"] = BarChart(value)
        return context


class BarChart:
    """Bar lengths as a percentage of the largest value in the chart."""

    def __init__(self, value):
        self.value = value

    @cached_property
    def bars(self):
        rows = list(self.value["rows"])
        largest = max((float(row["value"]) for row in rows), default=0) or 1
        return [
            {
                "label": row["label"],
                "value": row["value"],
                "width": round(max(float(row["value"]), 0) / largest * 100, 2),
            }
            for row in rows
        ]


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="제목", max_length=80)
    text = blocks.TextBlock(label="설명", required=False, max_length=300)
    page = blocks.PageChooserBlock(label="연결할 페이지", required=False)
    url = blocks.CharBlock(label="연결할 주소", required=False, help_text="페이지가 아닐 때만 (예: /search/)")
    button_label = blocks.CharBlock(label="버튼 글자", max_length=40, default="신청하기")

    class Meta:
        icon = "link"
        label = "행동 유도(버튼)"
        template = "home/blocks/call_to_action_block.html"
        description = "신청·예약처럼 다음 할 일로 안내하는 눈에 띄는 버튼."
        preview_value = {
            "title": "긴급돌봄이 필요하신가요?",
            "text": "돌봄이 갑자기 끊겼다면 바로 신청하세요.",
            "url": "/services/",
            "button_label": "신청하기",
        }

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ["연결할 페이지와 주소 중 하나만 입력하세요."]}
            )
        return value


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="문서")
    title = blocks.CharBlock(label="링크 글자", required=False, help_text="비워 두면 문서 제목을 씁니다.")

    class Meta:
        icon = "doc-full"
        label = "문서 내려받기"
        template = "home/blocks/document_link_block.html"
        description = "PDF·한글 등 문서를 내려받는 링크 (파일 형식과 크기를 함께 표시)."


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="질문", max_length=200)
    answer = ParagraphBlock(label="답변")


class AccordionBlock(blocks.StructBlock):
    """Questions and answers that open in place (<details>: no JavaScript needed)."""

    heading = blocks.CharBlock(label="제목", max_length=120, required=False)
    items = blocks.ListBlock(QuestionBlock(), label="질문과 답변", min_num=1)

    class Meta:
        icon = "list-ul"
        label = "자주 묻는 질문(펼침)"
        template = "home/blocks/accordion_block.html"
        description = "질문을 누르면 답이 펼쳐집니다. 자주 묻는 질문이나 긴 안내에 씁니다."
        preview_value = {
            "heading": "자주 묻는 질문",
            "items": [{"question": "신청은 누가 할 수 있나요?",
                       "answer": "<p>본인, 가족, 관계기관 담당자 누구나 신청할 수 있습니다.</p>"}],
        }


class PictureBlock(ImageBlock):
    """Wagtail's image block (alt text, or "decorative") whose images arrive
    with their renditions: one query for all the images of a page and one for
    their renditions, however many images the page shows. Labels and the
    alt-text message in Korean (Wagtail has no Korean for them yet)."""

    ALT_TEXT_MESSAGE = "이미지를 설명하는 대체 텍스트를 적거나, 꾸밈용 이미지라면 ‘장식용 이미지’를 고르세요."

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        self.child_blocks["decorative"].label = "장식용 이미지 (화면낭독기가 건너뜀)"
        alt_text = self.child_blocks["alt_text"]
        alt_text.label = "대체 텍스트"
        alt_text.meta.help_text = (
            "이미지를 볼 수 없는 사람에게 읽어 줄 설명 (예: ‘개소식에서 축사하는 이사장’)."
        )

    def clean(self, value):
        if (value and not self.is_deferred_validation
                and not value.contextual_alt_text and not value.decorative):
            raise blocks.StructBlockValidationError(
                block_errors={"alt_text": ValidationError(self.ALT_TEXT_MESSAGE)}
            )
        return super().clean(value)

    def bulk_to_python(self, values):
        images = super().bulk_to_python(values)
        found = [image for image in images if image is not None]
        if found:
            renditions = get_image_model().get_rendition_model().objects.all()
            # Wagtail uses `prefetched_renditions` instead of asking the cache
            # or the database per image (and creates the ones still missing).
            prefetch_related_objects(
                found, Prefetch("renditions", queryset=renditions, to_attr="prefetched_renditions")
            )
        return images


class FigureBlock(blocks.StructBlock):
    """A photo or diagram with an optional caption, served as WebP with a
    JPEG fallback in three widths; width and height are set so the text
    does not jump when it loads."""

    image = PictureBlock(label="이미지")
    caption = blocks.CharBlock(label="설명(캡션)", required=False, max_length=300,
                               help_text="사진 아래에 보이는 설명이나 출처 (선택).")

    class Meta:
        icon = "image"
        label = "이미지"
        template = "home/blocks/figure_block.html"
        description = "사진이나 그림. 대체 텍스트를 적거나, 꾸밈용이면 ‘장식용’을 고르세요."

    def get_preview_value(self):
        """The newest image in the library, if there is one (a preview cannot name a fixed image)."""
        image = get_image_model().objects.order_by("-created_at").first()
        if image is None:
            return super().get_preview_value()
        return self.to_python({
            "image": {"image": image.pk, "alt_text": image.title, "decorative": False},
            "caption": "사진 설명이나 출처가 여기에 보입니다.",
        })


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    table = TableBlock()
    chart = BarChartBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()
    accordion = AccordionBlock()
    figure = FigureBlock()
