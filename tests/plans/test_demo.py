import datetime
from decimal import Decimal

from django.core.management import call_command

from lantoa.core.demo import loaders
from lantoa.plans import metrics
from lantoa.plans.models import KeyMessage, Plan


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
        ("sms", "paid"),
        ("chat_app", "owned"),
        ("email", "owned"),
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
    assert sum(plan.budget_lines.values_list("amount_vnd", flat=True)) == 3_700_000_000
    assert plan.milestones.count() == 7
    # SMART: every objective has its indicator, a baseline, a target and a deadline.
    assert list(plan.objectives.values_list("indicator__code", "baseline", "target", "due_on")) == [
        ("TD-01", Decimal("60.00"), Decimal("80.00"), datetime.date(2030, 12, 31)),
        ("TD-02", Decimal("20.00"), Decimal("30.00"), datetime.date(2030, 12, 31)),
        ("TD-03", Decimal("50.00"), Decimal("80.00"), datetime.date(2030, 12, 31)),
        ("KQ-01", Decimal("40.00"), Decimal("100.00"), datetime.date(2026, 12, 31)),
        ("TN-03", Decimal("35.00"), Decimal("70.00"), datetime.date(2026, 12, 31)),
        ("TN-02", Decimal("0.00"), Decimal("300000.00"), datetime.date(2025, 12, 31)),
        ("DR-01", Decimal("120.00"), Decimal("200.00"), datetime.date(2025, 9, 30)),
        ("DR-02", Decimal("600.00"), Decimal("1000.00"), datetime.date(2025, 9, 30)),
    ]
    # Resolution 57-NQ/TW's 2030 targets (facts.md).
    assert dict(plan.indicators.filter(stage="impact").values_list("code", "target")) == {
        "TD-01": Decimal("80.00"),
        "TD-02": Decimal("30.00"),
        "TD-03": Decimal("80.00"),
        "TD-04": Decimal("40.00"),
        "TD-05": Decimal("2.00"),
    }
    # Tasks completed are counted by a metric provider when the assignments app offers one.
    tasks = plan.indicators.get(code="DR-06")
    assert tasks.source == (
        "assignments.completed" if "assignments.completed" in metrics.registry else "manual"
    )


def test_every_text_of_the_demo_plan_has_its_english_rendering(db, settings):
    settings.DEMO = False
    load_demo()
    plan = Plan.objects.get()
    missing = []
    parts = [
        plan,
        *plan.objectives.all(),
        *plan.insights.all(),
        *plan.themes.all(),
        *KeyMessage.objects.filter(theme__plan=plan),
        *plan.channels.all(),
        *plan.milestones.all(),
        *plan.responsibilities.all(),
        *plan.budget_lines.all(),
        *plan.indicators.all(),
    ]
    for part in parts:
        for field in part.TRANSLATED:
            if getattr(part, field) and not getattr(part, f"{field}_en"):
                missing.append((type(part).__name__, part.pk, field))
    assert missing == []
    assert plan.title_en == "Communicating Resolution 57-NQ/TW and the “Bình dân học vụ số” movement"
