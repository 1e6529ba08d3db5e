public import Foundation

/// Who is calling, as named by the URI SAN of its verified client certificate.
///
/// `urn:enforcement:court:沪0105`, `urn:enforcement:command-centre:沪`,
/// `urn:enforcement:institution:ICBC-SH`, `urn:enforcement:custodian-bank:BOC-SH`,
/// `urn:enforcement:credit-platform:SH` (non-ASCII characters percent-encoded).
public enum Principal: Hashable, ValidatedString, Sendable, CustomStringConvertible {
    case court(CourtCode)
    case commandCentre(CourtCode)
    case institution(String)
    case custodianBank(String)
    case creditPlatform(String)
    /// The server's own background jobs (deadline monitor, re-queries); never named by a certificate.
    case system(String)

    static let prefix = "urn:enforcement:"

    /// Parses a principal URI (percent-encoded or not).
    public init(uri raw: String) throws(EnforcementError) {
        let uri = raw.removingPercentEncoding ?? raw
        guard uri.hasPrefix(Self.prefix) else {
            throw EnforcementError(.unauthenticated, "certificate URI '\(raw)' is not an urn:enforcement: principal")
        }
        let parts = uri.dropFirst(Self.prefix.count).split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[1].isEmpty, parts[1].count <= 64 else {
            throw EnforcementError(.unauthenticated, "certificate URI '\(raw)' names no principal")
        }
        let (kind, id) = (parts[0], parts[1])
        do {
            switch kind {
            case "court": self = .court(try CourtCode(id))
            case "command-centre": self = .commandCentre(try CourtCode(id))
            case "institution": self = .institution(id)
            case "custodian-bank": self = .custodianBank(id)
            case "credit-platform": self = .creditPlatform(id)
            case "system": self = .system(id)
            default: throw EnforcementError(.unauthenticated, "unknown principal kind '\(kind)'")
            }
        } catch let error as EnforcementError {
            throw EnforcementError(.unauthenticated, "certificate URI '\(raw)': \(error.message)")
        } catch {
            throw EnforcementError(.unauthenticated, "certificate URI '\(raw)' is not valid")
        }
    }

    /// The principal's URI, unencoded.
    public var uri: String {
        switch self {
        case .court(let code): "\(Self.prefix)court:\(code)"
        case .commandCentre(let code): "\(Self.prefix)command-centre:\(code)"
        case .institution(let id): "\(Self.prefix)institution:\(id)"
        case .custodianBank(let id): "\(Self.prefix)custodian-bank:\(id)"
        case .creditPlatform(let id): "\(Self.prefix)credit-platform:\(id)"
        case .system(let id): "\(Self.prefix)system:\(id)"
        }
    }

    /// The URI as written into a certificate's SAN (non-ASCII percent-encoded).
    public var encodedURI: String {
        uri.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? uri
    }

    public var description: String { uri }

    public init(validating text: String) throws(EnforcementError) { try self.init(uri: text) }

    public var stringValue: String { uri }
}

/// The role a principal plays; the authorisation table is written in roles.
public enum Role: String, CaseIterable, Sendable {
    case cityCourt = "city-court"
    case externalCourt = "external-court"
    case commandCentre = "command-centre"
    case institution
    case custodianBank = "custodian-bank"
    case creditPlatform = "credit-platform"
    /// The server's background jobs; no RPC is open to it.
    case system
}

extension Principal {
    /// The role of a principal the deployment knows, or nil: a court must be one of the city's
    /// courts or a known court of another province, the command centre the deployment's own, an
    /// institution in the registry, the custodian bank and the credit platform the configured ones.
    /// The server's own `system` principal is never granted to a caller.
    public func role(in deployment: Deployment) -> Role? {
        let courts = deployment.courts
        switch self {
        case .court(let code):
            if courts.court(code) != nil { return .cityCourt }
            return courts.externalCourts[code] != nil ? .externalCourt : nil
        case .commandCentre(let code): return code == courts.commandCentre ? .commandCentre : nil
        case .institution(let id): return deployment.institutions.institution(id) != nil ? .institution : nil
        case .custodianBank(let id): return id == deployment.custodianBank ? .custodianBank : nil
        case .creditPlatform(let id): return id == deployment.creditPlatform ? .creditPlatform : nil
        case .system: return nil
        }
    }
}

/// What a deployment knows of its callers: a principal kind is granted only to these.
public struct Deployment: Sendable {
    public var courts: CourtRegistry
    public var institutions: InstitutionRegistry
    /// The id of the custodian bank of the case-funds accounts (`custodian-bank:<id>`).
    public var custodianBank: String
    /// The id of the public credit platform that reads the dishonest-debtor list (`credit-platform:<id>`).
    public var creditPlatform: String

