"""Every audit code the source writes is registered with a sentence, and the registry holds nothing else.

The source is read, not run: every `audit.record(...)` call, and where its code is passed in (a helper's
`action` argument), every caller's literal or f-string. An f-string code is a pattern; DYNAMIC says which
codes each pattern can produce.
"""

import ast
import functools
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from accounts.models import Prospect
from agency.core import audit, decisions
from agency.core.models import AuditEvent, DecisionRequest
from briefs.models import Concept, EstimateOverrun, FinalAd, ProductionEstimate
from media.models import ClientNotice, PlanVersion

ROOT = Path(settings.BASE_DIR)
APPS = ("agency", "accounts", "briefs", "media", "evaluations")

# The documents whose client decision briefs.workflow records as "<kind>.client_approved" and
# "<kind>.client_changes_requested" (their outcome handlers are on_document_approved / _changes_requested).
# The post-analysis is moving to evaluations; its kind (and so its codes) stays "post_analysis".
CLIENT_DECIDED = [
    decisions.kind_for_model(m).code for m in (Concept, ProductionEstimate, EstimateOverrun, FinalAd, PlanVersion)
]
CLIENT_DECIDED.append("post_analysis")
CLIENT_DECIDED += ["media_recommendation", "monthly_media_plan"]  # the written confirmations before booking

DYNAMIC = {
    "prospect.{status}": [f"prospect.{s}" for s in (Prospect.Status.WON, Prospect.Status.LOST)],
    "media_notice.{kind}": [f"media_notice.{kind}" for kind in ClientNotice.Kind.values],
    # check_usable() closes a link that expired or whose document changed under it.
    "decision_request.{new_status}": [
        f"decision_request.{s}" for s in (DecisionRequest.Status.EXPIRED, DecisionRequest.Status.SUPERSEDED)
    ],
    "{decisions.kind_of(document).code}.file_added": [
        f"{decisions.kind_for_model(m).code}.file_added" for m in (Concept, FinalAd)
    ],
    "{kind_of(document).code}.client_approved": [f"{kind}.client_approved" for kind in CLIENT_DECIDED],
    "{kind_of(document).code}.client_changes_requested": [
        f"{kind}.client_changes_requested" for kind in CLIENT_DECIDED
    ],
}


def source_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "tests" not in parts and "migrations" not in parts:
                yield path


def _pattern(node):
    """An f-string as "prospect.{status}"."""
    return "".join(
        part.value if isinstance(part, ast.Constant) else "{" + ast.unparse(part.value) + "}" for part in node.values
    )


def _enclosing_functions(tree):
    parents = {}
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            parents[child] = parent
    return parents


def _argument(call, function, name):
    """The expression `call` passes for parameter `name` of `function`, or None."""
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    positional = [a.arg for a in function.args.posonlyargs + function.args.args]
    if name in positional and positional.index(name) < len(call.args):
        return call.args[positional.index(name)]
    return None


