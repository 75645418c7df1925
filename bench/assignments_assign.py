"""Assigning one task to every unit of Hà Nội: how many queries, and how long.

Loads Hà Nội's units with the real loader (144 units: the City, 17 departments and agencies, 126
communes and wards), gives a coordinator of Sở Văn hóa và Thể thao a role over the whole City, then
times `assignment_create` to every unit below the City (143 units) — the service the console and
the API call, with its checks, its audit entry and its one INSERT … SELECT for the tasks. For the
comparison, in the same run, the same service to the same 143 units picked one by one and to 10
units picked one by one: the two hand-picked cases go through the same code, so their numbers of
queries must be equal (a subtree target reads its root unit three times: to find its units, to
validate the row and to name it in the audit entry; three queries more, whatever its size).
Prints the figures, the queries of one run and the exact command.

    .venv/bin/python bench/assignments_assign.py [--runs 15]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lantoa_bench .venv/bin/python bench/assignments_assign.py
"""

import argparse
import datetime
import statistics

import _database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each case (default 15)")
    args = parser.parse_args()
    engine = _database.setup()
    try:
        run(engine, args.runs)
    finally:
        _database.teardown()


def run(engine: str, runs: int) -> None:
    from django.utils import timezone

    from lantoa.accounts.models import User
    from lantoa.accounts.services import role_grant
    from lantoa.assignments.services import assignment_create
    from lantoa.assignments.targets import TargetSpec
    from lantoa.core import access
    from lantoa.org.loading import load_hanoi
    from lantoa.org.models import Unit

    result = load_hanoi()
    assert result.applied and not result.errors, result.errors
    city = Unit.objects.get(code="HN")
    department = Unit.objects.get(code="S-VHTT")
    coordinator = User.objects.create_user(username="dieuphoi", password="x")
    system = access.system("bench")
    role_grant(by=system, user=coordinator, role="coordinator", unit=department)
    role_grant(by=system, user=coordinator, role="coordinator", unit=city, include_subtree=True)
    coordinator = User.objects.get(pk=coordinator.pk)
    due = timezone.localdate() + datetime.timedelta(days=14)
    everyone = TargetSpec.subtree(city.pk)
    below_city = list(Unit.objects.filter(depth__gt=1).order_by("path").values_list("pk", flat=True))
    all_picked = TargetSpec.hand_picked(below_city)
    ten = TargetSpec.hand_picked(below_city[:10])
    number = iter(range(10_000))

    def assign(targets: TargetSpec) -> int:
        assignment = assignment_create(
            by=coordinator,
            title=f"Tuyên truyền Nghị quyết 57-NQ/TW, đợt {next(number)}",
            instructions="Đăng tải tin, bài trên cổng thông tin điện tử; treo băng rôn tại trụ sở.",
            due_on=due,
            targets=targets,
            evidence_kinds=["link"],
        )
        return assignment.unit_count

    assign(everyone)  # warm up: the roles cache, the first statements
    with _database.queries() as all_queries:
        units_all = assign(everyone)
    with _database.queries() as picked_queries:
        units_picked = assign(all_picked)
    with _database.queries() as ten_queries:
        units_ten = assign(ten)
    all_seconds = _database.timed(lambda: assign(everyone), runs)
    picked_seconds = _database.timed(lambda: assign(all_picked), runs)
    ten_seconds = _database.timed(lambda: assign(ten), runs)

    print(f"Assigning one task — {engine}, {Unit.objects.count()} units loaded")
    rows = [
        (f"to {units_all} units (every unit below the City)", all_queries, all_seconds),
        (f"to {units_picked} units picked one by one", picked_queries, picked_seconds),
        (f"to {units_ten} units picked one by one", ten_queries, ten_seconds),
    ]
    for label, captured, seconds in rows:
        print(f"  {label:<48} {len(captured):>3} queries, {_database.describe(seconds)}")
    verdict = "constant" if len(picked_queries) == len(ten_queries) else "GROWS WITH THE UNITS"
    print(f"  queries: {verdict}; under 1 s: {'yes' if statistics.median(all_seconds) < 1 else 'NO'}")
    print("  the queries of one assignment to every unit:")
    for query in all_queries.captured_queries:
        print(f"    {query['time']}s  {query['sql'][:110]}")
    print(f"command: {_database.command()}")


if __name__ == "__main__":
    main()
