import ArgumentParser

/// The `backstop` command line. Each subcommand parses its flags and calls a function of a
/// library module that does the work, so tests can call the same function (STYLE.md 5).
@main
struct Backstop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backstop",
        abstract: "Emergency payments pipeline: mirror the estate, and on a signed command pay who is due.",
        subcommands: [
            DemoCommand.self, DevBrokerCommand.self, Keys.self, ControlCLI.self, VerifyCommand.self, TopicsCommand.self,
            SimulateCommand.self, ReplayCommand.self, StateCommand.self, RunCommand.self, PlanCommand.self,
        ]
    )
}
