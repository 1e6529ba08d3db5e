import EnforcementCore
import Foundation
import Testing

@Suite("Case numbers and courts")
struct CaseNumberTests {
    @Test("the format is （YEAR）COURT TYPE SEQ号 with full-width parentheses")
    func format() throws {
        let number = CaseNumber(year: 2026, court: try CourtCode("沪0105"), type: .first, sequence: 1234)
        #expect(number.description == "（2026）沪0105执1234号")
    }

    @Test(
        "every enforcement type parses, for high, intermediate and basic courts",
        arguments: [
            ("（2026）沪0105执1234号", "沪0105", CaseType.first, 1234),
            ("（2026）沪执1号", "沪", .first, 1),
            ("（2025）沪01执恢12号", "沪01", .resumed, 12),
            ("（2026）沪0115执保3号", "沪0115", .preservation, 3),
            ("（2026）沪0101执异4号", "沪0101", .objection, 4),
            ("（2026）沪执复5号", "沪", .review, 5),
            ("（2026）沪02执监6号", "沪02", .supervision, 6),
            ("（2026）沪7101执协7号", "沪7101", .assistance, 7),
        ])
    func parsesTypes(_ text: String, _ court: String, _ type: CaseType, _ sequence: Int) throws {
        let number = try CaseNumber(parsing: text)
        #expect(number.court.value == court)
        #expect(number.type == type)
        #expect(number.sequence == sequence)
        #expect(number.description == text)
    }

    @Test("ASCII parentheses are accepted and normalised to full-width")
    func asciiParentheses() throws {
        #expect(try CaseNumber(parsing: "(2026)沪0105执1号").description == "（2026）沪0105执1号")
    }

    @Test("whitespace around a case number is dropped (spaces, tabs, line ends, the full-width space); inside it, it is refused")
    func surroundingWhitespace() throws {
        for text in [" （2026）沪0105执1号", "（2026）沪0105执1号 ", "\t (2026)沪0105执1号\r\n", "\u{3000}（2026）沪0105执1号\u{3000}"] {
            #expect(try CaseNumber(parsing: text).description == "（2026）沪0105执1号", "\(text.debugDescription)")
        }
        for text in ["（2026）沪0105 执1号", "（2026）沪0105执1 号", "   ", ""] {
            #expect(throws: EnforcementError.self, "\(text.debugDescription)") { try CaseNumber(parsing: text) }
        }
    }

    @Test("a case number is at most 40 characters, however many bytes they take")
    func length() throws {
        // 17 characters of 29 bytes, padded with full-width spaces (3 bytes each) to 40 characters: 98 bytes.
        let padded = String(repeating: "\u{3000}", count: 12) + "（2026）沪0105执1234号" + String(repeating: "\u{3000}", count: 11)
        #expect(padded.count == 40 && padded.utf8.count > 40)
        #expect(try CaseNumber(parsing: padded).sequence == 1234)
        let error = #expect(throws: EnforcementError.self) { try CaseNumber(parsing: padded + " ") }
        #expect(error?.field == "case_number")
        #expect(error?.message.contains("(41 characters)") == true)
    }

    @Test(
        "malformed case numbers are refused naming case_number",
        arguments: ["2026沪0105执1号", "（26）沪0105执1号", "（2026）沪0105民1号", "（2026）沪010执1号", "（2026）沪0105执0号", "（2026）沪0105执号",
                    "（2026）XY0105执1号", "（2026）沪0105执1", "（2026）沪0105执恢复1号"])
    func malformed(_ text: String) {
        let error = #expect(throws: EnforcementError.self) { try CaseNumber(parsing: text) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "case_number")
    }

    @Test("the reference city ships as data: the 22 courts of 2017 plus the financial court")
    func shanghaiCourts() throws {
        let courts = CourtRegistry.shanghai
        #expect(courts.courts.count == 23)
        #expect(courts.courts.values.filter { $0.level == .basic }.count == 16)
        #expect(courts.courts.values.filter { $0.level == .intermediate }.count == 3)
        #expect(courts.court(try CourtCode("沪0105"))?.name == "上海市长宁区人民法院")
        #expect(courts.commandCentre.value == "沪")
        #expect(courts.isExternal(try CourtCode("苏0102")))
        #expect(!courts.isExternal(try CourtCode("沪0151")))
    }

    @Test("an unknown city court is refused naming the field")
    func unknownCourt() throws {
        let error = #expect(throws: EnforcementError.self) { try CourtRegistry.shanghai.cityCourt(try CourtCode("沪0199")) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "court_code")
    }
}

@Suite("Validated strings in stored documents")
struct ValidatedStringTests {
    @Test("case numbers, court codes and principals are stored as their strings and re-validated on reading")
    func roundTrip() throws {
        let number = try CaseNumber(parsing: "（2026）沪0105执恢3号")
        let data = try JSONEncoder().encode([number])
        #expect(String(decoding: data, as: UTF8.self) == "[\"（2026）沪0105执恢3号\"]")
        #expect(try JSONDecoder().decode([CaseNumber].self, from: data) == [number])
        let principal = Principal.institution("ICBC-SH")
        #expect(try JSONDecoder().decode([Principal].self, from: JSONEncoder().encode([principal])) == [principal])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CourtCode].self, from: Data("[\"XX01\"]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CaseNumber].self, from: Data("[\"2026-1\"]".utf8)) }
    }
}
