"""Writing systems: characters that do not belong to the locale's script."""

from __future__ import annotations

import re
from functools import cache
from typing import Iterator

import polib

from .base import WARNING, CheckContext, pairs

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
    """Characters that do not belong to the locale's script.

    Simplified-only characters in Traditional Chinese (zh-TW, zh-Hant ...),
    Traditional-only ones in Simplified Chinese (zh-CN), and Latin words left
    in Japanese, Korean, Thai or Arabic beyond the do-not-translate terms.
    """
    if context.locale.babel.language != "zh" or context.locale.script != "Hant":
        yield from check_script_of_locale(entry, context)
        return
    hong_kong = context.locale.babel.territory in ("HK", "MO")
    for _, translation in pairs(entry):
        seen = set(_HONG_KONG_FORMS) if hong_kong else set()
        for index, char in enumerate(translation):
            if char in SIMPLIFIED_TO_TRADITIONAL and char not in seen and \
                    not _in_traditional_word(translation, index):
                seen.add(char)
                forms = " or ".join(f"'{t}'" for t in SIMPLIFIED_TO_TRADITIONAL[char])
                yield WARNING, f"Simplified character '{char}' (Traditional: {forms})"


# --- Traditional characters in Simplified Chinese --------------------------------

@cache
def _to_simplified():
    import opencc  # only Simplified Chinese catalogs need it

    return opencc.OpenCC("t2s").convert


def traditional_only(text: str) -> list[tuple[str, str]]:
    """(character, Simplified form) for each Traditional-only character of *text*.

    OpenCC converts the whole text, phrase by phrase, so a character that is
    correct in both scripts in its word (著名, 乾坤) is left alone; a character
    that OpenCC changes is Traditional-only there.
    """
    convert = _to_simplified()
    simplified = convert(text)
    if len(simplified) != len(text):  # a phrase changed length: compare character by character
        simplified = "".join(convert(char) if len(convert(char)) == 1 else char for char in text)
    found: dict[str, str] = {}
    for char, simple in zip(text, simplified):
        if char != simple and char not in found:
            found[char] = simple
    return list(found.items())


# --- Latin letters left in a non-Latin translation -------------------------------

#: Scripts whose text should hold no Latin words but the do-not-translate terms.
NON_LATIN_SCRIPTS = frozenset({"Jpan", "Kore", "Thai", "Arab", "Hebr"})
# Not words of the text: link targets, URLs and e-mail addresses, format fields,
# inline code, HTML-like tags, Markdown emphasis markers.
# Linear on any text: negated classes stop where another match could start, and an
# address is tried only where a word starts.
_NOT_WORDS = re.compile(r"\]\([^)\]]*\)|<[^<>]*>|https?://\S+|www\.\S+"
                        r"|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+"
                        r"|\{[^{}]*\}|%\([A-Za-z_]\w*\)[a-zA-Z]|`[^`]*`")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f'’.-]*")
#: Units written in Latin letters everywhere (after a number): 5 mL, 10 mg, 3 cm.
_UNITS = frozenset("mg g kg mL ml L dL µg mcg cm mm µm nm m h min s IU U mmHg kcal".split())
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9-]*[A-Z0-9]$")


def latin_words(text: str, do_not_translate: tuple[str, ...] = (), source: str = "") -> list[str]:
    """The Latin words of *text* that a translation into a non-Latin script should not keep.

    Kept and not reported: the do-not-translate terms, URLs and link targets,
    placeholders, inline code, acronyms (``PRP``, ``UV``, ``SPF``), units
    after a number (``5 mL``) and names kept as the *source* writes them
    (a capitalized word of the source: the author's romanized name).
    """
    names = {w for w in re.findall(r"[A-Z][\w'’-]*", source)}
    text = _NOT_WORDS.sub(" ", text)
    for term in sorted(do_not_translate, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z]){re.escape(term)}(?![A-Za-z])", " ", text)
    found = []
    for match in _LATIN_WORD.finditer(text):
        word = match.group().rstrip(".-'’")
        if len(word) < 2 or _ACRONYM.match(word) or word in names:
            continue
        if word in _UNITS and _after_digit(text, match.start()):
            continue
        if word not in found:
            found.append(word)
    return found


def check_script_of_locale(entry: polib.POEntry, context: CheckContext) -> Iterator[tuple[str, str]]:
    """Traditional-only characters in Simplified Chinese; Latin words left in ja, ko, th, ar."""
    locale = context.locale
    if locale.pseudo:
        return
    if locale.babel.language == "zh" and locale.script == "Hans":
        for _, translation in pairs(entry):
            for char, simple in traditional_only(translation):
                yield WARNING, f"Traditional character '{char}' (Simplified: '{simple}')"
    elif locale.script in NON_LATIN_SCRIPTS:
        for source, translation in pairs(entry):
            words = latin_words(translation, context.do_not_translate, source)
            if words:
                shown = ", ".join(f"'{w}'" for w in words[:5])
                yield WARNING, (f"Latin word(s) {shown} left in the {locale.tag} translation "
                                "(translate them, or add a term to do_not_translate in "
                                "clinic.yaml)")


def _after_digit(text: str, index: int) -> bool:
    """Whether a digit comes right before *index*, past whitespace (looked at backwards,
    never by searching the whole text before it)."""
    index -= 1
    while index >= 0 and text[index].isspace():
        index -= 1
    return index >= 0 and text[index].isdigit()
