import LooselyCoupled

/// The operations the drivers and methods use, on the module's thread: planned register
/// reads and writes of any length and width, SMBus transactions, combined transfers.
///
/// Checks each SMBus transaction against the adapter's functionality first, so a missing
/// capability says which one, rather than the kernel's bare `EOPNOTSUPP`.
struct I2CBusIO {
    /// The open bus.
    let adapter: any I2CAdapter
    /// The plans for it.
    let planner: TransferPlanner

    /// Operations on `adapter`, long messages chunked at `maximumMessageLength`.
    init(adapter: any I2CAdapter, maximumMessageLength: Int = I2CMessage.kernelMaximumLength) {
        self.adapter = adapter
        self.planner = TransferPlanner(functionality: adapter.functionality, maximumMessageLength: maximumMessageLength)
    }

    /// The bus's device path.
    var path: String { adapter.path }

    /// Runs one SMBus transaction.
    ///
    /// - Throws: ``I2CError``: `unsupported` if the adapter lacks it, else the kernel's error.
    func smbus(_ transaction: SMBusTransaction, address: UInt16) throws(I2CError) -> SMBusResult {
        guard adapter.functionality.contains(transaction.requiredFunctionality) else {
            throw I2CError(
                .unsupported,
                "the adapter of \(path) cannot do \(transaction.summary) (it offers \(adapter.functionality))")
        }
        return try adapter.smbus(transaction, address: address)
    }

    /// Reads `length` bytes from `register` on, planned for this adapter.
    func read(address: UInt16, register: Int, width: RegisterWidth = .eight, length: Int) throws(I2CError) -> [UInt8] {
        try run(try planner.read(address: address, register: register, width: width, length: length))
    }

    /// Writes `bytes` from `register` on, planned for this adapter.
    func write(address: UInt16, register: Int, width: RegisterWidth = .eight, bytes: [UInt8]) throws(I2CError) {
        _ = try run(try planner.write(address: address, register: register, width: width, bytes: bytes))
    }

    /// Runs `messages` as one combined transfer; returns each read message's bytes.
    func transfer(_ messages: [I2CMessage]) throws(I2CError) -> [[UInt8]] {
        _ = try planner.combined(messages)
        return try adapter.transfer(messages)
    }

    /// Runs the steps in order and returns what they read, joined.
    func run(_ steps: [TransferStep]) throws(I2CError) -> [UInt8] {
        var bytes: [UInt8] = []
        for step in steps {
            switch step {
            case .smbus(let transaction, let address):
                bytes += try smbus(transaction, address: address).bytes
            case .transfer(let messages):
                for read in try adapter.transfer(messages) { bytes += read }
            }
        }
        return bytes
    }
}
