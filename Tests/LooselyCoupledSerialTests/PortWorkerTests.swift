import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupledSerial

extension SerialModuleTests {
    /// The port thread on its own, with a simulated device and a test standing in for the module.
    @Suite("PortWorker")
    struct PortWorkerTests {
        static func options(inboxLimit: Int) -> PortWorker.Options {
            var options = PortWorker.Options(
                path: "/dev/simulated", settings: SerialSettings(), exclusive: false, framing: .delimiter([10]), maxFrame: 64,
                encoding: .text, reconnect: (.seconds(1), .seconds(1)), silence: nil)
            options.inboxLimit = inboxLimit
            return options
        }

        static func frames(_ notices: [PortWorker.Notice]) -> [String] {
            notices.flatMap { notice -> [String] in
                if case .frames(let frames) = notice { return frames.map(\.data) }
                return []
            }
        }

        @Test("the frames of one read reach the module in one notice, with one hand-off")
        func oneHandOffPerRead() async throws {
            let device = try SimulatedSerial(framing: .delimiter([10]))
            let handOffs = Recorder<Int>()
            let (worker, connection) = try await PortWorker.start(backend: device, options: Self.options(inboxLimit: 10_000), name: "test-port", logger: quietLogger) {
                handOffs.append(1)
                return true
            }
            #expect(connection.device == "/dev/simulated")
            // One write of less than PIPE_BUF bytes: one read.
            let lines = (0..<50).map { "line \($0)" }
            device.send(Array(lines.map { $0 + "\n" }.joined().utf8))
            _ = try await handOffs.waitFor(count: 1)
            let notices = worker.takeNotices()
            #expect(notices.count == 1)
            #expect(Self.frames(notices) == lines)
            #expect(handOffs.items.count == 1)
            await worker.stop()
        }

        @Test("with the inbox at its limit reading pauses, and resumes once the module took them, losing no frame")
        func backpressure() async throws {
            let device = try SimulatedSerial(framing: .delimiter([10]))
            let handOffs = Recorder<Int>()
            let (worker, _) = try await PortWorker.start(backend: device, options: Self.options(inboxLimit: 5), name: "test-port", logger: quietLogger) {
                handOffs.append(1)
                return true
            }
            let first = (0..<8).map { "x\($0)" }
            device.send(Array(first.map { $0 + "\n" }.joined().utf8))
            _ = try await handOffs.waitFor(count: 1)
            #expect(worker.counters.readPauses.value == 1)
            let second = (0..<8).map { "y\($0)" }
            device.send(Array(second.map { $0 + "\n" }.joined().utf8))
            // Taking the notices wakes the paused thread, which reads the second burst (one read).
            let taken = worker.takeNotices()
            _ = try await handOffs.waitFor(count: 2)
            #expect(Self.frames(taken + worker.takeNotices()) == first + second)
            await worker.stop()
        }
    }
}
