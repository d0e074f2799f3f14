"""Django database backend: PostgreSQL, started on demand (see package docs)."""

from django.db.backends.postgresql.base import DatabaseWrapper as PostgresDatabaseWrapper

from . import socket_dir, start


class DatabaseWrapper(PostgresDatabaseWrapper):
    def get_connection_params(self):
        options = self.settings_dict["OPTIONS"]
        data_dir = options.pop("data_dir", None) or self.settings_dict.get("_DATA_DIR")
        # Remember the folder: OPTIONS is passed to psycopg, which would
        # reject an unknown keyword.
        self.settings_dict["_DATA_DIR"] = data_dir
        server = start(data_dir)
        self.settings_dict["HOST"] = socket_dir(server)
        return super().get_connection_params()
