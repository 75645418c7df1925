from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from lantoa.core import access
from lantoa.core.demo import DemoLoader, loaders

from .loading import load_hanoi
from .models import Audience
from .services import audience_save

AUDIENCES = [
    (
        "can-bo",
        _("Cadres"),
        _("Leaders and officials of the Party, State and mass organisations at every level."),
    ),
    ("dang-vien", _("Party members"), _("Members of the Party cells and committees of the City.")),
    (
        "cong-chuc",
        _("Civil servants and public employees"),
        _("Staff of the City's departments, communes and wards."),
    ),
    ("doanh-nghiep", _("Businesses"), _("Enterprises, cooperatives and household businesses in the City.")),
    ("nhan-dan", _("Residents"), _("People living and working in Hà Nội.")),
]


def load_units_and_audiences() -> str:
    with override(
        "vi"
    ):  # the audiences are the City's data, written in Vietnamese whatever the caller's language
        return _load()


def _load() -> str:
    result = load_hanoi()
    actor = access.system("load_demo")
    for order, (code, name, description) in enumerate(AUDIENCES, start=1):
        if not Audience.objects.filter(code=code).exists():
            with override("en"):
                name_en, description_en = str(name), str(description)
            audience_save(
                by=actor,
                code=code,
                name=str(name),
                name_en=name_en,
                description=str(description),
                description_en=description_en,
                sort_order=order,
            )
    counts = result.counts
    updated = counts["update"] + counts["move"]
    return f"Units: {counts['create']} created, {updated} updated; audiences: {Audience.objects.count()}"


loaders.register(DemoLoader(code="org.units", order=10, load=load_units_and_audiences))
