public import Foundation

/// A special campaign (专项治理): a name, a period, the cases it is about and a target closing rate.
/// Its cases are those with a cause tag (e.g. 劳动报酬: unclosed at the start, or filed during it), or
/// the backlog of unclosed cases filed before a day (counted when the campaign is created).
public struct Campaign: Hashable, Codable, Sendable {
    public var id: String
    public var position: Int64
    public var name: String
    /// One court's campaign, or the city's (nil).
    public var court: CourtCode?
    public var from: CalendarDate
    public var to: CalendarDate
    public var causeTag: String?
    public var filedBefore: CalendarDate?
    /// The target closing rate, in per mille.
    public var targetPermille: Int
    /// A backlog campaign: the unclosed cases filed before `filedBefore` per court when it was created.
    public var baseline: [String: Int64]
    public var createdAt: Date
    public var createdBy: String

    public init(id: String = "", position: Int64 = 0, name: String, court: CourtCode?, from: CalendarDate, to: CalendarDate, causeTag: String?,
                filedBefore: CalendarDate?, targetPermille: Int, baseline: [String: Int64], createdAt: Date, createdBy: String) {
        self.id = id
        self.position = position
        self.name = name
        self.court = court
        self.from = from
        self.to = to
        self.causeTag = causeTag
        self.filedBefore = filedBefore
        self.targetPermille = targetPermille
        self.baseline = baseline
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    public static func id(position: Int64) -> String { String(format: "CP%06lld", position) }
}

/// The command centre opens a campaign.
public struct CreateCampaign: CaseCommand, Hashable {
    public static let action = "campaign.create"
    public var name: String
    public var court: String
    public var from: String
    public var to: String
    public var causeTag: String
    public var filedBefore: String
    public var targetPermille: Int

    public init(name: String, court: String = "", from: String, to: String, causeTag: String = "", filedBefore: String = "", targetPermille: Int) {
        self.name = name
        self.court = court
        self.from = from
        self.to = to
        self.causeTag = causeTag
        self.filedBefore = filedBefore
        self.targetPermille = targetPermille
    }
}

/// A campaign's progress, like any other figure: its cases, those closed since it began, the rate.
public struct CampaignProgress: Hashable, Sendable {
    public var campaign: Campaign
    /// The court the figures are of (a court sees its own part of a city campaign), nil for the city.
    public var court: CourtCode?
    public var asOf: CalendarDate
    public var cases: Int64
    public var closed: Int64
    public var remaining: Int64 { max(0, cases - closed) }
    public var ratePermille: Int64 { Overview.permille(closed, of: cases) }
    public var onTarget: Bool { ratePermille >= Int64(campaign.targetPermille) }
}
