"""Factories for tasks: an assignment, and a unit's task of it, as the services would write them.

For a board of many units × many assignments, build rows with `bulk_create` (see
tests/assignments/test_selectors.py): these factories make one row per call.
"""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from lantoa.assignments.models import Assignment, TargetKind, TaskState, UnitTask
from lantoa.org.models import UnitKind

from . import UnitFactory


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    issuing_unit = factory.SubFactory(UnitFactory, kind=UnitKind.DEPARTMENT)
    title = factory.Sequence(lambda n: f"Nhiệm vụ tuyên truyền số {n}")
    instructions = "Đăng tải tin, bài về Nghị quyết 57-NQ/TW trên cổng thông tin điện tử."
    issued_on = factory.LazyFunction(timezone.localdate)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    target_kind = TargetKind.HAND_PICKED
    unit_count = 1


class UnitTaskFactory(DjangoModelFactory):
    class Meta:
        model = UnitTask

    assignment = factory.SubFactory(AssignmentFactory)
    unit = factory.SubFactory(UnitFactory)
    state = TaskState.NEW
