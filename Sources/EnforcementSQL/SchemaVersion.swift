public import EnforcementCore

extension EnforcementError {
    /// The database was migrated by a newer version of the platform (`unknown`: the migrations this
    /// version does not have). Such a server would write rows the newer schema expects filled in
    /// (a control request without its feed position is never seen by a bank's feed), so it stops at
    /// start-up instead.
    public static func databaseNewer(_ unknown: [String]) -> EnforcementError {
        EnforcementError(
            .failedPrecondition, field: "database",
            "the database was migrated by a newer version of the platform (migrations \(unknown.joined(separator: ", ")) are not known to this one); start that version, or restore a backup taken before the upgrade",
            reason: "DATABASE_NEWER")
    }
}
