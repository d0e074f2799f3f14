"""The notification events only trainings send; their e-mails are built by
services.training.notices and registered with the training kind."""

SEAT = "seat"  # a seat is now theirs (from the waiting list, or approved)
REMINDER = "reminder"  # to a confirmed attendee, days before the training
SURVEY = "survey"  # to an attendee after the training: the satisfaction survey (services.training.survey)
