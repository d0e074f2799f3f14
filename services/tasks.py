"""Where the notification tasks lived before the request package existed.

Tasks waiting in the database queue name their function by its dotted path
(`services.tasks.send_notification`); those enqueued before the move still
find it here. New tasks are enqueued under services.requests.tasks.
"""

from services.requests.tasks import send_notification  # noqa: F401
