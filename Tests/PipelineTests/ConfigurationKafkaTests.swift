import Foundation
import Kafka
import Pipeline
import Testing
import TestSupport
import Yams

/// The settings that reach every Kafka client of `backstop run`: the `kafka:` map of the config
/// file with `--kafka-property` over it (security settings for a real cluster, docs/brokers.md),
/// and the static membership id of the mirror's consumer.
@Suite("Service configuration: Kafka properties and static membership")
struct ConfigurationKafkaTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func file(_ text: String) throws -> String {
        let path = directory.child("backstop-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("the file's kafka: map, flat or nested, reaches every client; a --kafka-property wins over the file's entry")
    func fileAndFlags() throws {
        let path = try file("""
            bootstrapServers: b:9092
            kafka:
              security.protocol: ssl
              ssl:
                ca.location: /etc/backstop/ca.crt
              socket.keepalive.enable: true
            """)
        let fromFile = try ServiceConfiguration.load(ConfigurationSources(flags: ["config": path]))
        #expect(fromFile.kafkaProperties == [
            "security.protocol": "ssl", "ssl.ca.location": "/etc/backstop/ca.crt", "socket.keepalive.enable": "true",
        ])
        let overridden = try ServiceConfiguration.load(ConfigurationSources(
            flags: ["config": path], kafkaPropertyFlags: ["security.protocol=sasl_ssl", "sasl.mechanisms=SCRAM-SHA-512"]))
        #expect(overridden.kafkaProperties["security.protocol"] == "sasl_ssl")
        #expect(overridden.kafkaProperties["sasl.mechanisms"] == "SCRAM-SHA-512")
        #expect(overridden.kafkaProperties["ssl.ca.location"] == "/etc/backstop/ca.crt")

        let connection = overridden.connection
        #expect(connection.bootstrapServers == ["b:9092"])
        #expect(connection.consumer(groupID: "g").additionalProperties == overridden.kafkaProperties)
        #expect(connection.producer().additionalProperties == overridden.kafkaProperties)
        #expect(connection.admin().additionalProperties == overridden.kafkaProperties)
    }

    @Test("a property librdkafka refuses, or a flag that is not NAME=VALUE, is named where it was given")
    func refused() throws {
        let path = try file("bootstrapServers: b:9092\nkafka:\n  no.such.property: 1\n")
        #expect { try ServiceConfiguration.load(ConfigurationSources(flags: ["config": path])) } throws: { error in
            "\(error)".contains("kafka.no.such.property") && "\(error)".contains("no.such.property")
        }
        #expect { try ServiceConfiguration.load(ConfigurationSources(flags: ["bootstrap-servers": "b:9092"], kafkaPropertyFlags: ["security.protocol=carrier-pigeon"])) } throws: { error in
            "\(error)".contains("--kafka-property") && "\(error)".contains("security.protocol")
        }
        #expect { try ServiceConfiguration.load(ConfigurationSources(flags: ["bootstrap-servers": "b:9092"], kafkaPropertyFlags: ["security.protocol"])) } throws: { error in
            "\(error)".contains("--kafka-property") && "\(error)".contains("NAME=VALUE")
        }
        let notAMap = try file("bootstrapServers: b:9092\nkafka: ssl\n")
        #expect { try ServiceConfiguration.load(ConfigurationSources(flags: ["config": notAMap])) } throws: { error in
            "\(error)".contains("kafka") && "\(error)".contains("mapping")
        }
    }

    @Test("the group instance id: none by default; from flag, environment or file; Kafka's legal characters only")
    func groupInstanceID() throws {
        #expect(try ServiceConfiguration.load(ConfigurationSources(flags: ["bootstrap-servers": "b:9092"])).groupInstanceID == nil)
        let fromEnvironment = try ServiceConfiguration.load(ConfigurationSources(
            flags: ["bootstrap-servers": "b:9092"], environment: ["BACKSTOP_GROUP_INSTANCE_ID": "backstop-2"]))
        #expect(fromEnvironment.groupInstanceID == "backstop-2")
        let fromFile = try ServiceConfiguration.load(ConfigurationSources(flags: ["config": try file("bootstrapServers: b:9092\ngroupInstanceId: pod-0\n")]))
        #expect(fromFile.groupInstanceID == "pod-0")
        #expect { try ServiceConfiguration.load(ConfigurationSources(flags: ["bootstrap-servers": "b:9092", "group-instance-id": "pod 0"])) } throws: { error in
            "\(error)".contains("--group-instance-id")
        }
    }
}

/// The backstop.yaml the Kubernetes ConfigMap mounts is loaded by the real loader, with the
/// StatefulSet's environment: a pod would start with it (a misspelt key stops `backstop run`).
@Suite("The Kubernetes ConfigMap's backstop.yaml")
struct ConfigMapTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("loads with the pod's environment; its kafka: map and the pod name as group instance id reach the clients")
    func configMapLoads() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("deploy/kubernetes/configmap.yaml"), encoding: .utf8)
        let document = try #require(try Yams.load(yaml: manifest) as? [String: Any])
        let data = try #require(document["data"] as? [String: Any])
        let text = try #require(data["backstop.yaml"] as? String)
        let directory = try TemporaryDirectory()
        let path = directory.child("backstop.yaml")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let keyring = try writeKeyring(in: directory)
        // What the StatefulSet's env gives (the keyring at the test's own path).
        let configuration = try ServiceConfiguration.load(ConfigurationSources(
            flags: ["config": path],
            environment: ["BACKSTOP_KEYRING": keyring, "BACKSTOP_GROUP_INSTANCE_ID": "backstop-1"]))
        #expect(configuration.groupInstanceID == "backstop-1")
        #expect(configuration.kafkaProperties["security.protocol"] == "ssl")
        #expect(configuration.bootstrapServers.count == 3)
        #expect(configuration.httpPort == 8080)
    }
}
