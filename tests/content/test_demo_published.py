"""The published demo content: the four themes for the five audiences, published through the services,
with their renditions (files in demo mode) and the reporters' briefing kit, which downloads."""

import io
import time
import zipfile

from django.core.management import call_command

from lantoa.audit.models import AuditEntry
from lantoa.content import kits
from lantoa.content.demo import load_published
from lantoa.content.kit_models import BriefingKit
from lantoa.content.models import ContentItem, ContentRendition, ContentRenditionFile


def test_the_demo_publishes_four_themes_for_five_audiences_with_a_kit(hanoi, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEMO = settings.DEMO_PUBLISHED = True
    call_command("load_demo", stdout=io.StringIO())
    published = ContentItem.objects.filter(state=ContentItem.State.PUBLISHED).order_by("theme__number")
    assert [i.theme.number for i in published] == [1, 2, 3, 4]
    assert [i.variants.count() for i in published] == [5, 5, 5, 5]
    channels = sorted(ContentRendition.objects.filter(item__in=published).values_list("channel", flat=True))
    assert channels.count("poster") == 4 and channels.count("loudspeaker") == 2
    assert channels.count("sms") == 4 and channels.count("social") == 4
    assert ContentRenditionFile.objects.filter(kind="a4").count() == 4
    assert ContentRenditionFile.objects.filter(kind="mp3").count() == 2
    kit = BriefingKit.objects.get()
    assert (kit.group, kit.points.count(), kit.questions.count()) == ("reporters", 6, 5)
    assert kit.item.title == "Nghị quyết 57-NQ/TW: mục tiêu đến năm 2030"
    assert AuditEntry.objects.filter(action="content.kit_created").count() == 1
    names = zipfile.ZipFile(io.BytesIO(kits.render_zip(kit))).namelist()
    assert len(names) == 4 and any(n.endswith("-poster-a4.pdf") for n in names)  # no audio for item 2
    started = time.monotonic()
    assert load_published() == "Published content: 0 items, 0 renditions, 0 briefing kit created"
    assert time.monotonic() - started < 2


def test_tests_that_turn_the_demo_on_do_not_get_the_published_content(db, settings):
    settings.DEMO = True
    assert load_published() == "Published content: not created (not in demo mode)"
    assert not ContentItem.objects.exists()
