"""Quality checks on translations: what a handout must never carry.

A medical handout must not lose a number, break a link or show an
unmarked untranslated paragraph, so every translated entry of a .po file
goes through a few small checkers, after Babel's
``babel/messages/checkers.py``.  A checker is a function
``(entry, context) -> Iterator[(severity, message)]``; :data:`CHECKS` names
them, and the names are stable: a translator silences one check on one
entry with the flag ``#, no-<name>-check`` (e.g. ``no-same-as-source-check``).
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Callable, Iterator

import polib
from babel import Locale
from babel.numbers import get_decimal_symbol, get_group_symbol

from .article import markdown_parser
from .catalogs import load_po
from .errors import CatalogError, display_path
from .locales import HandoutLocale, parse_locale

ERROR = "error"
WARNING = "warning"

_MARKDOWN = markdown_parser()


@dataclass(frozen=True)
class Problem:
    """One finding of a check, at a line of a catalog."""

    check: str            #: the check's stable name, e.g. "numbers"
    severity: str         #: "error" or "warning"
    message: str
    path: Path
    line: int | None      #: the entry's line, or the line msgfmt reported

    def __str__(self) -> str:
        where = display_path(self.path) if self.line is None else \
            f"{display_path(self.path)}:{self.line}"
        return f"{where}: {self.severity}: [{self.check}] {self.message}"


@dataclass(frozen=True)
class CheckContext:
    """What the checks need to know besides the entry."""

    locale: HandoutLocale
    do_not_translate: tuple[str, ...] = ()   #: terms a translation may keep as they are
    source_locale: str = "en"                #: the language the msgids are written in


Checker = Callable[[polib.POEntry, CheckContext], Iterator[tuple[str, str]]]


def _pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) for every translated form of *entry*."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)] if entry.msgstr else []
    forms = sorted(entry.msgstr_plural.items())
    # With one form (Chinese, Japanese ...) msgstr[0] is used for every n.
    return [(entry.msgid if index == 0 and len(forms) > 1 else entry.msgid_plural, text)
            for index, text in forms if text]


def _is_untranslated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return not entry.msgstr_plural or not all(entry.msgstr_plural.values())
    return not entry.msgstr


# --- untranslated, fuzzy --------------------------------------------------------

def check_untranslated(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """An empty msgstr: the handout would show the source text."""
    if _is_untranslated(entry):
        yield ERROR, "not translated"


def check_fuzzy(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """A fuzzy entry is not used for export until a translator reviews it."""
    if entry.fuzzy:
        yield ERROR, "fuzzy: review the translation and remove the 'fuzzy' flag"


# --- numbers --------------------------------------------------------------------

# Link targets, autolinks, bare URLs and format fields hold digits that are
# not the text's numbers; the markup and placeholders checks cover them.
_NOT_PROSE = re.compile(r"\]\([^)]*\)|<[a-z][a-z0-9+.-]*:[^>\s]*>|https?://[^\s)>\]]+"
                        r"|\{[^{}]*\}|%\([A-Za-z_]\w*\)[a-zA-Z]", re.IGNORECASE)
_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "兩": 2, "两": 2, "三": 3, "四": 4, "五": 5,
               "六": 6, "七": 7, "八": 8, "九": 9}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000}
_CJK_SCALES = {"萬": 10 ** 4, "万": 10 ** 4, "億": 10 ** 8, "亿": 10 ** 8}
_CJK_RUN = "[〇零一二兩两三四五六七八九十百千萬万億亿]"
_CJK_NUMBER = re.compile(rf"(?P<percent_before>百分之)?(?P<int>{_CJK_RUN}+)"
                         rf"(?:[點点](?P<fraction>[〇零一二三四五六七八九]+))?(?P<percent>\s?%)?")
# Numbers in English words: a translation may write "two" as 2 and "May" as 5月.
_ENGLISH_NUMBERS = {word: index for index, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_ENGLISH_NUMBERS.update(twice=2, twenty=20, thirty=30, forty=40, fifty=50, hundred=100,
                        thousand=1000, million=10 ** 6)
_MONTHS = {month: index for index, month in enumerate(
    "January February March April May June July August September October November "
    "December".split(), start=1)}


@dataclass(frozen=True)
class Number:
    """A number of a text: its value, and whether it is a percentage."""

    value: Decimal
    percent: bool = False

    def __str__(self) -> str:
        text = format(self.value.normalize(), "f")
        return f"{text}%" if self.percent else text


def _normalize_digits(text: str) -> str:
    """Every decimal digit (full-width ４８ too) as ASCII, full-width ％ and ． as ASCII."""
    text = re.sub(r"\d", lambda m: str(unicodedata.decimal(m.group(), m.group())), text)
    text = re.sub(r"(?<=[0-9])．(?=[0-9])", ".", text)
    return text.replace("％", "%").replace("﹪", "%")


@cache
def _number_pattern(decimal: str, group: str) -> re.Pattern:
    # A group separator (or a thin space) only counts between groups of three digits.
    groups = {group, "\u2009", "\u202f"} | ({"\u00a0"} if group.isspace() else set())
    return re.compile(
        r"(?P<percent_before>百分之\s?)?"
        rf"(?P<int>[0-9]{{1,3}}(?:[{re.escape(''.join(sorted(groups)))}][0-9]{{3}})+(?![0-9])"
        r"|[0-9]+)"
        rf"(?:{re.escape(decimal)}(?P<fraction>[0-9]+))?"
        r"(?P<scale>\s?[萬万億亿])?"
        r"(?P<percent>\s?%|\s+per\s?cent\b)?", re.IGNORECASE)


def numbers(text: str, decimal: str = ".", group: str = ",") -> list[Number]:
    """The numbers of *text* as values, in order.

    Signs are ignored, so that the range "2-3" is 2 and 3 and "IGF-1" is 1;
    "10,000" and "1萬" are 10000; "48%" and "百分之48" are 48 percent.
    Roman numerals and numbers written in words are not numbers.  *decimal*
    and *group* are the language's separators (German: "," and ".").
    """
    found = []
    pattern = _number_pattern(decimal, group)
    for match in pattern.finditer(_normalize_digits(_NOT_PROSE.sub(" ", text))):
        value = Decimal(re.sub(r"[^0-9]", "", match["int"]))
        if match["fraction"]:
            value += Decimal(f"0.{match['fraction']}")
        if match["scale"]:
            value *= _CJK_SCALES[match["scale"].strip()]
        found.append(Number(value, bool(match["percent"] or match["percent_before"])))
    return found


def _cjk_int(run: str) -> int | None:
    """The value of a run of CJK numerals: 十 10, 二十四 24, 三百零五 305, 二〇二六 2026."""
    if len(run) > 1 and all(char in _CJK_DIGITS for char in run):
        return int("".join(str(_CJK_DIGITS[char]) for char in run))
    total, section, digit = 0, 0, None
    for char in run:
        if char in ("零", "〇"):
            continue
        if char in _CJK_DIGITS:
            if digit is not None:  # "三十五六" (35 or 36): no single value
                return None
            digit = _CJK_DIGITS[char]
        elif char in _CJK_UNITS:
            section += (1 if digit is None else digit) * _CJK_UNITS[char]
            digit = None
        else:
            total += (section + (digit or 0)) * _CJK_SCALES[char] or _CJK_SCALES[char]
            section, digit = 0, None
    return total + section + (digit or 0)


def cjk_numbers(text: str) -> list[tuple[Number, str]]:
    """The numbers of *text* written in CJK numerals, with how they are written."""
    found = []
    for match in _CJK_NUMBER.finditer(text):
        value = _cjk_int(match["int"])
        if value is None:
            continue
        number = Decimal(value)
        if match["fraction"]:
            number += Decimal("0." + "".join(str(_CJK_DIGITS[c]) for c in match["fraction"]))
        percent = bool(match["percent_before"] or match["percent"])
        found.append((Number(number, percent), match.group().strip()))
    return found


def _numbers_in_words(text: str) -> Counter:
    found: Counter = Counter()
    for word in re.findall(r"[A-Za-z]+", text):
        value = _MONTHS.get(word, _ENGLISH_NUMBERS.get(word.lower()))
        if value is not None:
            found[Number(Decimal(value))] += 1
    return found


def _separators(locale: Locale) -> tuple[str, str]:
    return get_decimal_symbol(locale), get_group_symbol(locale)


def check_numbers(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """Every number of the source, and no other, is in the translation (as a value).

    A source number written in CJK numerals in the translation (48 as 四十八)
    is a warning: a person has to confirm it.
    """
    source_symbols = _separators(parse_locale(context.source_locale).babel)
    symbols = _separators(context.locale.babel)
    for source, translation in _pairs(entry):
        expected = Counter(numbers(source, *source_symbols))
        actual = Counter(numbers(translation, *symbols))
        missing, extra = expected - actual, actual - expected
        written = cjk_numbers(_NOT_PROSE.sub(" ", translation)) if missing else []
        for number in sorted(missing.elements(), key=lambda n: (n.value, n.percent)):
            spelled = next((i for i, (cjk, _) in enumerate(written) if cjk == number), None)
            if spelled is not None:
                yield WARNING, f"number {number} may be written as {written.pop(spelled)[1]}"
            else:
                yield ERROR, f"number {number} of the source is missing from the translation"
        words = _numbers_in_words(source)
        for number in sorted(extra.elements(), key=lambda n: (n.value, n.percent)):
            if words[number]:
                words[number] -= 1
                yield WARNING, f"number {number} is not in the source, unless there in words"
            else:
                yield ERROR, f"number {number} is not in the source"


# --- markup ---------------------------------------------------------------------

_MARKUP_KINDS = {"strong_open": "bold (**...**)", "em_open": "emphasis (*...*)",
                 "code_inline": "code (`...`)"}


def _markup(text: str) -> tuple[Counter, Counter]:
    """(counts of bold/emphasis/code, multiset of link and image URLs) of inline Markdown."""
    kinds: Counter = Counter()
    urls: Counter = Counter()
    for token in _MARKDOWN.parseInline(text):
        for child in token.children or []:
            if child.type in _MARKUP_KINDS:
                kinds[child.type] += 1
            elif child.type == "link_open":
                urls[str(child.attrs.get("href", ""))] += 1
            elif child.type == "image":
                urls[str(child.attrs.get("src", ""))] += 1
    return kinds, urls


def check_markup(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """The same bold, emphasis and code spans, and exactly the same link URLs."""
    for source, translation in _pairs(entry):
        source_kinds, source_urls = _markup(source)
        kinds, urls = _markup(translation)
        for kind, name in _MARKUP_KINDS.items():
            if source_kinds[kind] != kinds[kind]:
                hint = ""
                if kind == "strong_open" and kinds[kind] < source_kinds[kind] and \
                        translation.count("**") > 2 * kinds[kind]:
                    # CommonMark's flanking rules: "文字**（PDGF）**能" is not bold.
                    hint = ("; a '**' between a letter and punctuation such as '（' or '）' "
                            "is not read as bold: move the punctuation outside the '**'")
                yield ERROR, (f"{name}: {source_kinds[kind]} in the source, "
                              f"{kinds[kind]} in the translation{hint}")
        for url in sorted((source_urls - urls).elements()):
            yield ERROR, f"link {url} is missing or changed in the translation"
        for url in sorted((urls - source_urls).elements()):
            yield ERROR, f"link {url} is not in the source"


# --- placeholders ---------------------------------------------------------------

_PYTHON_FORMAT = re.compile(r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?"
                            r"[hlL]?(?P<type>[diouxXeEfFgGcrsa%])")


def _brace_fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def _percent_fields(text: str) -> tuple[set[tuple[str, str]], list[str]]:
    named, positional = set(), []
    for match in _PYTHON_FORMAT.finditer(text):
        if match["type"] == "%":
            continue
        if match["name"] is not None:
            named.add((match["name"], match["type"]))
        else:
            positional.append(match["type"])
    return named, positional


def _show(kinds: list[str]) -> str:
    return ", ".join(f"%{kind}" for kind in kinds) or "none"


def check_placeholders(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """The same ``{name}`` fields (python-brace-format) or ``%(name)s`` fields (python-format)."""
    for source, translation in _pairs(entry):
        if "python-brace-format" in entry.flags:
            try:
                expected, actual = _brace_fields(source), _brace_fields(translation)
            except ValueError as exc:
                yield ERROR, f"broken placeholder syntax ({exc})"
                continue
            for name in sorted(expected - actual):
                yield ERROR, f"placeholder {{{name}}} is missing from the translation"
            for name in sorted(actual - expected):
                yield ERROR, f"placeholder {{{name}}} is not in the source"
        if "python-format" in entry.flags:
            (expected_named, expected_pos), (named, pos) = (_percent_fields(source),
                                                            _percent_fields(translation))
            for name, kind in sorted(expected_named - named):
                yield ERROR, f"placeholder %({name}){kind} is missing from the translation"
            for name, kind in sorted(named - expected_named):
                yield ERROR, f"placeholder %({name}){kind} is not in the source"
            if expected_pos != pos:
                yield ERROR, (f"positional placeholders differ: {_show(expected_pos)} in the "
                              f"source, {_show(pos)} in the translation")


# --- same as source -------------------------------------------------------------

# One token that is a code rather than a word: it has a digit or a field
# ("Q{number}", "IGF-1"), or it is a short acronym ("PRP", "MMPs").
_CODE_TOKEN = re.compile(r"\S*[0-9{%]\S*|(?=(?:[a-z]?[A-Z]){2})[A-Za-z]{2,4}")
_NOT_WORDS = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[a-zA-Z]|\]\([^)]*\)|<[^>]*>|[0-9]+")


def _needs_no_translation(text: str, do_not_translate: tuple[str, ...]) -> bool:
    """Whether *text* may stay as it is: short, a code, or only terms and numbers."""
    text = text.strip()
    if len(text) <= 3 or _CODE_TOKEN.fullmatch(text.strip("*_`")):
        return True
    for term in sorted(do_not_translate, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", " ", text)
    words = [word for word in re.findall(r"[\w{}%+-]+", _NOT_WORDS.sub(" ", text))
             if not _CODE_TOKEN.fullmatch(word)]
    return not re.search(r"[^\W\d_]", " ".join(words))


def check_same_as_source(entry: polib.POEntry,
                         context: CheckContext) -> Iterator[tuple[str, str]]:
    """A translation identical to its source is likely text left in English."""
    locale = context.locale
    if locale.pseudo or locale.babel.language == re.split(r"[-_]", context.source_locale)[0]:
        return
    for source, translation in _pairs(entry):
        if translation == source and not _needs_no_translation(source,
                                                                context.do_not_translate):
            yield WARNING, ("the translation is the same as the source (add the flag "
                            "'no-same-as-source-check' if it is meant to stay so)")


# --- whitespace -----------------------------------------------------------------

def check_whitespace(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """Leading and trailing whitespace and newlines as in the source; no stray double spaces."""
    for source, translation in _pairs(entry):
        for end, test in (("start", str.startswith), ("end", str.endswith)):
            if test(source, "\n") != test(translation, "\n"):
                which = "the source" if test(source, "\n") else "the translation"
                yield ERROR, f"only {which} {end}s with a newline"
        inner_source, inner = source.strip("\n"), translation.strip("\n")
        for end, pattern in (("start", r"^\s"), ("end", r"\s$")):
            in_source = bool(re.search(pattern, inner_source))
            if in_source != bool(re.search(pattern, inner)):
                which = "the source" if in_source else "the translation"
                yield WARNING, f"only {which} {end}s with whitespace"
        if "  " in translation and "  " not in source:
            yield WARNING, f"double space at column {translation.index('  ') + 1}"


# --- punctuation ----------------------------------------------------------------

_END_KINDS = {"period": ".。．।", "question": "?？؟", "exclamation": "!！", "colon": ":：",
              "semicolon": ";；", "ellipsis": "…"}
# What a Chinese or Japanese sentence ends with, by the kind of the source's ending.
_CJK_ENDINGS = {"period": "。", "question": "？", "exclamation": "！", "colon": "：",
                "semicolon": "；", "ellipsis": "…"}
_CLOSERS = "\"')]}»”’」』）】〕》〉*_`\u3000 \t\n"
_HALF_WIDTH = ",.;:?!()"
_LANGUAGE_NAMES = {"zh": "Chinese", "ja": "Japanese"}
# Half-width punctuation is right inside these: "[文](https://a.b/c,d)", `a.b`, {name}.
_PROTECTED = re.compile(r"\]\([^)]*\)|`[^`]*`|<[^>]*>|https?://[^\s)>\]]+|\{[^{}]*\}"
                        r"|%\([A-Za-z_]\w*\)[a-zA-Z]")


def _ending(text: str) -> str:
    """The last character of *text*, past closing quotes, brackets, markup and link targets."""
    text = re.sub(r"\]\([^)]*\)", "]", text).rstrip(_CLOSERS)
    if text.endswith("..."):
        return "…"
    return text[-1:] if text else ""


def _end_kind(char: str) -> str | None:
    return next((kind for kind, chars in _END_KINDS.items() if char and char in chars), None)


def is_cjk(char: str) -> bool:
    """A Han, kana or Hangul character, or CJK punctuation (not a full-width letter or digit)."""
    if not char or unicodedata.east_asian_width(char) not in ("W", "F"):
        return False
    return not unicodedata.normalize("NFKC", char).isascii()


def _mask(text: str) -> str:
    """*text* with link targets, code, URLs and fields blanked out, columns kept."""
    return _PROTECTED.sub(lambda m: "\0" * len(m.group()), text)


def _neighbour(text: str, index: int, step: int) -> str:
    """The nearest character from *index* in direction *step*, past spaces and markup."""
    index += step
    while 0 <= index < len(text) and text[index] in " *_~":
        index += step
    return text[index] if 0 <= index < len(text) else ""


def check_punctuation(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """Ending punctuation of the same kind; full-width punctuation in Chinese and Japanese."""
    if context.locale.pseudo:  # pseudo-translations end with padding, on purpose
        return
    language = context.locale.babel.language
    # Korean is written with Western punctuation, so only zh and ja are "full-width".
    full_width = language in _LANGUAGE_NAMES
    for source, translation in _pairs(entry):
        source_end, end = _ending(source), _ending(translation)
        source_kind, kind = _end_kind(source_end), _end_kind(end)
        if full_width:
            expected = _CJK_ENDINGS.get(source_kind)
            # A Japanese question may end with か。 as well as with ？.
            also = "。" if language == "ja" and source_kind == "question" else expected
            if expected is not None and end not in (expected, also):
                yield WARNING, (f"the source ends with '{source_end}', so the translation "
                                f"should end with '{expected}', not '{end}'")
            elif expected is None and kind is not None:
                yield WARNING, (f"the translation ends with '{end}' but the source "
                                f"has no end punctuation")
        elif source_kind != kind:
            yield WARNING, (f"the source ends with '{source_end}' but the translation "
                            f"ends with '{end}'")
        if full_width:
            yield from _half_width(translation, _LANGUAGE_NAMES[language])


def _half_width(translation: str, language: str) -> Iterator[tuple[str, str]]:
    text = _mask(translation)
    for index, char in enumerate(text):
        if char not in _HALF_WIDTH or char == "." and text[index - 1:index] == ".":
            continue  # an ellipsis "..." is one finding
        before, after = _neighbour(text, index, -1), _neighbour(text, index, 1)
        if char == "(":
            wrong = is_cjk(before) and is_cjk(after)
        elif char == ")":
            wrong = is_cjk(before) and (is_cjk(after) or not after)
        elif char == ".":
            wrong = is_cjk(before)
        else:
            wrong = is_cjk(before) or is_cjk(after)
        if wrong:
            yield WARNING, f"half-width '{char}' in {language} text at column {index + 1}"


# --- script ---------------------------------------------------------------------

# Simplified-only characters and their Traditional forms (Taiwan's standard
# glyphs), one token each: "发發髮" is 发 -> 發 or 髮.  Cross-checked with
# OpenCC's character tables: no character on the left is in use in Traditional
# text, except in the words of _TRADITIONAL_WORDS or too rarely for a handout
# (种 as a surname).  Left out as also Traditional: 后 (queen), 里, 面, 干,
# 只, 台, 余, 系, 于, 云, 斗, 谷, 范, 征, 胜 (胜肽, peptide), 症, 愈 ...
_SIMPLIFIED_TABLE = """
    这這 们們 个個 为為 来來 时時 说說 国國 会會 对對 经經 发發髮 过過 还還 没沒 问問 应應 该該 学學 习習 体體 实實
    现現 点點 种種 样樣 与與 头頭 开開 关關 门門 见見 长長 车車 东東 万萬 无無 书書 电電 话話 请請 让讓 认認 识識
    钱錢 乐樂 几幾 机機 业業 产產 听聽 写寫 买買 卖賣 进進 远遠 运運 边邊 难難 题題 类類 级級 组組 织織 结結 给給
    绿綠 红紅 线線 练練 验驗 养養 医醫 药藥 疗療 肤膚 护護 术術 诊診 断斷 状狀 况況 预預 测測 检檢 释釋 细細 质質
    层層 胶膠 轻輕 严嚴 复復複 杂雜 险險 补補 剂劑 师師 讯訊 页頁 阅閱 读讀 报報 导導 显顯 损損 伤傷 浓濃 缩縮 创創
    办辦 专專 从從 众眾 优優 势勢 亚亞 纤纖 维維 处處 观觀 务務 确確 证證 据據 脸臉 颊頰 减減 肿腫 针針 浆漿 动動
    两兩 当當 际際 谢謝 觉覺 员員 单單 间間 马馬 鸟鳥 鱼魚 风風 气氣 视視 频頻 网網 络絡 资資 岁歲 数數 钟鐘鍾 区區
    场場 庆慶 庄莊 张張 弹彈 强強 归歸 录錄 彻徹 径徑 忆憶 忧憂 怀懷 态態 总總 恶惡 惊驚 惧懼 惯慣 愤憤 戏戲 战戰
    户戶 执執 扩擴 扫掃 扬揚 扰擾 抚撫 抢搶 担擔 拟擬 拥擁 择擇 挡擋 挤擠 挥揮 换換 掷擲 揽攬 携攜 摄攝 摆擺 摇搖
    撑撐 敌敵 旧舊 晒曬 晓曉 暂暫 杀殺 权權 条條 杨楊 构構 枪槍 标標 树樹 桥橋 楼樓 欢歡 欧歐 歼殲 毁毀 汇匯彙 汉漢
    汤湯 沟溝 泪淚 泼潑 泽澤 洁潔 洒灑 浅淺 济濟 浏瀏 浑渾 润潤 涨漲 渊淵 渐漸 渔漁 温溫 湾灣 湿濕溼 满滿 滚滾 滞滯
    滤濾 滥濫 潜潛 灭滅 灯燈 灵靈 灾災 灿燦 炉爐 炼煉 烂爛 烟煙菸 热熱 焕煥 爱愛 爷爺 牵牽 犹猶 狭狹 独獨 狱獄 猎獵
    献獻 环環 玛瑪 画畫 畅暢 疮瘡 疯瘋 监監 盖蓋 盘盤 码碼 砖磚 础礎 硕碩 碍礙 礼禮 祸禍 离離 积積 称稱 稳穩 穷窮
    窃竊 窍竅 竞競 笔筆 笼籠 简簡 签籤簽 粮糧 紧緊 纠糾 约約 纪紀 纯純 纲綱 纳納 纵縱 纷紛 纸紙 纹紋 终終 绍紹 绑綁
    绕繞 绘繪 绝絕 统統 继繼 绩績 续續 综綜 缓緩 编編 缘緣 罗羅 罚罰 罢罷 职職 联聯 聪聰 肃肅 肠腸 胀脹 脉脈 脑腦
    脏髒臟 脚腳 脱脫 艺藝 节節 芦蘆 苏蘇 茧繭 荣榮 莱萊 获獲穫 营營 萧蕭 蓝藍 虑慮 虚虛 蚀蝕 衬襯 袭襲 装裝 触觸
    计計 订訂 讨討 训訓 议議 记記 讲講 许許 论論 设設 访訪 评評 诉訴 词詞 译譯 试試 诗詩 诚誠 详詳 语語 误誤 诸諸
    课課 谁誰 调調 谈談 谊誼 谋謀 谓謂 谱譜 贝貝 负負 贡貢 败敗 货貨 购購 贯貫 贴貼 贵貴 费費 贺賀 赖賴 赛賽 赶趕
    赵趙 趋趨 跃躍 践踐 踪蹤 轨軌 转轉 轮輪 软軟 载載 较較 辆輛 辑輯 输輸 辞辭 辩辯 辽遼 达達 迁遷 迈邁 违違 连連
    迟遲 选選 逊遜 递遞 逻邏 遗遺 邮郵 邻鄰 郑鄭 酝醞 酱醬 钢鋼 钩鉤 铁鐵 铃鈴 铜銅 铝鋁 银銀 铺鋪 链鏈 销銷 锁鎖
    锅鍋 错錯 锻鍛 键鍵 镇鎮 镜鏡 闭閉 闯闖 闲閒 闷悶 闻聞 阀閥 阁閣 阐闡 队隊 阳陽 阴陰 阵陣 阶階 陆陸 陈陳 随隨
    隐隱 雾霧 静靜 韩韓 顶頂 项項 顺順 须須鬚 顾顧 顿頓 领領 颗顆 颜顏 额額 颠顛 飞飛 饭飯 饮飲 饰飾 饱飽 饲飼 馆館
    驱驅 驶駛 驻駐 驾駕 骑騎 骗騙 骤驟 鸡雞 鸣鳴 鸭鴨 麦麥 黄黃 龄齡 齐齊 齿齒 龙龍 龟龜 痒癢 询詢 带帶 渗滲 坝壩
    缝縫 异異 乱亂 儿兒 妇婦 围圍 参參 临臨 传傳 审審 声聲 责責 仅僅 侧側 压壓 吗嗎 虽雖 却卻 将將 则則 尽盡儘 变變
    决決 颈頸 皱皺 晕暈 帮幫 双雙 仪儀 备備 尔爾 氢氫 剥剝 冲衝沖 并並併 图圖 团團 厅廳 历歷曆 华華 岛島 钙鈣 锌鋅
    镁鎂 钠鈉 钾鉀 胆膽 肾腎 痉痙 挛攣 疡瘍 癣癬 疱皰 疖癤 痪瘓 瘫癱 脓膿 咙嚨 圆圓 吨噸 亲親 孙孫 妈媽 号號 刘劉
    谘諮 蚂螞 隶隸 辐輻 泻瀉 别別彆
