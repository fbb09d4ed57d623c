"""docs/practice.md and the code agree: every rule a comment names is a heading there, every module a
section says enforces it exists, and no comment cites a document a reader of this repository cannot open."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRACTICE = ROOT / "docs" / "practice.md"
APPS = ("agency", "accounts", "briefs", "media", "evaluations", "templates", "bench", "bin")
SUFFIXES = {".py", ".html", ".txt"}

# The ways a comment names a rule; `Rules (docs/practice.md): "A", "B"` and `(docs/practice.md: "A", "B")`
# name several.
ONE = re.compile(r'"([^"]+)" \(docs/practice\.md\)|\((?:see )?docs/practice\.md, "([^"]+)"\)')
SEVERAL = re.compile(r'(?:Rules \(docs/practice\.md\): |\(docs/practice\.md: )((?:"[^"]+"(?:, )?)+)')
# Outside citations: a numbered seed document, a section sign, a chapter number.
OUTSIDE = re.compile(r"\bseeds? 0\d\d|\bseed [0-9]|\u00a7|\bch\. \d", re.IGNORECASE)


def headings():
    return {line[3:].strip() for line in PRACTICE.read_text(encoding="utf-8").splitlines() if line.startswith("## ")}


def code_files():
    for app in APPS:
        for path in (ROOT / app).rglob("*"):
            # Migrations are history; this file shows the citation forms.
            if path.suffix in SUFFIXES and "migrations" not in path.parts and path != Path(__file__).resolve():
                yield path


def flat(text):
    """The text with comment continuations joined, so a heading split over two lines reads as one."""
    return re.sub(r"\s*\n\s*(?:#\s*)?", " ", text)


def citations(text):
    text = flat(text)
    cited = [one or other for one, other in ONE.findall(text)]
    for group in SEVERAL.findall(text):
        cited += re.findall(r'"([^"]+)"', group)
    uses = text.count("docs/practice.md")
    forms = len(ONE.findall(text)) + len(SEVERAL.findall(text))
    return cited, uses - forms


def test_every_rule_a_comment_names_is_a_heading_of_docs_practice():
    known = headings()
    unknown, loose, outside = [], [], []
    for path in code_files():
        text = path.read_text(encoding="utf-8")
        cited, unmatched = citations(text)
        name = path.relative_to(ROOT)
        unknown += [f"{name}: {heading!r}" for heading in cited if heading not in known]
        if unmatched:
            loose.append(f"{name}: {unmatched} mention(s) of docs/practice.md without a heading")
        lines = enumerate(text.splitlines(), 1)
        outside += [f"{name}:{n}: {line.strip()}" for n, line in lines if OUTSIDE.search(line)]
    assert unknown == [], "rename the heading in the comment, or the heading in docs/practice.md"
    assert loose == [], 'name the rule: (docs/practice.md, "<Heading>")'
    assert outside == [], "say the point in plain words and name the rule's heading instead"


def enforced_in():
    """(section, path, names) for each module an "Enforced in:" line lists."""
    text = PRACTICE.read_text(encoding="utf-8")
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        title = section.splitlines()[0]
        match = re.search(r"^Enforced in: (.*?)(?:\n\n|\Z)", section, re.S | re.M)
        if not match:
            continue
        line = " ".join(match.group(1).split())
        for path, names in re.findall(r"([\w./-]+)(?: \(([^)]*)\))?(?:, |$)", line):
            yield title, path, [name.strip() for name in names.split(",") if name.strip()]


def defines(source, dotted):
    """Whether the module defines `Name` or `Name.attribute` (a class, function or assignment)."""
    *owner, name = dotted.split(".")
    if owner and not re.search(rf"^class {owner[0]}\b", source, re.M):
        return False
    return bool(re.search(rf"^\s*(?:def|class) {name}\b|^\s*{name}\s*[:=]", source, re.M))


def test_every_module_a_rule_is_enforced_in_exists_and_defines_what_it_names():
    listed = list(enforced_in())
    assert len({title for title, _, _ in listed}) == len(headings())
    wrong = []
    for title, path, names in listed:
        target = ROOT / path
        if not target.exists():
            wrong.append(f"{title}: {path} does not exist")
            continue
        source = target.read_text(encoding="utf-8") if target.is_file() else ""
        wrong += [f"{title}: {path} has no {name}" for name in names if not defines(source, name)]
    assert wrong == []
