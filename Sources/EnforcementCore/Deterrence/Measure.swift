public import Foundation

/// The nine deterrence measures (执行威慑措施).
public enum MeasureKind: String, Codable, Sendable, CaseIterable {
    /// 纳入失信被执行人名单
    case dishonestList = "dishonest_list"
    /// 限制高消费
    case consumptionRestriction = "consumption_restriction"
    /// 曝光
    case publicExposure = "public_exposure"
    /// 限制出境
    case exitBan = "exit_ban"
    /// 网上追查
    case onlinePursuit = "online_pursuit"
    /// 拘传
    case forcedSummons = "forced_summons"
    /// 罚款
    case fine
    /// 拘留
    case detention
    /// 移送拒执罪
    case refusalReferral = "refusal_referral"

    public var nameZh: String {
        switch self {
        case .dishonestList: "纳入失信被执行人名单"
        case .consumptionRestriction: "限制高消费"
        case .publicExposure: "曝光"
        case .exitBan: "限制出境"
        case .onlinePursuit: "网上追查"
        case .forcedSummons: "拘传"
        case .fine: "罚款"
        case .detention: "拘留"
        case .refusalReferral: "移送拒执罪"
        }
    }

    /// The process node recorded when the measure is imposed.
    public var nodeCode: String {
        switch self {
        case .dishonestList: "dishonest_listed"
        case .consumptionRestriction: "consumption_restricted"
        case .publicExposure: "public_exposure"
        case .exitBan: "exit_banned"
        case .onlinePursuit: "online_pursuit"
        case .forcedSummons: "forced_summons"
        case .fine: "fine_imposed"
        case .detention: "detention_ordered"
        case .refusalReferral: "refusal_referred"
        }
    }

    /// The process node recorded when the measure is lifted.
    public var liftNodeCode: String { self == .dishonestList ? "dishonest_removed" : "measure_lifted" }

    /// Measures that act on a natural person: for an organisation debtor they bind its legal representative.
    public var bindsAPerson: Bool { self == .forcedSummons || self == .detention || self == .exitBan }
}

/// The six grounds for listing a dishonest debtor (《关于公布失信被执行人名单信息的若干规定》第一条).
public enum ListingGround: Int, Codable, Sendable, CaseIterable {
    /// 有履行能力而拒不履行生效法律文书确定义务
    case ableButRefuses = 1
    /// 以伪造证据、暴力、威胁等方法妨碍、抗拒执行
    case obstructsEnforcement = 2
    /// 以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行
    case evadesEnforcement = 3
    /// 违反财产报告制度
    case breachesPropertyReport = 4
    /// 违反限制消费令
    case breachesConsumptionRestriction = 5
    /// 无正当理由拒不履行执行和解协议
    case breachesSettlement = 6

    /// The dishonest behaviour as published (失信行为情形).
    public var behaviourZh: String {
        switch self {
        case .ableButRefuses: "有履行能力而拒不履行生效法律文书确定义务"
        case .obstructsEnforcement: "以伪造证据、暴力、威胁等方法妨碍、抗拒执行"
        case .evadesEnforcement: "以虚假诉讼、虚假仲裁或者以隐匿、转移财产等方法规避执行"
        case .breachesPropertyReport: "违反财产报告制度"
        case .breachesConsumptionRestriction: "违反限制消费令"
        case .breachesSettlement: "无正当理由拒不履行执行和解协议"
        }
    }
}

/// Events that make a listing's removal due (删除失信信息的情形).
public enum RemovalEvent: String, Codable, Sendable, CaseIterable {
    /// 全部履行
    case debtPerformed = "debt_performed"
    /// 执行和解协议履行完毕
    case settlementPerformed = "settlement_performed"
    /// 申请执行人申请删除且人民法院审查同意
    case applicantRequest = "applicant_request"
    /// 终本后通过网络执行查控系统查询被执行人财产两次以上未发现有可供执行财产
    case noAssetsAfterTermination = "no_assets_after_termination"
    /// 因审判监督或破产程序中止执行
    case retrialOrBankruptcySuspension = "retrial_or_bankruptcy_suspension"
    /// 人民法院依法裁定不予执行或终结执行
    case enforcementRefusedOrTerminated = "enforcement_refused_or_terminated"
    /// 纳入期限届满
    case termEnded = "term_ended"

    public var nameZh: String {
        switch self {
        case .debtPerformed: "被执行人已履行全部义务"
        case .settlementPerformed: "执行和解协议已履行完毕"
        case .applicantRequest: "申请执行人申请删除并经审查同意"
        case .noAssetsAfterTermination: "终本后两次网络查询未发现财产"
        case .retrialOrBankruptcySuspension: "因审判监督或破产程序中止执行"
        case .enforcementRefusedOrTerminated: "裁定不予执行或终结执行"
        case .termEnded: "纳入期限届满"
        }
    }
}

public enum MeasureStatus: String, Codable, Sendable, CaseIterable {
    /// In force (including a detention being served, a referral under way).
    case inForce = "in_force"
    case lifted
}

/// A person an organisation's consumption restriction also binds (or who is summoned or detained
/// for it): its legal representative (法定代表人) or actual controller (实际控制人).
public struct BoundPerson: Hashable, Codable, Sendable {
    public enum Role: String, Codable, Sendable, CaseIterable {
        case legalRepresentative = "legal_representative"
        case actualController = "actual_controller"
    }

