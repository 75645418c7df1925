from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lantoa.accounts"
    label = "accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        from lantoa.core import access

        from .policy import RolePolicy

        access.install(RolePolicy())
