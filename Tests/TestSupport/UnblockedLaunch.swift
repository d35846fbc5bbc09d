import Foundation

extension Process {
    /// `run()`, with the child's signal mask cleared. Swift concurrency and Dispatch threads
    /// block most signals, and a child inherits its spawning thread's mask across exec: started
    /// from a test, noida-db and kcat had SIGTERM blocked (`SigBlk: fffffffe3bfbea27` in
    /// /proc/PID/status) and ignored every SIGTERM until the SIGKILL fallback. The calling
    /// thread's mask is restored at once.
    public func runWithDefaultSignalMask() throws {
        var empty = sigset_t()
        var previous = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try run()
    }
}
