import LooselyCoupled
import SystemPackage

/// The port of a ``SimulatedSerial`` device: the read end of a pipe the device writes into.
/// End of file on the pipe is the device's hang-up.
final class SimulatedPort: SerialPort {
    private let readEnd: FileDescriptor
    private let generation: Int
    let device: String
    let settings: SerialSettings
    private let simulated: SimulatedSerial

    init(
        readEnd: FileDescriptor, generation: Int, device: String, settings: SerialSettings,
        device simulated: SimulatedSerial
    ) {
        self.readEnd = readEnd
        self.generation = generation
        self.device = device
        self.settings = settings
        self.simulated = simulated
    }

    deinit {
        simulated.closed(generation: generation)
        try? readEnd.close()
    }

    var pollDescriptor: Int32 { readEnd.rawValue }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SerialError) -> Int {
        let count: Int?
        do {
            count = try readEnd.readPending(into: buffer)
        } catch {
            throw SerialError(.disconnected, "\(device): the simulated device failed", errno: error)
        }
        guard let count else { throw SerialError(.disconnected, "\(device): the simulated device was unplugged") }
        return count
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SerialError) -> Int {
        guard simulated.isPlugged else {
            throw SerialError(.disconnected, "\(device): the simulated device was unplugged")
        }
        simulated.receive(bytes)
        return bytes.count
    }

    func vanished() -> String? { nil }
}
