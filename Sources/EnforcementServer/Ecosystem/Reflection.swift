public import EnforcementAPI
import Foundation
public import GRPCCore
public import SwiftProtobuf

/// What server reflection answers on one listener: the files declaring the listener's services and
/// everything they import, by file name and by every symbol they declare (packages' messages, their
/// fields and nested types, enums, services and methods). The contract has no extensions.
public struct ReflectionIndex: Sendable {
    /// The fully qualified names of the services listed, sorted.
    public let services: [String]
    private let files: [String: Data]
    private let imports: [String: [String]]
    private let symbols: [String: String]
    private let messages: Set<String>

    /// The longest name a request may ask for.
    static let maxNameBytes = 512

    /// The index of `services` (which must be declared in `descriptors`) over the committed set.
    public init(services: [String], descriptors: [Google_Protobuf_FileDescriptorProto]) throws {
        let byName = Dictionary(descriptors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var roots: [String] = []
        for service in services {
            guard let file = descriptors.first(where: { file in
                file.service.contains { Self.qualified(file.package, $0.name) == service }
            }) else { throw RPCError(code: .internalError, message: "\(service) is not in the contract's descriptor set") }
            roots.append(file.name)
        }
        // The listener's files and their imports, transitively.
        var reachable: [String] = []
        var queue = roots
        while let name = queue.popLast() {
            guard !reachable.contains(name) else { continue }
            guard let file = byName[name] else {
                throw RPCError(code: .internalError, message: "\(name) is imported but not in the descriptor set")
            }
            reachable.append(name)
            queue.append(contentsOf: file.dependency)
        }
        var files: [String: Data] = [:]
        var imports: [String: [String]] = [:]
        var symbols: [String: String] = [:]
        var messages: Set<String> = []
        for name in reachable {
            let file = byName[name]!  // every reachable name was found above
            files[name] = try file.serializedBytes()
            imports[name] = file.dependency
            func add(_ message: Google_Protobuf_DescriptorProto, scope: String) {
                let full = Self.qualified(scope, message.name)
                symbols[full] = name
                messages.insert(full)
                for field in message.field { symbols[full + "." + field.name] = name }
                for nested in message.enumType { symbols[full + "." + nested.name] = name }
                for nested in message.nestedType { add(nested, scope: full) }
            }
            for message in file.messageType { add(message, scope: file.package) }
            for enumeration in file.enumType { symbols[Self.qualified(file.package, enumeration.name)] = name }
            for service in file.service {
                let full = Self.qualified(file.package, service.name)
                symbols[full] = name
                for method in service.method { symbols[full + "." + method.name] = name }
            }
        }
        self.services = services.sorted()
        self.files = files
        self.imports = imports
        self.symbols = symbols
        self.messages = messages
    }

    static func qualified(_ scope: String, _ name: String) -> String { scope.isEmpty ? name : scope + "." + name }

    /// The answer to one request of a reflection stream; `sent` holds the files this stream has
    /// already carried, which are not sent again (as grpc-go does).
    func answer(_ request: Grpc_Reflection_V1_ServerReflectionRequest, sent: inout Set<String>) -> Grpc_Reflection_V1_ServerReflectionResponse {
        var response = Grpc_Reflection_V1_ServerReflectionResponse()
        response.validHost = String(request.host.prefix(Self.maxNameBytes))
        response.originalRequest = request
        func notFound(_ what: String) -> Grpc_Reflection_V1_ServerReflectionResponse.OneOf_MessageResponse {
            .errorResponse(.with {
                $0.errorCode = Int32(RPCError.Code.notFound.rawValue)
                $0.errorMessage = String(what.prefix(Self.maxNameBytes + 64))
            })
        }
        switch request.messageRequest {
        case .listServices:
            response.messageResponse = .listServicesResponse(.with { list in
                list.service = services.map { name in .with { $0.name = name } }
            })
        case .fileByFilename(let name):
            response.messageResponse = files[name] == nil
                ? notFound("no file \(name)") : .fileDescriptorResponse(fileResponse(name, sent: &sent))
        case .fileContainingSymbol(let symbol):
            response.messageResponse = symbols[symbol].map { .fileDescriptorResponse(fileResponse($0, sent: &sent)) }
                ?? notFound("no symbol \(symbol)")
        case .fileContainingExtension(let request):
            response.messageResponse = notFound("no extension \(request.extensionNumber) of \(request.containingType): the contract declares none")
        case .allExtensionNumbersOfType(let type):
            response.messageResponse = messages.contains(type)
                ? .allExtensionNumbersResponse(.with { $0.baseTypeName = type }) : notFound("no message type \(type)")
        case nil:
            response.messageResponse = .errorResponse(.with {
                $0.errorCode = Int32(RPCError.Code.invalidArgument.rawValue)
                $0.errorMessage = "the request names none of list_services, file_by_filename, file_containing_symbol, file_containing_extension, all_extension_numbers_of_type"
            })
        }
        return response
    }

    /// The file and the imports this stream has not carried yet, the file first.
    private func fileResponse(_ name: String, sent: inout Set<String>) -> Grpc_Reflection_V1_FileDescriptorResponse {
        var result = Grpc_Reflection_V1_FileDescriptorResponse()
        var queue = [name]
        var first = true
        while !queue.isEmpty {
            let next = queue.removeFirst()
            // The file asked for is always sent; its imports once per stream.
            guard first || !sent.contains(next), let bytes = files[next] else { continue }
            first = false
            sent.insert(next)
            result.fileDescriptorProto.append(bytes)
            queue.append(contentsOf: imports[next] ?? [])
        }
        return result
    }

    /// Whether a request is small enough to answer: names are bounded.
    static func check(_ request: Grpc_Reflection_V1_ServerReflectionRequest) throws {
        let names: [String] = switch request.messageRequest {
        case .fileByFilename(let name), .fileContainingSymbol(let name), .allExtensionNumbersOfType(let name), .listServices(let name): [name]
        case .fileContainingExtension(let request): [request.containingType]
        case nil: []
        }
        guard (names + [request.host]).allSatisfy({ $0.utf8.count <= maxNameBytes }) else {
            throw RPCError(code: .invalidArgument, message: "a reflection request names at most \(maxNameBytes) bytes")
        }
    }
}

extension ReflectionIndex {
    /// Answers one reflection stream of either version: v1alpha's messages are v1's field for
    /// field, so each is carried over through its bytes.
    func serve<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ requests: RPCAsyncSequence<Request, any Error>, _ responses: RPCWriter<Response>
    ) async throws {
        var sent: Set<String> = []
        for try await message in requests {
            let request = try (message as? Grpc_Reflection_V1_ServerReflectionRequest)
                ?? Grpc_Reflection_V1_ServerReflectionRequest(serializedBytes: message.serializedBytes() as [UInt8])
            try Self.check(request)
            let answer = self.answer(request, sent: &sent)
            try await responses.write((answer as? Response) ?? Response(serializedBytes: answer.serializedBytes() as [UInt8]))
        }
    }
}

