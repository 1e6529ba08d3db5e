/// Lowercase hexadecimal, two digits a byte: how digests (the journal's hashes, request hashes,
/// evidence files, link secrets) are written. One table lookup a digit; `String(format: "%02x")`
/// a byte cost about 60 µs a SHA-256 digest here, twice on every write.
extension Sequence where Element == UInt8 {
    public var hexadecimal: String {
        let digits: StaticString = "0123456789abcdef"
        var utf8: [UInt8] = []
        utf8.reserveCapacity(underestimatedCount * 2)
        digits.withUTF8Buffer { digits in
            for byte in self {
                utf8.append(digits[Int(byte >> 4)])
                utf8.append(digits[Int(byte & 0x0f)])
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}
