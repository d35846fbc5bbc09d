import Control

/// A command the control stage accepted, as the run controller receives it.
public struct AcceptedCommand: Sendable, Equatable {
    public let command: ControlCommand
    /// The key ids whose signatures verified, in envelope order.
    public let approvers: [String]
    /// Where on backstop.control the command was read.
    public let controlOffset: Int64

    public init(command: ControlCommand, approvers: [String], controlOffset: Int64) {
        self.command = command
        self.approvers = approvers
        self.controlOffset = controlOffset
    }
}

/// What the control stage hands accepted commands to: the run stage's controller. Each call returns once
/// the run controller has durably taken the command on, and suspends while it cannot take
/// more (its queue is bounded), which holds back the control stage. Both calls may be made
/// again for the same command after a crash (the control outbox): a run the controller
/// already knows is resumed, not started twice; a halt already applied is a no-op.
public protocol CommandHandoff: Sendable {
    /// Starts the run of an accepted ACTIVATE or DRY_RUN; its runId is the commandId.
    func start(_ accepted: AcceptedCommand) async throws
    /// Stops run `runId` after the batch being emitted (an accepted HALT).
    func halt(runID: String, by accepted: AcceptedCommand) async throws
}
