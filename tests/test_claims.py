"""Medical-advertising claims: the phrase lists, negation and hedges, the clinic's
changes, and claims a translation adds (i18n.content.claims, i18n.checks.claims)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from conftest import FIXTURES, REPO, SEED_SLUG

from i18n.checks import check_catalog
from i18n.checks.context import check_context
from i18n.config import load_config
from i18n.content.claims import CATEGORIES, PHRASES_DIR, claim_rules, read_phrases
from i18n.errors import ConfigError
from i18n.locales import parse_locale

HEDGED_EN = (FIXTURES / "claims" / "hedged-en.txt").read_text(encoding="utf-8").splitlines()

#: Per language: sentences that make a claim, and hedged or negated ones that do not.
LANGUAGES = {
    "zh-TW": (["本療程保證有效。", "治療後零風險。", "這是唯一的方法。", "多數患者看到效果。",
               "PRP 已被證實有效。", "百分之百安全。", "風險基本上為零。", "無副作用。"],
              ["本療程不保證有效。", "我們無法保證結果。", "PRP 並非唯一的選擇。",
               "風險很低，但不是零。", "研究指出 PRP 可能有幫助。", "治療方案經過最佳化。",
               "目前尚未被證實。", "治療可能有副作用。"]),
    "zh-CN": (["本疗程保证有效。", "无副作用。", "根治黄褐斑。", "大多数患者看到效果。"],
              ["本疗程不能保证效果。", "并非唯一的选择。", "可能有副作用。", "尚未被证实。"]),
    "ja": (["効果を保証します。", "副作用はありません。", "唯一の治療法です。",
            "大半の患者さんに劇的な改善がみられます。"],
           ["効果を保証するものではありません。", "必ずしも効果があるとは限りません。",
            "副作用が起こる可能性があります。", "必ず医師にご相談ください。"]),
    "ko": (["효과를 보장합니다.", "부작용이 없습니다.", "유일한 치료법입니다.", "100% 안전합니다."],
           ["효과를 보장하지 않습니다.", "부작용이 있을 수 있습니다.",
            "반드시 의사와 상담하십시오.", "적극적인 치료가 필요합니다."]),
    "vi": (["Chúng tôi cam kết hiệu quả.", "Không có tác dụng phụ.", "Phương pháp duy nhất.",
            "Đã được chứng minh."],
           ["Chúng tôi không đảm bảo hiệu quả.", "PRP không phải là phương pháp duy nhất.",
            "Có thể có tác dụng phụ.", "Điều này chưa được chứng minh."]),
    "id": (["Hasilnya dijamin.", "Tanpa efek samping.", "Satu-satunya solusi.",
            "Terbukti secara klinis."],
           ["Hasil tidak dijamin.", "PRP bukan satu-satunya pilihan.",
            "Mungkin ada efek samping."]),
    "th": (["รับประกันผลลัพธ์", "ไม่มีผลข้างเคียง", "วิธีเดียวที่ได้ผล", "ปลอดภัย 100%"],
           ["ไม่รับประกันผลลัพธ์", "อาจมีผลข้างเคียง", "ใช้เพื่อการศึกษาเท่านั้น"]),
    "ar": (["نضمن لك النتائج.", "بدون آثار جانبية.", "العلاج الوحيد الفعال.",
            "بدون أي مخاطر."],
           ["لا نضمن النتائج.", "قد تحدث آثار جانبية.", "ليس العلاج الوحيد."]),
}


# --- the phrase lists --------------------------------------------------------------------

def test_every_handout_language_has_a_list_with_every_category():
    shipped = {path.stem for path in PHRASES_DIR.glob("*.txt")}
    assert shipped == {"en", *LANGUAGES}
    for language in shipped:
        phrases = read_phrases((PHRASES_DIR / f"{language}.txt").read_text(encoding="utf-8"))
        assert {category for category, _ in phrases.phrases} == set(CATEGORIES), language
        assert phrases.negation, language


def test_a_malformed_phrase_file_names_its_line():
    with pytest.raises(ConfigError, match=r"x\.txt:3: unknown claim category \[promises\]"):
        read_phrases("mode: words\n\n[promises]\nguaranteed\n", "x.txt")


@pytest.mark.parametrize("sentence", HEDGED_EN)
def test_hedged_english_is_not_a_claim(sentence):
    assert len(HEDGED_EN) >= 20
    assert claim_rules("en").find(sentence) == []


@pytest.mark.parametrize("sentence, category", [
    ("There is no risk of scarring.", "safety"),
    ("The treatment is 100 % safe.", "safety"),
    ("It is completely painless and risk-free.", "safety"),
    ("Results are guaranteed.", "guarantee"),
    ("A permanent cure for melasma.", "guarantee"),
    ("We offer the best results in Taipei.", "superlative"),
    ("The most advanced laser, unlike any other.", "superlative"),
    ("No laser can remove it.", "disparagement"),
    ("Creams fail in dermal melasma.", "disparagement"),
    ("Most patients see results after one session.", "outcome"),
    ("Dramatic results in two weeks.", "outcome"),
    ("A clinically proven treatment.", "evidence"),
])
def test_english_claims_are_found(sentence, category):
    found = claim_rules("en").find(sentence)
    assert [m.category for m in found][:1] == [category], found


@pytest.mark.parametrize("tag", list(LANGUAGES))
def test_each_language_finds_its_claims_and_lets_hedges_pass(tag):
    rules = claim_rules(tag)
    claims, hedges = LANGUAGES[tag]
    assert [c for c in claims if not rules.find(c)] == []
    assert {h: rules.find(h) for h in hedges if rules.find(h)} == {}


def test_locales_use_their_language_list():
    assert claim_rules("ja-JP").language == "ja"
    assert claim_rules("zh-Hant-HK").language == "zh-TW"
    assert claim_rules("zh-SG").language == "zh-CN"
    assert claim_rules("en-XA") is None          # a pseudo-locale has no claims


def test_gaps_are_bounded():
    """'no … laser … can' spans at most a few words each side, within a clause
    (benchmarks/claims_scan.py shows the scan is linear)."""
    rules = claim_rules("en")
    found = rules.find("no laser and no cream and no drug. " * 300 + "No laser and no cream can.")
    assert [m.text for m in found] == ["No laser and no cream can"]
    assert rules.find("No laser and all of the creams and drugs that people use can.") == []
    assert rules.find("No laser, and no cream, can") == []   # not across clauses


# --- the clinic's changes ----------------------------------------------------------------

def _config(tmp_path: Path, extra: str):
    text = (REPO / "clinic.yaml").read_text(encoding="utf-8").replace(
        "logo: assets/logo.svg", "") + "\n" + extra
    (tmp_path / "clinic.yaml").write_text(text, encoding="utf-8")
    return load_config(tmp_path / "clinic.yaml")


def test_clinic_adds_and_relaxes_phrases(tmp_path):
    config = _config(tmp_path, "claims:\n  add:\n    en: {guarantee: [money-back]}\n"
                               "    zh-TW: {guarantee: [包您滿意]}\n"
                               "  allow:\n    en: [painless, essentially zero]\n")
    rules = claim_rules("en", config)
    assert [m.text for m in rules.find("A money-back offer.")] == ["money-back"]
    assert rules.find("The injections are painless.") == []
    assert rules.find("The risk is essentially zero.") == []
    assert rules.find("There is no risk.") != []
    assert [m.text for m in claim_rules("zh-TW", config).find("包您滿意。")] == ["包您滿意"]


@pytest.mark.parametrize("setting, message", [
    ("claims: maybe", "a severity is 'warning' or 'error'"),
    ("claims: {severity: {xx-!!: error}}", "setting 'claims'"),
    ("claims: {add: {en: [money-back]}}", "must map categories to phrases"),
    ("claims: {allow: painless}", "'allow' must map languages to phrases"),
    ("claims: {gate: error}", "use 'claims: error'"),
    ("reading_grade: easy", "setting 'reading_grade' must be a school grade"),
])
def test_bad_claims_settings_are_one_line_errors(tmp_path, setting, message):
    with pytest.raises(ConfigError) as error:
        _config(tmp_path, setting)
    assert message in str(error.value) and "clinic.yaml:" in str(error.value)


def test_an_unknown_category_is_named(tmp_path):
    config = _config(tmp_path, "claims: {add: {en: {promises: [money-back]}}}")
    with pytest.raises(ConfigError, match="unknown category 'promises'"):
        claim_rules("en", config)


def test_severity_per_locale(tmp_path):
    from i18n.content.claims import claims_severity
    config = _config(tmp_path, "claims:\n  severity: {default: warning, zh-TW: error}\n")
    assert claims_severity(config, "zh-TW") == "error"
    assert claims_severity(config, "ja") == "warning"
    assert claims_severity(_config(tmp_path, "claims: error"), "ja") == "error"


# --- translations ------------------------------------------------------------------------

def _context(tag: str, config=None):
    return check_context(parse_locale(tag), config or load_config(REPO / "clinic.yaml"))


@pytest.mark.parametrize("tag", list(LANGUAGES))
def test_the_committed_translations_add_no_claim(tag):
    folder = REPO / "locales" / parse_locale(tag).posix / "LC_MESSAGES"
    context = _context(tag)
    found = [str(p) for path in sorted(folder.glob("*.po"))
             for p in check_catalog(path, context) if p.check == "claims"]
    assert found == []


def _entry(msgid: str, msgstr: str) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr)


def test_a_claim_the_source_has_may_be_translated():
    from i18n.checks.claims import check_claims
    context = _context("zh-TW")
    assert list(check_claims(_entry("Most patients begin to see clinical improvement.",
                                    "多數患者開始看到臨床上的改善。"), context)) == []
    assert list(check_claims(_entry("The protocol uses optimal parameters.",
                                    "治療方案採用最佳參數。"), context)) == []   # a cue
    found = list(check_claims(_entry("The pigment fades gradually.",
                                     "色素保證會逐漸淡化。"), context))
    assert [severity for severity, _ in found] == ["warning"]
    assert "'保證'" in found[0][1] and "a guarantee" in found[0][1]
    # A negated promise is a hedge in any language.
    assert list(check_claims(_entry("This is not a guarantee.", "這並不是保證。"), context)) == []


def test_an_added_claim_is_reported_at_its_catalog_line(tmp_path):
    source = REPO / "locales" / "zh_TW" / "LC_MESSAGES" / f"{SEED_SLUG}.po"
    path = tmp_path / "seed.po"
    po = polib.pofile(str(source), wrapwidth=79)
    entry = next(e for e in po if e.msgid.startswith("Tissue regeneration is a gradual"))
    entry.msgstr = entry.msgstr.replace("通常需要4至6次治療", "保證只需要4至6次治療")
    po.save(str(path))
    line = next(e.linenum for e in polib.pofile(str(path)) if e.msgid == entry.msgid)
    found = [p for p in check_catalog(path, _context("zh-TW")) if p.check == "claims"]
    assert [(p.line, p.severity) for p in found] == [(line, "warning")]
