"""StreamField blocks shared by content pages. Every block carries an icon,
a template, a preview and help text so editors see what they will get."""

from wagtail import blocks

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
        description = "본문을 나누는 소제목. 화면낭독기 사용자가 제목으로 이동합니다."
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
        preview_value = (
            "<p>서울특별시 사회서비스원은 공공이 책임지는 사회서비스를 시민에게 "
            "직접 제공합니다.</p>"
        )


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()

    class Meta:
        block_counts = {}
