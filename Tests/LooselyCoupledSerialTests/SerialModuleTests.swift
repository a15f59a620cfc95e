import Testing

/// Every serial test, one at a time: they start modules, port threads and pseudo-terminals, and
/// the timing tests of other modules that run alongside must not wait behind a burst of them.
@Suite(.serialized)
struct SerialModuleTests {}
