"""/api/docs/: the API's reference, drawn from the same OpenAPI schema as /api/schema/.

A plain server-rendered page: the site's Content Security Policy allows no third-party scripts, so no
Swagger UI or Redoc from a CDN. Each endpoint's own browsable page (open it while signed in) shows its
fields and lets you try it.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

from .conventions import TITLES

METHODS = ("get", "post", "put", "patch", "delete")


def _fields(schema, components):
    """[(name, type, read_only, required)] of an object schema, following one $ref."""
    if "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[1], {})
    required = set(schema.get("required", ()))
    return [
        (name, prop.get("format") or prop.get("type") or "object", prop.get("readOnly", False), name in required)
        for name, prop in schema.get("properties", {}).items()
    ]


def operations(schema):
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for path, item in schema["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "anchor": operation["operationId"],
                    "description": operation.get("description", ""),
                    "parameters": [
                        (parameter["name"], parameter["in"], parameter.get("required", False))
                        for parameter in operation.get("parameters", [])
                    ],
                    "body": _fields(body, components) if body else [],
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return found


@login_required
def api_docs(request):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    errors = sorted((code, title) for code, title in TITLES.items())
    context = {"operations": operations(schema), "errors": errors, "info": schema["info"]}
    return render(request, "agency/api_docs.html", context)
