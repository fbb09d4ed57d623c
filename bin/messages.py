"""Fill and compile the translation catalogues.

Run by `make messages` after `makemessages`. English is the source text, copied
into locale/en. Simplified Chinese is written by hand in locale/zh_Hans;
Traditional Chinese entries that are still empty are filled from it with OpenCC
(s2tw) and can then be edited by hand. OpenCC turns
characters, not words: TAIWAN_HK_WORDS then puts the words Taiwan and Hong Kong
readers use (連結 for 鏈接, 聯絡人 for 聯繫人, 「」 quotes) in every zh_Hant entry.
The .mo files are compiled here with polib, so no machine needs GNU gettext to run.
"""

import sys
from pathlib import Path

import opencc
import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"

# Mainland word (after OpenCC s2tw) -> the word used in Taiwan and Hong Kong. Only words with one meaning
# here: 文件 (file or document), 項目 (project or item), 行 (a spreadsheet row is 列, a plan line stays 行),
# 通過 (by means of, or passed), 支持 and 渠道 are left to a person. agency/tests/test_hant_words.py fails
# when a Traditional Chinese entry still holds a word on the left.
TAIWAN_HK_WORDS = {
    "鏈接": "連結",
    "聯繫": "聯絡",
    "保存": "儲存",
    "創建": "建立",
    "添加": "新增",
    "視頻": "影片",
    "音頻": "音訊",
    "郵箱": "電子郵件信箱",
    "登錄": "登入",
    "數據": "資料",
    "導入": "匯入",
    "導出": "匯出",
    "搜索": "搜尋",
    "設置": "設定",
    "網絡": "網路",
    "反饋": "回饋",
    "屏幕": "螢幕",
    "打印": "列印",
    "菜單": "選單",
    "賬": "帳",
    "文件名": "檔名",
    "文件夾": "資料夾",
    "文件類型": "檔案類型",
    "Excel 文件": "Excel 檔案",
    "字符": "字元",
    "郵件程序": "郵件程式",
    "是程序或": "是程式或",
    "信息": "資訊",
    "軟件": "軟體",
    "即時消息": "即時訊息",
    "打開": "開啟",
    "默認": "預設",
    "質量": "品質",
    "服務器": "伺服器",
    "模板": "範本",
    "通過電子郵件": "透過電子郵件",
    "通過郵件": "透過郵件",
    "通過連結": "透過連結",
    "插播訂單": "媒體訂單",
    # Added by the human pass over every entry (docs/glossary.md, "Traditional Chinese usage"): each of
    # these has one meaning in this app, so the word Taiwan and Hong Kong readers use is always right.
    "用戶名": "使用者名稱",
    "用戶": "使用者",
    "激活": "啟用",
    "界面": "介面",
    "短信": "簡訊",
    "字段": "欄位",
    "批量": "批次",
    "刷新": "重新整理",
    "視圖": "檢視",
    "運行": "執行",
    "優化": "最佳化",
    "文本": "文字",
    "硬件": "硬體",
    "緩存": "快取",
    "鼠標": "滑鼠",
    "光標": "游標",
    "圖標": "圖示",
    "博客": "部落格",
    "互聯網": "網際網路",
    "內存": "記憶體",
    "在線": "線上",
    "實時": "即時",
    "幣種": "貨幣",
    "新建": "新增",
    "當前": "目前",
    "業績評估": "績效評估",
    "只讀": "唯讀",
    "重置": "重設",
    "生成": "產生",
    "回復": "回覆",
    "發件箱": "寄件匣",
    "收件箱": "收件匣",
    "本季度": "本季",
    "每季度": "每季",
    "上季度": "上一季",
    "公司領導": "管理層",
    "審批": "核准",
    "點擊": "點選",
    "獲取": "取得",
    "支持點": "信服理由",
    "刊例總價": "牌價總額",
    "刊例價": "牌價",
    "列表": "清單",
    "工作簿": "活頁簿",
    "匹配": "符合",
    "身份": "身分",
    "“": "「",
    "”": "」",
    "‘": "『",
    "’": "』",
}


def taiwan_hk(text):
    for mainland, local in TAIWAN_HK_WORDS.items():
        text = text.replace(mainland, local)
    return text


def main():
    hans = polib.pofile(str(LOCALE / "zh_Hans/LC_MESSAGES/django.po"))
    hant_path = LOCALE / "zh_Hant/LC_MESSAGES/django.po"
    hant = polib.pofile(str(hant_path))
    to_traditional = opencc.OpenCC("s2tw")
    by_id = {(e.msgctxt, e.msgid): e for e in hans}
    filled = 0
    for entry in hant:
        source = by_id.get((entry.msgctxt, entry.msgid))
        if source is None or not source.translated() or (entry.translated() and "fuzzy" not in entry.flags):
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {k: to_traditional.convert(v) for k, v in source.msgstr_plural.items()}
        else:
            entry.msgstr = to_traditional.convert(source.msgstr)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    for entry in hant:
        entry.msgstr = taiwan_hk(entry.msgstr)
        entry.msgstr_plural = {k: taiwan_hk(v) for k, v in entry.msgstr_plural.items()}
    hant.save()
    english = polib.pofile(str(LOCALE / "en/LC_MESSAGES/django.po"))
    for entry in english:  # English is the source text: written out, so an empty entry means a new message
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    english.save()
    missing = [e.msgid for e in hans if not e.translated() and not e.obsolete]
    for po_path in LOCALE.glob("*/LC_MESSAGES/django.po"):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"zh_Hant: {filled} entries filled from zh_Hans; .mo files compiled")
    if missing:
        print(f"zh_Hans: {len(missing)} entries still need a translation:", *missing[:20], sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