def _codes(node, tree, parents, where):
    """{code or pattern: [where]} that expression `node` may evaluate to."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value: [where]}
    if isinstance(node, ast.JoinedStr):
        return {_pattern(node): [where]}
    if isinstance(node, ast.IfExp):
        found = _codes(node.body, tree, parents, where)
        for code, places in _codes(node.orelse, tree, parents, where).items():
            found.setdefault(code, []).extend(places)
        return found
    if isinstance(node, ast.Name):
        # A helper's parameter (e.g. `_close(..., action=...)`): what every caller in the module passes.
        function = parents.get(node)
        while function is not None and not isinstance(function, ast.FunctionDef):
            function = parents.get(function)
        params = [a.arg for a in function.args.posonlyargs + function.args.args + function.args.kwonlyargs]
        assert node.id in params, f"{where}: the audit code {node.id!r} is neither a literal nor a parameter"
        # Callers anywhere in the source (a package's modules call each other's helpers).
        found = {}
        defined_in = next(path for path, source, _parents in parsed_sources() if source is tree)
        for caller_path, caller_tree, caller_parents in parsed_sources():
            calls = _calls_of(function.name, defined_in.stem, caller_tree, same_module=caller_path == defined_in)
            for call in calls:
                passed = _argument(call, function, node.id)
                assert passed is not None, f"{where}: a call of {function.name}() does not pass {node.id!r}"
                via = f"{where} via {caller_path.relative_to(ROOT)}:{call.lineno}"
                for code, places in _codes(passed, caller_tree, caller_parents, via).items():
                    found.setdefault(code, []).extend(places)
        assert found, f"{where}: {function.name}() passes its audit code in, but nothing in the source calls it"
        return found
    raise AssertionError(f"{where}: cannot tell which audit code {ast.unparse(node)!r} is")


def _calls_of(name, module, tree, *, same_module):
    """The calls of function `name` (defined in `module`) in `tree`: by name in its own module; elsewhere as
    `module.name(...)`, or `name(...)` where the name was imported from `module`."""
    imported = same_module or any(
        isinstance(node, ast.ImportFrom)
        and (node.module or "").rsplit(".", 1)[-1] == module
        and any(alias.name == name for alias in node.names)
        for node in ast.walk(tree)
    )
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        callee = call.func
        if isinstance(callee, ast.Name) and callee.id == name and imported:
            yield call
        elif isinstance(callee, ast.Attribute) and callee.attr == name:
            if same_module or getattr(callee.value, "id", None) == module:
                yield call


@functools.cache
def parsed_sources():
    sources = []
    for path in source_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        sources.append((path, tree, _enclosing_functions(tree)))
    return tuple(sources)


def written_codes():
    """{code or f-string pattern: [file:line, ...]} for every audit.record() in the source."""
    found = {}
    for path, tree, parents in parsed_sources():
        for call in ast.walk(tree):
            func = getattr(call, "func", None)
            if not (isinstance(call, ast.Call) and isinstance(func, ast.Attribute) and func.attr == "record"):
                continue
            if getattr(func.value, "id", None) != "audit":
                continue
            code = call.args[0] if call.args else next(k.value for k in call.keywords if k.arg == "action")
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            for value, places in _codes(code, tree, parents, where).items():
                found.setdefault(value, []).extend(places)
    return found


def test_the_scan_finds_the_literals_the_helpers_and_the_f_strings():
    written = written_codes()
    assert "brief.sent" in written  # a literal
    assert "checklist.step_reopened" in written  # one branch of a conditional expression
    assert "campaign.held" in written and "concept.sent_to_client" in written  # passed to a helper
    assert "decision_request.{new_status}" in written  # an f-string passed to a helper


def test_every_code_written_in_the_source_is_registered():
    written = written_codes()
    patterns = {code for code in written if "{" in code}
    assert patterns <= set(DYNAMIC), (
        f"New audit code patterns {sorted(patterns - set(DYNAMIC))} at "
        f"{[written[p] for p in sorted(patterns - set(DYNAMIC))]}: add the codes each can produce to DYNAMIC"
    )
    codes = {code for code in written if "{" not in code}
    for pattern in patterns:
        codes.update(DYNAMIC[pattern])
    missing = {code: written.get(code) for code in codes if audit.action_for(code) is None}
    assert not missing, f"Register these audit codes in the app's audit_actions.py: {missing}"


def test_every_registered_code_is_written_or_marked_historical():
    written = written_codes()
    codes = {code for code in written if "{" not in code}
    for pattern in DYNAMIC:
        codes.update(DYNAMIC[pattern])
    stale = {code for code, action in audit.registered().items() if not action.historical} - codes
    assert not stale, f"No longer written: register them with historical=True so old rows still read: {stale}"


def placeholders(text):
    return sorted(re.findall(r"%\((\w+)\)s", text))


def every_sentence():
    for code, action in sorted(audit.registered().items()):
        for variant, sentence in action.sentences.items():
            yield f"{code}[{variant}]" if variant else code, sentence


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_every_sentence_keeps_its_placeholders_in_every_language(language):
    for name, sentence in every_sentence():
        english = str(sentence)
        with translation.override(language):
            translated = str(sentence)
        assert placeholders(translated) == placeholders(english), f"{name} in {language}: {translated}"


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_every_sentence_is_translated(language):
    untranslated = []
    for name, sentence in every_sentence():
        english = str(sentence)
        with translation.override(language):
            if str(sentence) == english:
                untranslated.append(name)
    assert not untranslated, f"Not translated into {language}: {untranslated}"


def test_a_name_stored_in_the_writers_language_reads_in_the_readers():
    # The object's name is kept as it was written, by a person reading the app in Chinese.
    started = AuditEvent(action="estimate.version_created", actor_id=1, actor_label="王芳", object_repr="制作估价 v2")
    assert audit.sentence(started, links=False) == "王芳 started production estimate v2"
    completed = AuditEvent(
        action="evaluation.completed", actor_id=1, actor_label="王芳", object_repr="效果评估 · TSD-2026-001 Spring"
    )
    assert audit.sentence(completed, links=False) == "王芳 completed the evaluation of TSD-2026-001 Spring"
