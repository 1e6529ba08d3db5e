/// The type character(s) of an enforcement case number.
public enum CaseType: String, CaseIterable, Codable, Sendable {
    /// 执: first enforcement.
    case first = "执"
    /// 执恢: resumed enforcement, linked to a closed case.
    case resumed = "执恢"
    /// 执保: preservation.
    case preservation = "执保"
    /// 执异: objection.
    case objection = "执异"
    /// 执复: review.
    case review = "执复"
    /// 执监: supervision.
    case supervision = "执监"
    /// 执协: assistance.
    case assistance = "执协"
}

/// The kind of enforcement title; it sets the time limit.
public enum TitleKind: String, Codable, Sendable {
    /// Judgment or mediation statement of a lawsuit: 6 months.
    case litigation
    /// Arbitral award, notarised debt instrument and other non-litigation titles: 3 months.
    case nonLitigation = "non_litigation"
}
