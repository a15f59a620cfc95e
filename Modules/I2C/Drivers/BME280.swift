import LooselyCoupled

/// The BME280's registers and its bus sequence: chip id and factory calibration once, then per
/// reading a forced-mode conversion with the configured oversampling and one burst read.
///
/// Every transfer is 8-bit-register SMBus (byte data and I2C blocks of at most 26 bytes), so
/// it works on SMBus-only adapters; the burst read of all eight measurement bytes keeps a
/// reading's temperature, pressure and humidity from one conversion.
struct BME280: Sendable, Hashable {
    enum Register {
        static let calibration1 = 0x88  // dig_T1 … dig_H1: 26 bytes
        static let chipID = 0xD0
        static let reset = 0xE0
        static let calibration2 = 0xE1  // dig_H2 … dig_H6: 7 bytes
        static let ctrlHum = 0xF2
        static let status = 0xF3
        static let ctrlMeas = 0xF4
        static let config = 0xF5
        static let data = 0xF7  // press[3], temp[3], hum[2]

        /// Registers the chip itself writes (calibration, id, status, results).
        static func isReadOnly(_ register: Int) -> Bool {
            (0x88...0xA1).contains(register) || register == chipID || (0xE1...0xF0).contains(register)
                || register == status || (0xF7...0xFE).contains(register)
        }
    }

    /// `chip_id` of a BME280; a BMP280 (no humidity) answers 0x58.
    static let chipID: UInt8 = 0x60
    static let bmp280ChipID: UInt8 = 0x58
    static let resetCommand: UInt8 = 0xB6

    /// Oversampling of each measurement: 0 (skipped), 1, 2, 4, 8 or 16.
    struct Oversampling: Sendable, Hashable {
        var temperature = 1
        var pressure = 1
        var humidity = 1

        /// The register code of a factor (`osrs_x`): 0 → 0, 1 → 1, 2 → 2, 4 → 3, 8 → 4, 16 → 5.
        static func code(_ factor: Int) -> UInt8 {
            switch factor {
            case 1: 1
            case 2: 2
            case 4: 3
            case 8: 4
            case 16: 5
            default: 0
            }
        }

        /// `ctrl_meas` for a forced conversion.
        var controlMeasurement: UInt8 { Self.code(temperature) << 5 | Self.code(pressure) << 2 | 0b01 }
        /// `ctrl_hum`.
        var controlHumidity: UInt8 { Self.code(humidity) }

        /// The datasheet's maximum conversion time (section 9.1), in microseconds.
        var maximumMeasurementMicroseconds: Int {
            var micros = 1250 + 2300 * temperature
            if pressure > 0 { micros += 2300 * pressure + 575 }
            if humidity > 0 { micros += 2300 * humidity + 575 }
            return micros
        }
    }

    let address: UInt16
    let oversampling: Oversampling

    /// Reads the chip id and the factory calibration and sets the humidity oversampling.
    ///
    /// - Throws: ``I2CError``: `wrong_device` when the chip id is not a BME280's.
    func setUp(_ io: I2CBusIO) throws(I2CError) -> BME280Calibration {
        let id = try io.read(address: address, register: Register.chipID, length: 1)[0]
        guard id == Self.chipID else {
            let what =
                id == Self.bmp280ChipID
                ? "a BMP280 (chip id 0x58), which has no humidity sensor" : "chip id \(I2CAddress.register(UInt16(id)))"
            throw I2CError(
                .wrongDevice,
                "the device at \(I2CAddress.hex(address)) on \(io.path) is not a BME280: it answers \(what), a BME280 answers 0x60"
            )
        }
        let first = try io.read(address: address, register: Register.calibration1, length: 26)
        let second = try io.read(address: address, register: Register.calibration2, length: 7)
        try io.write(address: address, register: Register.ctrlHum, bytes: [oversampling.controlHumidity])
        return BME280Calibration(first, second)
    }

    /// Starts a forced conversion; the result is ready after ``Oversampling/maximumMeasurementMicroseconds``.
    func trigger(_ io: I2CBusIO) throws(I2CError) {
        _ = try io.smbus(
            .writeByteData(register: UInt8(Register.ctrlMeas), value: oversampling.controlMeasurement), address: address
        )
    }

    /// Reads the conversion's results and compensates them.
    func fetch(_ io: I2CBusIO, calibration: BME280Calibration) throws(I2CError) -> BME280Reading {
        let bytes = try io.read(address: address, register: Register.data, length: 8)
        return calibration.compensate(BME280Raw(bytes))
    }
}

/// The raw ADC values of one conversion.
struct BME280Raw: Sendable, Hashable {
    var temperature: Int32
    var pressure: Int32
    var humidity: Int32

    init(temperature: Int32, pressure: Int32, humidity: Int32) {
        self.temperature = temperature
        self.pressure = pressure
        self.humidity = humidity
    }

    /// From the eight bytes at 0xF7: pressure and temperature are 20 bits, humidity 16.
    init(_ bytes: [UInt8]) {
        func twenty(_ index: Int) -> Int32 {
            Int32(bytes[index]) << 12 | Int32(bytes[index + 1]) << 4 | Int32(bytes[index + 2]) >> 4
        }
        pressure = twenty(0)
        temperature = twenty(3)
        humidity = Int32(bytes[6]) << 8 | Int32(bytes[7])
    }

    /// The eight bytes at 0xF7 that hold these values.
    var bytes: [UInt8] {
        func twenty(_ value: Int32) -> [UInt8] {
            [
                UInt8(truncatingIfNeeded: value >> 12), UInt8(truncatingIfNeeded: value >> 4),
                UInt8(truncatingIfNeeded: value << 4),
            ]
        }
        return twenty(pressure) + twenty(temperature) + [
            UInt8(truncatingIfNeeded: humidity >> 8), UInt8(truncatingIfNeeded: humidity),
        ]
    }

    /// What the chip reports for a measurement that oversampling 0 skipped.
    static let skippedTwenty: Int32 = 0x80000
    static let skippedHumidity: Int32 = 0x8000
}

/// One compensated reading: the datasheet's integer results, and the units users read.
struct BME280Reading: Sendable, Hashable {
    /// Hundredths of a degree Celsius (`5123` is 51.23 °C).
    var centiCelsius: Int32
    /// Pascal in Q24.8 (`24674867` is 24674867 / 256 = 96386.2 Pa); `nil` if skipped.
    var pressureQ24_8: UInt32?
    /// %RH in Q22.10 (`47445` is 47445 / 1024 = 46.333 %); `nil` if skipped.
    var humidityQ22_10: UInt32?

    var celsius: Double { Double(centiCelsius) / 100 }
    var hectopascal: Double? { pressureQ24_8.map { Double($0) / 25_600 } }
    var percent: Double? { humidityQ22_10.map { Double($0) / 1024 } }
}