    public var role: Role
    public var name: String
    public var idNumber: PersonID

    public init(role: Role, name: String, idNumber: PersonID) {
        self.role = role
        self.name = name
        self.idNumber = idNumber
    }
}

/// A removal due on a listing: the event, when it was recorded and the last working day.
public struct RemovalDue: Hashable, Codable, Sendable {
    public var event: RemovalEvent
    public var recordedAt: Date
    public var dueOn: CalendarDate
    public var document: String?
    /// Set once by the monitor when the day passed with the listing still in force.
    public var overdueFlaggedOn: CalendarDate?

    public init(event: RemovalEvent, recordedAt: Date, dueOn: CalendarDate, document: String?, overdueFlaggedOn: CalendarDate? = nil) {
        self.event = event
        self.recordedAt = recordedAt
        self.dueOn = dueOn
        self.document = document
        self.overdueFlaggedOn = overdueFlaggedOn
    }
}

/// Something that happened to a measure after it was imposed.
public struct MeasureStep: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case imposed, extended, removalDue = "removal_due", removalOverdue = "removal_overdue", lifted
        /// Detention: the family was told (within 24 hours).
        case familyNotified = "family_notified"
        case familyNoticeOverdue = "family_notice_overdue"
        /// Detention or fine: the person asked for review (复议, within 3 days), and its decision (within 5).
        case reviewRequested = "review_requested"
        case reviewDecided = "review_decided"
        case reviewOverdue = "review_overdue"
        /// A reminder before the measure ends.
        case endingSoon = "ending_soon"
    }

    public var kind: Kind
    public var at: Date
    public var by: String
    public var document: String?
    public var note: String?

    public init(kind: Kind, at: Date, by: String, document: String? = nil, note: String? = nil) {
        self.kind = kind
        self.at = at
        self.by = by
        self.document = document
        self.note = note
    }
}

/// One deterrence measure on one debtor of a case.
public struct Measure: Hashable, Codable, Sendable {
    /// Assigned by the store: `MS` and eight digits.
    public var id: String
    public var position: Int64
    public var caseNumber: CaseNumber
    public var kind: MeasureKind
    /// Index of the debtor in the case's debtors.
    public var debtorIndex: Int
    public var debtorName: String
    public var debtorIDNumber: String
    public var debtorIsPerson: Bool
    /// For an organisation debtor: its legal representative and actual controller.
    public var boundPersons: [BoundPerson]
    public var imposedBy: String
    public var imposedAt: Date
    public var document: String
    public var startOn: CalendarDate
    /// Nil when the measure has no fixed end (e.g. a listing on ground 1).
    public var endOn: CalendarDate?
    public var status: MeasureStatus
    public var ground: ListingGround?
    public var termYears: Int?
    public var fine: Money?
    public var detentionDays: Int?
    /// Detention: the family must be told by this instant (24 hours after the order).
    public var familyNoticeDueBy: Date?
    public var familyNotifiedAt: Date?
    /// Detention or fine: the last day to ask for review and, once asked, the day it is decided by.
    public var reviewRequestBy: CalendarDate?
    public var reviewRequestedOn: CalendarDate?
    public var reviewDecideBy: CalendarDate?
    public var reviewDecidedOn: CalendarDate?
    public var removal: RemovalDue?
    public var liftedAt: Date?
    public var liftReason: String?
    /// A listing's consumption restriction imposed with it (its id), or the listing this restriction came with.
    public var linkedMeasureID: String?
    public var note: String?
    public var steps: [MeasureStep]

    public init(
        id: String = "", position: Int64 = 0, caseNumber: CaseNumber, kind: MeasureKind, debtorIndex: Int, debtorName: String,
        debtorIDNumber: String, debtorIsPerson: Bool, boundPersons: [BoundPerson], imposedBy: String, imposedAt: Date, document: String,
        startOn: CalendarDate, endOn: CalendarDate?, status: MeasureStatus = .inForce, ground: ListingGround? = nil, termYears: Int? = nil,
        fine: Money? = nil, detentionDays: Int? = nil, familyNoticeDueBy: Date? = nil, reviewRequestBy: CalendarDate? = nil,
        linkedMeasureID: String? = nil, note: String? = nil, steps: [MeasureStep] = []
    ) {
        self.id = id
        self.position = position
        self.caseNumber = caseNumber
        self.kind = kind
        self.debtorIndex = debtorIndex
        self.debtorName = debtorName
        self.debtorIDNumber = debtorIDNumber
        self.debtorIsPerson = debtorIsPerson
        self.boundPersons = boundPersons
        self.imposedBy = imposedBy
        self.imposedAt = imposedAt
        self.document = document
        self.startOn = startOn
        self.endOn = endOn
        self.status = status
        self.ground = ground
        self.termYears = termYears
        self.fine = fine
        self.detentionDays = detentionDays
        self.familyNoticeDueBy = familyNoticeDueBy
        self.reviewRequestBy = reviewRequestBy
        self.linkedMeasureID = linkedMeasureID
        self.note = note
        self.steps = steps
    }

    public var isInForce: Bool { status == .inForce }

    /// The debtor's ID as published: a person's masked, an organisation's in full.
    public var publicDebtorIDNumber: String {
        debtorIsPerson ? (try? PersonID(debtorIDNumber, field: "id"))?.masked ?? String(repeating: "*", count: debtorIDNumber.count) : debtorIDNumber
    }
}
