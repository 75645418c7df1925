from typing import Any
from urllib.parse import urlencode

from allauth.account.forms import ResetPasswordForm
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lantoa.accounts import services as account_services
from lantoa.accounts.models import RoleAssignment, User
from lantoa.accounts.selectors import user_get_for_user, user_list_for_user
from lantoa.core import access

from ..forms import PeopleSearchForm, PersonDetailsForm, PersonForm, RoleGrantForm
from .base import ConsoleView
from .units import _add_errors

PEOPLE_CRUMB = {"url": reverse_lazy("console:people-index"), "label": gettext_lazy("People and roles")}


def _send_password_link(request: HttpRequest, email: str) -> None:
    # A new account's first password: the same reset flow as user_send_password_link, audited by user_create.
    form = ResetPasswordForm(data={"email": email})
    if form.is_valid():
        form.save(request)


class PeopleIndexView(ConsoleView):
    permission = "accounts.view_users"
    page_title = gettext_lazy("People and roles")
    header_icon = "group"
    template_name = "console/people_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = PeopleSearchForm(self.request.GET or None)
        q = form.cleaned_data["q"] if form.is_valid() else ""
        people = user_list_for_user(by=self.request.user, q=q)
        context["form"] = form
        context["query"] = urlencode({"q": q}) if q else ""
        context["page"] = Paginator(people, 50).get_page(self.request.GET.get("p"))
        context["can_add"] = access.has(self.request.user, "accounts.manage_users")
        return context


class PersonCreateView(ConsoleView):
    permission = "accounts.manage_users"
    page_title = gettext_lazy("Add a person")
    header_icon = "user"
    template_name = "console/person_form.html"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, PEOPLE_CRUMB, {"url": "", "label": self.get_page_title()}]

    def _form(self, data: Any = None) -> PersonForm:
        user = self.request.user
        return PersonForm(
            data,
            units=access.units(user, "accounts.manage_users"),
            can_grant_all=access.has(user, "org.manage"),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                person = account_services.user_create(
                    by=request.user,
                    unit=data["unit"],
                    role=data["role"],
                    username=data["username"],
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    include_subtree=data["include_subtree"],
                    title=data["title"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                _send_password_link(request, person.email)
                messages.success(
                    request,
                    _("%(person)s was added. A link to choose a password was sent to %(email)s.")
                    % {"person": person, "email": person.email},
                )
                return redirect("console:person-detail", pk=person.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PersonDetailView(ConsoleView):
    permission = "accounts.view_users"
    header_icon = "user"
    template_name = "console/person_detail.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, self.permission)
        self.person = user_get_for_user(by=request.user, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.person)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, PEOPLE_CRUMB, {"url": "", "label": str(self.person)}]

    def _form(self, data: Any = None) -> RoleGrantForm:
        user = self.request.user
        return RoleGrantForm(
            data,
            units=access.units(user, "accounts.manage_users"),
            can_grant_all=access.has(user, "org.manage"),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["person"] = self.person
        roles = list(self.person.roles.select_related("unit").order_by("role"))
        context["roles"] = [(r, access.has(user, "accounts.manage_users", r.unit)) for r in roles]
        context["can_manage"] = access.has(user, "accounts.manage_users")
        context["can_edit_person"] = account_services.may_manage_person(by=user, user=self.person)
        if context["can_manage"]:
            context.setdefault("form", self._form())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                account_services.role_grant(
                    by=request.user,
                    user=self.person,
                    role=data["role"],
                    unit=data["unit"],
                    include_subtree=data["include_subtree"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Role granted."))
                return redirect("console:person-detail", pk=self.person.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RoleRevokeView(ConsoleView):
    permission = "accounts.manage_users"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        assignment = get_object_or_404(RoleAssignment.objects.select_related("user", "unit"), pk=kwargs["pk"])
        person = user_get_for_user(by=request.user, pk=assignment.user_id)
        try:
            account_services.role_revoke(by=request.user, assignment=assignment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Role removed."))
        return redirect("console:person-detail", pk=person.pk)


class PersonPasswordLinkView(ConsoleView):
    permission = "accounts.manage_users"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        person = user_get_for_user(by=request.user, pk=kwargs["pk"])
        try:
            account_services.user_send_password_link(by=request.user, user=person, request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("A link to choose a new password was sent to %(email)s.") % {"email": person.email}
            )
        return redirect("console:person-detail", pk=person.pk)


class PersonDetailsView(ConsoleView):
    """Change a person's name, contact details or whether the account is active."""

    permission = "accounts.manage_users"
    header_icon = "user"
    template_name = "console/person_details_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        access.require(request.user, self.permission)
        self.person = user_get_for_user(by=request.user, pk=kwargs["pk"])
        if not account_services.may_manage_person(by=request.user, user=self.person):
            raise PermissionDenied(_("You may manage people only within your own unit."))
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Edit %(person)s") % {"person": self.person}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, PEOPLE_CRUMB, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", PersonDetailsForm(instance=self.person))
        context["person"] = self.person
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = PersonDetailsForm(request.POST, instance=User.objects.get(pk=self.person.pk))
        if form.is_valid():
            changed = {name: form.cleaned_data[name] for name in form.changed_data}
            try:
                if changed:
                    account_services.user_update(by=request.user, user=self.person, **changed)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("%(person)s saved.") % {"person": self.person})
                return redirect("console:person-detail", pk=self.person.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)
