"""Settings for the test suite: the real settings with fast password hashing and in-memory mail."""

import os

os.environ.setdefault("LANTOA_ENV", "test")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # argon2 is checked in its own test
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
LANTOA_TWO_FACTOR_REQUIRED = True
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}  # noqa: F405
# Static files straight from the apps, so a fresh clone needs no collectstatic to run the suite.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
