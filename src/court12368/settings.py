"""The one settings module. Every environment variable is read here (or, for the few read before Django's
settings, in datadir.py, gunicorn_conf.py and core/assets.py) through court12368.config, which declares
them all: docs/configuration.md lists them, generated from that declaration.

Importing this module writes nothing: the data dir and the secrets generated in it are made as Django
starts (datadir.prepare, from core's AppConfig.ready).
"""

import datetime as dt
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from court12368.config import read_bool, read_int, read_list, read_secret, read_str
from court12368.datadir import data_dir_path, secret

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir_path()

SECRET_KEY = secret("SECRET_KEY")
DEBUG = read_bool("DEBUG")
ALLOWED_HOSTS = read_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = read_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "court12368.core",  # first, so its templates (e.g. admin/base_site.html) override Django's
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
    "django_tasks",
    "court12368.core.thirdparty.TasksDatabaseConfig",  # django_tasks_db, named in Chinese
    "court12368.courts",
    "court12368.cases",
    "court12368.workorders",
    "court12368.notifications",
    "court12368.hotline",
    "court12368.knowledge",
    "court12368.appointments",
    "court12368.portal",
    "court12368.ivr",
    "court12368.sms",
    "court12368.wechat",
    "court12368.reports",
    "court12368.api",
    "court12368.demo",
    "court12368.core.thirdparty.AxesConfig",  # axes, named in Chinese
    "csp",
    "django_otp",
    "court12368.core.thirdparty.TotpConfig",  # django_otp.plugins.otp_totp, named in Chinese
]

MIDDLEWARE = [
    "court12368.core.middleware.TrustedProxyMiddleware",
    "court12368.core.middleware.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "court12368.core.errors.ApiErrorShapeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "court12368.core.middleware.NoStoreMiddleware",  # after WhiteNoise: static files keep their cache
    "django.contrib.sessions.middleware.SessionMiddleware",
    "court12368.core.middleware.CourtLocaleMiddleware",
    "court12368.core.middleware.FormCharsetMiddleware",  # before anything reads the body
    "court12368.core.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "court12368.core.middleware.AuditContextMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "court12368.courts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it turns a locked-out login into the lockout page
]

ROOT_URLCONF = "court12368.urls"
WSGI_APPLICATION = "court12368.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "court12368.courts.context_processors.admin_warnings",
                "court12368.workorders.context_processors.deadline_warnings",
                "court12368.workorders.notices.unread_notices",  # the top bar's count of unread notices
                "csp.context_processors.nonce",
            ],
        },
    },
]


SQLITE_OPTIONS = {
    # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on the busy
    # timeout instead of failing with "database is locked" half-way through a transaction.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
    ),
}


def _database_config() -> dict:
    url = read_secret("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        config.setdefault("TEST", {})
        if config["ENGINE"] == "django.db.backends.sqlite3":  # a SQLite file elsewhere: same locking rules
            config.update(OPTIONS=SQLITE_OPTIONS, CONN_MAX_AGE=0, CONN_HEALTH_CHECKS=False)
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "court12368.sqlite3",
        # Tests use a file too (not Django's shared in-memory database), so concurrency tests see
        # the same WAL locking as production.
        "TEST": {"NAME": DATA_DIR / "test.sqlite3"},
        "OPTIONS": SQLITE_OPTIONS,
    }


DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "courts.Staff"

# Content Security Policy (django-csp): scripts only from this origin and with the response's nonce, never
# inline; nothing framed; nothing posted elsewhere. Styles may be inline (htmx, ECharts, the admin set them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind nginx (deploy/) the connection is https when its X-Forwarded-Proto says so; the header is believed
# only from COURT12368_TRUSTED_PROXIES (core/middleware.TrustedProxyMiddleware drops it from anyone else).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The platform's address as others reach it: SMS delivery reports, links in messages.
PUBLIC_URL = read_str("PUBLIC_URL").rstrip("/")
# Served over https (COURT12368_HTTPS=1, or a COURT12368_PUBLIC_URL starting https://): cookies go over
# https only and browsers are told to use nothing else (HSTS; COURT12368_HSTS_SECONDS, one year).
HTTPS = read_bool("HTTPS", default=PUBLIC_URL.startswith("https://"))
SECURE_HSTS_SECONDS = read_int("HSTS_SECONDS") if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SILENCED_SYSTEM_CHECKS = [
    # No SECURE_SSL_REDIRECT: nginx answers port 80 with a redirect, and what reaches the web processes
    # over plain http is on the internal address: the SMS gateway's callbacks, health checks, Prometheus.
    "security.W008",
    # HSTS preloading binds the whole domain (the court's), which is for its owner to decide.
    "security.W021",
]

