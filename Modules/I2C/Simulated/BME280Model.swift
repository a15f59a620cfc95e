/// The simulated BME280's physics: the calibration it was "trimmed" with at the factory and
/// the raw values a conversion of given conditions produces, found by inverting the
/// datasheet's compensation (which the driver then applies forwards).
public enum BME280Model {
    /// What the simulated sensor measures.
    public struct Conditions: Sendable, Hashable {
        /// °C.
        public var temperature: Double
        /// %RH.
        public var humidity: Double
        /// hPa.
        public var pressure: Double

        /// A comfortable room at sea level, unless given.
        public init(temperature: Double = 21.5, humidity: Double = 45, pressure: Double = 1013.25) {
            self.temperature = temperature
            self.humidity = humidity
            self.pressure = pressure
        }
    }

    /// The datasheet's example calibration for temperature and pressure (BMP280 datasheet,
    /// section 3.12), with humidity trimming as real BME280s carry it.
    static let calibration: BME280Calibration = {
        var first: [UInt8] = []
        func le(_ value: Int) { first += [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)] }
        for value in [27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000] { le(value) }
        first += [0x00, 75]  // 0xA0 unused, dig_H1
        // dig_H2 = 362, dig_H3 = 0, dig_H4 = 313, dig_H5 = 50, dig_H6 = 30
        let second: [UInt8] = [0x6A, 0x01, 0x00, 0x13, 0x29, 0x03, 0x1E]
        return BME280Calibration(first, second)
    }()

    /// Registers after power-on: chip id, calibration, and "skipped" results until a conversion.
    static func initialRegisters(_ conditions: Conditions) -> [Int: UInt8] {
        var memory: [Int: UInt8] = [BME280.Register.chipID: BME280.chipID]
        let (first, second) = calibration.bytes
        for (offset, byte) in first.enumerated() { memory[BME280.Register.calibration1 + offset] = byte }
        for (offset, byte) in second.enumerated() { memory[BME280.Register.calibration2 + offset] = byte }
        let skipped = BME280Raw(
            temperature: BME280Raw.skippedTwenty, pressure: BME280Raw.skippedTwenty, humidity: BME280Raw.skippedHumidity
        )
        for (offset, byte) in skipped.bytes.enumerated() { memory[BME280.Register.data + offset] = byte }
        return memory
    }

    /// A forced conversion: the raw values for `conditions` into the result registers, with
    /// measurements whose oversampling is 0 reported as skipped.
    static func measure(
        _ conditions: Conditions, control: UInt8, humidityControl: UInt8, into memory: inout [Int: UInt8]
    ) {
        var raw = self.raw(for: conditions)
        if control >> 5 == 0 { raw.temperature = BME280Raw.skippedTwenty }
        if (control >> 2) & 0b111 == 0 { raw.pressure = BME280Raw.skippedTwenty }
        if humidityControl & 0b111 == 0 { raw.humidity = BME280Raw.skippedHumidity }
        for (offset, byte) in raw.bytes.enumerated() { memory[BME280.Register.data + offset] = byte }
    }

    /// The raw values whose compensation gives `conditions` (to the compensation's resolution).
    static func raw(for conditions: Conditions) -> BME280Raw {
        let target = Int32((conditions.temperature * 100).rounded())
        let temperature = search(0, (1 << 20) - 1) { calibration.temperature($0).centiCelsius >= target }
        let fine = calibration.temperature(temperature).fine
        // Pressure falls as its raw value rises; humidity rises with it.
        let pascal = UInt32(max(0, conditions.pressure * 25_600).rounded())
        let pressure = search(0, (1 << 20) - 1) { calibration.pressure($0, fine: fine) <= pascal }
        let percent = UInt32(max(0, min(100, conditions.humidity)) * 1024)
        let humidity = search(0, 65_535) { calibration.humidity($0, fine: fine) >= percent }
        return BME280Raw(temperature: temperature, pressure: pressure, humidity: humidity)
    }

    /// The smallest value in `low...high` for which `reached` holds (it must hold from there on).
    private static func search(_ low: Int32, _ high: Int32, _ reached: (Int32) -> Bool) -> Int32 {
        var low = low, high = high
        while low < high {
            let middle = low + (high - low) / 2
            if reached(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
