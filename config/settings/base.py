"""Settings for Đồng Hành. Everything deployment-specific comes from the environment."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str, load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent.parent
load_dotenv(BASE_DIR / ".env")

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-dev-key-change-me" if DEBUG else None)
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "simple_history",
    "django_fsm",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "areas",
    "accounts",
    "cases",
    "mentors",
    "support",
    "workflows",
    "reports",
    "demo",
    "api",
    # viewflow's own templates (403/404/registration) must not shadow ours: listed last.
    "viewflow",
    "viewflow.workflow",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# viewflow would otherwise append its own middleware to MIDDLEWARE at start-up.
VIEWFLOW = {"AUTOREGISTER": False}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# guardian: no anonymous user row; scoped roles never get global case permissions.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"]
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- Celery (optional: every job is also a management command for cron) ---
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TIMEZONE = TIME_ZONE

# --- Domain settings: every legal number lives here, not in code (laws change). ---
DONG_HANH = {
    # Graduation by progress: the last N approved quarterly reviews all rate "progressing".
    "GRADUATION_PROGRESS_REVIEWS": env_int("DH_GRADUATION_PROGRESS_REVIEWS", 2),
    # Default caseload limit of a mentor, and the limit for giáo dục tại xã cases (NĐ 120/2021).
    "MENTOR_DEFAULT_CASELOAD": env_int("DH_MENTOR_DEFAULT_CASELOAD", 5),
    "MENTOR_EDUCATION_CASELOAD": env_int("DH_MENTOR_EDUCATION_CASELOAD", 3),
    # Quarterly review due this many days after the quarter ends.
    "REVIEW_DUE_DAYS": env_int("DH_REVIEW_DUE_DAYS", 15),
    # Expected contact cadence per category, in days (default monthly).
    # Keys are cases.models.Category values; a category without a key uses "default".
    "CONTACT_CADENCE_DAYS": {
        "default": env_int("DH_CONTACT_CADENCE_DAYS", 30),
        "prison_released": env_int("DH_CONTACT_CADENCE_DAYS_PRISON_RELEASED", env_int("DH_CONTACT_CADENCE_DAYS", 30)),
        "probation": env_int("DH_CONTACT_CADENCE_DAYS_PROBATION", env_int("DH_CONTACT_CADENCE_DAYS", 30)),
        "commune_education": env_int("DH_CONTACT_CADENCE_DAYS_COMMUNE_EDUCATION", env_int("DH_CONTACT_CADENCE_DAYS", 30)),
        "institution_returnee": env_int("DH_CONTACT_CADENCE_DAYS_INSTITUTION_RETURNEE", env_int("DH_CONTACT_CADENCE_DAYS", 30)),
        "at_risk": env_int("DH_CONTACT_CADENCE_DAYS_AT_RISK", env_int("DH_CONTACT_CADENCE_DAYS", 30)),
    },
    # Name of the system user recorded as actor for commands and background jobs.
    "SYSTEM_USERNAME": "he-thong",
    # --- Support referrals (issue 5) ---
    # VBSP loans, Quyết định 22/2023/QĐ-TTg: within N years of completing the sentence,
    # for the categories the decision covers, at most these amounts (whole đồng).
    "LOAN_WINDOW_YEARS": env_int("DH_LOAN_WINDOW_YEARS", 5),
    "LOAN_ELIGIBLE_CATEGORIES": env_list("DH_LOAN_ELIGIBLE_CATEGORIES", ["prison_released"]),
    "LOAN_MAX_PRODUCTION_VND": env_int("DH_LOAN_MAX_PRODUCTION_VND", 100_000_000),
    "LOAN_MAX_TRAINING_VND_PER_MONTH": env_int("DH_LOAN_MAX_TRAINING_VND_PER_MONTH", 4_000_000),
    # A referral's follow-up is due this many months after its outcome.
    "REFERRAL_FOLLOW_UP_MONTHS": env_int("DH_REFERRAL_FOLLOW_UP_MONTHS", 3),
    # A partner confirmation link expires after this many days.
    "PARTNER_LINK_DAYS": env_int("DH_PARTNER_LINK_DAYS", 14),
    # Periodic reports: the day/month (dd/mm) that closes the first half and the year.
    # A 6-month report runs from the day after the previous year's cut-off to the H1 cut-off;
    # the annual one from the day after the previous year's cut-off to the year cut-off.
    # Calendar halves by default; e.g. "15/05" and "15/11", or NĐ 09/2019's "14/06" and "14/12".
    "REPORT_CUTOFF_H1": env_str("DH_REPORT_CUTOFF_H1", "30/06"),
    "REPORT_CUTOFF_YEAR": env_str("DH_REPORT_CUTOFF_YEAR", "31/12"),
    # Targets per indicator (percent). Seed 002: at least 60% of those helped progress;
    # seed 000: every chi hội/chi đoàn adopts at least one person a year.
    "REPORT_TARGETS": {
        "progress_share": env_int("DH_TARGET_PROGRESS_SHARE", 60),
        "branches_adopting_share": env_int("DH_TARGET_BRANCHES_ADOPTING_SHARE", 100),
    },
    # How long a stated reason opens one case to a police or province officer (hours).
    "ACCESS_GRANT_HOURS": env_int("DH_ACCESS_GRANT_HOURS", 4),
    # --- The REST API (issue 14) ---
    # A personal API token expires this many days after it is created.
    "API_TOKEN_DAYS": env_int("DH_API_TOKEN_DAYS", 90),
    # At most this many live (not expired, not revoked) tokens per user.
    "API_TOKENS_PER_USER": env_int("DH_API_TOKENS_PER_USER", 10),
}

# --- The REST API under /api/v1/ (api app) ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",  # the site's own pages, with CSRF
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle", "api.throttling.SessionRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api_token": env_str("DH_API_THROTTLE_TOKEN", "600/hour"),
        "api_session": env_str("DH_API_THROTTLE_SESSION", "1200/hour"),
    },
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Đồng Hành API",
    "DESCRIPTION": (
        "API của Đồng Hành: hồ sơ cảm hóa, giáo dục, giúp đỡ người lầm lỗi tại cộng đồng. "
        "Cùng quy tắc truy cập với các màn hình: mỗi lần xem hồ sơ ghi một dòng nhật ký truy cập. "
        "Lỗi trả về JSON tiếng Việt: {\"type\", \"title\", \"detail\", \"field\", \"errors\"}. "
        "Xác thực: khóa API cá nhân (Authorization: Bearer <khóa>) hoặc phiên đăng nhập của trang (kèm CSRF). "
        "English summaries are given for integrators."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

DEMO_PASSWORD = "dong-hanh-demo"

# The membership uniqueness over nullable places (nulls not distinct) is enforced on
# PostgreSQL, the production database; SQLite (the embedded demo) cannot express it.
SILENCED_SYSTEM_CHECKS = ["models.W047"]
