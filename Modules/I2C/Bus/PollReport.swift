/// What a device's poll gave, handed from the bus's polls to the module's state.
struct PollReport: Sendable {
    enum Outcome: Sendable {
        /// The device answered its set-up (or a poll with nothing new): it is there.
        case ready
        /// Sensor values by name (`temperature`, `humidity`, `pressure`, a raw register's name).
        case reading([String: Double])
        /// An expander's pin levels (bit n: pin n high), sent when they changed.
        case inputs(UInt16)
        /// The device did not answer, or answered wrongly.
        case failed(I2CError)
    }

    /// The device's name in the config.
    var device: String
    var outcome: Outcome
    /// `CLOCK_MONOTONIC` when the transfer ended.
    var timestampNanoseconds: UInt64
}
