import Foundation
import Kafka
import Pipeline
import Testing
import TestSupport

@Suite("The dev broker")
struct DevBrokerTests {
    @Test("in process: every topic is created; --partitions overrides every multi-partition topic")
    func startFunction() async throws {
        let catalog = try TopicCatalog.load(path: TopicCatalogTests.catalogPath)
        let broker = try DevBroker.start(catalog: catalog, brokers: 2, partitions: 5, logger: testLogger())
        #expect(broker.bootstrapLine == "bootstrap.servers=" + broker.cluster.bootstrapServers.joined(separator: ","))
        #expect(broker.cluster.bootstrapServers.count == 2)
        let producer = try KafkaProducer.make(
            configuration: KafkaProducerConfiguration(bootstrapServers: broker.cluster.bootstrapServers), logger: testLogger())
        #expect(catalog.topics.contains { $0.partitions == 1 } && catalog.topics.contains { $0.partitions > 1 })
        for topic in catalog.topics {
            let expected = topic.partitions == 1 ? 1 : 5
            #expect(try await producer.partitionCount(topic: topic.name) == expected, "\(topic.name)")
            #expect(broker.topics.first { $0.name == topic.name }?.partitions == expected)
        }
        try await producer.close()
    }

    @Test("the control topic keeps one partition even if a file gives it more")
    func controlTopicStaysSingle() throws {
        let catalog = try TopicCatalog.parse(
            yaml: "topics:\n  - {name: backstop.control, partitions: 3, replicationFactor: 1}\n  - {name: t, partitions: 2, replicationFactor: 1}\n",
            source: "test.yaml")
        let broker = try DevBroker.start(catalog: catalog, brokers: 1, partitions: nil, logger: testLogger())
        #expect(broker.topics.map(\.partitions) == [1, 2])
    }

    @Test("as a child process: first line, kcat sees every topic, produces and consumes, SIGTERM exits 0")
    func childProcess() async throws {
        let kcat = try requireTool("kcat")
        let backstop = try BuiltProduct.path("backstop")
        let bootstrapFile = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("bootstrap")).path
        defer { try? FileManager.default.removeItem(atPath: bootstrapFile) }
        let child = try LineReadingChild(
            backstop, ["dev-broker", "--brokers", "3", "--topics", TopicCatalogTests.catalogPath, "--bootstrap-file", bootstrapFile])
        defer { child.kill() }

        let firstLine = try await child.firstLine(within: .seconds(30))
        #expect(firstLine.hasPrefix("bootstrap.servers=127.0.0.1:"))
        let servers = String(firstLine.dropFirst("bootstrap.servers=".count))
        #expect(servers.split(separator: ",").count == 3)
        #expect(try String(contentsOfFile: bootstrapFile, encoding: .utf8) == firstLine + "\n")

        let listing = try await runProcess(kcat, ["-L", "-b", servers])
        #expect(listing.status == 0, "kcat -L failed: \(listing.stderr)")
        let catalog = try TopicCatalog.load(path: TopicCatalogTests.catalogPath)
        for topic in catalog.topics {
            #expect(listing.stdout.contains("topic \"\(topic.name)\" with \(topic.partitions) partitions"), "\(topic.name)")
        }

        let produced = try await runProcess(
            kcat, ["-P", "-b", servers, "-t", TopicCatalog.controlTopic, "-K", ":"], stdin: "cmd-1:hello\ncmd-2:world\n")
        #expect(produced.status == 0, "kcat -P failed: \(produced.stderr)")
        let consumed = try await runProcess(
            kcat, ["-C", "-b", servers, "-t", TopicCatalog.controlTopic, "-o", "beginning", "-e", "-q", "-f", "%k=%s\\n"])
        #expect(consumed.status == 0, "kcat -C failed: \(consumed.stderr)")
        #expect(consumed.stdout == "cmd-1=hello\ncmd-2=world\n")

        let status = try await child.terminate(within: .seconds(30))
        #expect(status == .exited(0))
    }
}
