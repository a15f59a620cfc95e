import LooselyCoupled
import SystemPackage

/// I2C buses that live in the process: the backend behind `backend: simulated` and
/// `--simulate`, so the daemon runs, and is tested, without hardware.
///
/// It behaves like a bus: devices answer at their addresses with their chip's register
/// behaviour (``SimulatedDevice``), other addresses NACK with `EREMOTEIO` (121) as on a Pi,
/// SMBus blocks longer than 32 bytes are refused with `EINVAL` as the kernel refuses them,
/// and plain I2C transfers exist only where the bus's functionality says so.
///
/// ```swift
/// let world = SimulatedI2C()
/// world.attach(SimulatedDevice(.pcf8574), at: 0x20, bus: 1)
/// world.update(bus: 1, address: 0x20) { $0.drive(pin: 0, high: false) }   // a button pressed
/// ```
public final class SimulatedI2C: I2CBackend {
    /// The buses every `backend: simulated` module of the daemon shares.
    public static let shared = SimulatedI2C()

    struct Bus {
        var info: I2CBusInfo
        var functionality: I2CFunctionality
        var devices: [UInt16: SimulatedDevice] = [:]
    }

    let state = Locked<[Int: Bus]>([:])

    /// A system with bus 1 named as a Raspberry Pi's (`bcm2835 (i2c@7e804000)`), with full I2C.
    public init() {
        addBus(1, name: "bcm2835 (i2c@7e804000)", functionality: .fullI2C)
    }

    /// Adds (or replaces) bus `number`; an SMBus-only controller lacks ``I2CFunctionality/i2c``.
    public func addBus(_ number: Int, name: String, functionality: I2CFunctionality) {
        state.withLock { $0[number] = Bus(info: I2CBusInfo(number: number, name: name), functionality: functionality) }
    }

    /// The number of the bus whose adapter is called `name`; one is added (full I2C, the next
    /// free number) if none is.
    public func bus(named name: String) -> Int {
        state.withLock { buses in
            if let bus = buses.values.first(where: { $0.info.name == name }) { return bus.info.number }
            let number = (buses.keys.max() ?? 0) + 1
            buses[number] = Bus(info: I2CBusInfo(number: number, name: name), functionality: .fullI2C)
            return number
        }
    }

    /// Places `device` at `address` on bus `bus`, unless a device is there already; the bus
    /// is made if missing.
    public func attach(_ device: SimulatedDevice, at address: UInt16, bus: Int) {
        state.withLock { buses in
            if buses[bus] == nil { buses[bus] = Self.defaultBus(bus) }
            if buses[bus]?.devices[address] == nil { buses[bus]?.devices[address] = device }
        }
    }

    /// Changes the device at `address` on `bus`; `nil` if there is none.
    @discardableResult
    public func update<T>(bus: Int, address: UInt16, _ body: (inout SimulatedDevice) -> T) -> T? {
        state.withLock { buses in
            guard var device = buses[bus]?.devices[address] else { return nil }
            let result = body(&device)
            buses[bus]?.devices[address] = device
            return result
        }
    }

    var name: String { "simulated" }

    func buses() -> [I2CBusInfo] {
        state.withLock { $0.values.map(\.info) }.sorted { $0.number < $1.number }
    }

    /// Opens `/dev/i2c-N`; a bus number nobody added is made, empty, so any config runs with
    /// `--simulate`.
    func open(path: String) throws(I2CError) -> any I2CAdapter {
        guard path.hasPrefix("/dev/i2c-"), let number = Int(path.dropFirst("/dev/i2c-".count)), number >= 0 else {
            throw I2CError.open(.noSuchFileOrDirectory, path: path, buses: buses())
        }
        let functionality = state.withLock { buses in
            if buses[number] == nil { buses[number] = Self.defaultBus(number) }
            return buses[number]?.functionality ?? .fullI2C
        }
        return SimulatedAdapter(world: self, number: number, path: path, functionality: functionality)
    }

    private static func defaultBus(_ number: Int) -> Bus {
        Bus(info: I2CBusInfo(number: number, name: "simulated i2c-\(number)"), functionality: .fullI2C)
    }
}
