public import Foundation

/// How a sum of counters is split.
public enum FigureGrouping: String, Sendable, CaseIterable {
    case court, day, month, dimension, bucket
}

/// A sum of counter cells: the measures, one court or every court, the days from `from` to `to`
/// (either open), split by `groupBy`.
public struct FigureQuery: Hashable, Sendable {
    public var measures: [FigureMeasure]
    public var court: CourtCode?
    public var from: CalendarDate?
    public var to: CalendarDate?
    public var groupBy: Set<FigureGrouping>

    public init(_ measures: [FigureMeasure], court: CourtCode? = nil, from: CalendarDate? = nil, to: CalendarDate? = nil, groupBy: Set<FigureGrouping> = []) {
        self.measures = measures
        self.court = court
        self.from = from
        self.to = to
        self.groupBy = groupBy
    }
}

/// One row of a sum: the measure, the groups asked for (others nil; `period` is `YYYY-MM-DD` by
/// day or `YYYY-MM` by month) and the total.
public struct FigureSum: Hashable, Sendable {
    public var measure: FigureMeasure
    public var court: String?
    public var period: String?
    public var dimension: String?
    public var bucket: Int?
    public var value: Int64

    public init(measure: FigureMeasure, court: String? = nil, period: String? = nil, dimension: String? = nil, bucket: Int? = nil, value: Int64) {
        self.measure = measure
        self.court = court
        self.period = period
        self.dimension = dimension
        self.bucket = bucket
        self.value = value
    }
}

/// The counters of the command centre's figures (kept by the store in the transaction of every
/// write that moves one: the writers of cases, control requests, receipts, payouts, measures and
/// delegations update them, so no workflow can forget).
public protocol FigureReader {
    func sums(_ query: FigureQuery) throws -> [FigureSum]
    /// Every counter cell as stored.
    func storedFigures() throws -> FigureTally.Cells
    /// Every counter cell recomputed from the source records (a scan of every record), and how many
    /// records' kept contributions differ from what they contribute now.
    func recomputedFigures() throws -> (cells: FigureTally.Cells, staleRecords: Int)
    /// How many month and year rows differ from the sum of their day rows.
    func rollupDifferences() throws -> Int
}

public protocol FigureWriter: FigureReader {
    /// Replaces every counter and every record's kept contribution by the recomputed ones.
    func rebuildFigures() throws
}

/// The outcome of comparing the stored counters with counters recomputed from the records.
public struct FigureCheck: Hashable, Codable, Sendable {
    public struct Difference: Hashable, Codable, Sendable {
        public var cell: FigureCell
        public var stored: Int64
        public var recomputed: Int64
    }

    public var cellsCompared: Int
    public var differences: [Difference]
    public var staleRecords: Int
    public var rollupDifferences: Int

    public var agrees: Bool { differences.isEmpty && staleRecords == 0 && rollupDifferences == 0 }

    /// Compares inside one snapshot: every day cell, every record's kept contribution, every month and year row.
    public static func run(_ figures: any FigureReader) throws -> FigureCheck {
        let recomputed = try figures.recomputedFigures()
        return FigureCheck(stored: try figures.storedFigures(), recomputed: recomputed.cells, staleRecords: recomputed.staleRecords,
                           rollupDifferences: try figures.rollupDifferences())
    }

    public init(stored: FigureTally.Cells, recomputed: FigureTally.Cells, staleRecords: Int, rollupDifferences: Int = 0) {
        self.rollupDifferences = rollupDifferences
        let keys = Set(stored.keys).union(recomputed.keys)
        cellsCompared = keys.count
        differences = keys.sorted().compactMap { cell in
            let (a, b) = (stored[cell] ?? 0, recomputed[cell] ?? 0)
            return a == b ? nil : Difference(cell: cell, stored: a, recomputed: b)
        }
        self.staleRecords = staleRecords
    }
}

/// Campaigns as the store keeps them.
public protocol CampaignReader {
    func campaign(_ id: String) throws -> Campaign?
    /// Campaigns with a position after `after`, oldest first.
    func campaigns(after: Int64, limit: Int) throws -> [Campaign]
}

public protocol CampaignWriter: CampaignReader {
    /// Inserts a campaign and returns it with its position and id.
    func insert(_ campaign: Campaign) throws -> Campaign
}
