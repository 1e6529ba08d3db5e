import Foundation
public import SwiftProtobuf

/// The contract as protobuf descriptors: every file of `proto/` with its imports, as
/// `scripts/generate.sh` writes it (`protoc --include_imports --descriptor_set_out`) and commits it
/// beside the generated code. Server reflection answers from it.
public enum ContractDescriptors {
    /// The files of the descriptor set, in protoc's order (each after its imports).
    public static func load() throws -> [Google_Protobuf_FileDescriptorProto] {
        guard let url = Bundle.module.url(forResource: "enforcement", withExtension: "binpb", subdirectory: "Descriptors") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the contract's descriptor set is missing from the bundle"])
        }
        return try Google_Protobuf_FileDescriptorSet(serializedBytes: Data(contentsOf: url)).file
    }
}
