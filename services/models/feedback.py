"""After a training: one attendee's answers to the short satisfaction survey
(issue 6). The e-mailed link (services.training.survey) leads here; staff read the
results aggregated per session and per training (services.training.staff.survey_results).

One answer per attendee is the database's rule (one row per booking), so a
second submission of the same form can never count twice.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

RATING_MIN, RATING_MAX = 1, 5
COMMENT_MAX = 1000

# The three questions, in the order they are asked and shown to staff.
QUESTIONS = (
    ("content", "교육 내용"),
    ("instructor", "강사"),
    ("usefulness", "업무에 도움"),
)


def _rating(label):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)],
    )


class TrainingFeedback(models.Model):
    booking = models.OneToOneField(
        "services.TrainingBooking", verbose_name="교육 신청", on_delete=models.CASCADE,
        related_name="feedback",
    )
    content = _rating("교육 내용 만족도")
    instructor = _rating("강사 만족도")
    usefulness = _rating("업무에 도움이 된 정도")
    comment = models.TextField("의견", max_length=COMMENT_MAX, blank=True)
    submitted_at = models.DateTimeField("응답 시각", default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = "교육 만족도 응답"
        verbose_name_plural = "교육 만족도 응답"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{name}__gte": RATING_MIN, f"{name}__lte": RATING_MAX}),
                name=f"training_feedback_{name}_1_to_5",
            )
            for name, _label in QUESTIONS
        ]

    def __str__(self):
        return f"{self.booking.request.reference} 만족도 응답"
