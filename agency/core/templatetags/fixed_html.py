"""Parts of every page that are the same for everyone who reads them in one language: written once, kept.

    {% load fixed_html %}{% fixed_html "partials/nav_menu.html" %}
    {{ hold_form|crispy_fixed }}     a form whose class says `same_for_everyone = True`

The navigation bar's menus are addresses and words only, yet rendering them (a dozen `{% url %}` and
`{% translate %}`) costs every signed-in page about as much as a small table. The template named here is
rendered once per language (and script prefix) in each process and its HTML reused; it gets no context,
so it cannot show anything about the reader or the request. Rule: "Fixed parts of a page are rendered
once" (docs/practice.md). With DEBUG on it is rendered every time, so an edited template shows at once.

`crispy_fixed` is `{{ form|crispy }}` for an unbound form whose class says `same_for_everyone = True`: nothing
in it is set per reader or request except the options of its choice fields and its initial values. Its HTML
then depends on the language, those options (read here, with the one query rendering would run) and those
values, which make the key. A bound form (data, errors) is rendered as usual.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms, template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

_rendered = {}
MAX_KEPT = 2000


def _forget(**kwargs):
    """A test that changes a setting (static storage, URLs, languages) must not see HTML kept from before."""
    _rendered.clear()


setting_changed.connect(_forget, dispatch_uid="fixed_html_forget")


@register.simple_tag
def fixed_html(template_name):
    key = (template_name, get_language(), get_script_prefix())
    html = _rendered.get(key)
    if html is None:
        # The file ends with a newline; the tag's own line in the including template has one already.
        html = mark_safe(render_to_string(template_name).rstrip("\n"))  # noqa: S308 (our own template's output)
        if not settings.DEBUG:
            _keep(key, html)
    return html


@register.filter
def crispy_fixed(form):
    if form.is_bound or not getattr(form, "same_for_everyone", False):
        return as_crispy_form(form)
    options = []
    for name, field in form.fields.items():
        if isinstance(field, forms.ChoiceField):
            field.choices = read = _options(field)  # kept for the rendering: one query for a model choice field
            options.append((name, tuple((str(value), str(label)) for value, label in read)))
    initial = tuple(sorted((name, repr(value)) for name, value in form.initial.items()))
    key = ("crispy", type(form), form.prefix, form.auto_id, get_language(), tuple(options), initial)
    html = _rendered.get(key)
    if html is None:
        html = as_crispy_form(form)
        if not settings.DEBUG:
            _keep(key, html)
    return html


def _keep(key, html):
    if len(_rendered) >= MAX_KEPT:  # forms keyed by their options (one per client's team, say): stay bounded
        _rendered.clear()
    _rendered[key] = html


def _options(field):
    """A choice field's options as its widget shows them. A model choice field's, in one plain query: Django's
    own iterator reads them through a server-side cursor (three round trips), made for tables too long for a
    select list."""
    if not isinstance(field, forms.ModelChoiceField):
        return list(field.choices)
    iterator = field.iterator(field)
    empty = [] if field.empty_label is None else [("", field.empty_label)]
    return empty + [iterator.choice(obj) for obj in field.queryset.all()]
