import LooselyCoupled

extension I2CModule {
    /// Puts a simulated chip at each configured device's address (unless one is there): a
    /// BME280 model, a PCF8574, an MCP23017, or plain registers for a raw device.
    func populate(_ simulator: SimulatedI2C) {
        let number = Self.simulatedBusNumber(configuration.bus.spec, simulator)
        for spec in specs {
            let device: SimulatedDevice
            switch spec.driver {
            case .bme280: device = SimulatedDevice(.bme280)
            case .pcf8574: device = SimulatedDevice(.pcf8574)
            case .mcp23017: device = SimulatedDevice(.mcp23017)
            case .raw(let width, _): device = SimulatedDevice(.registers, width: width)
            }
            simulator.attach(device, at: spec.address, bus: number)
        }
    }

    /// The number of the simulated bus the config names; a bus named by an adapter name no
    /// simulated bus has is added, so a hardware config runs with `--simulate` as it is.
    static func simulatedBusNumber(_ spec: BusSpec, _ simulator: SimulatedI2C) -> Int {
        switch spec {
        case .number(let number): return number
        case .path(let path): return Int(path.split(separator: "-").last ?? "") ?? 1
        case .adapterName(let name): return simulator.bus(named: name)
        }
    }

    /// `simulate {device, …}` (simulated backend only): `pin` and `value` drive an expander's
    /// pin from outside; `present: false` makes the device vanish (it NACKs) and `true` brings it
    /// back; `temperature`, `humidity`, `pressure` change what a BME280 measures; `register` and
    /// `bytes` set a raw device's registers.
    func simulate(_ arguments: I2CArguments.Simulate) throws(CallError) -> Value {
        guard let simulator else {
            throw CallError(.invalidArguments, "\(context.name).simulate works with backend: simulated only")
        }
        let spec = try state(arguments.device).spec
        let bus = Self.simulatedBusNumber(configuration.bus.spec, simulator)
        if let pin = arguments.pin {
            guard let pins = spec.pins, (0..<pins.count).contains(pin), let level = arguments.value else {
                throw CallError(
                    .invalidArguments, "\(context.name).simulate: pin needs an expander's pin and a value true|false")
            }
            simulator.update(bus: bus, address: spec.address) { $0.drive(pin: pin, high: level) }
        }
        if let present = arguments.present {
            simulator.update(bus: bus, address: spec.address) { $0.isPresent = present }
        }
        if arguments.temperature != nil || arguments.humidity != nil || arguments.pressure != nil {
            simulator.update(bus: bus, address: spec.address) { device in
                var conditions = device.conditions
                if let temperature = arguments.temperature { conditions.temperature = temperature }
                if let humidity = arguments.humidity { conditions.humidity = humidity }
                if let pressure = arguments.pressure { conditions.pressure = pressure }
                device.set(conditions: conditions)
            }
        }
        if let register = arguments.register, let bytes = arguments.bytes {
            let data = try self.bytes(bytes)
            simulator.update(bus: bus, address: spec.address) { $0.set(register: register.value, bytes: data) }
        }
        return .null
    }
}
