import ArgumentParser
import Foundation
import Kafka
import Logging
import Pipeline

/// `backstop topics apply`: creates the topics of topics.yaml on a cluster with an admin API
/// (a real cluster, noida-db), leaves existing ones alone, and fails naming any that exists
/// with another partition count (DESIGN.md 2). The embedded broker has no admin API: its
/// `dev-broker` creates the topics itself.
struct TopicsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Backstop's topics on a Kafka cluster.",
        subcommands: [Apply.self])

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the topics of topics.yaml that the cluster lacks; never change existing ones.",
            discussion: """
                The replication factor is capped at the cluster's broker count, and min.insync.replicas at \
                that factor, each with a warning (a one-broker development server cannot hold 3 replicas). \
                Exit status: 0 when every topic exists with its partition count; 1 when a topic exists with \
                another count or the broker refused one; 2 on a bad file or setting.
                """)

        @Option(help: "host:port of at least one broker, comma separated (environment: BACKSTOP_BOOTSTRAP_SERVERS).")
        var bootstrapServers: String?

        @Option(help: "The topics file.")
        var file = "topics/topics.yaml"

        @OptionGroup var kafka: KafkaPropertyOptions

        @Option(help: "Seconds to wait for each broker answer.")
        var timeout = 30

        func validate() throws {
            guard (1...600).contains(timeout) else { throw ValidationError("--timeout must be within 1...600 seconds, got \(timeout)") }
            _ = try servers()
        }

        func run() async throws {
            var logger = Logger(label: "backstop.topics", factory: { StreamLogHandler.standardError(label: $0) })
            logger.logLevel = .warning
            let catalog: TopicCatalog
            do {
                catalog = try TopicCatalog.load(path: file)
            } catch {
                fail("--file: \(error)")
                throw ExitCode(2)
            }
            var configuration = KafkaAdminConfiguration(bootstrapServers: try servers())
            configuration.requestTimeout = .seconds(timeout)
            configuration.additionalProperties = try kafka.properties()
            let report: TopicsApplyReport
            do {
                let admin = try KafkaAdmin.make(configuration: configuration, logger: logger)
                report = try await applyTopics(catalog: catalog, admin: admin, logger: logger)
            } catch let error as KafkaError where error.code == .configuration {
                fail("\(error)")
                throw ExitCode(2)
            } catch let error as KafkaError where error.code == .admin {
                fail("\(error)")
                fail("the broker did not create topics; if it has no admin API (the embedded dev broker has none: `backstop dev-broker` creates its topics itself), use one that does")
                throw ExitCode(1)
            } catch {
                fail("\(error)")
                throw ExitCode(1)
            }
            show(report)
            if !report.succeeded { throw ExitCode(1) }
        }

        private func show(_ report: TopicsApplyReport) {
            for cap in report.plan.replicationCaps {
                warn("\(cap.topic): replication factor \(cap.wanted) capped at \(cap.capped), the cluster's broker count (min.insync.replicas at most \(cap.capped))")
            }
            for topic in report.created {
                print("created \(topic.name): \(topic.partitions) partition\(topic.partitions == 1 ? "" : "s"), replication factor \(topic.replicationFactor)")
            }
            for name in report.plan.unchanged {
                print("exists \(name): partition count as in the file, left unchanged")
            }
            for name in report.createdElsewhere {
                print("exists \(name): created meanwhile by another client, left unchanged")
            }
            for mismatch in report.mismatches {
                fail("\(mismatch.topic) exists with \(mismatch.found) partitions, the file says \(mismatch.wanted): left unchanged (changing it moves keys between partitions; rebuild deliberately)")
            }
            for failure in report.failures {
                fail("\(failure.topic) not created: \(failure.errorName): \(failure.message)")
            }
        }

        private func servers() throws -> [String] {
            let value = bootstrapServers ?? ProcessInfo.processInfo.environment["BACKSTOP_BOOTSTRAP_SERVERS"] ?? ""
            let servers = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !servers.isEmpty else {
                throw ValidationError("--bootstrap-servers (or BACKSTOP_BOOTSTRAP_SERVERS) is required")
            }
            return servers
        }

        private func warn(_ message: String) {
            FileHandle.standardError.write(Data("backstop topics apply: warning: \(message)\n".utf8))
        }

        private func fail(_ message: String) {
            FileHandle.standardError.write(Data("backstop topics apply: error: \(message)\n".utf8))
        }
    }
}
