/// The arguments of the i2c methods, decoded with `Value.decode`.
enum I2CArguments {
    /// `read_byte {address}`.
    struct Address: Decodable, Sendable {
        var address: Int
    }

    /// `write_byte {address, value}`.
    struct AddressValue: Decodable, Sendable {
        var address: Int
        var value: Int
    }

    /// `read_byte_data` and `read_word_data {address, register}`.
    struct Register: Decodable, Sendable {
        var address: Int
        var register: Int
    }

    /// `write_byte_data` and `write_word_data {address, register, value}`.
    struct RegisterValue: Decodable, Sendable {
        var address: Int
        var register: Int
        var value: Int
    }

    /// `read_block {address, register, length, register_width?}`.
    struct ReadBlock: Decodable, Sendable {
        var address: Int
        var register: Int
        var length: Int
        var registerWidth: Int?

        enum CodingKeys: String, CodingKey {
            case address, register, length
            case registerWidth = "register_width"
        }
    }

    /// `write_block {address, register, bytes, register_width?}`.
    struct WriteBlock: Decodable, Sendable {
        var address: Int
        var register: Int
        var bytes: [Int]
        var registerWidth: Int?

        enum CodingKeys: String, CodingKey {
            case address, register, bytes
            case registerWidth = "register_width"
        }
    }

    /// `transfer {address?, messages: [{write: [bytes]} | {read: length}, with address? each]}`.
    struct Transfer: Decodable, Sendable {
        struct Message: Decodable, Sendable {
            var address: Int?
            var write: [Int]?
            var read: Int?
        }

        var address: Int?
        var messages: [Message]
    }

    /// `scan {probe?}`: `auto` (i2cdetect's default), `quick` or `read`.
    struct Scan: Decodable, Sendable {
        var probe: String?
    }

    /// `read {device}`.
    struct Device: Decodable, Sendable {
        var device: String
    }

    /// `get {device, pin}`.
    struct Pin: Decodable, Sendable {
        var device: String
        var pin: Int
    }

    /// `set {device, pin, value}`.
    struct SetPin: Decodable, Sendable {
        var device: String
        var pin: Int
        var value: Bool
    }

    /// `simulate {device, …}`: drive a pin, make the device vanish or return, change what a
    /// BME280 measures, or set a raw device's registers.
    struct Simulate: Decodable, Sendable {
        var device: String
        var pin: Int?
        var value: Bool?
        var present: Bool?
        var temperature: Double?
        var humidity: Double?
        var pressure: Double?
        var register: Int?
        var bytes: [Int]?
    }
}
