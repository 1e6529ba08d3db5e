// swift-tools-version:6.1
import PackageDescription

/// libFuzzer targets, one per untrusted decoder (issue 19). Built only by `scripts/fuzz.sh`, with
/// `-sanitize=fuzzer,address` on every module and its own scratch path (`.build-fuzz`), so the
/// instrumented objects never mix with the project's `.build`.
/// The project's package is named by its directory (`main` here, another name in a fresh clone).
let project = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "main")
let targets = ["FuzzRequests", "FuzzAnswers", "FuzzStatement", "FuzzIdentifiers", "FuzzCalendar"]

let package = Package(
    name: "enforcement-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport", swiftSettings: [.swiftLanguageMode(.v6)]),
    ] + targets.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                "FuzzSupport",
                .product(name: "EnforcementCore", package: project),
                .product(name: "EnforcementAPI", package: project),
            ],
            swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])])
    }
)
