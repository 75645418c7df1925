"""factory_boy factories for Lan Tỏa's models.

Units go through treebeard (`add_root` / `parent.add_child`) so that their paths are real;
roles go through `role_grant`, so that a user built here is one the services would build.
"""

import factory
from factory.django import DjangoModelFactory

from lantoa.accounts.models import User
from lantoa.accounts.services import role_grant
from lantoa.core import access
from lantoa.org.models import Audience, Unit, UnitKind

TEST_PASSWORD = "mat-khau-thu-nghiem-2026"


class UnitFactory(DjangoModelFactory):
    """`UnitFactory()` makes a root; `UnitFactory(parent=city)` a child of `city`."""

    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"Phường Thử {n}")
    kind = UnitKind.WARD
    parent = None

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        if parent is None:
            return model_class.add_root(**kwargs)
        parent.refresh_from_db()
        return parent.add_child(**kwargs)


class UserFactory(DjangoModelFactory):
    """`UserFactory(roles=[("officer", ward)])`, or `[(role, unit, include_subtree)]`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoi-dung-{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    first_name = "An"
    last_name = "Nguyễn Văn"
    password = factory.django.Password(TEST_PASSWORD)
    is_active = True

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        actor = access.system("tests")
        for grant in extracted:
            role, unit, *rest = grant
            role_grant(by=actor, user=self, role=role, unit=unit, include_subtree=bool(rest and rest[0]))


class AudienceFactory(DjangoModelFactory):
    class Meta:
        model = Audience

    code = factory.Sequence(lambda n: f"doi-tuong-{n}")
    name = factory.Sequence(lambda n: f"Đối tượng {n}")
    description = ""
    sort_order = factory.Sequence(lambda n: n)
    is_active = True
