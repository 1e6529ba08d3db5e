import Foundation

/// libFuzzer's entry that runs the fuzzing loop with the given test function (from
/// `libclang_rt.fuzzer`, linked by `-sanitize=fuzzer`).
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The test function of one target: libFuzzer calls it with each input.
public typealias FuzzOne = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Runs libFuzzer. SwiftPM links an executable target's `main` to `<Target>_main`, which the
/// target defines with `@_cdecl` and which calls this; libFuzzer's own `main` is then unused.
public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ one: FuzzOne) -> CInt {
    var argc = argc
    var argv = argv
    return runDriver(&argc, &argv, one)
}

/// The input as bytes.
public func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Data {
    guard let data, size > 0 else { return Data() }
    return Data(bytes: data, count: size)
}

/// A property of the decoder that must hold for every input; a broken one stops the fuzzer with
/// the input saved as a crash file.
public func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("property broken: \(message())") }
}

/// Reads the input as a sequence of choices: the first byte picks a case, the rest is the payload.
public struct Choice {
    public let selector: UInt8
    public let rest: Data

    public init(_ data: Data) {
        selector = data.first ?? 0
        rest = data.dropFirst()
    }
}