"""
SIMPLIFIED_TO_TRADITIONAL: dict[str, str] = {
    token[0]: token[1:] for token in _SIMPLIFIED_TABLE.split()}
# Hong Kong's standard glyphs for 戶, 溫, 脫 (Taiwan's are those of the table's right side).
_HONG_KONG_FORMS = frozenset("户温脱")
# Words in which a character of the table is correct Traditional Chinese.
_TRADITIONAL_WORDS = {"几": ("茶几", "几案"), "据": ("拮据",), "万": ("万俟",)}


def _in_traditional_word(text: str, index: int) -> bool:
    for word in _TRADITIONAL_WORDS.get(text[index], ()):
        start = text.find(word, max(0, index - len(word) + 1))
        if start != -1 and start <= index < start + len(word):
            return True
    return False


def check_script(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """No Simplified-only characters in Traditional Chinese (zh-TW, zh-Hant ...)."""
    if context.locale.babel.language != "zh" or context.locale.script != "Hant":
        return
    hong_kong = context.locale.babel.territory in ("HK", "MO")
    for _, translation in _pairs(entry):
        seen = set(_HONG_KONG_FORMS) if hong_kong else set()
        for index, char in enumerate(translation):
            if char in SIMPLIFIED_TO_TRADITIONAL and char not in seen and \
                    not _in_traditional_word(translation, index):
                seen.add(char)
                forms = " or ".join(f"'{t}'" for t in SIMPLIFIED_TO_TRADITIONAL[char])
                yield WARNING, f"Simplified character '{char}' (Traditional: {forms})"


# --- running the checks ---------------------------------------------------------

CHECKS: dict[str, Checker] = {
    "untranslated": check_untranslated,
    "fuzzy": check_fuzzy,
    "numbers": check_numbers,
    "markup": check_markup,
    "placeholders": check_placeholders,
    "same-as-source": check_same_as_source,
    "whitespace": check_whitespace,
    "punctuation": check_punctuation,
    "script": check_script,
}
#: Checks that also look at untranslated entries; the others need a translation.
_STATE_CHECKS = ("untranslated", "fuzzy")


def check_entry(entry: polib.POEntry, context: CheckContext) -> list[tuple[str, str, str]]:
    """Run every check on one entry: (check, severity, message) for each finding.

    A ``#, no-<name>-check`` flag on the entry silences that check.
    """
    translated = not _is_untranslated(entry)
    found = []
    for name, checker in CHECKS.items():
        if f"no-{name}-check" in entry.flags:
            continue
        if name not in _STATE_CHECKS and not translated:
            continue
        found.extend((name, severity, message) for severity, message in checker(entry, context))
    return found


def _unterminated_line(path: Path, line: int) -> int:
    """The line of the string msgfmt reports as unterminated.

    msgfmt counts the newline that ends the string, so it names the next line.
    """
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return line
    for candidate in (line, line - 1):
        if 1 <= candidate <= len(lines) and \
                re.sub(r'\\.', "", lines[candidate - 1]).count('"') % 2:
            return candidate
    return line


def check_catalog(path: Path, context: CheckContext) -> list[Problem]:
    """Check every entry of the .po file at *path*.

    A file that ``msgfmt --check`` rejects gives one "syntax" error at the
    line of the fault; the header and obsolete entries are not checked.
    """
    path = Path(path)
    try:
        catalog = load_po(path)
    except CatalogError as error:
        line = error.lineno
        if line is not None and "end-of-line within string" in error.message:
            line = _unterminated_line(path, line)
        return [Problem("syntax", ERROR, error.message, path, line)]
    return [Problem(name, severity, message, path, entry.linenum)
            for entry in catalog if not entry.obsolete and entry.msgid
            for name, severity, message in check_entry(entry, context)]
