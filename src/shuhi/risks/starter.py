"""The starter set: insider risks written for this project from the seed's practices, and public
leak cases to learn from. Each is data the user may change or delete once loaded.

Measures are filed under the five principles of IPA「組織における内部不正防止ガイドライン」:
difficult（やりにくくする）, caught（やると見つかる）, reward（割に合わない）,
provocation（その気にさせない）, excuse（言い訳させない）.
"""

from __future__ import annotations

# key, title, description, likelihood, impact, asset categories, [(principle, measure)]
STARTER_RISKS: list[dict] = [
    {"key": "leaver-technical", "title": "退職予定者による技術情報の持ち出し",
     "description": "退職の申出から最終出社日までの間に、設計図面・製造条件などの技術情報を私物媒体や"
                    "クラウドへ複製し、転職先で使う。",
     "likelihood": 4, "impact": 5, "categories": ["technical", "production"],
     "measures": [
         ("difficult", "退職の申出と同時に、担当外の極秘フォルダへのアクセス権を外す。"),
         ("caught", "退職予定者の直近3か月のファイル操作ログ（大量コピー・持ち出し）を確認する。"),
         ("reward", "退職時の秘密保持誓約書に、持ち出し禁止の具体的な営業秘密を列挙する。"),
         ("provocation", "退職面談で貸与物・データの返却を確認し、不満や処遇の相談にも応じる。"),
         ("excuse", "就業規則と誓約書で、退職後も秘密保持義務が続くことを明記し説明する。"),
     ]},
    {"key": "supplier-redisclosure", "title": "委託先従業員による再委託先への無断開示",
     "description": "委託先の従業員が、開示された図面や仕様を委託元の了承なく再委託先へ渡す。",
     "likelihood": 3, "impact": 4, "categories": ["technical"],
     "measures": [
         ("difficult", "開示は必要最小限とし、開示文書に委託元の秘密である旨を表示する。"),
         ("caught", "開示台帳で再委託の有無と保有状況を定期的に確認する。"),
         ("excuse", "秘密保持契約で再開示の事前承認を義務づけ、委託先の責任者に説明する。"),
     ]},
    {"key": "privileged-id", "title": "特権IDの私的利用",
     "description": "システム管理者が特権IDで、業務に関係のない顧客情報や人事情報を閲覧・抽出する。",
     "likelihood": 2, "impact": 5, "categories": ["personal", "management"],
     "measures": [
         ("difficult", "特権IDは申請・承認制で貸し出し、作業後にパスワードを変更する。"),
         ("caught", "特権IDの操作ログを本人以外が定期的に確認し、ログを取っていることを周知する。"),
         ("provocation", "管理者を一人に固定せず、職務を分担・交代させる。"),
     ]},
    {"key": "usb-bulk-copy", "title": "USBメモリへの大量コピー",
     "description": "業務端末から私物のUSBメモリや外付けディスクへ、営業秘密を含むファイルを大量に複製する。",
     "likelihood": 3, "impact": 4, "categories": ["technical", "sales"],
     "measures": [
         ("difficult", "外部記憶媒体への書き込みを原則禁止し、許可した媒体だけを使える設定にする。"),
         ("caught", "媒体への書き込みログを取り、一定量を超えるコピーを警告する。"),
         ("excuse", "媒体利用のルールを文書化し、年1回の教育で確認する。"),
     ]},
    {"key": "personal-mail", "title": "個人メールへの転送",
     "description": "業務メールや添付の見積・図面を、自宅作業などを理由に個人のメールアドレスへ転送する。",
     "likelihood": 4, "impact": 3, "categories": ["sales", "technical"],
     "measures": [
         ("difficult", "社外の個人向けメールドメインへの自動転送と送信を制限する。"),
         ("caught", "社外送信メールのログを定期的に確認する。"),
         ("provocation", "持ち帰りが必要な業務にはリモートアクセスなど正規の手段を用意する。"),
         ("excuse", "個人メールへの転送禁止を規程に明記し周知する。"),
     ]},
    {"key": "printouts", "title": "印刷物の持ち出し",
     "description": "極秘の図面や顧客リストを印刷し、紙のまま社外へ持ち出す。",
     "likelihood": 3, "impact": 3, "categories": ["technical", "sales"],
     "measures": [
         ("difficult", "極秘文書の印刷は承認制とし、印刷物に秘密表示と出力者名を入れる。"),
         ("caught", "印刷ログ（誰が・何を・何枚）を取り、定期的に確認する。"),
         ("reward", "不要になった印刷物は施錠された回収箱で溶解処理する。"),
     ]},
    {"key": "stale-access", "title": "異動者のアクセス権残存",
     "description": "部署異動やプロジェクト離脱の後も、前の部署の共有フォルダやシステムの権限が残る。",
     "likelihood": 4, "impact": 3, "categories": ["technical", "management"],
     "measures": [
         ("difficult", "異動の発令と同時に、前の部署の権限を外す手順を人事と情報システムで決める。"),
         ("caught", "アクセス権の棚卸しを四半期ごとに行い、異動者の残存権限を確認する。"),
         ("excuse", "異動時の誓約書で、前の業務の秘密を引き続き守ることを確認する。"),
     ]},
    {"key": "shared-account", "title": "共有アカウントの利用",
     "description": "製造設備や部署のPCで共有アカウントを使うため、誰が操作したか特定できない。",
     "likelihood": 3, "impact": 3, "categories": ["production"],
     "measures": [
         ("difficult", "共有アカウントを廃止し、個人ごとのアカウントを発行する。"),
         ("caught", "やむを得ず残す共有アカウントは利用者と時間を台帳に記録する。"),
         ("excuse", "アカウントの貸し借り禁止を規程に明記する。"),
     ]},
    {"key": "byod", "title": "私物端末での業務データ取扱い",
     "description": "私物のスマートフォンやPCに業務データを保存・撮影し、管理の及ばない場所に残る。",
     "likelihood": 3, "impact": 4, "categories": ["technical", "personal"],
     "measures": [
         ("difficult", "私物端末の業務利用を禁止するか、管理ツールを入れた端末に限る。"),
         ("caught", "業務端末への私物スマートフォンの接続（充電を含む）を検知する。"),
         ("excuse", "私物端末の持込み・撮影のルールを作業場所に掲示する。"),
     ]},
    {"key": "cloud-upload", "title": "個人クラウドストレージへのアップロード",
     "description": "個人契約のオンラインストレージへ業務ファイルをアップロードし、退職後も閲覧できる状態にする。",
     "likelihood": 3, "impact": 5, "categories": ["technical", "sales"],
     "measures": [
         ("difficult", "業務端末から個人向けクラウドストレージへの接続を制限する。"),
         ("caught", "Webアクセスログで大容量アップロードを確認する。"),
         ("excuse", "許可したクラウドサービスの一覧を示し、それ以外の利用を禁じる。"),
     ]},
    {"key": "dissatisfied", "title": "処遇への不満を動機とする情報の持ち出し",
     "description": "評価や処遇への不満から、競合他社への転職や報復を目的に秘密情報を持ち出す。",
     "likelihood": 2, "impact": 4, "categories": ["technical", "sales", "management"],
     "measures": [
         ("provocation", "公正な評価と相談窓口を整え、不満が溜まる前に話せる場を作る。"),
         ("reward", "秘密情報を持ち出しても使えないよう、重要情報は暗号化し鍵を分けて管理する。"),
         ("excuse", "内部不正の罰則を定め、経営者から周知する。"),
     ]},
    {"key": "onsite-supplier", "title": "常駐する委託先要員による情報の閲覧・複製",
     "description": "構内に常駐する委託先や派遣の要員が、担当外の図面や顧客情報を閲覧・複製する。",
     "likelihood": 2, "impact": 4, "categories": ["technical", "personal"],
     "measures": [
         ("difficult", "常駐要員の端末とアカウントには、担当業務に必要な範囲だけの権限を与える。"),
         ("caught", "常駐要員のアクセスログも社員と同じ周期で確認する。"),
         ("excuse", "受入れ時に誓約書を取り、取扱いルールを説明する。"),
     ]},
]

