"""Checks on the source article (i18n.checks.source): `check --source`, the same findings
at the top of `check`, `claims: error` as an export gate, and `status`."""

from __future__ import annotations

import json
import re

import polib
from conftest import FIXTURES, SEED_SLUG
from test_gate import set_msgstr

SEED_MD = f"articles/{SEED_SLUG}.md"
SEED_PO = f"locales/zh_TW/LC_MESSAGES/{SEED_SLUG}.po"
HEDGED = (FIXTURES / "claims" / "hedged-en.txt").read_text(encoding="utf-8").splitlines()


def findings(out: str, check: str) -> list[tuple[int, str]]:
    return [(int(line), message) for line, message in
            re.findall(rf"^{re.escape(SEED_MD)}:(\d+): \w+: \[{check}\] (.*)$", out, re.M)]


def test_check_source_reports_the_seed_claims_at_their_lines(cli):
    code, out, err = cli("check", "--source")
    assert code == 0, err                      # warnings by default
    claims = findings(out, "claims")
    expected = {244: "'essentially zero'", 247: "'no risk'",
                30: "'The only lasting solution'", 118: "'no single pharmaceutical agent can'"}
    for line, phrase in expected.items():
        assert any(l == line and m.startswith(phrase) for l, m in claims), (line, claims)
    assert any(l == 30 and m.startswith("'no laser and no cream can'") for l, m in claims)
    assert any(l == 1 and m.startswith("no references: ") for l, m in claims)
    assert all(": warning: " in line for line in out.splitlines() if SEED_MD in line)
    # plain language: every section above grade 8, and the 42-word sentence at its line
    plain = findings(out, "plain-language")
    assert sum("reads at grade" in m for _, m in plain) == 8
    assert (1, "the whole article: reading grade 17.0 (Flesch–Kincaid 16.3, SMOG 17.0); "
               "patient material is best at grade 8 or below (AMA, NIH, CDC)") in plain
    assert any(line == 226 and m.startswith("sentence of 42 words") for line, m in plain)
    assert any(line == 30 and m.startswith("'dermis' is explained neither") for line, m in plain)
    assert "locales/" not in out                 # --source: the articles only


def test_check_shows_the_source_findings_first(cli):
    code, out, err = cli("check", "--locale", "zh-TW")
    lines = out.splitlines()
    assert lines[0].startswith(f"{SEED_MD}:1: warning: [claims] no references")
    assert re.search(r"^\d+ error\(s\), \d+ warning\(s\)$", err.strip().splitlines()[-1])
    assert re.search(r"^  plain-language +\d+ warnings$", err, re.M)     # in the summary
    # --only and --slug reach the source findings too
    code, out, err = cli("check", "--source", "--only", "claims")
    assert "[claims]" in out and "[plain-language]" not in out
    code, out, err = cli("check", "--locale", "zh-TW", "--only", "numbers")
    assert SEED_MD not in out
    code, out, err = cli("check", "--locale", "zh-TW", "--slug", "handout")
    assert SEED_MD not in out


def test_a_plain_rewrite_and_hedged_text_give_no_finding(cli, project_copy):
    seed = (project_copy / SEED_MD).read_text(encoding="utf-8")
    start, end = seed.index("## How Basement Membrane Damage"), seed.index("## PRP Composition")
    plain = (FIXTURES / "claims" / "plain-section.md").read_text(encoding="utf-8")
    hedged = "\n\n".join(HEDGED)
    text = seed[:start] + plain + "\n" + hedged + "\n\n" + seed[end:]
    (project_copy / SEED_MD).write_text(text, encoding="utf-8")
    first = text[:start].count("\n") + 1
    last = text[:text.index("## PRP Composition")].count("\n")
    code, out, err = cli("check", "--source")
    # With the 26 hedged sentences added, the section still has no claim.
    assert [(line, m) for line, m in findings(out, "claims") if first <= line <= last] == []
    # Alone, the plain rewrite has no claim and no plain-language finding either.
    (project_copy / SEED_MD).write_text(seed[:start] + plain + "\n" + seed[end:],
                                        encoding="utf-8")
    code, out, err = cli("check", "--source")
    last = (seed[:start] + plain).count("\n")
    assert [(line, m) for check in ("claims", "plain-language")
            for line, m in findings(out, check) if first <= line <= last] == []


def test_a_claim_a_translator_adds_is_reported_and_with_claims_error_refused(cli,
                                                                            project_copy):
    line = set_msgstr(project_copy / SEED_PO, "通常需要4至6次治療",
                      lambda s: s.replace("通常需要4至6次治療", "保證只需要4至6次治療"))
    code, out, err = cli("check", "--locale", "zh-TW")
    assert code == 0
    assert re.search(rf"^{re.escape(SEED_PO)}:{line}: warning: \[claims\] the translation "
                     r"adds '保證', a guarantee", out, re.M), out
    assert cli("pdf", SEED_SLUG, "--locale", "zh-TW")[0] == 0       # a warning never blocks
    (project_copy / "dist" / "zh-TW" / f"{SEED_SLUG}.pdf").unlink()

    config = project_copy / "clinic.yaml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "\nclaims:\n  severity: {zh-TW: error}\n", encoding="utf-8")
    code, out, err = cli("check", "--locale", "zh-TW")
    assert code == 1
    assert f"{SEED_PO}:{line}: error: [claims]" in out
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "zh-TW")
    assert code == 1
    assert err.startswith(f"{SEED_PO}:{line}: [claims] the translation adds '保證'"), err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (project_copy / "dist" / "zh-TW" / f"{SEED_SLUG}.pdf").exists()
    assert cli("check", "--locale", "ja")[0] == 0                    # per locale


