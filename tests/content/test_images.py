"""Images in page bodies (the 이미지 block): WebP with a JPEG fallback in
three widths for the browser to choose from, width and height set so the
text does not move as the image loads, alt text or explicitly decorative."""

import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.images import get_image_model

from home.blocks import BodyBlock, PictureBlock
from home.models import ContentPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def make_image(title, size=(1600, 900), mode="RGB", fmt="JPEG", name="photo.jpg"):
    buffer = io.BytesIO()
    PillowImage.new(mode, size, (200, 80, 40, 255)[: len(mode)]).save(buffer, fmt)
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=name))


def figure(image, alt="", decorative=False, caption=""):
    return {"type": "figure", "value": {
        "image": {"image": image.pk, "alt_text": alt, "decorative": decorative}, "caption": caption}}


@pytest.fixture
def page_with_images(home_page):
    photo = make_image("개소식 사진")
    diagram = make_image("조직도", size=(900, 600), mode="RGBA", fmt="PNG", name="diagram.png")
    page = ContentPage(title="사진 있는 페이지", slug="photos", body=json.dumps([
        figure(photo, alt="개소식에서 축사하는 이사장", caption="2023년 개소식 (사진: 홍보팀)"),
        figure(diagram, decorative=True),
    ]))
    home_page.add_child(instance=page)
    return page


def figures(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select("figure.agency-figure")


def test_an_image_comes_as_webp_with_a_jpeg_fallback_in_three_widths(client, page_with_images):
    photo = figures(client, page_with_images.url)[0]
    source = photo.picture.find("source")
    assert source["type"] == "image/webp"
    widths = [candidate.split()[1] for candidate in source["srcset"].split(", ")]
    assert widths == ["400w", "800w", "1200w"]
    assert "620px" in source["sizes"]

    img = photo.picture.img
    assert img["src"].endswith(".jpg")
    assert [c.split()[1] for c in img["srcset"].split(", ")] == ["400w", "800w", "1200w"]
    # Width and height of the fallback: the browser reserves the space before it loads.
    assert int(img["width"]) * 900 == int(img["height"]) * 1600
    assert img["loading"] == "lazy"
    assert img["alt"] == "개소식에서 축사하는 이사장"
    assert photo.figcaption.get_text(strip=True) == "2023년 개소식 (사진: 홍보팀)"


def test_the_renditions_are_real_webp_and_jpeg_files(client, page_with_images, settings):
    from pathlib import Path

    img = figures(client, page_with_images.url)[0].picture
    webp = img.find("source")["srcset"].split(", ")[0].split()[0]
    jpeg = img.img["src"]
    for url, kind in ((webp, "WEBP"), (jpeg, "JPEG")):
        path = Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL)
        with PillowImage.open(path) as file:
            assert file.format == kind
            assert file.width in (400, 800, 1200)


def test_a_decorative_image_is_hidden_from_screen_readers(client, page_with_images):
    diagram = figures(client, page_with_images.url)[1]
    assert diagram.picture.img["alt"] == ""
    assert diagram.figcaption is None
    # A transparent PNG still has a fallback every browser shows (on white).
    assert diagram.picture.img["src"].endswith(".jpg")
    # Narrower than 1200px: never enlarged.
    assert int(diagram.picture.img["width"]) <= 900


def test_an_image_needs_alt_text_or_the_decorative_mark(home_page):
    photo = make_image("설명 없는 사진")
    block = BodyBlock()
    value = block.to_python([figure(photo)])
    with pytest.raises(StreamBlockValidationError) as error:
        block.clean(value)
    assert "대체 텍스트" in str(error.value.as_json_data())
    block.clean(block.to_python([figure(photo, decorative=True)]))
    block.clean(block.to_python([figure(photo, alt="사진 설명")]))


def test_the_picture_block_labels_are_korean():
    block = PictureBlock()
    assert block.child_blocks["decorative"].label.startswith("장식용 이미지")
    assert block.child_blocks["alt_text"].label == "대체 텍스트"
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"image": make_image("사진").pk, "alt_text": "", "decorative": False}))


def test_a_deleted_image_leaves_no_broken_figure(client, page_with_images):
    get_image_model().objects.filter(title="조직도").delete()
    assert len(figures(client, page_with_images.url)) == 1
