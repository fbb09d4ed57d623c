"""The lists' select boxes (partials/list_filters.html, a list's bulk form): `{% select_options field %}`.

The same `<option>`s as `{% for option in field %}` would write, without a widget and a template pass per
option: a filter of 150 people cost about 150 template calls each on every list page.
"""

from django import template
from django.utils.safestring import mark_safe

from agency.core.tables import as_html

register = template.Library()


@register.simple_tag
def select_options(field):
    """The options of a bound form field with a select widget, the chosen one(s) marked `selected`, in the
    widget's own order (a group's options in line, as the widget's subwidgets list them)."""
    widget = field.field.widget
    chosen = set(widget.format_value(field.value()))
    options, marked = [], False
    for group_value, group_label in widget.choices:
        subchoices = group_label if isinstance(group_label, list | tuple) else [(group_value, group_label)]
        for value, label in subchoices:
            value = "" if value is None else value
            selected = (not marked or widget.allow_multiple_selected) and str(value) in chosen
            marked = marked or selected
            options.append(
                f'<option value="{as_html(value)}"{" selected" if selected else ""}>{as_html(label)}</option>'
            )
    return mark_safe("".join(options))  # noqa: S308 (every value and label escaped above)
