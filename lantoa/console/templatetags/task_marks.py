"""How a task's state is shown: `{% load task_marks %}` then `{% task_state task.state overdue %}`.

Each state has a colour and a mark of its own (○ ► ● ✓ ↩), so that it reads without colour too;
an overdue task also says "Overdue" in words.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lantoa.assignments.models import TaskState

register = template.Library()

STATE_MARKS: dict[str, str] = {
    TaskState.NEW: "○",
    TaskState.IN_PROGRESS: "►",
    TaskState.DONE: "●",
    TaskState.ACCEPTED: "✓",
    TaskState.RETURNED: "↩",
}
OVERDUE_MARK = "!"


@register.simple_tag
def task_state(state: str, overdue: bool = False) -> SafeString:
    label = TaskState(state).label if state in TaskState.values else state
    badge = format_html(
        '<span class="lt-state lt-state--{}">'
        '<span class="lt-state__mark" aria-hidden="true">{}</span> {}</span>',
        state,
        STATE_MARKS.get(state, "?"),
        label,
    )
    if overdue:
        badge += task_overdue()
    return badge


@register.simple_tag
def task_overdue() -> SafeString:
    return format_html(
        '<span class="lt-overdue"><span class="lt-overdue__mark" aria-hidden="true">{}</span> {}</span>',
        OVERDUE_MARK,
        _("Overdue"),
    )
