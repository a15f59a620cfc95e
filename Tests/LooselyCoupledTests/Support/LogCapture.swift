import InMemoryLogging
import Logging

/// A logger that keeps every record in memory, for tests that check what was logged.
struct LogCapture {
    let handler = InMemoryLogHandler()

    var logger: Logger {
        var logger = Logger(label: "test") { _ in handler }
        logger.logLevel = .trace
        return logger
    }

    var messages: [String] { handler.entries.map { $0.message.description } }

    var entries: [InMemoryLogHandler.Entry] { handler.entries }
}
