/// A value that is written as one string and validated when read back, so that nothing invalid
/// can enter through a stored or decoded document.
public protocol ValidatedString: Codable {
    init(validating text: String) throws(EnforcementError)
    var stringValue: String { get }
}

extension ValidatedString {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(validating: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(stringValue)
    }
}
