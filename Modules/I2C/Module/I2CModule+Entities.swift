public import LooselyCoupled

/// The module's entities (DESIGN §2b), named after the devices: a BME280 `climate` gives the
/// `sensor`s `climate_temperature` (°C), `climate_humidity` (%) and `climate_pressure` (hPa);
/// an expander `relays` gives each input pin a `binary_sensor` and each output pin a `switch`,
/// `relays_4`; a raw device `custom` gives each register a `sensor`, `custom_temp`, in its unit.
/// The `i2c_*` events are sent as well.
extension I2CModule {
    /// The key of a device's value: a BME280's `temperature`, `humidity` or `pressure`, or a
    /// raw register's name.
    static func valueKey(_ device: String, _ value: String) -> String {
        Entity.key(for: "\(device)_\(value)")
    }

    /// The key of an expander's pin.
    static func pinKey(_ device: String, _ pin: Int) -> String {
        Entity.key(for: "\(device)_\(pin)")
    }

    /// The entities of `specs`, in device order.
    static func entities(of specs: [DeviceSpec]) -> [Entity] {
        specs.flatMap(entities(of:))
    }

    /// The entities of one device.
    static func entities(of spec: DeviceSpec) -> [Entity] {
        let name = spec.name
        switch spec.driver {
        case .bme280:
            return [
                Entity(
                    valueKey(name, "temperature"), kind: .sensor, name: "\(name) temperature", unit: "°C",
                    deviceClass: "temperature", stateClass: "measurement"),
                Entity(
                    valueKey(name, "humidity"), kind: .sensor, name: "\(name) humidity", unit: "%",
                    deviceClass: "humidity", stateClass: "measurement"),
                Entity(
                    valueKey(name, "pressure"), kind: .sensor, name: "\(name) pressure", unit: "hPa",
                    deviceClass: "atmospheric_pressure", stateClass: "measurement"),
            ]
        case .pcf8574, .mcp23017:
            guard let pins = spec.pins else { return [] }
            return (0..<pins.count).compactMap { pin -> Entity? in
                let mask = UInt16(1) << UInt16(pin)
                if pins.inputs & mask != 0 {
                    return Entity(pinKey(name, pin), kind: .binarySensor, name: "\(name) pin \(pin)")
                }
                if pins.outputs & mask != 0 {
                    return Entity(pinKey(name, pin), kind: .switch, name: "\(name) pin \(pin)")
                }
                return nil
            }
        case .raw(_, let registers):
            return registers.keys.sorted().map { register in
                let unit = registers[register]?.unit ?? ""
                return Entity(
                    valueKey(name, register), kind: .sensor, name: "\(name) \(register)",
                    unit: unit.isEmpty ? nil : unit,
                    stateClass: "measurement")
            }
        }
    }

    /// The entities a module with `config` declares, for `check`: `nil` for a config that cannot
    /// be read.
    public static func entities(in config: Value) -> [Entity]? {
        guard let configuration = try? configuration(config) else { return nil }
        return entities(of: configuration.deviceSpecs)
    }

    /// `set ENTITY on|off|toggle` on an expander's output switch: drives the pin, as `set
    /// {device, pin, value}` does.
    public func setEntity(_ key: String, to state: Value, attributes: Value.Object) async throws -> Value {
        for spec in specs {
            guard let pins = spec.pins else { continue }
            for pin in 0..<pins.count where Self.pinKey(spec.name, pin) == key {
                guard pins.outputs & (UInt16(1) << UInt16(pin)) != 0 else {
                    throw CallError(.readOnlyEntity, "\(context.name).\(key) is an input, which cannot be set")
                }
                let value: Bool
                switch state.stringValue ?? "" {
                case "on": value = true
                case "off": value = false
                case "toggle": value = !(devices[spec.name]?.level(pin) ?? false)
                default:
                    throw CallError(.invalidState, "\(context.name).\(key) is a switch: on, off or toggle")
                }
                return try await set(I2CArguments.SetPin(device: spec.name, pin: pin, value: value))
            }
        }
        throw CallError(.readOnlyEntity, "\(context.name).\(key) is a sensor, which cannot be set")
    }
}
