public import EnforcementCore

/// The one paging shape of the contract. A list takes `page_size` and `page_token` and answers
/// `next_page_token` (empty on the last page); a feed takes `after_cursor` and `page_size` and
/// answers `next_cursor`. A page token is the position of the last item answered. The fields the
/// first contract used (`after`, `after_sequence`, `cursor`, `limit`) are still read, for one
/// release, when the new field is unset.
public enum Paging {
    /// Where a list continues: after the page token's position, else after the deprecated `after`.
    public static func after(token: String, deprecated after: Int64) throws(EnforcementError) -> Int64 {
        guard !token.isEmpty else { return after }
        guard token.utf8.count <= 20, let position = Int64(token), position >= 0 else {
            throw .invalid("page_token", "a page token is the next_page_token of a previous page", reason: "INVALID_PAGE_TOKEN")
        }
        return position
    }

    /// The token of the next page: the last item's position when the page was full (a next page
    /// may exist), empty otherwise. `pageSize` is the size asked for (`PageSize`'s rule).
    public static func nextToken(count: Int, pageSize: Int32, last position: Int64?) -> String {
        guard let position, let size = try? PageSize.resolve(Int(pageSize)), count >= size else { return "" }
        return String(position)
    }

    /// A feed's cursor: `after_cursor`, else its deprecated alias.
    public static func cursor(_ afterCursor: Int64, deprecated: Int64) -> Int64 { afterCursor != 0 ? afterCursor : deprecated }

    /// A page size: `page_size`, else its deprecated alias (`limit`).
    public static func size(_ pageSize: Int32, deprecated: Int32) -> Int { Int(pageSize != 0 ? pageSize : deprecated) }
}
