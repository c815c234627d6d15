# ruff: noqa: E501 — the templates are prose: one paragraph a line, as the person reads it.
"""The pledge templates shuhi ships: hiring, project join, transfer and exit, in Japanese and English.

Following the seed: the hiring pledge promises the exit pledge, and the project, transfer and exit
pledges name the concrete secrets ({対象資産一覧}) rather than a blanket clause. The lowest tier
named is the ledger's 社外秘 (confidential) where the organisation has it. Placeholders are listed
in pledging.py.
"""

from __future__ import annotations

# (kind, language) -> (title, body)
DEFAULT_TEMPLATES: dict[tuple[str, str], tuple[str, str]] = {
    ("hire", "ja"): ("入社時の秘密保持誓約書", """{会社名} 御中

私 {氏名}（社員番号 {社員番号}、所属 {部署}）は、{日付} 付の入社にあたり、次の事項を誓約します。

1. 業務上知り得た貴社の営業秘密その他の秘密情報（極秘・社外秘に格付けされた情報を含みます）を、在職中も退職後も、貴社の許可なく開示・漏えい・使用しません。
2. 秘密情報は貴社の定める格付けと取扱い規程に従って管理し、指定された保管場所以外に複製・持ち出しをしません。
3. 情報システムの利用記録（ログ）が収集・点検されることを理解し、これに同意します。
4. 秘密情報の不自然な取扱いを知ったときは、速やかに所定の窓口に報告します。
5. 退職の際には、在職中に取り扱った具体的な秘密情報を明記した退職時の秘密保持誓約書を提出し、貸与物と秘密情報の複製をすべて返却または廃棄します。
6. 本誓約に違反した場合、就業規則に基づく懲戒、損害賠償その他の法的責任を負うことがあることを理解しています。

現時点で私の所属・担当に関係する秘密情報:
{対象資産一覧}
"""),
    ("hire", "en"): ("Confidentiality pledge on joining", """To {company}

I, {name} (employee number {employee_number}, department {department}), joining on {date}, pledge that:

1. I will not disclose, leak or use, without the company's permission, its trade secrets or other confidential information (including information classified top secret or confidential) that I learn in my work, while employed or after I leave.
2. I will handle confidential information according to the company's classification and handling rules, and will not copy it or take it outside the storage locations designated for it.
3. I understand and agree that records (logs) of my use of information systems are collected and reviewed.
4. I will promptly report any suspicious handling of confidential information I become aware of.
5. When I leave, I will sign an exit pledge naming the specific confidential information I handled, and return or destroy every item lent to me and every copy of confidential information.
6. I understand that breaching this pledge may lead to disciplinary action under the work rules, damages and other legal liability.

Confidential information concerning my department and assignments at present:
{assets}
"""),
    ("project_join", "ja"): ("プロジェクト参加時の秘密保持誓約書", """{会社名} 御中

私 {氏名}（社員番号 {社員番号}、所属 {所属}）は、{日付} からプロジェクト「{プロジェクト}」に参加するにあたり、次の秘密情報を同プロジェクトの業務にのみ使用し、取扱い規程に従って管理し、許可なく開示・複製・持ち出しをしないことを誓約します。

対象となる秘密情報:
{対象資産一覧}

保管場所:
{保管場所一覧}

プロジェクトを離れる際および退職の際には、これらの秘密情報の複製をすべて返却または廃棄します。
"""),
    ("project_join", "en"): ("Confidentiality pledge on joining a project", """To {company}

I, {name} (employee number {employee_number}, {employer}), joining the project "{projects}" on {date}, pledge to use the following confidential information only for that project's work, to handle it according to the handling rules, and not to disclose, copy or take it out without permission.

Confidential information covered:
{assets}

Storage locations:
{locations}

When I leave the project, and when I leave the company, I will return or destroy every copy of this information.
"""),
    ("transfer", "ja"): ("異動時の秘密保持誓約書", """{会社名} 御中

私 {氏名}（社員番号 {社員番号}）は、{日付} 付の異動（異動後の所属 {部署}）にあたり、次の事項を誓約します。

1. 異動前の業務で取り扱った秘密情報の複製を、異動前にすべて返却または廃棄しました。
2. 異動後の業務で取り扱う次の秘密情報を、取扱い規程に従って管理し、許可なく開示・複製・持ち出しをしません。

対象となる秘密情報:
{対象資産一覧}
"""),
    ("transfer", "en"): ("Confidentiality pledge on transfer", """To {company}

I, {name} (employee number {employee_number}), transferring on {date} (new department: {department}), pledge that:

1. Before the transfer I returned or destroyed every copy of the confidential information I handled in my previous work.
2. I will handle the following confidential information of my new work according to the handling rules, and will not disclose, copy or take it out without permission.

Confidential information covered:
{assets}
"""),
    ("exit", "ja"): ("退職時の秘密保持誓約書", """{会社名} 御中

私 {氏名}（社員番号 {社員番号}、所属 {部署}）は、{日付} 付の退職にあたり、次の事項を誓約します。

1. 在職中に取り扱った次の秘密情報（営業秘密を含みます）を、退職後も貴社の許可なく開示・漏えい・使用しません。

対象となる秘密情報:
{対象資産一覧}

保管場所:
{保管場所一覧}

2. 上記の秘密情報の複製（紙、電子ファイル、私用の端末・記憶媒体・クラウドに保存したものを含みます）を、退職日までにすべて返却または廃棄し、手元に残していません。
3. 貸与された機器・記憶媒体・書類をすべて返却しました。
4. 本誓約に違反した場合、損害賠償その他の法的責任を負うことがあることを理解しています。
"""),
    ("exit", "en"): ("Confidentiality pledge on leaving", """To {company}

I, {name} (employee number {employee_number}, department {department}), leaving on {date}, pledge that:

1. I will not disclose, leak or use, after leaving, without the company's permission, the following confidential information (including trade secrets) that I handled while employed:

Confidential information covered:
{assets}

Storage locations:
{locations}

2. By my last day I returned or destroyed every copy of the information above (on paper, in electronic files, and on personal devices, media or cloud storage), and I keep none.
3. I returned every device, medium and document lent to me.
4. I understand that breaching this pledge may lead to damages and other legal liability.
"""),
}

# The ledger tier (by key) from which a pledge names assets.
DEFAULT_MIN_TIER = "confidential"
