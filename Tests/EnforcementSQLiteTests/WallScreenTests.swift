import EnforcementCore
import Foundation
import Testing

@Suite("The wall screen: one-time links, sessions, figures and the ticker (both stores)")
struct WallScreenTests {
    let day0 = CalendarDate(year: 2026, month: 3, day: 10)

    func access(_ h: Harness, linkSeconds: Int = 300) -> DashboardAccess {
        DashboardAccess(domain: h.workflow.domain, linkSeconds: linkSeconds, sessionSeconds: 3_600)
    }

    func refused(_ reason: String?, code: EnforcementError.Code, _ body: () async throws -> Void) async throws {
        do {
            try await body()
            Issue.record("accepted; should be refused (\(reason ?? code.name))")
        } catch let error as EnforcementError {
            #expect(error.code == code, "\(error)")
            if let reason { #expect(error.rule == reason, "\(error)") }
        }
    }

    @Test("a link opens one session; the session names its principal and court; the link's secret is stored only as a hash")
    func linkToSession() async throws {
        let h = try await Harness(today: day0)
        let access = access(h)
        let link = try await access.createLink(court: "", by: Harness.centre)
        #expect(link.grant.court == nil && link.grant.expiresAt == h.clock.now().addingTimeInterval(300))
        let (cookie, session) = try await access.redeem(link.token)
        #expect(session.court == nil && session.principal == Harness.centre.principal.uri)
        #expect(try await access.session(cookie: cookie) == session)
        let journal = try await h.store.journalEntries(after: 0, limit: 100)
        #expect(journal.map(\.action) == ["dashboard.link", "dashboard.login"])
        let secret = String(link.token.split(separator: ".")[1])
        let cookieSecret = String(cookie.split(separator: ".")[2])
        for entry in journal { #expect(!entry.payload.contains(secret) && !entry.payload.contains(cookieSecret) && !entry.requestID.contains(secret)) }
        // A court's link shows its own court.
        let courtLink = try await access.createLink(court: "", by: Harness.court0105)
        #expect(courtLink.grant.court?.value == "沪0105")
        #expect(try await access.redeem(courtLink.token).session.court?.value == "沪0105")
    }

    @Test("a reused, expired, unknown or malformed link is PERMISSION_DENIED with its reason and writes nothing")
    func badLinks() async throws {
        let h = try await Harness(today: day0)
        let access = access(h, linkSeconds: 60)
        let used = try await access.createLink(court: "", by: Harness.centre)
        _ = try await access.redeem(used.token)
        let expiring = try await access.createLink(court: "沪0101", by: Harness.centre)
        let journal = try await h.journalCount()
        try await refused("LINK_USED", code: .permissionDenied) { _ = try await access.redeem(used.token) }
        // 60 seconds after it was made the link is expired (the clock is the domain's).
        h.clock.set(h.clock.now().addingTimeInterval(59))
        let sessionFromTheLastSecond = try await access.createLink(court: "", by: Harness.centre)
        h.clock.set(h.clock.now().addingTimeInterval(1))
        try await refused("LINK_EXPIRED", code: .permissionDenied) { _ = try await access.redeem(expiring.token) }
        let (owner, secret) = (String(used.token.split(separator: ".")[0]), String(used.token.split(separator: ".")[1]))
        for token in ["", "x", owner + "." + String(secret.reversed()), owner + "." + secret + ".x", "bm9ib2R5." + secret, String(repeating: "a", count: 600),
                      owner + "." + String(secret.dropLast())] {
            try await refused("LINK_INVALID", code: .permissionDenied) { _ = try await access.redeem(token) }
        }
        #expect(try await h.journalCount() == journal + 1, "only the link made meanwhile")
        _ = sessionFromTheLastSecond
    }

    @Test("links only for courts and the command centre, and only for the caller's scope")
    func linkScope() async throws {
        let h = try await Harness(today: day0)
        let access = access(h)
        try await refused(nil, code: .permissionDenied) { _ = try await access.createLink(court: "沪0101", by: Harness.court0105) }
        try await refused(nil, code: .permissionDenied) { _ = try await access.createLink(court: "", by: Harness.icbc) }
        try await refused(nil, code: .notFound) { _ = try await access.createLink(court: "沪9999", by: Harness.centre) }
        try await refused(nil, code: .invalidArgument) { _ = try await access.createLink(court: "??", by: Harness.centre) }
        #expect(try await h.journalCount() == 0)
        #expect(try await access.createLink(court: "沪0101", by: Harness.centre).grant.court?.value == "沪0101")
    }

    @Test("a session for one court sees that court only, also when the command centre made its link: figures, overdue cases and timelines")
    func courtSessionOfTheCentre() async throws {
        let h = try await Harness(today: day0)
        let access = access(h)
        let screen = WallScreenWorkflow(cases: h.workflow)
        let foreign = try await h.file()  // 沪0105
        let own = try await h.workflow.fileCase(Harness.filing(), by: Harness.court0101, requestID: "a")
        let session = try await access.redeem(try await access.createLink(court: "沪0101", by: Harness.centre).token).session
        #expect(try session.court(asked: "") == "沪0101" && session.court(asked: "沪0101") == "沪0101")
        try await refused(nil, code: .permissionDenied) { _ = try session.court(asked: "沪0105") }
        _ = try await screen.caseTimeline(own.number.description, by: session.caller, within: session.court)
        try await refused(nil, code: .notFound) { _ = try await screen.caseTimeline(foreign.number.description, by: session.caller, within: session.court) }
        // The city's session of the same principal reads both.
        _ = try await screen.caseTimeline(foreign.number.description, by: session.caller, within: nil)
    }

    @Test("a session ends when it expires; a tampered or foreign cookie is UNAUTHENTICATED")
    func sessions() async throws {
        let h = try await Harness(today: day0)
        let access = access(h)
        let (cookie, _) = try await access.redeem(try await access.createLink(court: "", by: Harness.centre).token)
        let parts = cookie.split(separator: ".").map(String.init)
        for bad in ["", cookie + "x", parts[0] + "." + parts[1] + "." + String(parts[2].reversed()),
                    "bm9ib2R5." + parts[1] + "." + parts[2], parts[0] + "." + String(repeating: "0", count: 64) + "." + parts[2]] {
            try await refused(nil, code: .unauthenticated) { _ = try await access.session(cookie: bad) }
        }
        h.clock.set(h.clock.now().addingTimeInterval(3_599))
        _ = try await access.session(cookie: cookie)
        h.clock.set(h.clock.now().addingTimeInterval(1))
        try await refused(nil, code: .unauthenticated) { _ = try await access.session(cookie: cookie) }
    }

    @Test("the screen's figures: today's, the month's and the year's intake and closings, tiles per court, the 30-day trend, by hand-counted filings")
    func figures() async throws {
        let h = try await Harness(today: day0)
        let screen = WallScreenWorkflow(cases: h.workflow)
        _ = try await h.file()
        _ = try await h.workflow.fileCase(Harness.filing(), by: Harness.court0101, requestID: "a")
        h.clock.advance(days: 1)
        _ = try await h.file()
        let city = try await screen.screen(court: "", by: Harness.centre)
        #expect(city.scope == "city" && city.asOf == "2026-03-11")
        #expect(city.totals.map(\.period) == ["today", "month", "year"])
        #expect(city.totals.map(\.filed) == [1, 3, 3])
        #expect(city.totals.map(\.pending) == [3, 3, 3])
        #expect(city.trend.count == 30 && city.trend.last?.day == "2026-03-11" && city.trend.map(\.filed).reduce(0, +) == 3)
        let tiles = Dictionary(uniqueKeysWithValues: city.courts.map { ($0.court, $0) })
        #expect(tiles["沪0105"]?.pending == 2 && tiles["沪0101"]?.pending == 1 && tiles["沪0104"]?.pending == 0)
        #expect(tiles["沪0104"]?.state == "green")
        #expect(city.ages.map(\.count) == [3, 0, 0, 0, 0])
        let own = try await screen.screen(court: "", by: Harness.court0105)
        #expect(own.scope == "沪0105" && own.courts.map(\.court) == ["沪0105"] && own.totals.map(\.filed) == [1, 2, 2])
        try await refused(nil, code: .permissionDenied) { _ = try await screen.screen(court: "沪0101", by: Harness.court0105) }
        try await refused(nil, code: .notFound) { _ = try await screen.screen(court: "沪9999", by: Harness.centre) }
    }

    @Test("the ticker: the scope's entries in order, named in Chinese, with no party's name or ID number; a court sees only its own cases")
    func ticker() async throws {
        let h = try await Harness(today: day0)
        let screen = WallScreenWorkflow(cases: h.workflow)
        let mine = try await h.file()
        let theirs = try await h.workflow.fileCase(Harness.filing(), by: Harness.court0101, requestID: "a")
        let city = try await screen.ticker(after: 0, limit: 100, court: nil)
        #expect(city.items.map(\.caseNumber) == [mine.number.description, theirs.number.description])
        #expect(city.items.allSatisfy { $0.label == "立案" })
        #expect(city.items.map(\.actor) == ["上海市长宁区人民法院", "上海市黄浦区人民法院"])
        let own = try await screen.ticker(after: 0, limit: 100, court: try CourtCode("沪0105"))
        #expect(own.items.map(\.caseNumber) == [mine.number.description] && own.through == city.through)
        let encoded = String(decoding: try JSONEncoder().encode(city.items), as: UTF8.self)
        #expect(!encoded.contains("张三") && !encoded.contains("11010519491231002X"))
        // After the cursor: only what came since.
        let later = try await h.file()
        #expect(try await screen.ticker(after: city.through, limit: 100, court: nil).items.map(\.caseNumber) == [later.number.description])
        #expect(try await screen.lastSequence() == city.through + 1)
    }

    @Test("follow: what is after the cursor at once, then each new filing after it is written")
    func follow() async throws {
        let h = try await Harness(today: day0)
        let screen = WallScreenWorkflow(cases: h.workflow)
        let first = try await h.file()
        let seen = AsyncStream.makeStream(of: [TickerItem].self)
        let follower = Task {
            try await screen.follow(after: 0, court: nil) { items, _ in if !items.isEmpty { seen.continuation.yield(items) } }
        }
        defer { follower.cancel() }
        var iterator = seen.stream.makeAsyncIterator()
        #expect(await iterator.next()?.map(\.caseNumber) == [first.number.description])
        let second = try await h.file()
        #expect(await iterator.next()?.map(\.caseNumber) == [second.number.description])
    }

    @Test("a case's timeline for the screen: node names and days; another court's case is NOT_FOUND")
    func timeline() async throws {
        let h = try await Harness(today: day0)
        let screen = WallScreenWorkflow(cases: h.workflow)
        let filed = try await h.file()
        let timeline = try await screen.caseTimeline(filed.number.description, by: Harness.centre)
        #expect(timeline.number == filed.number.description && timeline.filedOn == "2026-03-10" && !timeline.nodes.isEmpty)
        try await refused(nil, code: .notFound) { _ = try await screen.caseTimeline(filed.number.description, by: Harness.court0101) }
    }
}