    public init(courts: CourtRegistry, institutions: InstitutionRegistry, custodianBank: String, creditPlatform: String) {
        self.courts = courts
        self.institutions = institutions
        self.custodianBank = custodianBank
        self.creditPlatform = creditPlatform
    }

    /// The reference deployment: Shanghai's courts, the development institutions, BOC-SH and SH.
    public static let development = Deployment(courts: .shanghai, institutions: .development, custodianBank: "BOC-SH", creditPlatform: "SH")
}

/// A role a court's user holds, as its court's sign-on states it in the user token (`roles`).
public enum UserRole: String, CaseIterable, Codable, Sendable, Comparable {
    /// 承办法官: runs the cases assigned to them, proposes payouts.
    case judge
    /// 书记员 / 法官助理: records nodes and acts for a judge; a payout it proposes is on the judge's behalf.
    case clerk
    /// 执行局长: the second stage of a payout.
    case bureauChief = "bureau_chief"
    /// 财务: the third stage of a payout.
    case finance
    /// 院长: approves a time-limit extension.
    case president
    /// 指挥中心值班员: routes delegated tasks, acknowledges alerts.
    case commandOfficer = "command_officer"

    /// The roles a user of a court may hold; a command-centre user holds ``commandOfficer``.
    public static let courtRoles: Set<UserRole> = [.judge, .clerk, .bureauChief, .finance, .president]

    public static func < (lhs: UserRole, rhs: UserRole) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A person inside a court or the command centre, as the court's verified user token names them.
public struct CourtUser: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The token's `sub`: the user's id in the court's sign-on, stable across names.
    public var id: String
    /// The token's `name`, for people reading the journal.
    public var name: String
    public var roles: Set<UserRole>
    /// False only for a user named by the old `enforcement-user` metadata while a court moves to
    /// tokens (`ENFORCEMENT_USER_TOKENS=optional`): its name and roles were not verified.
    public var verified: Bool

    public init(id: String, name: String? = nil, roles: Set<UserRole>, verified: Bool = true) {
        self.id = id
        self.name = name ?? id
        self.roles = roles
        self.verified = verified
    }

    public func holds(_ role: UserRole) -> Bool { roles.contains(role) }

    public func holdsAny(_ wanted: Set<UserRole>) -> Bool { !roles.isDisjoint(with: wanted) }

    /// `id (name)`, or the id alone when they are the same.
    public var description: String { name == id ? id : "\(id) (\(name))" }
}

/// A caller: the certificate's principal and, inside a court, the user its token names.
public struct Caller: Hashable, Codable, Sendable, CustomStringConvertible {
    public var principal: Principal
    /// The user inside the principal (judge, clerk, …): verified from the court's signed token.
    public var user: CourtUser?

    public init(principal: Principal, user: CourtUser? = nil) {
        self.principal = principal
        self.user = user
    }

    public var description: String {
        if let user { return "\(principal.uri)#\(user.id)" }
        return principal.uri
    }

    /// The court whose cases this caller owns, if it is a court.
    public var court: CourtCode? {
        if case .court(let code) = principal { return code }
        return nil
    }

    /// The institution id, if the caller is an assisting institution.
    public var institution: String? {
        if case .institution(let id) = principal { return id }
        return nil
    }

    /// True for the command centre, which sees every case of the city.
    public var isCityWide: Bool {
        if case .commandCentre = principal { return true }
        return false
    }

    /// Courts see only their own cases; the command centre sees all.
    public func mayRead(_ number: CaseNumber) -> Bool {
        isCityWide || court == number.court
    }

    /// Only the owning court changes a case.
    public func mayChange(_ number: CaseNumber) -> Bool {
        court == number.court
    }
}

extension Caller {
    /// The verified user of this call holding one of `roles`, or PERMISSION_DENIED naming the step:
    /// separation of duties rests on the roles the court's token states, never on a request field.
    public func requireUser(_ roles: Set<UserRole>, for step: String) throws(EnforcementError) -> CourtUser {
        guard let user else {
            throw EnforcementError(.permissionDenied, field: "authorization", "\(step) needs a court user's token")
        }
        guard user.holdsAny(roles) else {
            let wanted = roles.sorted().map(\.rawValue).joined(separator: " or ")
            throw EnforcementError(.permissionDenied, field: "authorization",
                                   "\(step) needs the role \(wanted); user \(user.id) holds \(user.roles.sorted().map(\.rawValue).joined(separator: ", "))")
        }
        return user
    }
}
