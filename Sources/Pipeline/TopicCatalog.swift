import Foundation
import Yams

/// One topic of `topics/topics.yaml` (DESIGN.md 2).
public struct TopicSpec: Hashable, Sendable {
    public let name: String
    public let partitions: Int
    public let replicationFactor: Int
    /// What the record key is (documentation).
    public let key: String?
    /// What the topic holds (documentation).
    public let description: String?
    /// Kafka topic configs, e.g. `retention.ms`.
    public let configs: [String: String]
}

/// The topics Backstop uses, loaded from `topics/topics.yaml` and validated: names unique and
/// legal for Kafka, partitions and replication factor at least 1, no unknown field. Every
/// error names the file, the topic and the field.
public struct TopicCatalog: Sendable {
    public let topics: [TopicSpec]

    /// The control topic: one partition, so commands have one order (DESIGN.md 2).
    public static let controlTopic = "backstop.control"
    /// The estate topics, co-partitioned (DESIGN.md 2).
    public static let estateTopics = ["estate.claimants", "estate.awards", "estate.payments"]

    public init(topics: [TopicSpec]) {
        self.topics = topics
    }

    public func topic(named name: String) -> TopicSpec? {
        topics.first { $0.name == name }
    }

    public static func load(path: String) throws -> TopicCatalog {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw TopicCatalogError(source: path, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(yaml: text, source: path)
    }

    public static func parse(yaml: String, source: String) throws -> TopicCatalog {
        let document: Any?
        do {
            document = try Yams.load(yaml: yaml)
        } catch {
            throw TopicCatalogError(source: source, message: "not valid YAML: \(error)")
        }
        guard let root = document as? [String: Any], let entries = root["topics"] as? [Any] else {
            throw TopicCatalogError(source: source, message: "expected a mapping with a `topics` list")
        }
        var topics: [TopicSpec] = []
        var seen: Set<String> = []
        for (index, entry) in entries.enumerated() {
            let topic = try TopicEntry(entry, index: index, source: source).spec()
            guard seen.insert(topic.name).inserted else {
                throw TopicCatalogError(source: source, topic: topic.name, field: "name", message: "appears more than once")
            }
            topics.append(topic)
        }
        guard !topics.isEmpty else {
            throw TopicCatalogError(source: source, message: "the `topics` list is empty")
        }
        return TopicCatalog(topics: topics)
    }
}

/// A catalogue that cannot be used, and exactly where.
public struct TopicCatalogError: Error, CustomStringConvertible, Sendable {
    public let source: String
    public let topic: String?
    public let field: String?
    public let message: String

    init(source: String, topic: String? = nil, field: String? = nil, message: String) {
        self.source = source
        self.topic = topic
        self.field = field
        self.message = message
    }

    public var description: String {
        var location = source
        if let topic { location += ": topic \(topic)" }
        if let field { location += ", field \(field)" }
        return "\(location): \(message)"
    }
}

/// One entry of the `topics` list while it is checked.
private struct TopicEntry {
    static let fields: Set<String> = ["name", "partitions", "replicationFactor", "key", "description", "configs"]
    /// Kafka's rule for topic names.
    static let legalCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")

    let fields: [String: Any]
    let label: String
    let source: String

    init(_ entry: Any, index: Int, source: String) throws {
        guard let fields = entry as? [String: Any] else {
            throw TopicCatalogError(source: source, topic: "#\(index + 1)", message: "expected a mapping")
        }
        self.fields = fields
        self.label = (fields["name"] as? String) ?? "#\(index + 1)"
        self.source = source
    }

    func spec() throws -> TopicSpec {
        if let unknown = fields.keys.sorted().first(where: { !Self.fields.contains($0) }) {
            throw failure(unknown, "unknown field (expected one of \(Self.fields.sorted().joined(separator: ", ")))")
        }
        guard let name = fields["name"] as? String, !name.isEmpty else { throw failure("name", "missing or not text") }
        guard name.count <= 249, name != ".", name != "..", name.allSatisfy(Self.legalCharacters.contains) else {
            throw failure("name", "not a legal Kafka topic name (letters, digits, '.', '_', '-', at most 249)")
        }
        let configs = try configValues()
        return TopicSpec(
            name: name, partitions: try positive("partitions"), replicationFactor: try positive("replicationFactor"),
            key: try text("key"), description: try text("description"), configs: configs)
    }

    private func positive(_ field: String) throws -> Int {
        guard let value = fields[field] else { throw failure(field, "missing") }
        guard let number = value as? Int else { throw failure(field, "must be a whole number, got \(value)") }
        guard number >= 1 else { throw failure(field, "must be at least 1, got \(number)") }
        return number
    }

    private func text(_ field: String) throws -> String? {
        guard let value = fields[field] else { return nil }
        guard let text = value as? String else { throw failure(field, "must be text") }
        return text
    }

    private func configValues() throws -> [String: String] {
        guard let value = fields["configs"] else { return [:] }
        guard let configs = value as? [String: Any] else { throw failure("configs", "must be a mapping") }
        var result: [String: String] = [:]
        for (name, value) in configs {
            switch value {
            case let text as String: result[name] = text
            case let number as Int: result[name] = String(number)
            case let flag as Bool: result[name] = String(flag)
            default: throw failure("configs.\(name)", "must be text, a whole number or a boolean")
            }
        }
        return result
    }

    private func failure(_ field: String, _ message: String) -> TopicCatalogError {
        TopicCatalogError(source: source, topic: label, field: field, message: message)
    }
}
