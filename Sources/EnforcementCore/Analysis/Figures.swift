public import Foundation

/// What a counter counts (执行分析). Each stored record contributes to a few counter cells
/// (`FigureTally`); the store keeps, per day × court × measure (× dimension × bucket), the sum
/// of every record's contribution, updated in the transaction that changes the record. A period's
/// figure is then a sum of counter rows, never a scan of cases.
public enum FigureMeasure: String, Codable, Sendable, CaseIterable {
    /// 新收: cases filed, on the filing day; dimension the case type (执, 执恢, …).
    case filed
    /// 结案: cases closed, on the closing day; dimension the closing mode.
    case closed
    /// Cases closed, on the closing day, by handling judge (dimension).
    case closedByJudge = "closed_by_judge"
    /// Closings by days from filing to closing, on the closing day; bucket = the upper bound of the
    /// closing's band (`FigureTally.dayBands`), so a period's p50/p90 are read as "at most N days".
    case closedDays = "closed_days"
    /// The days from filing to closing, summed (the exact mean with the count of closings).
    case closedDaysTotal = "closed_days_total"
    /// 未结 (存) now: unclosed cases, on their filing day (so their age is known); dimension the type.
    case pending
    /// Unclosed cases now, on their filing day, by handling judge (dimension; "" unassigned).
    case pendingByJudge = "pending_by_judge"
    /// Unclosed cases now, on their last day (超期 when before today).
    case pendingDue = "pending_due"
    /// Cases filed, on the filing day, by cause tag (案由; dimension): a case with two tags counts under each.
    case filedByCause = "filed_by_cause"
    /// Cases closed, on the closing day, by cause tag.
    case closedByCause = "closed_by_cause"
    /// 案款到账: money credited to a case (fen), on the day it arrived.
    case moneyReceived = "money_received"
    /// 案款发放: money paid out of a case (fen), on the day the bank confirmed it.
    case moneyPaid = "money_paid"
    /// 查控: control requests sent, on the day served; dimension the institution.
    case controlsSent = "controls_sent"
    /// Control requests answered, on the day answered; dimension the institution.
    case controlsAnswered = "controls_answered"
    /// Answers by hours from service to answer, dimension the institution; bucket = the upper bound
    /// of the answer's band (`FigureTally.hourBands`).
    case answerHours = "answer_hours"
    /// Control requests not yet answered, on the day their answer is due; dimension the institution.
    case controlsDue = "controls_due"
    /// Amounts frozen (fen) by answered freezes, on the day answered; dimension the institution.
    case amountFrozen = "amount_frozen"
    /// Amounts deducted (fen) by answered deductions, on the day answered; dimension the institution.
    case amountDeducted = "amount_deducted"
    /// 惩戒措施: measures imposed, on their first day; dimension the kind (失信名单 = debtors listed).
    case measuresImposed = "measures_imposed"
    /// Listings removed, on the day lifted; dimension `on_time` or `late` against the removal due day.
    case removals
    /// 委托执行: tasks sent, on the day sent (court = sender, dimension = receiver).
    case delegationsSent = "delegations_sent"
    /// Tasks received, on the day sent (court = receiver, dimension = sender).
    case delegationsReceived = "delegations_received"
    /// Tasks not completed, rejected or finished, on their due day (court = receiver).
    case delegationsDue = "delegations_due"

    /// Amounts in fen rather than counts.
    public var isMoney: Bool { [.moneyReceived, .moneyPaid, .amountFrozen, .amountDeducted].contains(self) }

    /// A state now (its cells move when the state ends) rather than events of a day.
    public var isCurrentState: Bool { [.pending, .pendingByJudge, .pendingDue, .controlsDue, .delegationsDue].contains(self) }

    /// Measures whose cells are cases (a drill-down lists them).
    public var countsCases: Bool {
        [.filed, .closed, .closedByJudge, .pending, .pendingByJudge, .pendingDue, .filedByCause, .closedByCause].contains(self)
    }
}

