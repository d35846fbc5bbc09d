import Logging

/// How `backstop run` makes its loggers: in `main`, once, then passed in (STYLE.md 13).
/// Structured lines on stderr, at the configured level.
public enum ServiceLogging {
    public static func makeLogger(label: String, level: Logger.Level) -> Logger {
        var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = level
        return logger
    }
}
