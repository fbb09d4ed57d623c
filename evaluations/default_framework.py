"""The default competency framework for account people, following the agency's own client-service
training material (docs/practice.md, "Judged by the standard of one's title").

Written in English with the training material's Chinese names. Loaded by a data migration and by
`manage.py load_review_framework`; management edits it in the app afterwards.
"""

NAME = "Account people 客户服务人员"

# code, name, Chinese name, description, behaviours [(name, Chinese name, description)],
# expectations {title: text}
COMPETENCIES = [
    (
        "performance",
        "Performance",
        "业绩表现",
        "Delivers the account's work with quality, on time and within cost; bears final responsibility for it.",
        [
            ("Quality of work", "工作质量", "Work reaching the client is right first time and on strategy."),
            ("Timeliness", "时效", "Deadlines are met; delays are foreseen and agreed in advance."),
            (
                "Cost and revenue",
                "成本和收益",
                "Estimates are correct and approved by the client; overruns are avoided or approved in advance; "
                "the client pays on time.",
            ),
            ("Client business results", "客户业务成果", "The client's brand grows; the relationship lasts."),
        ],
        {
            "AE": "Delivers assigned jobs accurately and on time; keeps estimates and job records up to date.",
            "AM": "Delivers the account's projects on time and on budget; catches overruns before they happen.",
            "AAD": "Delivers several accounts or a large account profitably; the client renews its work.",
            "AD": "Grows the accounts' revenue and margin; the accounts' results are reported and defended.",
            "GAD": "Grows the group's business and profitability; the group's clients stay and expand.",
        },
    ),
    (
        "analytical-thinking",
        "Analytical thinking",
        "分析性思维",
        "Knows the market, the category, the consumer, the competitors and the client's business, and uses it.",
        [
            (
                "Market knowledge",
                "市场基础知识",
                "Market conditions, category, consumer usage and attitudes, competitors.",
            ),
            ("Client business knowledge", "客户业务知识", "The client's products, brand positioning and personality."),
            ("Gathering and handling information", "收集和处理信息", "Common research tools; sources; analysis."),
            ("Media and production know-how", "业务技术性知识", "The necessary media and production terms and craft."),
            ("Creative evaluation", "创意评估", "Judges creative work against the brand strategy; constructive."),
            ("Organising and summarising", "组织和总结信息", "Turns a mass of material into actionable conclusions."),
        ],
        {
            "AE": "Knows the client's products and competitors; gathers and organises information accurately.",
            "AM": "Analyses the market and the consumer; draws conclusions the team can act on.",
            "AAD": "Judges creative and media against the brand strategy with sound reasons.",
            "AD": "Brings strategic insight on the category and the client's business to every recommendation.",
            "GAD": "Sets the strategic direction of the group's brands; is a business partner to client management.",
        },
    ),
    (
        "communication",
        "Communication",
        "沟通交流技巧",
        "Clear, accurate and timely communication with the client and inside the agency.",
        [
            (
                "External communication",
                "对外沟通交流",
                "Clear, accurate, timely spoken and written communication; evaluates client comments "
                "constructively; upholds the agency's principles and interests.",
            ),
            (
                "Internal communication",
                "对内沟通交流",
                "Timely, accurate, complete briefing of the departments; strategic guidance; keeps superiors informed.",
            ),
        ],
        {
            "AE": "Writes accurate contact reports and status reports; passes on information completely and on time.",
            "AM": "Briefs departments clearly; speaks for the client inside the agency and for the agency outside.",
            "AAD": "Leads client discussions; handles disagreement constructively.",
            "AD": "Presents and negotiates with senior client staff; keeps management informed.",
            "GAD": "Represents the agency to client leadership; communicates the group's direction.",
        },
    ),
    (
        "planning-organisation",
        "Planning and organisation",
        "计划和组织能力",
        "Sets priorities, follows work through and reports on it; runs meetings; good work habits.",
        [
            ("Prioritising", "工作的排序能力", "Sets goals and priorities; allocates time and resources sensibly."),
            (
                "Progress and follow-up",
                "工作进展和跟进",
                "Knows the status of every job; reports regularly; follows up.",
            ),
            ("Meetings", "会议", "Arranges, starts and chairs meetings on time; records decisions promptly."),
            ("Work habits", "个人工作习惯", "Fast, clear-headed, writes things down, adapts, keeps time."),
        ],
        {
            "AE": "Keeps the job list, schedules and meeting notes current; nothing falls through the cracks.",
            "AM": "Plans the account's work and resources; runs status meetings; follows up every open point.",
            "AAD": "Plans across projects and departments; anticipates bottlenecks.",
            "AD": "Plans the accounts' year; balances the team's workload.",
            "GAD": "Plans the group's resources and priorities across clients.",
        },
    ),
    (
        "leadership",
        "Leadership",
        "领导才能",
        "Team spirit, represents the agency, helpful, brings new ideas, committed, coaches juniors.",
        [
            ("Team spirit", "团队精神", "Works closely with every department and level; drives the team's energy."),
            (
                "Representing the agency",
                "宣扬公司观",
                "Speaks from the agency's standpoint and explains it to clients.",
            ),
            ("Helpfulness", "向客户提供帮助", "Helps whenever possible; a positive, useful presence."),
            ("New ideas", "新点子", "Keeps bringing well-founded, persuasive new ideas to clients and colleagues."),
            ("Commitment", "积极的态度", "Committed, diligent, self-driven, keeps learning, open-minded."),
            ("Coaching", "培训和指引", "Guides and trains juniors and new colleagues."),
        ],
        {
            "AE": "A reliable team member; helps colleagues; offers ideas.",
            "AM": "Leads the account's day-to-day team; coaches AEs.",
            "AAD": "Leads a cross-department team; develops AMs and AEs.",
            "AD": "Leads the account group; builds the team and its morale.",
            "GAD": "Leads the group; develops future directors; a model of the agency's values.",
        },
    ),
    (
        "attitude",
        "Attitude and personal qualities",
        "工作态度和个人素质",
        "Thinks before acting, a manager not a messenger, accountable, good with people, careful with money, "
        "calm under pressure, trustworthy.",
        [
            (
                "Thinks before acting",
                "动脑胜于动手",
                "Thinks at every step; has own judgement; never takes for granted.",
            ),
            (
                "A manager, not a messenger",
                "做“管理人”,而非“传声筒”",
                "Guides strategically; the quality guarantor at every step; foresees problems and acts.",
            ),
            ("Accountable", "勇于承担责任", "The company's and colleagues' problems are own problems; no excuses."),
            (
                "People skills",
                "与人沟通",
                "Considers others; represents the agency to clients and clients to the agency.",
            ),
            ("Careful with money", "对金钱斤斤计较", "Recovers costs; makes sure the client pays; never wastes money."),
            ("Calm under pressure", "压力之下,毫无惧色", "Faces challenges calmly; does not give up."),
            ("Trustworthy", "树立信任感", "Diligent, honest, keeps promises; earns clients' and colleagues' trust."),
        ],
        {
            "AE": "Takes ownership of own tasks; asks before assuming; honest about mistakes.",
            "AM": "Owns the account's problems; proposes solutions rather than passing messages on.",
            "AAD": "Stands in front of the client when things go wrong; protects the agency's money.",
            "AD": "Accountable for the accounts' results and relationships; calm and decisive under pressure.",
            "GAD": "Accountable for the group; sets the standard of integrity and composure.",
        },
    ),
]


def load(framework_model, created_by=None):
    """Create version 1 of the framework unless one exists. Returns the framework (new or existing).

    Takes the model class so a data migration can pass its historical model.
    """
    existing = framework_model.objects.order_by("-version").first()
    if existing is not None:
        return existing
    framework = framework_model.objects.create(name=NAME, version=1, created_by=created_by)
    for order, (code, name, name_zh, description, behaviours, expectations) in enumerate(COMPETENCIES, start=1):
        competency = framework.competencies.create(
            code=code, order=order, name=name, name_zh=name_zh, description=description
        )
        for b_order, (b_name, b_name_zh, b_description) in enumerate(behaviours, start=1):
            competency.behaviours.create(order=b_order, name=b_name, name_zh=b_name_zh, description=b_description)
        for title, text in expectations.items():
            competency.expectations.create(title=title, text=text)
    return framework
