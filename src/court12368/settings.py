"""The one settings module, driven by environment variables.

COURT12368_DATA_DIR  where the SQLite database, secrets, static files and recordings live (./data)
DATABASE_URL         e.g. postgres://user@127.0.0.1:5432/court12368; SQLite in the data dir when unset
SECRET_KEY           Django's key; generated once and kept in the data dir when unset
COURT12368_DEBUG     1 for development error pages
ALLOWED_HOSTS        comma-separated; defaults to local addresses
TASKS_BACKEND        dotted path of the django-tasks backend (database worker by default)
COURT12368_METRICS_TOKEN  bearer token for /metrics; generated in the data dir (metrics_token) when unset
COURT12368_REDIS_URL  optional, e.g. redis://127.0.0.1:6379/0: one cache for all processes; sessions are
                     read from it and the portal's rate limits counted in it instead of the database
COURT12368_TRUSTED_PROXIES  comma-separated addresses of the reverse proxies in front (nginx: 127.0.0.1);
                     their X-Forwarded-For names the client for lockouts and the audit log, and their
                     X-Forwarded-Proto says whether the client came over https
COURT12368_HTTPS     1 when served over https (default: when COURT12368_PUBLIC_URL starts with https://):
                     secure cookies and HSTS (COURT12368_HSTS_SECONDS, one year)

SMS (see docs/sms.md):
COURT12368_SMS_TRANSPORT   console (default: log, and the spool file if set) | kannel | smpp
COURT12368_SMS_SPOOL       file the console transport appends every SMS to (JSON lines)
COURT12368_SMS_SENDER      sender number for courts without their own (12368)
COURT12368_PUBLIC_URL      how the gateway reaches us, for delivery reports (http://127.0.0.1:8000)
KANNEL_SENDSMS_URL, KANNEL_USERNAME, KANNEL_PASSWORD   Kannel smsbox's sendsms interface
COURT12368_SMS_GATEWAY_IPS addresses allowed to post delivery reports and inbound SMS (127.0.0.1,::1)
COURT12368_SMS_INBOUND_SECRET  shared secret in the inbound URL; generated in the data dir when unset
SMPP_HOST, SMPP_PORT, SMPP_SYSTEM_ID, SMPP_PASSWORD, SMPP_SOURCE_ADDR   a direct SMPP link
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from court12368.datadir import data_dir, persistent_secret

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

SECRET_KEY = persistent_secret("secret_key", "SECRET_KEY")
DEBUG = os.environ.get("COURT12368_DEBUG") == "1"
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

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
    "django_tasks_db",
    "court12368.courts",
    "court12368.cases",
    "court12368.workorders",
    "court12368.notifications",
    "court12368.hotline",
    "court12368.knowledge",
    "court12368.appointments",
    "court12368.portal",
    "court12368.ivr",
    "court12368.reports",
    "court12368.api",
    "court12368.demo",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "court12368.core.middleware.TrustedProxyMiddleware",
    "court12368.core.middleware.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "court12368.api.errors.ApiErrorShapeMiddleware",
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
    url = os.environ.get("DATABASE_URL")
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
# Served over https (COURT12368_HTTPS=1, or a COURT12368_PUBLIC_URL starting https://): cookies go over
# https only and browsers are told to use nothing else (HSTS; COURT12368_HSTS_SECONDS, one year).
HTTPS = (
    os.environ.get("COURT12368_HTTPS")
    or ("1" if os.environ.get("COURT12368_PUBLIC_URL", "").startswith("https://") else "0")
) == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("COURT12368_HSTS_SECONDS", str(365 * 24 * 3600))) if HTTPS else 0
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
AXES_FAILURE_LIMIT = int(os.environ.get("COURT12368_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("COURT12368_LOGIN_LOCK_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = os.environ.get("COURT12368_LOGIN_LOCK_BY", "username,ip_address").split(",")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# The TOTP second factor (courts/second_factor.py): optional for every staff member, required for these
# roles (comma-separated, e.g. administrator,leader).
SECOND_FACTOR_ROLES = [r for r in os.environ.get("COURT12368_SECOND_FACTOR_FOR", "").split(",") if r]
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

REDIS_URL = os.environ.get("COURT12368_REDIS_URL", "")
if REDIS_URL:
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
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # `serve` fills it with collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
# Uploads, exports and collected files are the owner's only, like the rest of the data dir (datadir.py).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
RECORDINGS_DIR = DATA_DIR / "ivr" / "recordings"  # the voice line's call and voicemail WAVs
ATTACHMENT_MAX_BYTES = int(os.environ.get("COURT12368_ATTACHMENT_MAX_MB", "20")) * 2**20
# Retention (`court12368 purge`, retention.py): call recordings are deleted after this many days;
# callers' numbers and names in calls, queued calls, incoming SMS and closed work orders are masked after
# that many. 0 keeps them.
KEEP_RECORDINGS_DAYS = int(os.environ.get("COURT12368_KEEP_RECORDINGS_DAYS", "365"))
KEEP_PERSONAL_DAYS = int(os.environ.get("COURT12368_KEEP_PERSONAL_DAYS", str(3 * 365)))

# Each seal of the audit chain appends its head here, outside the database (core/auditchain.py). Put it
# on other storage, or ship it off the machine, to make a rewritten database show.
AUDIT_ANCHOR_FILE = os.environ.get("COURT12368_AUDIT_ANCHORS", str(DATA_DIR / "audit-anchors.log"))

# A ledger export of more orders than this is written by the task worker, not while the browser waits.
LEDGER_EXPORT_INLINE_ROWS = int(os.environ.get("COURT12368_EXPORT_INLINE_ROWS", "20000"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# ---- SMS ----
SMS_TRANSPORT = os.environ.get("COURT12368_SMS_TRANSPORT", "console")
SMS_SPOOL_FILE = os.environ.get("COURT12368_SMS_SPOOL", "")
# The sender shown on the phone when the court has set no number of its own.
SMS_SENDER = os.environ.get("COURT12368_SMS_SENDER", "12368")
PUBLIC_URL = os.environ.get("COURT12368_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
KANNEL_SENDSMS_URL = os.environ.get("KANNEL_SENDSMS_URL", "http://127.0.0.1:13013/cgi-bin/sendsms")
KANNEL_USERNAME = os.environ.get("KANNEL_USERNAME", "court12368")
KANNEL_PASSWORD = os.environ.get("KANNEL_PASSWORD", "")
SMS_GATEWAY_IPS = [
    ip.strip()
    for ip in os.environ.get("COURT12368_SMS_GATEWAY_IPS", "127.0.0.1,::1").split(",")
    if ip.strip()
]
SMS_INBOUND_SECRET = persistent_secret("sms_inbound_secret", "COURT12368_SMS_INBOUND_SECRET")
# /metrics answers only to `Authorization: Bearer <this>` (Prometheus' bearer_token): behind a proxy every
# request comes from 127.0.0.1, so the address proves nothing.
METRICS_TOKEN = persistent_secret("metrics_token", "COURT12368_METRICS_TOKEN")
TRUSTED_PROXIES = [
    a.strip() for a in os.environ.get("COURT12368_TRUSTED_PROXIES", "").split(",") if a.strip()
]
SMPP_HOST = os.environ.get("SMPP_HOST", "127.0.0.1")
SMPP_PORT = int(os.environ.get("SMPP_PORT", "2775"))
SMPP_SYSTEM_ID = os.environ.get("SMPP_SYSTEM_ID", "")
SMPP_PASSWORD = os.environ.get("SMPP_PASSWORD", "")
SMPP_SOURCE_ADDR = os.environ.get("SMPP_SOURCE_ADDR", "12368")
# Outbox delivery: attempts before giving up, the first retry delay (doubling), and its cap (seconds).
SMS_MAX_ATTEMPTS = 6
SMS_RETRY_BASE = 30
SMS_RETRY_CAP = 3600
# An SMS not sent within this many hours is dropped as expired (a late dispatch notice misleads).
SMS_EXPIRE_HOURS = 24
# A claimed SMS with no outcome after this many seconds: the worker died mid-send.
SMS_STUCK_AFTER = int(os.environ.get("COURT12368_SMS_STUCK_AFTER", "600"))
# A queued SMS whose task was handed to a worker that died is handed out again after this long.
SMS_REENQUEUE_AFTER = int(os.environ.get("COURT12368_SMS_REENQUEUE_AFTER", "120"))

# ---- Voice line ----
# The SIP user agent that `serve` and `court12368 ivr` start (UDP); 0 turns it off under `serve`.
IVR_SIP_HOST = os.environ.get("COURT12368_SIP_HOST", "127.0.0.1")
IVR_SIP_PORT = int(os.environ.get("COURT12368_SIP_PORT", "5060"))
# The address put in SDP and Contact when the bind host is 0.0.0.0 or behind NAT.
IVR_SIP_ADDRESS = os.environ.get("COURT12368_SIP_ADDRESS", "")
# The court that takes calls whose SIP address names no court code (sip:12368@host).
IVR_COURT = os.environ.get("COURT12368_IVR_COURT", "")
IVR_MAX_CALLS = int(os.environ.get("COURT12368_IVR_MAX_CALLS", "60"))
# The Asterisk FastAGI adapter (no authentication in the protocol): where it listens, loopback unless an
# Asterisk on another host needs it, and the only addresses/networks it serves (comma-separated).
IVR_AGI_HOST = os.environ.get("COURT12368_AGI_HOST", "127.0.0.1")
IVR_AGI_ALLOWED = [
    entry for entry in os.environ.get("COURT12368_AGI_ALLOWED", "127.0.0.1,::1").split(",") if entry.strip()
]
# Record the caller's side of every call (洛阳中院一号通办规范 art. 8); voicemail is always recorded.
IVR_RECORD_CALLS = os.environ.get("COURT12368_IVR_RECORD_CALLS", "1") == "1"
# Dotted path of an offline recogniser for voicemail transcripts (ivr/transcripts.py); none by default.
IVR_TRANSCRIBER = os.environ.get("COURT12368_IVR_TRANSCRIBER", "")
# How long a caller waits in the agents' queue before the line apologises and hangs up (seconds).
IVR_QUEUE_MAX_WAIT = int(os.environ.get("COURT12368_IVR_QUEUE_MAX_WAIT", "120"))

# How often the deadline sweeper wakes up (seconds).
SWEEPER_INTERVAL = int(os.environ.get("COURT12368_SWEEPER_INTERVAL", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("COURT12368_LOG_LEVEL", "INFO")},
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
VERIFY_MAX_FAILURES = int(os.environ.get("COURT12368_VERIFY_MAX_FAILURES", "5"))
VERIFY_STAFF_MAX_FAILURES = int(os.environ.get("COURT12368_VERIFY_STAFF_MAX_FAILURES", "10"))
VERIFY_CLIENT_MAX_FAILURES = int(os.environ.get("COURT12368_VERIFY_CLIENT_MAX_FAILURES", "100"))
VERIFY_PASSWORD_ONLY_PER_HOUR = int(os.environ.get("COURT12368_VERIFY_PASSWORD_ONLY_PER_HOUR", "30"))
VERIFY_PASSWORD_ONLY_PER_DAY = int(os.environ.get("COURT12368_VERIFY_PASSWORD_ONLY_PER_DAY", "200"))