# key, title, date, summary, what went wrong, lessons, principles, source name, source URL
STARTER_CASES: list[dict] = [
    {"key": "nsc-posco", "title": "新日鐵住金とPOSCOの方向性電磁鋼板技術訴訟",
     "date": "2015-09-30",
     "summary": "新日鐵住金（当時）は、方向性電磁鋼板の製造技術が元社員を通じて韓国POSCOに流出したとして、"
                "2012年にPOSCOと元社員を不正競争防止法違反で東京地裁に提訴した。2015年9月、POSCOが300億円を"
                "支払うことで和解した。",
     "went_wrong": "長年にわたり、退職した技術者から競合企業へ中核技術が渡っていた。",
     "lessons": "中核技術を特定して管理し、退職者との秘密保持の約束を具体的にしておく。流出が判明したときに"
                "営業秘密であったと立証できる管理の記録を残す。",
     "principles": ["difficult", "excuse"],
     "source": "新日鐵住金株式会社 プレスリリース（2015年9月30日）", "url": ""},
    {"key": "toshiba-hynix", "title": "東芝のNAND型フラッシュメモリ技術のSKハイニックスへの流出",
     "date": "2015-03-09",
     "summary": "東芝の提携先の元技術者が、東芝四日市工場のNAND型フラッシュメモリに関する研究データを"
                "不正に複製し、転職先の韓国SKハイニックスに提供した。2014年3月に逮捕され、東京地裁は"
                "2015年3月、懲役5年・罰金300万円の判決を言い渡した。民事ではSKハイニックスが東芝に和解金を支払った。",
     "went_wrong": "共同開発先の技術者が研究データにアクセスでき、その複製が見過ごされた。",
     "lessons": "提携先・委託先の要員にも、必要な範囲だけのアクセス権とログ確認を適用する。",
     "principles": ["difficult", "caught"],
     "source": "東京地方裁判所 判決（2015年3月9日）", "url": ""},
    {"key": "benesse", "title": "ベネッセの委託先派遣社員による顧客情報流出",
     "date": "2014-07-09",
     "summary": "ベネッセコーポレーションの顧客情報が、グループ会社の委託先で働いていた派遣社員のシステム"
                "エンジニアにより持ち出され、名簿業者に売却された。2014年7月に公表された。",
     "went_wrong": "外部記憶媒体への書き込みは制限されていたが、スマートフォンを接続しての複製は防げず、"
                   "大量のデータ取り出しに気づく監視も働かなかった。",
     "lessons": "書き込み制御の抜け道（スマートフォン等）を塞ぎ、大量の抽出・複製を検知する。委託先の"
                "要員が扱う権限とログを委託元が確認する。",
     "principles": ["difficult", "caught"],
     "source": "株式会社ベネッセホールディングス 公表（2014年7月9日）", "url": ""},
    {"key": "mazak", "title": "ヤマザキマザック元社員の図面持ち出し",
     "date": "2015-07-29",
     "summary": "工作機械メーカーのヤマザキマザックの社員が、社内サーバーから工作機械の設計図面などの"
                "ファイルを私物のハードディスクに複製した。名古屋地裁は不正競争防止法違反で有罪（懲役2年・"
                "罰金50万円）とした。",
     "went_wrong": "業務上アクセスできる社員が、大量の図面ファイルを私物媒体に複製できた。",
     "lessons": "図面サーバーからの大量ダウンロードと私物媒体への書き込みを制限・記録する。",
     "principles": ["difficult", "caught"],
     "source": "名古屋地方裁判所 判決（2015年7月29日）", "url": ""},
    {"key": "softbank-5g", "title": "ソフトバンク元社員による5G関連技術情報の持ち出し",
     "date": "2021-01-12",
     "summary": "ソフトバンクの元社員が、退職前に5Gなどのネットワーク設備に関する技術情報を社外に送信して"
                "持ち出したとして、2021年1月に警視庁に逮捕された。元社員は競合する通信事業者に転職していた。",
     "went_wrong": "退職直前の社員が、業務用サーバーの技術情報を社外へ送ることができた。",
     "lessons": "退職予定者のアクセスと社外送信を重点的に確認し、退職時の誓約で持ち出し禁止の対象を具体的に示す。",
     "principles": ["caught", "excuse"],
     "source": "ソフトバンク株式会社 公表（2021年1月12日）", "url": ""},
    {"key": "kappa", "title": "かっぱ寿司の営業秘密事件（はま寿司の仕入れデータ）",
     "date": "2023-05-31",
     "summary": "はま寿司の元取締役が、転職先のカッパ・クリエイトで社長となった後、はま寿司の仕入れ価格"
                "などの営業秘密を不正に取得・使用したとして起訴された。東京地裁は2023年5月、元社長に懲役3年"
                "執行猶予4年・罰金200万円、法人に罰金3000万円を言い渡した。",
     "went_wrong": "退職した役員が前の勤務先の営業データを入手でき、転職先で社内に共有された。",
     "lessons": "役員を含む退職者のアクセス権を速やかに外す。受け入れる側も、転職者が持ち込む他社の"
                "営業秘密を使わない仕組みを持つ。",
     "principles": ["difficult", "reward", "excuse"],
     "source": "東京地方裁判所 判決（2023年5月31日）", "url": ""},
    {"key": "ntt-bizsol", "title": "NTTビジネスソリューションズ委託先派遣社員による顧客情報流出",
     "date": "2023-10-17",
     "summary": "NTT西日本グループのコールセンターシステムの運用保守に従事していた元派遣社員が、約10年に"
                "わたり顧客情報を持ち出し、名簿業者に流していた。約900万件を超える顧客情報が対象となったと"
                "2023年10月に公表された。",
     "went_wrong": "システム管理の権限を持つ要員による長期間のデータ持ち出しが、監視で検知されなかった。",
     "lessons": "特権を持つ運用要員の操作ログを第三者が定期的に確認し、大量抽出を検知する。",
     "principles": ["caught", "difficult"],
     "source": "西日本電信電話株式会社 公表（2023年10月17日）", "url": ""},
    {"key": "dnp", "title": "大日本印刷の業務委託先元社員による顧客情報の持ち出し",
     "date": "2007-03-12",
     "summary": "大日本印刷の業務委託先の元社員が、同社が顧客企業から預かっていた個人情報約863万件を"
                "持ち出し、一部を売却していたことが2007年3月に公表された。",
     "went_wrong": "委託先の要員が大量の預かり情報を持ち出せる状態にあった。",
     "lessons": "預かった秘密情報を扱う委託先の管理状況を確認し、媒体の持ち込み・書き出しを制限する。",
     "principles": ["difficult", "caught"],
     "source": "大日本印刷株式会社 公表（2007年3月12日）", "url": ""},
    {"key": "mufg-securities", "title": "三菱UFJ証券の社員による顧客情報の持ち出しと売却",
     "date": "2009-04-08",
     "summary": "三菱UFJ証券（当時）のシステム部門の社員が、約148万人分の顧客情報を持ち出し、その一部を"
                "名簿業者に売却していたことが2009年4月に公表された。",
     "went_wrong": "システム部門の社員が顧客データを抽出・持ち出すことを防げず、気づくのも遅れた。",
     "lessons": "システム部門の権限にも職務分離とログの確認を適用し、抽出には承認を要するようにする。",
     "principles": ["difficult", "caught", "provocation"],
     "source": "三菱UFJ証券株式会社 公表（2009年4月8日）", "url": ""},
    {"key": "yahoo-bb", "title": "Yahoo! BB 顧客情報の流出（退職者アカウントの悪用）",
     "date": "2004-02-27",
     "summary": "ソフトバンクBBは2004年2月、Yahoo! BB の顧客約450万人分の情報が流出したと公表した。"
                "顧客データベースへは、業務を離れた関係者のアカウントが消されずに残っていたことを"
                "悪用して外部から接続されていた。",
     "went_wrong": "業務を離れた人のIDとパスワードが有効なまま残り、顧客データベースに外から接続できた。",
     "lessons": "退職・異動・委託終了のたびにアカウントを止め、残存アカウントを定期的に棚卸しする。",
     "principles": ["difficult", "caught"],
     "source": "ソフトバンクBB株式会社 公表（2004年2月27日）", "url": ""},
]
