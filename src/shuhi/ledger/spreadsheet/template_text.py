"""The blank ledger template's example rows and its instructions sheet (記入方法).

The file format is Japanese (its headers are the Japanese column names), so the instructions are
written in Japanese like the headers; the English header names are listed for those who prefer them.
"""

from __future__ import annotations

from typing import Any

from shuhi.ledger.spreadsheet.excel_format import INSTRUCTION_SHEET_NAME, LEDGER_COLUMNS, LOCATION_COLUMNS

EXAMPLE_ASSETS = (
    ("例-001", "製品Aの設計図面", "3D CADデータと組立図", "技術情報", "極秘", "はい", "いいえ", "", "",
     "例-設計ファイルサーバ", "10年", "データ完全消去", 3, 5, "済", "記入例です。不要なら行ごと削除してください"),
    ("例-002", "顧客連絡先リスト", "営業担当者ごとの顧客名簿", "個人情報", "社外秘", "いいえ", "はい", "", "",
     "例-販売管理システム", "2030-03-31", "シュレッダー", 2, 4, "未", ""),
)
EXAMPLE_LOCATIONS = (
    ("例-設計ファイルサーバ", "共有フォルダ", "極秘", "\\\\fs01\\極秘\\**", "開発部 設計グループ"),
    ("例-販売管理システム", "業務システム", "社外秘", "https://sales.example.jp/**", "営業部"),
)

HELP = {
    "code": "必須。台帳の中で重複しない番号（例: A-0001）。同じ資産IDの行は既存の資産を更新します。"
            "「例-」で始まる行は記入例として読み飛ばします。",
    "name": "必須。資産の名前。",
    "description": "任意。内容の説明。",
    "category": "技術情報・生産情報・営業情報・経営情報・個人情報・その他 のいずれか（空欄はその他）。"
                "以前のテンプレートの 技術・製造・営業・管理 も読み込めます。",
    "tier": "必須。格付けの名前（極秘・社外秘・一般 など、自社で定めた格付け）。",
    "is_trade_secret": "はい／いいえ（空欄はいいえ）。",
    "is_personal_data": "はい／いいえ（空欄はいいえ）。",
    "department": "任意。shuhi に登録済みの部署名。",
    "owner": "任意。利用者の氏名（同姓同名がいる場合はメールアドレス）。",
    "locations": "任意。保管場所の名前。複数あるときは ; で区切ります。保管場所シートか登録済みの名前に限ります。",
    "retention": "5年（年数）、2030-03-31（期日）、永年 のいずれか。空欄は未設定。",
    "disposal_method": "任意。シュレッダー、溶解処理、データ完全消去 など。",
    "likelihood": "任意。漏えい等の発生可能性 1〜5。",
    "impact": "任意。発生した場合の影響度 1〜5。",
    "label_status": "済（表示済み）・未（未表示）・不要 のいずれか（空欄は未）。",
    "notes": "任意。",
}
LOCATION_HELP = {
    "name": "必須。保管場所の名前（台帳の「保管場所」列で使います）。",
    "kind": "共有フォルダ・クラウド・業務システム・キャビネット・その他 のいずれか。",
    "tier": "必須。この場所に置いてよい最も高い格付け。",
    "path_patterns": "任意。パスのパターン。複数あるときは ; か改行で区切ります（例: \\\\fs01\\極秘\\**）。",
    "access_groups": "任意。アクセスを許可されたグループ。",
}
RULES = (
    "台帳シート（台帳）と保管場所シート（保管場所）に1行1件で記入してください。1行目の見出しは変更しないでください。",
    "取り込みは全件一括です。1行でも誤りがあればファイル全体を取り込まず、誤りのある行・列をすべて表示します。",
    "資産IDが既にある行は、その資産を更新します。内容が同じ行は何も変更しません。",
    "見出しは英語（Asset ID, Name, Tier …）でも構いません。CSV は UTF-8 または Shift_JIS で保存してください。",
)


def add_instructions(workbook: Any) -> None:
    sheet = workbook.create_sheet(INSTRUCTION_SHEET_NAME)
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 20
    sheet.column_dimensions["C"].width = 90
    sheet.append(["記入方法"])
    for rule in RULES:
        sheet.append(["", rule])
    sheet.append([])
    for title, columns, help_text in (("台帳", LEDGER_COLUMNS, HELP), ("保管場所", LOCATION_COLUMNS, LOCATION_HELP)):
        sheet.append([title, "列（English）", "書き方"])
        for column in columns:
            sheet.append(["", f"{column.ja}（{column.en}）", help_text[column.key]])
        sheet.append([])

