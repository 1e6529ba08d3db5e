public import Foundation

/// A key process node (节点) of an enforcement case, from the catalogue shipped as data.
public struct ProcessNode: Hashable, Codable, Sendable {
    /// When a node falls due, counted from the filing date.
    public struct Deadline: Hashable, Codable, Sendable {
        public var days: Int?
        public var months: Int?

        public init(days: Int? = nil, months: Int? = nil) {
            self.days = days
            self.months = months
        }

        public func due(filedOn: CalendarDate) -> CalendarDate {
            filedOn.adding(months: months ?? 0).adding(days: days ?? 0)
        }

        public var description: String {
            if let months { return "\(months) month\(months == 1 ? "" : "s") after filing" }
            let days = days ?? 0
            return days == 0 ? "on the day of filing" : "\(days) days after filing"
        }
    }

    public var code: String
    public var nameZh: String
    public var nameEn: String
    /// Pushed to the parties (SMS, WeChat, …) when it happens.
    public var pushedToParties: Bool
    public var deadline: Deadline?
    /// Recorded by its own call (filing, assignment, suspension, …), not by `RecordNode`.
    public var viaOwnCall: Bool?

    public init(code: String, nameZh: String, nameEn: String, pushedToParties: Bool, deadline: Deadline?, viaOwnCall: Bool?) {
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.pushedToParties = pushedToParties
        self.deadline = deadline
        self.viaOwnCall = viaOwnCall
    }
}

/// The node catalogue.
public struct ProcessNodeCatalogue: Sendable {
    public let nodes: [ProcessNode]
    private let byCode: [String: ProcessNode]

    public init(json: Data) throws {
        struct File: Decodable { var nodes: [ProcessNode] }
        nodes = try JSONDecoder().decode(File.self, from: json).nodes
        byCode = Dictionary(nodes.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The catalogue shipped with the package (`Resources/process-nodes.json`).
    public static let standard: ProcessNodeCatalogue = {
        // The resource is part of the package; if it is missing the build itself is broken.
        let url = Bundle.module.url(forResource: "process-nodes", withExtension: "json")!
        return try! ProcessNodeCatalogue(json: Data(contentsOf: url))
    }()

    public func node(_ code: String) -> ProcessNode? { byCode[code] }

    /// A node a caller may record with `RecordNode`.
    public func recordable(_ code: String, field: String = "node_code") throws(EnforcementError) -> ProcessNode {
        guard let node = byCode[code] else {
            throw .invalid(field, "unknown process node '\(code)'; see ListProcessNodes")
        }
        guard node.viaOwnCall != true else {
            throw .invalid(field, "node '\(code)' is recorded by the platform itself (its own call or a background job)")
        }
        return node
    }

    /// A node the workflow records itself; these codes are fixed in the catalogue.
    func system(_ code: String) -> ProcessNode {
        // Every code passed here is a literal present in process-nodes.json; a test asserts it.
        byCode[code]!
    }
}
