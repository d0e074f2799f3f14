"""Django database backend: PostgreSQL, started on demand (see package docs)."""

from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper

from . import DATA_DIR, socket_dir, start


class DatabaseWrapper(PostgresDatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        # `data_dir` is ours, not a libpq option: take it out before psycopg sees it.
        server = start(params.pop("data_dir", DATA_DIR))
        params["host"] = socket_dir(server)
        return params
