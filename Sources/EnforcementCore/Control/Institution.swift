public import Foundation

/// What kind of asset an institution holds; the kind fixes a freeze's longest term.
public enum AssetKind: String, Codable, CaseIterable, Sendable {
    /// 存款: bank deposits.
    case deposit
    /// 动产: vehicles, goods.
    case movable
    /// 不动产: land and buildings.
    case realEstate = "real_estate"
    /// 其他财产权: securities, equity, payment-platform balances.
    case otherRight = "other_right"
}

/// 查询 / 冻结 / 续冻 / 解冻 / 扣划.
public enum ControlAction: String, Codable, CaseIterable, Sendable {
    case query, freeze, renew, release, deduct
}

/// 协助执行单位: an assisting institution of the city's point-to-point network.
public struct Institution: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case bank
        case realEstateRegistry = "real_estate_registry"
        case vehicleRegistry = "vehicle_registry"
        case securitiesFirm = "securities_firm"
        case paymentPlatform = "payment_platform"
    }

    /// Hours the institution has to answer, by kind of request (configurable per institution).
    public struct AnswerHours: Hashable, Codable, Sendable {
        public var query: Int
        public var control: Int
        public var deduction: Int

        /// The defaults of the national rules: 24 hours for queries, freezes and deductions.
        public static let standard = AnswerHours(query: 24, control: 24, deduction: 24)

        public init(query: Int, control: Int, deduction: Int) {
            self.query = query
            self.control = control
            self.deduction = deduction
        }

        public func hours(for action: ControlAction) -> Int {
            switch action {
            case .query: query
            case .freeze, .renew, .release: control
            case .deduct: deduction
            }
        }
    }

    /// The id in the institution's certificate: `urn:enforcement:institution:<id>`.
    public var id: String
    public var name: String
    public var kind: Kind
    public var assetKinds: [AssetKind]
    public var actions: [ControlAction]
    /// Connected institutions receive the automatic query at filing.
    public var connected: Bool
    public var answerHours: AnswerHours
    /// The person supervision reminds of the institution's overdue answers (configured per institution).
    public var contact: Contact?

    /// An institution's staff contact for reminders: a name and a mobile number.
    public struct Contact: Hashable, Codable, Sendable {
        public var name: String
        public var phone: String

        public init(name: String, phone: String) {
            self.name = name
            self.phone = phone
        }
    }

    public init(id: String, name: String, kind: Kind, assetKinds: [AssetKind], actions: [ControlAction],
                connected: Bool = true, answerHours: AnswerHours = .standard, contact: Contact? = nil) {
        self.contact = contact
        self.id = id
        self.name = name
        self.kind = kind
        self.assetKinds = assetKinds
        self.actions = actions
        self.connected = connected
        self.answerHours = answerHours
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        kind = try container.decode(Kind.self, forKey: .kind)
        assetKinds = try container.decode([AssetKind].self, forKey: .assetKinds)
        actions = try container.decode([ControlAction].self, forKey: .actions)
        connected = try container.decodeIfPresent(Bool.self, forKey: .connected) ?? true
        answerHours = try container.decodeIfPresent(AnswerHours.self, forKey: .answerHours) ?? .standard
        contact = try container.decodeIfPresent(Contact.self, forKey: .contact)
    }

    public var principal: Principal { .institution(id) }
}

/// The assisting institutions, loaded from a JSON file when the server starts.
public struct InstitutionRegistry: Sendable {
    public let institutions: [Institution]
    private let byID: [String: Institution]

    public init(_ institutions: [Institution]) throws(EnforcementError) {
        var byID: [String: Institution] = [:]
        for institution in institutions {
            guard !institution.id.isEmpty, institution.id.count <= 64,
                  institution.id.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0 != ":" })
            else {
                throw .invalid("institutions", "institution id '\(institution.id)' must be 1 to 64 printable ASCII characters without ':'")
            }
            guard byID.updateValue(institution, forKey: institution.id) == nil else {
                throw .invalid("institutions", "institution id '\(institution.id)' appears twice")
            }
            guard !institution.assetKinds.isEmpty, institution.actions.contains(.query) else {
                throw .invalid("institutions", "institution \(institution.id) must hold some asset kind and answer queries")
            }
            let hours = institution.answerHours
            guard [hours.query, hours.control, hours.deduction].allSatisfy({ (1...720).contains($0) }) else {
                throw .invalid("institutions", "answer hours of \(institution.id) must be 1 to 720")
            }
            if let contact = institution.contact {
                guard (1...40).contains(contact.name.count), Party.isMobile(contact.phone) else {
                    throw .invalid("institutions", "the contact of \(institution.id) needs a name of 1 to 40 characters and a mobile number")
                }
            }
        }
        self.institutions = institutions.sorted { $0.id < $1.id }
        self.byID = byID
    }

    /// Reads `{"institutions": [...]}`.
    public init(json: Data) throws {
        struct File: Decodable { var institutions: [Institution] }
        try self.init(try JSONDecoder().decode(File.self, from: json).institutions)
    }

    public init(contentsOf url: URL) throws {
        do {
            try self.init(json: Data(contentsOf: url))
        } catch let error as EnforcementError {
            throw error
        } catch {
            throw EnforcementError.invalid("institutions", "cannot read \(url.path): \(error)")
        }
    }

    /// The development registry shipped with the package (`Resources/institutions.json`).
    public static let development: InstitutionRegistry = {
        // The resource is part of the package; if it is missing the build itself is broken.
        let url = Bundle.module.url(forResource: "institutions", withExtension: "json")!
        return try! InstitutionRegistry(contentsOf: url)
    }()

    public func institution(_ id: String) -> Institution? { byID[id] }

    /// Institutions that receive the automatic query at filing and every "query all".
    public var connected: [Institution] { institutions.filter { $0.connected && $0.actions.contains(.query) } }

    /// The institution named in a request, or NOT_FOUND.
    public func require(_ id: String, field: String = "institution_id") throws(EnforcementError) -> Institution {
        guard let institution = byID[id] else {
            throw EnforcementError(.notFound, field: field, "no assisting institution '\(id)'; see ListInstitutions")
        }
        return institution
    }
}
