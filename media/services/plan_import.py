"""A media plan from Excel: preview, then all or nothing (docs/practice.md, "Imports within bounds").

A row of the file is matched to a line of the plan by its "#" (the export's line number) or, without one,
by being the same line (every typed-in field equal). A matched row changes its line or leaves it as it is;
any other row adds a line; with "replace", lines no row matched are removed. So the same file imported
twice adds nothing the second time.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from agency.core import audit, imports
from briefs.rollups import campaign_rollup_refresh

from ..models import PlanLine, PlanVersion
from . import MediaError
from .plans import _require_draft, _require_open, line_values

KIND = "media_plan"
DATES = ("flight_start", "flight_end")
DECIMALS = ("unit_rate", "discount_pct")
PREVIEW_ROWS = 100  # rows listed per group on the preview page; the counts are always whole


@dataclass
class Match:
    add: list = field(default_factory=list)  # (row, position, values)
    change: list = field(default_factory=list)  # (row, line, values)
    same: list = field(default_factory=list)  # (row, line)
    remove: list = field(default_factory=list)  # lines

    def counts(self):
        return {name: len(getattr(self, name)) for name in ("add", "change", "same", "remove")}


def _inputs(line):
    return {name: getattr(line, name) for name in PlanLine.INPUTS}


def _content(values):
    return tuple(values[name] for name in PlanLine.INPUTS)


def match(lines, checked, *, replace):
    """What importing `checked` ((row, position, values) in file order) into `lines` does."""
    found = Match()
    by_position = {line.position: line for line in lines}
    by_content = defaultdict(list)
    for line in lines:
        by_content[_content(_inputs(line))].append(line)
    used = set()
    for row, position, values in checked:
        line = by_position.get(position)
        if line is not None and line.pk not in used:
            used.add(line.pk)
            # What the file has no column for stays as the line has it: a partial file loses nothing.
            given = {name: value for name, value in values.items() if name in values["given"]}
            values = line_values({**_inputs(line), **given})
            if all(getattr(line, name) == values[name] for name in PlanLine.INPUTS):
                found.same.append((row, line))
            else:
                found.change.append((row, line, values))
            continue
        twins = [line for line in by_content.get(_content(values), []) if line.pk not in used]
        if twins:
            used.add(twins[0].pk)
            found.same.append((row, twins[0]))
            continue
        found.add.append((row, position, values))
    if replace:
        found.remove = [line for line in lines if line.pk not in used]
    # New lines keep their "#" when it is free, the others follow the last line.
    removed = {line.pk for line in found.remove}
    taken = {line.position for line in lines if line.pk not in removed}
    placed = []
    for row, position, values in found.add:
        if position and position not in taken:
            taken.add(position)
            placed.append((row, position, values))
        else:
            placed.append((row, None, values))
    last = max(taken, default=0)
    found.add = []
    for row, position, values in placed:
        if position is None:
            last += 1
            position = last
        found.add.append((row, position, values))
    return found


def _fields(values):
    return {name: value for name, value in values.items() if name != "given"}


def _checked(rows, progress=None):
    checked = []
    for done, row in enumerate(rows, start=1):
        values = line_values({"discount_pct": Decimal("0"), **row})
        values["given"] = {name for name in row if name in PlanLine.INPUTS}
        checked.append((row.get("row"), row.get("position"), values))
        if progress and done % imports.CHUNK == 0:
            progress(done)
    return checked


def _describe(values):
    return " · ".join(
        str(part)
        for part in (
            values["vendor"],
            values["vehicle"],
            f"{values['flight_start']:%Y-%m-%d} – {values['flight_end']:%Y-%m-%d}",
            f"{values['spots']} × {values['unit_rate']:,.2f}",
        )
    )


def plan_import_preview(*, version, rows, replace, file_name, by):
    """Keep the checked rows and what importing them would do; nothing is written to the plan."""
    _require_open(version.campaign)
    _require_draft(version)
    found = match(list(version.lines.all()), _checked(rows), replace=replace)
    labels = {name: str(capfirst(PlanLine._meta.get_field(name).verbose_name)) for name in PlanLine.INPUTS}
    preview = {
        "counts": found.counts(),
        "replace": bool(replace),
        "add": [
            {"row": row, "line": position, "text": _describe(values)}
            for row, position, values in found.add[:PREVIEW_ROWS]
        ],
        "change": [
            {
                "row": row,
                "line": line.position,
                "text": _describe(values),
                "fields": [labels[n] for n in PlanLine.INPUTS if getattr(line, n) != values[n]],
            }
            for row, line, values in found.change[:PREVIEW_ROWS]
        ],
        "remove": [
            {"line": line.position, "text": _describe({n: getattr(line, n) for n in PlanLine.INPUTS})}
            for line in found.remove[:PREVIEW_ROWS]
        ],
    }
    return imports.job_start(
        kind=KIND,
        target_id=version.pk,
        rows=[to_json(row) for row in rows],
        preview=preview,
        file_name=file_name,
        options={"replace": bool(replace)},
        by=by,
    )


def plan_lines_import(*, version, rows, replace, by, progress=None):
    """Write imported rows (already read by media.services.excel) in one transaction: add, change and, with
    `replace`, remove lines. Matched against the plan as it is when written, not as it was previewed."""
    _require_open(version.campaign)
    _require_draft(version)
    checked = _checked(rows, progress)
    with transaction.atomic():
        locked = PlanVersion.objects.select_for_update().get(pk=version.pk)
        _require_draft(locked)
        found = match(list(locked.lines.all()), checked, replace=replace)
        PlanLine.objects.filter(pk__in=[line.pk for line in found.remove]).delete()
        PlanLine.objects.bulk_create(
            PlanLine(version=locked, position=position, **_fields(values)) for _row, position, values in found.add
        )
        changed, columns = [], {"revision"}
        for _row, line, values in found.change:
            for name, value in _fields(values).items():
                if getattr(line, name) != value:
                    columns.add(name)
                setattr(line, name, value)
            line.revision += 1
            changed.append(line)
        # Only the columns some line changed: an UPDATE of every column of every line costs ten times more.
        columns.update(PlanLine.COMPUTED)
        PlanLine.objects.bulk_update(changed, sorted(columns), batch_size=500)
        counts = found.counts()
        if counts["add"] or counts["change"] or counts["remove"]:
            audit.record(
                "media_plan.lines_imported",
                obj=locked,
                actor=by,
                data={"lines": counts["add"] + counts["change"], "replaced": bool(replace), **counts},
            )
            campaign_rollup_refresh(locked.campaign_id)  # once for the whole import
    return counts


def to_json(row):
    return {
        key: value.isoformat() if isinstance(value, date) else str(value) if isinstance(value, Decimal) else value
        for key, value in row.items()
    }


def from_json(row):
    row = dict(row)
    for name in DATES:
        row[name] = date.fromisoformat(row[name])
    for name in DECIMALS:
        if name in row:
            row[name] = Decimal(row[name])
    return row


def _run(job, progress):
    version = PlanVersion.objects.select_related("campaign").filter(pk=job.target_id).first()
    if version is None:
        raise MediaError(_("The media plan no longer exists."))
    rows = [from_json(row) for row in job.rows]
    return plan_lines_import(
        version=version, rows=rows, replace=job.options.get("replace", False), by=job.created_by, progress=progress
    )


imports.register(imports.Importer(kind=KIND, run=_run, errors=(MediaError,)))
