"""Settings for Đồng Hành. Everything deployment-specific comes from the environment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
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
    "config.apps.DongHanhAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "simple_history",
    "django_fsm",
    "config.apps.AxesConfig",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "areas",
    "accounts",
    "cases",
    "mentors",
    "support",
    "workflows",
    "community",
    "imports",
    "reports",
    "demo",
    "api",
    # viewflow's own templates (403/404/registration) must not shadow ours: listed last.
    "viewflow",
    "viewflow.workflow",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.TemporaryPasswordMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.SessionTimeoutMiddleware",
    "config.middleware.ReplicaReadsMiddleware",
    # last: turns a locked-out login into the lockout page
    "axes.middleware.AxesMiddleware",
]

# viewflow would otherwise append its own middleware to MIDDLEWARE at start-up.
VIEWFLOW = {"AUTOREGISTER": False}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# A Vietnamese page when a form's CSRF token is stale (a new login in another tab…).
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

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
                "accounts.context_processors.role_names",
            ],
        },
    },
]

# Django's form renderer with plain selects written in Python (config.form_renderer).
FORM_RENDERER = "config.form_renderer.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
# Optional read replica for the reports (config.db_router); e.g. a PostgreSQL streaming replica.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0))
READ_REPLICA_ALIAS = "replica" if "replica" in DATABASES else ""
READ_REPLICA_APPS = ["reports"]
DATABASE_ROUTERS = ["config.db_router.ReadReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # first: refuses a locked-out login before any password is checked
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Django's rules with Vietnamese messages, plus common Vietnamese words (accounts.password_validation).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": env_int("DH_PASSWORD_MIN_LENGTH", 10)}},
    {"NAME": "accounts.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.password_validation.VietnameseCommonPasswordValidator"},
]
# --- Login throttling (django-axes; accounts.lockouts) ---
# After this many wrong passwords for one username from one address, that pair is locked for
# the cool-off; every further attempt during the lockout starts the cool-off again.
AXES_FAILURE_LIMIT = env_int("DH_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("DH_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockouts.lockout_response"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Behind a reverse proxy the client address is the proxy's; name how many proxies to trust.
AXES_IPWARE_PROXY_COUNT = env_int("DH_TRUSTED_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]

LOGIN_URL = "login"

# E-mail, used for one thing: a link to reset a forgotten password. Without DH_EMAIL_HOST no mail
# is sent and "Quên mật khẩu?" says whom to ask for a temporary password.
EMAIL_HOST = env_str("DH_EMAIL_HOST", "")
EMAIL_PORT = env_int("DH_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("DH_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("DH_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DH_EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DH_EMAIL_FROM", "Đồng Hành <khong-tra-loi@localhost>")
PASSWORD_RESET_BY_EMAIL = env_bool("DH_PASSWORD_RESET_BY_EMAIL", bool(EMAIL_HOST))
# The link works once (it is signed with the password hash, which the reset changes) and expires.
PASSWORD_RESET_TIMEOUT = env_int("DH_PASSWORD_RESET_MINUTES", 60) * 60
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# guardian: no anonymous user row; scoped roles never get global case permissions.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt"))]
# locale/: the project's catalogue (make makemessages); locale_overrides/: Vietnamese by hand for
# strings of Django, its admin and django-axes that their catalogues leave in English or word badly.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"]
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

# --- Sessions: in the database (web workers keep no state); an idle limit and an absolute limit
# (config.middleware.SessionTimeoutMiddleware). The cookie itself lasts the absolute limit.
SESSION_IDLE_TIMEOUT = dt.timedelta(minutes=env_int("DH_SESSION_IDLE_MINUTES", 30))
SESSION_ABSOLUTE_TIMEOUT = dt.timedelta(hours=env_int("DH_SESSION_MAX_HOURS", 12))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

# --- Transport security. Safe production defaults (DEBUG off); each one a setting. ---
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto (never without one:
# a client could then claim https itself).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", False) else None
# /healthz answers the load balancer over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# --- Content-Security-Policy (django-csp 4): every script and style is a file of ours; no
# inline script, no inline style, no other origin (an intranet may have no internet).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # the mentor's phone: the service worker and the web app manifest (issue 17)
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# One JSON line per request on stdout (config.middleware.RequestLogMiddleware) when
# DH_REQUEST_LOG is on (the production default); the rest as plain lines.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logs.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "json": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        "dong_hanh.request": {
            "handlers": ["json"],
            "level": "INFO" if env_bool("DH_REQUEST_LOG", not DEBUG) else "WARNING",
            "propagate": False,
        },
    },
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
        "suspended_sentence": env_int("DH_CONTACT_CADENCE_DAYS_PROBATION", env_int("DH_CONTACT_CADENCE_DAYS", 30)),
        "non_custodial_reform": env_int("DH_CONTACT_CADENCE_DAYS_PROBATION", env_int("DH_CONTACT_CADENCE_DAYS", 30)),
        "conditional_release": env_int("DH_CONTACT_CADENCE_DAYS_PROBATION", env_int("DH_CONTACT_CADENCE_DAYS", 30)),
        "commune_education": env_int("DH_CONTACT_CADENCE_DAYS_COMMUNE_EDUCATION", env_int("DH_CONTACT_CADENCE_DAYS", 30)),
        "institution_returnee": env_int("DH_CONTACT_CADENCE_DAYS_INSTITUTION_RETURNEE", env_int("DH_CONTACT_CADENCE_DAYS", 30)),
        "at_risk": env_int("DH_CONTACT_CADENCE_DAYS_AT_RISK", env_int("DH_CONTACT_CADENCE_DAYS", 30)),
    },
    # What the labour officer's role is called (the commune's office for labour and social
    # affairs: "Cán bộ Văn hóa - Xã hội" since the 2025 reorganisation). accounts.models.labour_role_label.
    "LABOUR_ROLE_LABEL": env_str("DH_LABOUR_ROLE_LABEL", "Cán bộ Văn hóa - Xã hội"),
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
    # The day each periodic report of a commune is due at the province, per kind of period:
    # "+N" days after the period's last day, or "dd/mm" in the year the period ends (on time
    # when sent on or before it). Seed 000: the 6-month report before 15/5, the annual before
    # 15/11; seed 003 (periods 11/12–10/6 and 11/6–10/12): "10/06" and "10/12".
    "REPORT_SEND_BY": {
        "month": env_str("DH_REPORT_SEND_BY_MONTH", "+5"),
        "quarter": env_str("DH_REPORT_SEND_BY_QUARTER", "+10"),
        "half": env_str("DH_REPORT_SEND_BY_HALF", "15/05"),
        # The second half: seed 000 has no report of its own (the annual one, by 15/11, covers it).
        "half2": env_str("DH_REPORT_SEND_BY_HALF2", "15/11"),
        "year": env_str("DH_REPORT_SEND_BY_YEAR", "15/11"),
    },
    # Targets per indicator (percent). Seed 002: at least 60% of those helped progress;
    # seed 000: every chi hội/chi đoàn adopts at least one person a year.
    "REPORT_TARGETS": {
        "progress_share": env_int("DH_TARGET_PROGRESS_SHARE", 60),
        "branches_adopting_share": env_int("DH_TARGET_BRANCHES_ADOPTING_SHARE", 100),
        # The plan's registries (community). Seed 000: 90–100% of khu dân cư and families sign
        # the commitment each year, 50% of front cadres trained each year (seed 002: 100%),
        # every khu dân cư has a tổ hòa giải and a self-management model, at least one model
        # khu dân cư per commune; seed 003: ≥ 90% of khu dân cư "An toàn về ANTT"; seed 000:
        # the Ban Công tác Mặt trận meets every quarter.
        "areas_signed_share": env_int("DH_TARGET_AREAS_SIGNED_SHARE", 90),
        "families_signed_share": env_int("DH_TARGET_FAMILIES_SIGNED_SHARE", 90),
        "cadres_trained_share": env_int("DH_TARGET_CADRES_TRAINED_SHARE", 50),
        "areas_mediation_share": env_int("DH_TARGET_AREAS_MEDIATION_SHARE", 100),
        "areas_self_managed_share": env_int("DH_TARGET_AREAS_SELF_MANAGED_SHARE", 100),
        "communes_model_area_share": env_int("DH_TARGET_COMMUNES_MODEL_AREA_SHARE", 100),
        "areas_safe_share": env_int("DH_TARGET_AREAS_SAFE_SHARE", 90),
        "review_meeting_share": env_int("DH_TARGET_REVIEW_MEETING_SHARE", 100),
    },
    # A period end's case states are written (reports.period_state) this many hours after it,
    # longer than any transaction that records events (an import writes in one).
    "PERIOD_CLOSE_GRACE_HOURS": env_int("DH_PERIOD_CLOSE_GRACE_HOURS", 6),
    # A workbook exported in the background (the national report) is kept this many hours, in
    # this directory (default BASE_DIR/var/report-exports; not served as static or media).
    "REPORT_EXPORT_KEEP_HOURS": env_int("DH_REPORT_EXPORT_KEEP_HOURS", 24),
    "REPORT_EXPORT_DIR": env_str("DH_REPORT_EXPORT_DIR", ""),
    # A nation's or a province's dashboard shows its figures as last built (reports.dashboards,
    # the time said on the page), built again in the background once older than this.
    "DASHBOARD_MAX_AGE_MINUTES": env_int("DH_DASHBOARD_MAX_AGE_MINUTES", 60),
    # How long a stated reason opens one case to a police or province officer (hours).
    "ACCESS_GRANT_HOURS": env_int("DH_ACCESS_GRANT_HOURS", 4),
    # --- Legal clocks (issue 11). Every number with its source; cases/legal.py reads them. ---
    # Xóa án tích, Bộ luật Hình sự 2015 (sửa đổi 2017) Điều 70 khoản 2, in years after the end
    # of the main penalty (or of the án treo test period): a) cảnh cáo, phạt tiền, cải tạo không
    # giam giữ, án treo: 1; b) tù đến 05 năm: 2; c) tù trên 05 đến 15 năm: 3; d) tù trên 15 năm,
    # chung thân, tử hình được giảm án: 5.
    "EXPUNGEMENT_YEARS": {
        "light": env_int("DH_EXPUNGEMENT_YEARS_LIGHT", 1),
        "prison_up_to_5": env_int("DH_EXPUNGEMENT_YEARS_PRISON_UP_TO_5", 2),
        "prison_5_to_15": env_int("DH_EXPUNGEMENT_YEARS_PRISON_5_TO_15", 3),
        "prison_over_15": env_int("DH_EXPUNGEMENT_YEARS_PRISON_OVER_15", 5),
    },
    # Minors aged 16 to under 18 at the offence, convicted of a very serious intentional or an
    # especially serious crime (BLHS Điều 107 khoản 2), in months: a) 06 tháng; b) 01 năm;
    # c) 02 năm; d) 03 năm. Under 16, or a lesser crime: no criminal record (Điều 107 khoản 1).
    "EXPUNGEMENT_MINOR_MONTHS": {
        "light": env_int("DH_EXPUNGEMENT_MINOR_MONTHS_LIGHT", 6),
        "prison_up_to_5": env_int("DH_EXPUNGEMENT_MINOR_MONTHS_PRISON_UP_TO_5", 12),
        "prison_5_to_15": env_int("DH_EXPUNGEMENT_MINOR_MONTHS_PRISON_5_TO_15", 24),
        "prison_over_15": env_int("DH_EXPUNGEMENT_MINOR_MONTHS_PRISON_OVER_15", 36),
    },
    # The prison bands of Điều 70/107 ("đến 05 năm", "trên 05 năm đến 15 năm"), in months.
    "PRISON_BAND_UP_TO_MONTHS": env_int("DH_PRISON_BAND_UP_TO_MONTHS", 60),
    "PRISON_BAND_MIDDLE_UP_TO_MONTHS": env_int("DH_PRISON_BAND_MIDDLE_UP_TO_MONTHS", 180),
    # Age of majority for Điều 107 (người dưới 18 tuổi) and its lower band (đủ 14 đến dưới 16).
    "MINOR_AGE": env_int("DH_MINOR_AGE", 18),
    "MINOR_NO_RECORD_BELOW_AGE": env_int("DH_MINOR_NO_RECORD_BELOW_AGE", 16),
    # Legal term ranges in months (inclusive):
    # án treo: thời gian thử thách 01 đến 05 năm (BLHS Điều 65 khoản 1);
    # cải tạo không giam giữ: 06 tháng đến 03 năm (BLHS Điều 36 khoản 1);
    # quản chế: 01 đến 05 năm (BLHS Điều 43); cấm cư trú: 01 đến 05 năm (BLHS Điều 42);
    # giáo dục tại xã, phường: 03 đến 06 tháng (Luật Xử lý vi phạm hành chính 2012 Điều 89 khoản 2);
    # tha tù trước thời hạn có điều kiện: the remaining term (BLHS Điều 66 khoản 3), at least 1 month.
    "TERM_RANGES_MONTHS": {
        "suspended_sentence": (12, 60),
        "non_custodial_reform": (6, 36),
        "supervision": (12, 60),
        "residence_ban": (12, 60),
        "commune_education": (3, 6),
        "conditional_release": (1, 240),
    },
    # The longest sentences a record may state (cases.legal: a longer one is a slip of the
    # keyboard): tù có thời hạn up to 20 years, 30 when penalties are combined (BLHS Điều 38, 55);
    # án treo only for a prison term of at most 3 years (BLHS Điều 65 khoản 1); cấm đảm nhiệm chức
    # vụ, cấm hành nghề and tước một số quyền công dân 01 to 05 years (BLHS Điều 41, 44).
    "PRISON_TERM_MAX_MONTHS": 360,
    "SUSPENDED_PRISON_MAX_MONTHS": 36,
    "OTHER_ADDITIONAL_PENALTY_RANGE_MONTHS": (12, 60),
    # A vocational course recorded as support (support.services): the longest, cao đẳng, 2-3 years.
    "TRAINING_COURSE_MAX_MONTHS": 36,
    # Rút ngắn thời gian thử thách án treo: possible after this fraction of the test period
    # (BLHS 2015 Điều 65 khoản 4: "đã chấp hành được một phần hai thời gian thử thách", on the
    # supervising body's proposal, decided by a court; Nghị quyết 02/2018/NQ-HĐTP Điều 8).
    "SHORTENING_AFTER_FRACTION": 0.5,
    # Nghị định 120/2021/NĐ-CP Điều 29: a helper named within 5 working days of the decision.
    "EDUCATION_HELPER_WORKING_DAYS": env_int("DH_EDUCATION_HELPER_WORKING_DAYS", 5),
    # Thông tư 10/2024/TT-BCA Điều 8: the commune police check the return address within 3
    # working days of the prison's notice; the prison notifies 2 months before release
    # (Luật Thi hành án hình sự 2019 Điều 46 khoản 1).
    "ADDRESS_CHECK_WORKING_DAYS": env_int("DH_ADDRESS_CHECK_WORKING_DAYS", 3),
    "PRISON_NOTICE_MONTHS": env_int("DH_PRISON_NOTICE_MONTHS", 2),
    # Thông tư 65/2019/TT-BCA: án treo, cải tạo không giam giữ and tha tù có điều kiện are
    # evaluated monthly, within the first 5 days of the month; quản chế every 3 months.
    "EVALUATION_DUE_DAY": env_int("DH_EVALUATION_DUE_DAY", 5),
    "EVALUATION_EVERY_MONTHS": {
        "suspended_sentence": 1,
        "non_custodial_reform": 1,
        "conditional_release": 1,
        "supervision": env_int("DH_SUPERVISION_EVALUATION_EVERY_MONTHS", 3),
    },
    # "Sắp hết thời hạn": clocks ending within this many days are listed (product choice).
    "CLOCK_ENDING_SOON_DAYS": env_int("DH_CLOCK_ENDING_SOON_DAYS", 30),
    # Retention: graduated and closed cases are anonymised this many years after their end
    # (product choice, see notes/issue-11.md: the longest expungement period of Điều 70 plus
    # the 5-year loan window of QĐ 22/2023 — a returning person's earlier case stays linkable).
    "RETENTION_YEARS": env_int("DH_RETENTION_YEARS", 5),
    # `manage.py check` warns when a superuser logged in during the last N days (0: never).
    "SUPERUSER_LOGIN_WARNING_DAYS": env_int("DH_SUPERUSER_LOGIN_WARNING_DAYS", 30),
    # --- Reminders (workflows.reminders, issue 17): one digest a day per user ---
    # Channels used, in order, where the user has the address they need (e-mail, phone).
    "REMINDER_CHANNELS": env_list("DH_REMINDER_CHANNELS", ["in_app", "email"]),
    # SMS and Zalo backends: a class with send_text(phone, text); the default only logs.
    "REMINDER_SMS_BACKEND": env_str("DH_REMINDER_SMS_BACKEND", "workflows.channels.LogTextBackend"),
    "REMINDER_ZALO_BACKEND": env_str("DH_REMINDER_ZALO_BACKEND", "workflows.channels.LogTextBackend"),
    # A failed delivery is tried again on later runs, at most this many times in all.
    "REMINDER_MAX_ATTEMPTS": env_int("DH_REMINDER_MAX_ATTEMPTS", 3),
    # No e-mail, SMS or Zalo between these local hours ("21-7"); in-app is never held back.
    # Each user may set their own quiet time (workflows.ReminderPreference); this is the default.
    "REMINDER_QUIET_HOURS": env_str("DH_REMINDER_QUIET_HOURS", "21-7"),
    # A referral's follow-up is reminded this many days before it falls due.
    "REMINDER_FOLLOW_UP_LEAD_DAYS": env_int("DH_REMINDER_FOLLOW_UP_LEAD_DAYS", 3),
    # The channels a user may choose on their "Nhắc việc" page (in-app is always on). Remove
    # "sms"/"zalo" where no real gateway is configured (the default backends only log).
    "REMINDER_OFFERED_CHANNELS": env_list("DH_REMINDER_OFFERED_CHANNELS", ["email", "sms", "zalo"]),
    # Local times the job runs (Celery beat, config/celery.py; cron: the same times). A digest
    # held back by a quiet time leaves at the next run after it.
    "REMINDER_RUN_TIMES": env_list("DH_REMINDER_RUN_TIMES", ["07:00", "12:00"]),
    # A legal clock (cases.legal: end of the test period, of the term or of the management) is
    # reminded from this many days before it ends, to the day it ends (product choice).
    "REMINDER_LEGAL_CLOCK_LEAD_DAYS": env_int("DH_REMINDER_LEGAL_CLOCK_LEAD_DAYS", 7),
    # The commune front officer is reminded of a periodic report from this many days before its
    # send-by day (REPORT_SEND_BY) to that day, while the commune has not sent it.
    "REPORT_REMIND_DAYS": env_int("DH_REPORT_REMIND_DAYS", 5),
    # PostgreSQL (docs/deploy.md): a national or provincial report, and the national workbook,
    # compute the previous period in a second connection at the same time.
    "REPORT_PARALLEL_PERIODS": env_bool("DH_REPORT_PARALLEL_PERIODS", True),
    # Links in e-mails start with this address (e.g. https://donghanh.example.gov.vn).
    "SITE_URL": env_str("DH_SITE_URL", ""),
    # Longest text a form accepts (config/forms.py): notes and narratives; single-line fields
    # and short reasons (a field's own smaller limit wins).
    "TEXT_MAX_CHARS": env_int("DH_TEXT_MAX_CHARS", 5000),
    "SHORT_TEXT_MAX_CHARS": env_int("DH_SHORT_TEXT_MAX_CHARS", 500),
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
        'Lỗi trả về JSON tiếng Việt: {"type", "title", "detail", "field", "errors"}. '
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
# The demo data may backdate case events and history rows (config.dbguard.backdating_window).
ALLOW_BACKDATING = DEBUG

# The membership uniqueness over nullable places (nulls not distinct) is enforced on
# PostgreSQL, the production database; SQLite (the embedded demo) cannot express it.
SILENCED_SYSTEM_CHECKS = ["models.W047"]