/// One counter cell: a measure of one court on one day, split by a dimension and a bucket.
public struct FigureCell: Hashable, Comparable, Codable, Sendable {
    public var measure: FigureMeasure
    public var court: String
    public var day: CalendarDate
    public var dimension: String
    public var bucket: Int

    public init(_ measure: FigureMeasure, court: String, day: CalendarDate, dimension: String = "", bucket: Int = 0) {
        self.measure = measure
        self.court = court
        self.day = day
        self.dimension = dimension
        self.bucket = bucket
    }

    public static func < (lhs: FigureCell, rhs: FigureCell) -> Bool {
        (lhs.measure.rawValue, lhs.court, lhs.day, lhs.dimension, lhs.bucket) < (rhs.measure.rawValue, rhs.court, rhs.day, rhs.dimension, rhs.bucket)
    }

    enum CodingKeys: String, CodingKey {
        case measure = "m", court = "c", day = "d", dimension = "x", bucket = "b"
    }
}

/// The counter cells each stored record contributes to now. Pure functions of the record: the
/// store subtracts a record's previous cells and adds its new ones in the same transaction, and
/// the rebuild recomputes every counter from the records with the same functions.
public enum FigureTally {
    public typealias Cells = [FigureCell: Int64]

    public static func cells(ofCase record: EnforcementCase) -> Cells {
        var cells: Cells = [:]
        let court = record.court.value
        cells[FigureCell(.filed, court: court, day: record.filedOn, dimension: record.number.type.rawValue)] = 1
        for tag in record.causeTags ?? [] { cells[FigureCell(.filedByCause, court: court, day: record.filedOn, dimension: tag)] = 1 }
        if let closing = record.closing, record.status == .closed {
            cells[FigureCell(.closed, court: court, day: closing.on, dimension: closing.mode.rawValue)] = 1
            cells[FigureCell(.closedByJudge, court: court, day: closing.on, dimension: record.handlingJudge ?? "")] = 1
            let days = max(0, record.filedOn.days(until: closing.on))
            cells[FigureCell(.closedDays, court: court, day: closing.on, bucket: band(days, dayBands))] = 1
            if days > 0 { cells[FigureCell(.closedDaysTotal, court: court, day: closing.on)] = Int64(days) }
            for tag in record.causeTags ?? [] { cells[FigureCell(.closedByCause, court: court, day: closing.on, dimension: tag)] = 1 }
        } else {
            cells[FigureCell(.pending, court: court, day: record.filedOn, dimension: record.number.type.rawValue)] = 1
            cells[FigureCell(.pendingByJudge, court: court, day: record.filedOn, dimension: record.handlingJudge ?? "")] = 1
            if let due = record.dueOn(asOf: record.filedOn) {
                cells[FigureCell(.pendingDue, court: court, day: due)] = 1
            }
        }
        return cells
    }

    public static func cells(ofControl request: ControlRequest) -> Cells {
        var cells: Cells = [:]
        let court = request.caseNumber.court.value
        let institution = request.institution
        cells[FigureCell(.controlsSent, court: court, day: CalendarDate(request.servedAt), dimension: institution)] = 1
        guard request.status == .answered, let answeredAt = request.answeredAt else {
            cells[FigureCell(.controlsDue, court: court, day: CalendarDate(request.answerDueAt), dimension: institution)] = 1
            return cells
        }
        let day = CalendarDate(answeredAt)
        cells[FigureCell(.controlsAnswered, court: court, day: day, dimension: institution)] = 1
        let hours = Int((max(0, answeredAt.timeIntervalSince(request.servedAt)) / 3600).rounded(.up))
        cells[FigureCell(.answerHours, court: court, day: day, dimension: institution, bucket: band(hours, hourBands))] = 1
        switch request.answer {
        case .control(let controlled, _, _, _)? where request.action == .freeze && controlled.fen > 0:
            cells[FigureCell(.amountFrozen, court: court, day: day, dimension: institution)] = controlled.fen
        case .deduction(let moved, _, _)? where moved.fen > 0:
            cells[FigureCell(.amountDeducted, court: court, day: day, dimension: institution)] = moved.fen
        default:
            break
        }
        return cells
    }

