public import Foundation

/// A court of the city.
public struct Court: Hashable, Codable, Sendable {
    public enum Level: String, Codable, Sendable {
        case high, intermediate, basic, special
    }

    public var code: CourtCode
    public var name: String
    public var nameEn: String
    public var level: Level
    /// The districts (asset locations) a basic court of the city serves.
    public var districts: [String]?
}

/// The city's courts, loaded from data (`Resources/courts.json` by default).
public struct CourtRegistry: Sendable {
    /// The province abbreviation of the city, e.g. `沪`.
    public let province: Character
    /// The court that hosts the enforcement command centre.
    public let commandCentre: CourtCode
    public let courts: [CourtCode: Court]
    /// Courts of other provinces known to the platform (they call with their own certificates).
    public let externalCourts: [CourtCode: Court]

    private struct File: Decodable {
        var province: String
        var commandCentre: CourtCode
        var courts: [Court]
        var externalCourts: [Court]?
    }

    public init(json: Data) throws {
        let file = try JSONDecoder().decode(File.self, from: json)
        guard let province = file.province.first else {
            throw EnforcementError(.internalError, "courts file names no province")
        }
        self.province = province
        commandCentre = file.commandCentre
        courts = Dictionary(file.courts.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        externalCourts = Dictionary((file.externalCourts ?? []).map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The reference city's courts (Shanghai), shipped with the package.
    public static let shanghai: CourtRegistry = {
        // The resource is part of the package; if it is missing the build itself is broken.
        let url = Bundle.module.url(forResource: "courts", withExtension: "json")!
        return try! CourtRegistry(json: Data(contentsOf: url))
    }()

    public func court(_ code: CourtCode) -> Court? { courts[code] }

    /// A city court that may hold cases; throws naming `field` otherwise.
    public func cityCourt(_ code: CourtCode, field: String = "court_code") throws(EnforcementError) -> Court {
        guard let court = courts[code] else {
            throw .invalid(field, "unknown court \(code): not one of the city's \(courts.count) courts")
        }
        return court
    }

    /// The city court serving the district named in a location (e.g. `上海市长宁区…`), if any.
    public func court(serving location: String) -> Court? {
        courts.values.sorted { $0.code < $1.code }.first { court in
            (court.districts ?? []).contains { location.contains($0) }
        }
    }

    /// True for a court code of another province.
    public func isExternal(_ code: CourtCode) -> Bool { code.province != province }
}
