"""Site-wide tables that belong to no content app."""

from django.db import models


class RateLimitCount(models.Model):
    """How many attempts (or files, or bytes) one client made for one purpose
    in one fixed window. Written only by agency_site.ratelimit, with a
    single atomic upsert; rows whose window no longer matters are deleted by
    `ratelimit.remove_expired()`."""

    # "<purpose>:<keyed hash of the client's address>": no address in clear.
    key = models.CharField(max_length=120)
    window_start = models.DateTimeField()
    count = models.BigIntegerField(default=0)
    # The row is read for two windows (current, then as the previous one).
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "요청 횟수 제한 기록"
        verbose_name_plural = "요청 횟수 제한 기록"
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="ratelimit_one_row_per_window"),
        ]

    def __str__(self):
        return f"{self.key} @ {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