    public static func cells(ofReceipt receipt: Receipt) -> Cells {
        guard let number = receipt.caseNumber, receipt.status == .credited || receipt.status == .matched, receipt.amount.fen > 0 else { return [:] }
        return [FigureCell(.moneyReceived, court: number.court.value, day: CalendarDate(receipt.receivedAt)): receipt.amount.fen]
    }

    public static func cells(ofPayout payout: Payout) -> Cells {
        guard payout.status == .paid, let completed = payout.completedAt, payout.amount.fen > 0 else { return [:] }
        return [FigureCell(.moneyPaid, court: payout.caseNumber.court.value, day: CalendarDate(completed)): payout.amount.fen]
    }

    public static func cells(ofMeasure measure: Measure) -> Cells {
        let court = measure.caseNumber.court.value
        var cells: Cells = [FigureCell(.measuresImposed, court: court, day: measure.startOn, dimension: measure.kind.rawValue): 1]
        if let removal = measure.removal, let lifted = measure.liftedAt {
            let day = CalendarDate(lifted)
            cells[FigureCell(.removals, court: court, day: day, dimension: day <= removal.dueOn ? "on_time" : "late")] = 1
        }
        return cells
    }

    public static func cells(ofDelegation task: DelegationTask) -> Cells {
        let day = CalendarDate(task.sentAt)
        var cells: Cells = [
            FigureCell(.delegationsSent, court: task.sender.value, day: day, dimension: task.receiver.value): 1,
            FigureCell(.delegationsReceived, court: task.receiver.value, day: day, dimension: task.sender.value): 1,
        ]
        if task.status == .sent || task.status == .accepted {
            cells[FigureCell(.delegationsDue, court: task.receiver.value, day: task.dueOn)] = 1
        }
        return cells
    }

    /// The bands of days to close and of hours to answer: a value counts in the first band whose
    /// bound is at least the value; beyond the last, in `beyond`. Few bands keep a year's counters
    /// small (a sum reads a row per band, not per distinct value).
    public static let dayBands = [7, 14, 30, 60, 90, 120, 150, 180, 240, 300, 365, 450, 540, 730, 1_095]
    public static let hourBands = [1, 2, 4, 8, 12, 24, 36, 48, 72, 96, 120, 168, 240, 336, 720]
    public static let beyond = 99_999

    static func band(_ value: Int, _ bands: [Int]) -> Int { bands.first { value <= $0 } ?? beyond }

    /// `new − old`, without zero entries.
    public static func difference(from old: Cells, to new: Cells) -> Cells {
        var delta = new
        for (cell, value) in old { delta[cell, default: 0] -= value }
        return delta.filter { $0.value != 0 }
    }

    /// Cells as stored beside their record: a JSON array, sorted, so equal cells read equal.
    public static func encode(_ cells: Cells) -> String {
        struct Entry: Encodable { var cell: FigureCell; var value: Int64
            func encode(to encoder: any Encoder) throws {
                var container = encoder.unkeyedContainer()
                try container.encode(cell.measure.rawValue); try container.encode(cell.court); try container.encode(cell.day)
                try container.encode(cell.dimension); try container.encode(cell.bucket); try container.encode(value)
            }
        }
        let entries = cells.sorted { $0.key < $1.key }.map { Entry(cell: $0.key, value: $0.value) }
        return String(decoding: (try? JSONEncoder().encode(entries)) ?? Data("[]".utf8), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> Cells {
        struct Entry: Decodable { var cell: FigureCell; var value: Int64
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                let raw = try container.decode(String.self)
                guard let measure = FigureMeasure(rawValue: raw) else {
                    throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown measure \(raw)")
                }
                cell = FigureCell(measure, court: try container.decode(String.self), day: try container.decode(CalendarDate.self),
                                  dimension: try container.decode(String.self), bucket: try container.decode(Int.self))
                value = try container.decode(Int64.self)
            }
        }
        let entries = try JSONDecoder().decode([Entry].self, from: Data(text.utf8))
        return Dictionary(entries.map { ($0.cell, $0.value) }, uniquingKeysWith: +)
    }
}
