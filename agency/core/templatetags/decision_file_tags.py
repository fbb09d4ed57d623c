"""The files a client decides on, for a document's decision template:

    {% load decision_file_tags %}{% decision_files document as files %}
    {% for f in files %}<a href="{{ f.url }}">{{ f.name }}</a> {{ f.sha256 }}{% endfor %}

On the client's decision page (a `decision_request` in the context) each file has a `url` the link holder
may open (agency.core.decision_file_views); elsewhere `url` is empty.
"""

from types import SimpleNamespace

from django import template
from django.urls import reverse

from agency.core.decision_file_views import decision_file_list
from agency.core.decisions.kinds import file_sha256

register = template.Library()


@register.simple_tag(takes_context=True)
def decision_files(context, document):
    decision_request = context.get("decision_request")
    if decision_request is None:
        return []
    shown = []
    for index, name, field_file in decision_file_list(decision_request, document):
        stored = field_file.instance
        content_type = getattr(stored, "content_type", "")
        shown.append(
            SimpleNamespace(
                name=name,
                stored=stored,
                url=reverse("decision_file", args=[decision_request.pk, index]),
                sha256=file_sha256(field_file),
                content_type=content_type,
                is_image=content_type.startswith("image/"),
                is_video=content_type.startswith("video/"),
                is_audio=content_type.startswith("audio/"),
                size=getattr(stored, "size", None),
            )
        )
    return shown