def test_a_reviewer_can_waive_one_entry(cli, project_copy):
    (project_copy / "clinic.yaml").write_text(
        (project_copy / "clinic.yaml").read_text(encoding="utf-8") + "\nclaims: error\n"
        + '\nreviewers: ["Dr. Chen Ya-Ting"]\n', encoding="utf-8")   # who may sign off
    path = project_copy / SEED_PO
    line = set_msgstr(path, "通常需要4至6次治療",
                      lambda s: s.replace("通常需要4至6次治療", "保證只需要4至6次治療"))
    po = polib.pofile(str(path), wrapwidth=79)
    entry = next(e for e in po if e.linenum == line or "保證" in e.msgstr)
    entry.tcomment = "no-claims-check"
    po.save(str(path))
    code, out, err = cli("check", "--locale", "zh-TW")
    assert "(no-claims-check waives an error only once a reviewer" in out
    # the waived error is signed off only with the explicit flag
    assert cli("review", "--locale", "zh-TW", "--by", "Dr. Chen Ya-Ting",
               "--approve-errors")[0] == 0
    code, out, err = cli("check", "--locale", "zh-TW")
    assert "error: [claims] the translation adds" not in out
    # The source's own claims remain errors under 'claims: error': the clinic rewrites them
    # or relaxes the phrase; a translation's reviewer cannot.
    assert code == 1 and f"{SEED_MD}:247: error: [claims] 'no risk'" in out


def test_claims_error_refuses_the_source_claims_and_allow_relaxes_them(cli, project_copy):
    config = project_copy / "clinic.yaml"
    base = config.read_text(encoding="utf-8")
    config.write_text(base + "\nclaims:\n  severity: error\n", encoding="utf-8")
    code, out, err = cli("pdf", SEED_SLUG, "--locale", "en")
    assert code == 1
    assert err.startswith(f"{SEED_MD}:2: [claims] 'Evidence-Based'"), err
    assert "claims are errors for en" in err
    # The clinic references its sources and relaxes every phrase: the handout is exported.
    seed = (project_copy / SEED_MD).read_text(encoding="utf-8")
    (project_copy / SEED_MD).write_text(seed.replace(
        "date_published:", 'references:\n  - text: "Example citation."\n'
        '    url: "https://doi.org/10.1000/182"\ndate_published:', 1), encoding="utf-8")
    code, out, err = cli("check", "--source")
    relaxed = sorted({m.split("'")[1] for _, m in findings(out, "claims")})
    assert "Evidence-Based" not in relaxed and relaxed          # referenced now
    allow = "".join(f"\n    - {json.dumps(p)}" for p in relaxed)
    config.write_text(base + f"\nclaims:\n  severity: error\n  allow:\n    en:{allow}\n",
                      encoding="utf-8")
    code, out, err = cli("check", "--source")
    assert code == 0 and findings(out, "claims") == [], out
    assert cli("pdf", SEED_SLUG, "--locale", "en")[0] == 0


def test_status_json_has_the_reading_grade_and_claims(cli):
    code, out, err = cli("status", "--json", "--locale", "zh-TW")
    assert code == 0, err
    row = json.loads(out)[0]
    assert row["reading_grade"] > 12 and row["claims"] >= 20
    code, out, err = cli("status", "--locale", "zh-TW")
    assert (f"{SEED_SLUG}: reading grade {row['reading_grade']:.1f}, {row['claims']} claim(s) "
            "(check --source)") in out.splitlines()


def test_a_broken_article_is_one_finding_and_the_catalogs_are_still_checked(cli,
                                                                          project_copy):
    (project_copy / "articles" / "broken.md").write_text("no front matter\n", encoding="utf-8")
    code, out, err = cli("check", "--locale", "zh-TW")
    assert code == 1 and "Traceback" not in err
    assert "articles/broken.md:1: error: [article] missing YAML front matter" in out
    assert f"{SEED_MD}:247: warning: [claims] 'no risk'" in out


def test_source_findings_are_remembered_until_the_article_or_a_glossary_note_changes(
        cli, project_copy):
    first = cli("check", "--source")[1]
    from i18n.catalogs import cache
    cache.use_cache(project_copy)
    assert len(list((cache.cache_folder() / "source").rglob("*.json"))) == 1
    assert cli("check", "--source")[1] == first       # the second run, from the cache
    assert any(m.startswith("'laminin' is explained neither") for _, m in
               findings(first, "plain-language"))
    glossary = project_copy / "locales" / "zh_TW" / "glossary.csv"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(
        "laminin,層黏蛋白,,yes", 'laminin,層黏蛋白,"a protein that holds skin layers together",yes'),
        encoding="utf-8")
    second = cli("check", "--source")[1]
    assert not any(m.startswith("'laminin' is explained neither") for _, m in
                   findings(second, "plain-language"))
    article = project_copy / SEED_MD
    article.write_text(article.read_text(encoding="utf-8").replace(
        "essentially zero", "very low"), encoding="utf-8")
    third = cli("check", "--source")[1]
    assert not any(m.startswith("'essentially zero'") for _, m in findings(third, "claims"))
    assert any(m.startswith("'essentially zero'") for _, m in findings(second, "claims"))


def test_a_broken_glossary_is_named_once_at_its_own_line(cli, project_copy):
    glossary = project_copy / "locales" / "zh_TW" / "glossary.csv"
    lines = glossary.read_text(encoding="utf-8").splitlines()
    glossary.write_text("\n".join(lines + ["dermis,真皮層,,no"]) + "\n", encoding="utf-8")
    code, out, err = cli("check", "--source")
    assert code == 1
    assert f"locales/zh_TW/glossary.csv:{len(lines) + 1}: error: [glossary] 'dermis' is " \
           "already defined on line 18" in out
    assert sum("glossary.csv" in line for line in out.splitlines()) == 1
    assert "[article]" not in out
