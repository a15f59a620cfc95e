import ArgumentParser
import LooselyCoupled

extension ControlSocketOption {
    /// Connects to the daemon and runs `body` with the connection. A daemon that is not running
    /// is reported and exits with status 2; any other failure exits with status 1.
    func withClient<T>(_ body: (inout ControlClient) throws(ControlClient.Failure) -> T) throws -> T {
        do {
            var client = try ControlClient(path: path)
            return try body(&client)
        } catch {
            StandardStream.error("looselycoupled: \(error)\n")
            if case .notRunning = error { throw ExitCode.notRunning }
            throw ExitCode.failure
        }
    }

    /// Sends one request and returns its `result`; an `error` reply is printed to stderr as
    /// `{"error":{…}}` and exits with status 1.
    func result(of request: Value) throws -> Value {
        let reply = try withClient { client throws(ControlClient.Failure) in try client.request(request) }
        if let error = reply["error"] {
            StandardStream.error(Value.object(["error": error]).json + "\n")
            throw ExitCode.failure
        }
        guard let result = reply["result"] else {
            StandardStream.error("looselycoupled: the daemon sent an unexpected reply: \((reply).json)\n")
            throw ExitCode.failure
        }
        return result
    }
}

/// Reads a JSON command-line argument.
func jsonArgument(_ text: String, name: String) throws -> Value {
    do {
        return try Value(json: text)
    } catch {
        throw ValidationError("\(name) is not valid JSON: \(error)")
    }
}

/// `text` as a JSON object; a usage error naming `name` and showing `example` otherwise.
func jsonObjectArgument(_ text: String, name: String, example: String) throws -> Value {
    let value = try jsonArgument(text, name: name)
    guard case .object = value else { throw ValidationError("\(name) must be a JSON object, such as \(example)") }
    return value
}