# Staff login (MLPS 2.0 level 3, 登录失败处理): five failures lock the account name, and the address it came
# from, for 30 minutes (django-axes). COURT12368_LOGIN_LOCK_BY=username where all staff share one NAT
# address. Every login, logout and failure is also in the audit log (courts/signals.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Model permissions by role: a court's administrator is no superuser (courts/roles.py). Last, as it
    # authenticates nobody.
    "court12368.courts.roles.RoleBackend",
]
AXES_FAILURE_LIMIT = read_int("LOGIN_FAILURES")
AXES_COOLOFF_TIME = dt.timedelta(minutes=read_int("LOGIN_LOCK_MINUTES"))
AXES_LOCKOUT_PARAMETERS = read_list("LOGIN_LOCK_BY")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# The TOTP second factor (courts/second_factor.py): optional for every staff member, required for these
# roles (comma-separated, e.g. administrator,leader).
SECOND_FACTOR_ROLES = read_list("SECOND_FACTOR_FOR")
OTP_TOTP_ISSUER = "12368"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "court12368.courts.passwords.CharacterClassValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = 8 * 3600  # one working day

REDIS_URL = read_secret("REDIS_URL")
if REDIS_URL:
    from importlib.util import find_spec

    from django.core.exceptions import ImproperlyConfigured

    # The client is an extra; without it Django would fail only at the first request that uses the cache.
    if find_spec("redis") is None:
        raise ImproperlyConfigured(
            "COURT12368_REDIS_URL is set but the Redis client is not installed: "
            "pip install 'court12368[redis]'"
        )
    # Shared by every web process, so a session or a count is the same whichever process answers;
    # sessions still go to the database too (a Redis restart signs nobody out).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "court12368",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "court12368.core.errors.csrf_failure"  # a page in the user's language
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"  # `serve` fills it with collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
# Uploads, exports and collected files are the owner's only, like the rest of the data dir (datadir.py).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
RECORDINGS_DIR = DATA_DIR / "ivr" / "recordings"  # the voice line's call and voicemail WAVs
ATTACHMENT_MAX_BYTES = read_int("ATTACHMENT_MAX_MB") * 2**20
# Retention (`court12368 purge`, retention.py): call recordings are deleted after this many days;
# callers' numbers and names in calls, queued calls, incoming SMS and closed work orders are masked after
# that many. 0 keeps them.
KEEP_RECORDINGS_DAYS = read_int("KEEP_RECORDINGS_DAYS")
KEEP_PERSONAL_DAYS = read_int("KEEP_PERSONAL_DAYS")

# Each seal of the audit chain appends its head here, outside the database (core/auditchain.py). Put it
# on other storage, or ship it off the machine, to make a rewritten database show.
AUDIT_ANCHOR_FILE = read_str("AUDIT_ANCHORS", default=str(DATA_DIR / "audit-anchors.log"))

# A ledger export of more orders than this is written by the task worker, not while the browser waits.
LEDGER_EXPORT_INLINE_ROWS = read_int("EXPORT_INLINE_ROWS")

TASKS = {
    "default": {
        "BACKEND": read_str("TASKS_BACKEND"),
    }
}

# ---- SMS ----
SMS_TRANSPORT = read_str("SMS_TRANSPORT")
SMS_SPOOL_FILE = read_str("SMS_SPOOL")
# The sender shown on the phone when the court has set no number of its own.
SMS_SENDER = read_str("SMS_SENDER")
KANNEL_SENDSMS_URL = read_str("KANNEL_SENDSMS_URL")
KANNEL_USERNAME = read_str("KANNEL_USERNAME")
KANNEL_PASSWORD = read_secret("KANNEL_PASSWORD")
SMS_GATEWAY_IPS = read_list("SMS_GATEWAY_IPS")
SMS_INBOUND_SECRET = secret("SMS_INBOUND_SECRET")
# /metrics answers only to `Authorization: Bearer <this>` (Prometheus' bearer_token): behind a proxy every
# request comes from 127.0.0.1, so the address proves nothing.
METRICS_TOKEN = secret("METRICS_TOKEN")
TRUSTED_PROXIES = read_list("TRUSTED_PROXIES")
SMPP_HOST = read_str("SMPP_HOST")
SMPP_PORT = read_int("SMPP_PORT")
SMPP_SYSTEM_ID = read_str("SMPP_SYSTEM_ID")
SMPP_PASSWORD = read_secret("SMPP_PASSWORD")
SMPP_SOURCE_ADDR = read_str("SMPP_SOURCE_ADDR")
# Outbox delivery: attempts before giving up, the first retry delay (doubling), and its cap (seconds).
SMS_MAX_ATTEMPTS = 6
SMS_RETRY_BASE = 30
SMS_RETRY_CAP = 3600
# An SMS not sent within this many hours is dropped as expired (a late dispatch notice misleads).
SMS_EXPIRE_HOURS = 24
# A claimed SMS with no outcome after this many seconds: the worker died mid-send.
SMS_STUCK_AFTER = read_int("SMS_STUCK_AFTER")
# A queued SMS whose task was handed to a worker that died is handed out again after this long.
SMS_REENQUEUE_AFTER = read_int("SMS_REENQUEUE_AFTER")

