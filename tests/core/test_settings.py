import os
import stat
import threading

import pytest

from court12368 import config, datadir


def test_secret_is_generated_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.setenv("COURT12368_DATA_DIR", str(tmp_path))
    first = datadir.persistent_secret("secret_key")
    assert len(first) >= 50
    assert datadir.persistent_secret("secret_key") == first
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600


def test_environment_wins_over_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("COURT12368_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("COURT12368_SECRET_KEY", "from-the-environment")
    assert datadir.secret("SECRET_KEY") == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_processes_starting_together_agree_on_one_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("COURT12368_DATA_DIR", str(tmp_path))
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(datadir.persistent_secret("k"))) for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["k"]


def test_database_url_switches_to_postgresql(monkeypatch):
    from court12368.settings import _database_config

    monkeypatch.setenv("COURT12368_DATABASE_URL", "postgres://court:pw@db.example:5433/c12368")
    config = _database_config()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "c12368")


def test_sqlite_default_takes_the_write_lock_up_front(monkeypatch):
    from court12368.settings import DATA_DIR, _database_config

    for name in config.names("DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    database = _database_config()
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == DATA_DIR / "court12368.sqlite3"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_language_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert "en" in dict(settings.LANGUAGES)


@pytest.mark.django_db
def test_sqlite_connection_uses_wal_and_busy_timeout(tmp_path):
    """Open a real file database with the same options the platform uses."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    from court12368.settings import _database_config

    if config.read_secret("DATABASE_URL"):
        pytest.skip("this leg runs on PostgreSQL; the SQLite options are checked on the SQLite leg")
    database = {
        **_database_config(),
        "NAME": tmp_path / "x.sqlite3",
        "TIME_ZONE": None,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
    }
    wrapper = DatabaseWrapper(database)
    with wrapper.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000
    wrapper.close()


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/appointments/slots?court=%00A", None),
        ("get", "/api/v1/courts/%00", None),
        ("post", "/api/v1/tools/classify", '{"text": "a\\u0000b"}'),
        ("get", "/portal/?q=%00", None),
    ],
)
def test_nul_characters_are_refused_before_any_view(client, method, path, body):
    if body is None:
        response = getattr(client, method)(path)
    else:
        response = client.post(path, body, content_type="application/json")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
