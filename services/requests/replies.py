"""The applicant's answer to a 보완요청, from the status page: the form and
what the page shows about it. The view is services.requests.lookup.reply
(it needs the verified request in the session); saving is
services.requests.pipeline.reply.

Files are checked exactly as on the application forms (the same field,
services.requests.validators.MultipleAttachmentField, with the same limits:
up to 3 files of 10MB, checked by content) and saved only when the whole
answer is valid. A browser cannot put a file back into a file box, so after
an error the text is kept and the page says to choose the files again.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.urls import reverse

from agency_site.crispy_krds.layout import Submit
from services.requests.attachments import clean_filename
from services.requests.forms.fields import DESCRIPTION_MAX, PlainTextField, textarea
from services.requests.validators import ALLOWED_TYPES_TEXT, MAX_ATTACHMENTS, MultipleAttachmentField

FILES_NOT_SENT = (
    "고르신 파일({names})은 아직 보내지 않았습니다. 답변을 고친 뒤 파일을 다시 골라 주세요 "
    "(보안을 위해 화면이 파일을 기억하지 않습니다)."
)
BAD_FILES_NOT_SENT = "파일은 하나도 보내지 않았습니다. 받을 수 있는 파일로 다시 골라 주세요."


class ReplyForm(forms.Form):
    text = PlainTextField(
        label="답변",
        multiline=True,
        max_length=DESCRIPTION_MAX,
        widget=textarea(6),
        help_text=f"담당자가 요청한 내용에 대한 답을 {DESCRIPTION_MAX:,}자 이내로 적어 주세요.",
        error_messages={
            "required": (
                "담당자에게 보낼 답변을 적어 주세요. 파일만 보내시더라도 무엇을 보내는지 한 줄 적어 주세요."
            ),
            "max_length": "답변은 %(limit_value)d자 이내로 줄여 주세요. (지금 %(show_value)d자)",
        },
    )
    files = MultipleAttachmentField(
        label="첨부파일 (선택)",
        required=False,
        help_text=(
            f"요청받은 서류가 있으면 {MAX_ATTACHMENTS}개까지 올려 주세요. "
            f"파일 하나에 10MB까지, {ALLOWED_TYPES_TEXT} 형식."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_action = reverse("request_status:reply")
        self.helper.form_id = "reply-form"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field("text"),
            Field("files"),
            Submit("submit", "답변 보내기", data_prevent_double_click="true"),
        )

    def uploads(self) -> list:
        return list(self.cleaned_data.get("files") or []) if hasattr(self, "cleaned_data") else []

    def say_files_not_sent(self, posted) -> None:
        """After an error: the files posted were not kept (a browser cannot
        refill a file box), so say so at the file field."""
        if not posted:
            return
        if "files" in self.errors:
            self.add_error("files", BAD_FILES_NOT_SENT)
        else:
            names = ", ".join(clean_filename(upload.name) for upload in posted)
            self.add_error("files", FILES_NOT_SENT.format(names=names))