# ---- Voice line ----
# The SIP user agent that `serve` and `court12368 ivr` start (UDP); port 0 turns it off.
IVR_SIP_HOST = read_str("SIP_HOST")
IVR_SIP_PORT = read_int("SIP_PORT")
IVR_SIP_ADDRESS = read_str("SIP_ADDRESS")
IVR_COURT = read_str("IVR_COURT")
IVR_TRUNK_PREFIXES = read_list("SIP_TRUNK_PREFIXES")  # ivr/dialled.py
IVR_MAX_CALLS = read_int("IVR_MAX_CALLS")
IVR_SIP_ALLOWED = read_list("SIP_ALLOWED")  # ivr/sip/edge.py
IVR_SIP_INVITES_PER_MINUTE = read_int("SIP_INVITES_PER_MINUTE")
IVR_SIP_REALM = read_str("SIP_REALM")  # ivr/sip/digest.py
IVR_SIP_OUTBOUND = read_str("SIP_OUTBOUND")  # ivr/sip/session.py
# The Asterisk FastAGI adapter (no authentication in the protocol): loopback unless an Asterisk on another
# host needs it, and it serves only the listed addresses and networks. No port: off under `serve`.
IVR_AGI_HOST = read_str("AGI_HOST")
IVR_AGI_PORT = read_int("AGI_PORT")
IVR_AGI_ALLOWED = read_list("AGI_ALLOWED")
IVR_RECORD_CALLS = read_bool("IVR_RECORD_CALLS")
IVR_TRANSCRIBER = read_str("IVR_TRANSCRIBER")  # ivr/transcripts.py
IVR_TRANSCRIBER_THREADS = read_int("IVR_TRANSCRIBER_THREADS")  # ivr/whisper.py
IVR_QUEUE_MAX_WAIT = read_int("IVR_QUEUE_MAX_WAIT")

SWEEPER_INTERVAL = read_int("SWEEPER_INTERVAL")

# Read by the command line before Django starts: where `serve` and `web` listen, and gunicorn's processes.
WEB_HOST = read_str("HOST")
WEB_PORT = read_int("PORT")
WEB_CONCURRENCY = read_int("WEB_CONCURRENCY")
# The share of the demo data's calls `serve` loads on first start (demo/traffic.py).
DEMO_SCALE = read_int("DEMO_SCALE")
# The keyed hashes' key (core/hashing.py).
HASH_KEY = secret("HASH_KEY")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": read_str("LOG_LEVEL")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # httpx logs every request URL; Kannel's carries the gateway password and the phone number.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}

# Identity checks with the litigation service password (cases/lockouts.py, docs/security.md): failures
# allowed per key in an hour before it locks (the case, a caller's number, a portal visitor's address,
# an API client's end user, a wrong password's digest), per staff account at the console, per API client,
# and for password-only checks per court and channel in an hour and in a day.
VERIFY_MAX_FAILURES = read_int("VERIFY_MAX_FAILURES")
VERIFY_STAFF_MAX_FAILURES = read_int("VERIFY_STAFF_MAX_FAILURES")
VERIFY_CLIENT_MAX_FAILURES = read_int("VERIFY_CLIENT_MAX_FAILURES")
VERIFY_PASSWORD_ONLY_PER_HOUR = read_int("VERIFY_PASSWORD_ONLY_PER_HOUR")
VERIFY_PASSWORD_ONLY_PER_DAY = read_int("VERIFY_PASSWORD_ONLY_PER_DAY")
