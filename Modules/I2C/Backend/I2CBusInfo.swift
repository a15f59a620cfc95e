/// An I2C bus as sysfs describes it: `/dev/i2c-1`, adapter name `bcm2835 (i2c@7e804000)`.
struct I2CBusInfo: Sendable, Hashable {
    /// The bus number, as in `/dev/i2c-N`.
    var number: Int
    /// The adapter's name (`/sys/class/i2c-dev/i2c-N/name`).
    var name: String

    /// A bus numbered `number` whose adapter is called `name`.
    init(number: Int, name: String) {
        self.number = number
        self.name = name
    }

    /// The character device.
    var path: String { "/dev/i2c-\(number)" }

    /// As error messages list buses: `/dev/i2c-1 [bcm2835 (i2c@7e804000)]`.
    var summary: String { "\(path) [\(name)]" }
}

/// How the config names a bus: `bus: 1`, `bus: /dev/i2c-1`, or `bus: "SMBus stub driver"`.
enum BusSpec: Sendable, Hashable, CustomStringConvertible {
    case number(Int)
    case path(String)
    case adapterName(String)

    /// Reads the config's `bus` value (an int or a string; a string of digits is a number).
    init?(_ value: String) {
        if let number = Int(value), number >= 0 {
            self = .number(number)
        } else if value.hasPrefix("/") {
            self = .path(value)
        } else if value.isEmpty {
            return nil
        } else {
            self = .adapterName(value)
        }
    }

    /// The device path of the bus, among `buses`.
    ///
    /// - Throws: ``I2CError/Code/busNotFound`` for an adapter name no bus has, listing the buses.
    func resolve(among buses: [I2CBusInfo]) throws(I2CError) -> String {
        switch self {
        case .number(let number): return "/dev/i2c-\(number)"
        case .path(let path): return path
        case .adapterName(let name):
            if let bus = buses.first(where: { $0.name == name }) { return bus.path }
            throw I2CError.busNotFound("no I2C bus has the adapter name '\(name)'", buses: buses)
        }
    }

    var description: String {
        switch self {
        case .number(let number): "\(number)"
        case .path(let path): path
        case .adapterName(let name): "'\(name)'"
        }
    }
}
