/// The size of a page of a list: 1 to 1000, 0 meaning 100. One rule for every list, and for the
/// wire's `next_page_token` (a full page may have a next one).
public enum PageSize {
    public static func resolve(_ limit: Int) throws(EnforcementError) -> Int {
        guard (0...1000).contains(limit) else { throw .invalid("page_size", "page size is 1 to 1000 (0 means 100), got \(limit)") }
        return limit == 0 ? 100 : limit
    }
}