/// `grpc.reflection.v1.ServerReflection` (grpcurl, grpcui, Postman).
public struct ReflectionServiceAdapter: Grpc_Reflection_V1_ServerReflection.SimpleServiceProtocol {
    let index: ReflectionIndex

    public init(index: ReflectionIndex) { self.index = index }

    public func serverReflectionInfo(
        request: RPCAsyncSequence<Grpc_Reflection_V1_ServerReflectionRequest, any Error>,
        response: RPCWriter<Grpc_Reflection_V1_ServerReflectionResponse>, context: ServerContext
    ) async throws {
        try await index.serve(request, response)
    }
}

/// `grpc.reflection.v1alpha.ServerReflection`, which Postman, older grpcurl and grpcio-reflection
/// still ask for.
public struct ReflectionV1AlphaServiceAdapter: Grpc_Reflection_V1alpha_ServerReflection.SimpleServiceProtocol {
    let index: ReflectionIndex

    public init(index: ReflectionIndex) { self.index = index }

    public func serverReflectionInfo(
        request: RPCAsyncSequence<Grpc_Reflection_V1alpha_ServerReflectionRequest, any Error>,
        response: RPCWriter<Grpc_Reflection_V1alpha_ServerReflectionResponse>, context: ServerContext
    ) async throws {
        try await index.serve(request, response)
    }
}
