public import Foundation

/// The numbers of the deterrence rules (DOMAIN.md, Deterrence measures); configurable, with the
/// national defaults.
public struct DeterrencePolicy: Hashable, Sendable {
    /// Grounds 2–6: the default term, and the longest extension (1–3 years).
    public var defaultListingYears = 2
    public var maxListingExtensionYears = 3
    /// A fine on a person: up to 100,000 RMB.
    public var personFineMax = Money(fen: 100_000_00)
    /// A fine on an organisation: 50,000 to 1,000,000 RMB.
    public var organisationFineMin = Money(fen: 50_000_00)
    public var organisationFineMax = Money(fen: 1_000_000_00)
    /// Detention: 1 to 15 days.
    public var detentionDays = 1...15
    /// The family is told within 24 hours of detention.
    public var familyNoticeHours = 24
    /// A review may be asked within 3 days, and is decided within 5.
    public var reviewRequestDays = 3
    public var reviewDecisionDays = 5
    /// Removal is due within 3 working days of a removal event.
    public var removalWorkingDays = 3
    /// A reminder this many days before a measure with an end date ends.
    public var endingReminderDays = 7
    /// Age of majority: a minor is never listed.
    public var majorityAge = 18

    public init() {}

    /// The longest term of a listing: ground 1 has none; grounds 2–6 up to 2 + 3 = 5 years.
    public var maxListingYears: Int { defaultListingYears + maxListingExtensionYears }

    /// The term of a listing on `ground`, checked: nil for ground 1 (no fixed term, a given term
    /// is refused), the default when none is given, otherwise 2 to 5 years.
    public func listingTerm(ground: ListingGround, requestedYears: Int?) throws(EnforcementError) -> Int? {
        if ground == .ableButRefuses {
            guard requestedYears == nil else {
                throw .invalid("term_years", "a listing on ground 1 (able to perform but refuses) has no fixed term; leave term_years empty")
            }
            return nil
        }
        guard let years = requestedYears else { return defaultListingYears }
        guard (defaultListingYears...maxListingYears).contains(years) else {
            throw .invalid("term_years", "a listing on ground \(ground.rawValue) lasts \(defaultListingYears) years, extendable by 1–\(maxListingExtensionYears): \(defaultListingYears) to \(maxListingYears) years, not \(years)")
        }
        return years
    }

    /// Checks a fine against its bounds for a person or an organisation.
    public func checkFine(_ amount: Money, person: Bool) throws(EnforcementError) {
        if person {
            guard amount.fen > 0, amount <= personFineMax else {
                throw .invalid("fine", "a fine on a person is more than 0 and at most \(personFineMax) RMB, not \(amount)")
            }
        } else {
            guard amount >= organisationFineMin, amount <= organisationFineMax else {
                throw .invalid("fine", "a fine on an organisation is \(organisationFineMin) to \(organisationFineMax) RMB, not \(amount)")
            }
        }
    }

    public func checkDetention(days: Int) throws(EnforcementError) {
        guard detentionDays.contains(days) else {
            throw .invalid("detention_days", "detention lasts \(detentionDays.lowerBound) to \(detentionDays.upperBound) days, not \(days)")
        }
    }

    /// The last day of removal after an event on `day`.
    public func removalDue(after day: CalendarDate, calendar: WorkingCalendar) -> CalendarDate {
        calendar.adding(workingDays: removalWorkingDays, to: day)
    }

    /// Why a debtor may not be listed, if a refusal applies: a minor; seized assets already cover
    /// the debt; adequate security given.
    public func listingRefusal(debtor: Party, on day: CalendarDate, seizedValue: Money, outstanding: Money, securityGiven: Bool) -> EnforcementError? {
        if case .person(let id) = debtor.identity, id.age(on: day) < majorityAge {
            return .precondition("a minor is never placed on the dishonest-debtor list (\(debtor.name) is \(id.age(on: day)))", field: "debtor_index", reason: "DEBTOR_IS_MINOR")
        }
        if securityGiven {
            return .precondition("adequate security was given; the debtor is not listed", field: "security_given", reason: "SECURITY_GIVEN")
        }
        if seizedValue.fen > 0, seizedValue >= outstanding {
            return .precondition("seized or frozen assets (\(seizedValue) RMB) already cover the debt (\(outstanding) RMB); the debtor is not listed", field: "seized_assets_value")
        }
        return nil
    }
}
