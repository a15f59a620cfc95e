import Testing

@testable import LooselyCoupledI2C

@Suite("BME280: calibration and the datasheet's integer compensation")
struct BME280Tests {
    /// The datasheet's example (BMP280 datasheet 3.12, the same compensation as the BME280's).
    static let first: [UInt8] = [
        0x70, 0x6B, 0x43, 0x67, 0x18, 0xFC, 0x7D, 0x8E, 0x43, 0xD6, 0xD0, 0x0B, 0x27, 0x0B, 0x8C, 0x00,
        0xF9, 0xFF, 0x8C, 0x3C, 0xF8, 0xC6, 0x70, 0x17, 0x00, 0x4B,
    ]
    static let second: [UInt8] = [0x6A, 0x01, 0x00, 0x13, 0x29, 0x03, 0x1E]
    let calibration = BME280Calibration(first, second)

    @Test("the calibration registers decode as the datasheet lists them, H4/H5 sharing 0xE5")
    func calibrationDecodes() {
        #expect(
            [calibration.t1, UInt16(bitPattern: calibration.t2), UInt16(bitPattern: calibration.t3)] == [
                27504, 26435, UInt16(bitPattern: -1000),
            ])
        #expect(
            [
                calibration.p2, calibration.p3, calibration.p4, calibration.p5, calibration.p6, calibration.p7,
                calibration.p8, calibration.p9,
            ]
                == [-10685, 3024, 2855, 140, -7, 15500, -14600, 6000])
        #expect(calibration.p1 == 36477)
        #expect(
            (calibration.h1, calibration.h2, calibration.h3, calibration.h4, calibration.h5, calibration.h6) == (
                75, 362, 0, 313, 50, 30
            ))
        #expect(calibration.bytes.first == Self.first && calibration.bytes.second == Self.second)
    }

    @Test("the datasheet's worked example: adc_T 519888 → t_fine 128422, 25.08 °C")
    func temperature() {
        let (fine, centi) = calibration.temperature(519_888)
        #expect(fine == 128_422)
        #expect(centi == 2508)
    }

    @Test("and adc_P 415148 → 100653.27 Pa (the 64-bit integer result, to its 1/256 Pa)")
    func pressure() {
        let q24_8 = calibration.pressure(415_148, fine: 128_422)
        #expect(abs(Double(q24_8) / 256 - 100_653.27) < 0.03)
    }

    @Test("humidity agrees with the datasheet's floating-point formula")
    func humidity() {
        let fine = 128_422.0
        for adc in [20_000, 27_500, 35_000] as [Int32] {
            var h = fine - 76_800
            h =
                (Double(adc) - (313 * 64 + 50 / 16_384 * h))
                * (362 / 65_536 * (1 + 30 / 67_108_864 * h * (1 + 0 / 67_108_864 * h)))
            h *= 1 - 75 * h / 524_288
            let integer = Double(calibration.humidity(adc, fine: 128_422)) / 1024
            #expect(abs(integer - min(max(h, 0), 100)) < 0.01, "adc_H \(adc): \(integer) vs \(h)")
        }
    }

    @Test("raw values from the eight result bytes, and skipped measurements stay absent")
    func rawAndSkipped() {
        let raw = BME280Raw([0x65, 0x5A, 0xC0, 0x7E, 0xED, 0x00, 0x6B, 0x6C])
        #expect(raw == BME280Raw(temperature: 519_888, pressure: 415_148, humidity: 27_500))
        #expect(BME280Raw(raw.bytes) == raw)
        let skipped = calibration.compensate(
            BME280Raw(temperature: 519_888, pressure: BME280Raw.skippedTwenty, humidity: BME280Raw.skippedHumidity))
        #expect(skipped.celsius == 25.08 && skipped.hectopascal == nil && skipped.percent == nil)
    }

    @Test("forced mode with the configured oversampling, and its conversion time (datasheet 9.1)")
    func oversampling() {
        let settings = BME280.Oversampling(temperature: 2, pressure: 16, humidity: 1)
        #expect(settings.controlMeasurement == 0b010_101_01)
        #expect(settings.controlHumidity == 1)
        #expect(BME280.Oversampling().maximumMeasurementMicroseconds == 9300)
        #expect(
            BME280.Oversampling(temperature: 16, pressure: 16, humidity: 16).maximumMeasurementMicroseconds == 112_800)
    }

    @Test("the simulated chip's raw values compensate back to its conditions")
    func modelRoundTrip() {
        let conditions = BME280Model.Conditions(temperature: 22.5, humidity: 55, pressure: 990)
        let reading = BME280Model.calibration.compensate(BME280Model.raw(for: conditions))
        #expect(abs(reading.celsius - 22.5) <= 0.01)
        #expect(abs((reading.percent ?? 0) - 55) < 0.01)
        #expect(abs((reading.hectopascal ?? 0) - 990) < 0.01)
    }
}
