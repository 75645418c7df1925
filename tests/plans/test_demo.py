from decimal import Decimal

from django.core.management import call_command

from lantoa.core.demo import loaders
from lantoa.plans.models import Plan


def load_demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_plan_is_hanois_plan_179(db, settings):
    settings.DEMO = False
    assert loaders.get("plans.demo_plan").order == 30
    load_demo()
    load_demo()  # a second run changes nothing

    plan = Plan.objects.get()
    assert (plan.code, plan.title, plan.issuing_unit.code, plan.issued_on.isoformat(), plan.state) == (
        "179/KH-UBND",
        "Tuyên truyền Nghị quyết 57-NQ/TW và phong trào Bình dân học vụ số",
        "HN",
        "2025-07-08",
        "approved",
    )
    assert [(t.number, t.messages.count()) for t in plan.themes.all()] == [(1, 3), (2, 3), (3, 3), (4, 2)]
    assert list(plan.insights.values_list("audience__code", flat=True)) == [
        "can-bo",
        "dang-vien",
        "cong-chuc",
        "doanh-nghiep",
        "nhan-dan",
    ]
    assert list(plan.channels.values_list("channel", "media_type")) == [
        ("press", "earned"),
        ("radio_tv", "earned"),
        ("portal", "owned"),
        ("social", "shared"),
        ("grassroots_loudspeaker", "owned"),
        ("visual_posters", "owned"),
        ("briefers_network", "owned"),
        ("digital_events", "shared"),
    ]
    lead = plan.responsibilities.get(role="lead")
    assert lead.unit.code == "S-VHTT"
    assert sorted(plan.responsibilities.filter(role="coordinating").values_list("unit__code", flat=True)) == [
        "S-KHCN",
        "VP-UBND",
    ]
    assert plan.responsibilities.get(role="implementing").unit_kinds == [
        "department",
        "agency",
        "ward",
        "commune",
    ]
    online = plan.indicators.get(code="TD-01")
    assert (online.stage, online.unit_of_measure, online.aggregation, online.target) == (
        "impact",
        "%",
        "latest",
        Decimal("80.00"),
    )
    assert plan.indicators.get(code="TD-02").target == Decimal("30.00")
    assert sorted(set(plan.indicators.values_list("stage", flat=True))) == [
        "impact",
        "outcome",
        "output",
        "outtake",
    ]
    assert plan.objectives.filter(indicator__code="TD-01").get().unit_of_measure == "%"
    assert sum(plan.budget_lines.values_list("amount_vnd", flat=True)) == 3_450_000_000
    assert plan.milestones.count() == 7
