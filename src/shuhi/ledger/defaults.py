"""The default tiers and identification/classification criteria a new installation starts with.

Wording is ours; the structure follows the seed: identify by written criteria, classify into
極秘 / 社外秘 / 一般, and say how each tier is marked and handled.
"""

DEFAULT_TIERS = [
    {
        "key": "top_secret", "name": "極秘", "rank": 30, "label_text": "【極秘】", "may_disclose": False,
        "handling": "社外への開示は禁止。閲覧者を個人単位で限定し、持ち出し・複製は責任者の承認を要する。"
                    "保管場所は極秘区分の共有フォルダまたは施錠キャビネットに限る。",
    },
    {
        "key": "confidential", "name": "社外秘", "rank": 20, "label_text": "【社外秘】", "may_disclose": True,
        "handling": "社外へは秘密保持契約（NDA）を締結した委託先にのみ、業務に必要な範囲で開示する。"
                    "開示する文書には自社の秘密である旨の表示を付ける。",
    },
    {
        "key": "public", "name": "一般", "rank": 10, "label_text": "", "may_disclose": True,
        "handling": "公開済み、または公開しても支障のない情報。表示は不要。",
    },
]

DEFAULT_RULES = [
    ("開示された場合、会社に重大な損害（競争力の喪失、取引停止など）が生じるか。", "top_secret", True),
    ("製品の設計・製造ノウハウ、製法、ソースコードなど、他社が持たない技術情報か。", "top_secret", True),
    ("顧客・取引条件・原価など、営業上の非公開情報か。", "confidential", True),
    ("業務のために委託先と秘密保持契約（NDA）のもとで共有する情報か。", "confidential", False),
    ("個人情報（氏名、連絡先、人事情報など）を含むか。", "confidential", False),
    ("社内の一般的な業務連絡・手順書など、社外に出ても支障が小さい情報か。", "public", False),
]
