"""gunicorn's access log without the keys we e-mail: every atom of the log
format (request line, path, Referer, headers, environ) with the status and
survey tokens written as [token] (agency_site.token_redaction says why).

Used by site/gunicorn.conf.py (`logger_class`).
"""

from gunicorn.glogging import Logger

from agency_site.token_redaction import redact


class TokenRedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {name: redact(value) for name, value in atoms.items()}
