/// The control stage's hand-off to the run stage's `RunController`: an accepted ACTIVATE or
/// DRY_RUN is persisted as a run before `start` returns, a HALT is persisted before `halt`
/// returns, so the control stage marks its hand-off done only once the run stage owns it. A
/// run id the controller already knows is not started twice (a hand-off redone after a crash).
public struct RunControllerHandoff: CommandHandoff {
    public let controller: RunController

    public init(controller: RunController) {
        self.controller = controller
    }

    public func start(_ accepted: AcceptedCommand) async throws {
        try await controller.start(AcceptedRun(command: accepted.command, approvers: accepted.approvers))
    }

    public func halt(runID: String, by accepted: AcceptedCommand) async throws {
        try await controller.halt(runID: runID)
    }
}
