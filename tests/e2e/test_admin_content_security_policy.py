"""The Wagtail admin under its own Content-Security-Policy
(ADMIN_CONTENT_SECURITY_POLICY): what the journeys do not reach. A blocked
script, style or image is a console error, which fails the test."""

import io

from PIL import Image
from playwright.sync_api import expect

# Uploaded images are served from MEDIA_URL by the web server in front of the
# site, which the test server does not have: any image stands in for them.
STAND_IN = io.BytesIO()
Image.new("RGB", (1, 1), "#ffffff").save(STAND_IN, "PNG")


def test_an_editor_uploads_an_image_and_sees_its_preview(page, log_in, tmp_path, viewport):
    """Wagtail previews an image before sending it, from a blob: address."""
    picture = tmp_path / f"행사 사진 {viewport}.png"
    buffer = io.BytesIO()
    # Another picture per viewport: Wagtail would report the second as a duplicate.
    Image.new("RGB", (640, 480), "#336699" if viewport == "desktop" else "#996633").save(buffer, "PNG")
    picture.write_bytes(buffer.getvalue())
    page.route("**/media/**", lambda route: route.fulfill(body=STAND_IN.getvalue(),
                                                           content_type="image/png"))
    log_in(page, "editor")
    page.goto("/admin/images/multiple/add/")
    page.locator("input[type=file]").set_input_files(picture)
    expect(page.locator(".upload-success")).to_have_count(1)
