"""The coordinator's board at 160 units × 50 assignments: queries and time of the selector, the page
and the XLSX export.

Builds 160 wards under a city and 50 assignments with `bulk_create` (8,000 tasks in every state,
a third of the assignments past due), then measures, as a coordinator over the whole city:
`assignment_board` (the selector: its queries and its time), the board page through Django's test
client (the full response: middleware, Wagtail's frame, the template), and the XLSX export. For the
comparison, in the same run, the selector and the page at 16 units × 5 assignments: the numbers of
queries must be the same. Prints the figures and the exact command.

    .venv/bin/python bench/assignments_board.py [--runs 9]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lantoa_bench .venv/bin/python bench/assignments_board.py
"""

import argparse
import datetime
import random

import _database

UNITS, ASSIGNMENTS = 160, 50
SMALL_UNITS, SMALL_ASSIGNMENTS = 16, 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each measure (default 9)")
    args = parser.parse_args()
    engine = _database.setup()
    try:
        run(engine, args.runs)
    finally:
        _database.teardown()


def build(city, units: int, assignments: int, tag: str) -> None:
    """`units` wards under a district of `city`, each with a task of each of `assignments` assignments."""
    from django.utils import timezone

    from lantoa.assignments.models import COMPLETED_STATES, Assignment, TargetKind, TaskState, UnitTask
    from lantoa.org.models import Unit

    chance = random.Random(57)
    today = timezone.localdate()
    district = city.add_child(code=f"D-{tag}", name=f"Khu vực thử {tag}", kind="district")
    wards = [
        Unit(code=f"{tag}{n:04d}", name=f"Phường Thử {tag} {n:03d}", kind="ward", search_text="")
        for n in range(units)
    ]
    created = []
    for ward in wards:  # treebeard gives each its path
        district.refresh_from_db()
        created.append(district.add_child(instance=ward))
    batch = Assignment.objects.bulk_create(
        [
            Assignment(
                issuing_unit=city,
                title=f"Nhiệm vụ tuyên truyền {tag} số {n + 1}",
                issued_on=today - datetime.timedelta(days=40),
                due_on=today + datetime.timedelta(days=(n % 3 - 1) * 10 + n % 7),
                target_kind=TargetKind.SUBTREE,
                target_root=district,
                unit_count=units,
            )
            for n in range(assignments)
        ]
    )
    states = [s.value for s in TaskState]
    tasks = []
    for assignment in batch:
        for ward in created:
            state = chance.choice(states)
            tasks.append(
                UnitTask(
                    assignment=assignment,
                    unit=ward,
                    state=state,
                    return_reason="Thiếu minh chứng." if state == TaskState.RETURNED else "",
                    done_at=timezone.now() if state in COMPLETED_STATES else None,
                )
            )
    UnitTask.objects.bulk_create(tasks, batch_size=2000)


def run(engine: str, runs: int) -> None:
    from django.test import Client

    from lantoa.accounts.models import User
    from lantoa.accounts.policy import forget
    from lantoa.accounts.services import role_grant
    from lantoa.assignments.exports import board_export_for_user
    from lantoa.assignments.selectors import BoardFilters, assignment_board
    from lantoa.core import access
    from lantoa.org.models import Unit

    city = Unit.add_root(code="HN", name="Ủy ban nhân dân Thành phố Hà Nội", kind="city")
    build(city, SMALL_UNITS, SMALL_ASSIGNMENTS, "S")
    city.refresh_from_db()
    build(city, UNITS, ASSIGNMENTS, "L")
    small = Unit.objects.get(code="D-S")
    large = Unit.objects.get(code="D-L")
    coordinator = User.objects.create_user(username="dieuphoi", password="x")
    system = access.system("bench")
    role_grant(by=system, user=coordinator, role="coordinator", unit=city, include_subtree=True)
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(coordinator)

    results = []
    cases = (("160 units × 50 assignments", large), ("16 units × 5 assignments (comparison)", small))
    for label, parent in cases:
        filters = BoardFilters(parent_id=parent.pk)

        def select(filters: BoardFilters = filters) -> object:
            forget(coordinator)
            return assignment_board(user=coordinator, filters=filters)

        board = select()
        with _database.queries() as selector_queries:
            select()
        url = f"/console/assignments/board/?parent={parent.pk}"
        page = client.get(url)
        assert page.status_code == 200, page.status_code
        with _database.queries() as page_queries:
            client.get(url)
        results.append(
            (
                label,
                f"{len(board.rows)}×{len(board.columns)}",
                len(selector_queries),
                _database.timed(select, runs),
                len(page_queries),
                _database.timed(lambda url=url: client.get(url), runs),
                len(page.content),
            )
        )
    large_filters = BoardFilters(parent_id=large.pk)
    export_seconds = _database.timed(
        lambda: board_export_for_user(user=coordinator, filters=large_filters), max(3, runs // 3)
    )

    print(f"The task board — {engine}")
    for label, shape, sq, st, pq, pt, size in results:
        print(f"  {label} (rows×columns {shape})")
        print(f"    selector assignment_board: {sq} queries, {_database.describe(st)}")
        page = f"page /console/assignments/board/ (test client, {size // 1024} KB of HTML)"
        print(f"    {page}: {pq} queries, {_database.describe(pt)}")
    same = results[0][2] == results[1][2] and results[0][4] == results[1][4]
    print(f"  queries: {'constant' if same else 'GROW WITH THE BOARD'} (selector and page, large and small)")
    print(f"  XLSX export of the large board: {_database.describe(export_seconds)}")
    print(f"command: {_database.command()}")


if __name__ == "__main__":
    main()
