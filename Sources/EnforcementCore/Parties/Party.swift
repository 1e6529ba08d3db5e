/// A party to a case: a natural person or an organisation.
public struct Party: Hashable, Codable, Sendable {
    public enum Identity: Hashable, Codable, Sendable {
        case person(PersonID)
        case organisation(CreditCode)
    }

    public var name: String
    public var identity: Identity
    public var phone: String?

    public init(name: String, identity: Identity, phone: String? = nil) {
        self.name = name
        self.identity = identity
        self.phone = phone
    }

    /// Validates a party from request fields; `field` is the path of the party in the request.
    public static func validated(
        isPerson: Bool?, name: String, idNumber: String, phone: String, field: String
    ) throws(EnforcementError) -> Party {
        let trimmed = name.trimmingWhitespace
        guard !trimmed.isEmpty, trimmed.count <= 200 else {
            throw .invalid("\(field).name", "a party's name is required (at most 200 characters)")
        }
        guard let isPerson else {
            throw .invalid("\(field).kind", "a party is a person or an organisation")
        }
        let identity: Identity =
            isPerson
            ? .person(try PersonID(idNumber, field: "\(field).id_number"))
            : .organisation(try CreditCode(idNumber, field: "\(field).id_number"))
        var validPhone: String?
        if !phone.isEmpty {
            guard Self.isMobile(phone) else {
                throw .invalid("\(field).phone", "a mobile number has 11 digits starting with 1")
            }
            validPhone = phone
        }
        return Party(name: trimmed, identity: identity, phone: validPhone)
    }

    public var idNumber: String {
        switch identity {
        case .person(let id): id.value
        case .organisation(let code): code.value
        }
    }

    public var isPerson: Bool {
        if case .person = identity { return true }
        return false
    }

    /// The ID as shown in anything public: persons masked, organisations in full.
    public var publicIDNumber: String {
        switch identity {
        case .person(let id): id.masked
        case .organisation(let code): code.value
        }
    }

    /// A phone number as shown in anything public: first 3 and last 4 digits.
    /// A mobile number: 11 digits starting with 1.
    public static func isMobile(_ phone: String) -> Bool {
        phone.count == 11 && phone.allSatisfy({ $0.isASCII && $0.isNumber }) && phone.first == "1"
    }

    public static func maskPhone(_ phone: String) -> String {
        guard phone.count > 7 else { return String(repeating: "*", count: phone.count) }
        return String(phone.prefix(3)) + String(repeating: "*", count: phone.count - 7) + String(phone.suffix(4))
    }
}

extension StringProtocol {
    /// Without the whitespace at either end (the characters between are kept as they are).
    var trimmingWhitespace: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
