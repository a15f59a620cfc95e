/// What one `Encoder` or nested container has encoded so far.
///
/// A reference, because nested containers and super encoders go on writing into their parent's
/// storage after they were handed out; ``encodedValue`` collects the finished tree.
final class EncodingNode {
    enum Kind {
        case empty
        case single
        case array
        case object
    }

    /// A finished value, or a node that may still be written to.
    enum Element {
        case value(Value)
        case node(EncodingNode)

        var value: Value {
            switch self {
            case .value(let value): value
            // An encoder that nobody wrote to stands for an empty object, as in `JSONEncoder`.
            case .node(let node): node.encodedValue ?? .object([:])
            }
        }
    }

    private(set) var kind: Kind
    private var single: Value = .null
    var elements: [Element] = []
    var members: [String: Element] = [:]

    init(_ kind: Kind = .empty) {
        self.kind = kind
    }

    /// The value encoded here; `nil` if nothing was.
    var encodedValue: Value? {
        switch kind {
        case .empty: nil
        case .single: single
        case .array: .array(elements.map(\.value))
        case .object: .object(members.mapValues(\.value))
        }
    }

    /// Makes this node a single value; a later value replaces an earlier one.
    func setSingle(_ value: Value) {
        kind = .single
        single = value
        elements = []
        members = [:]
    }

    /// Makes this node an array, keeping its elements if it already is one.
    func becomeArray() {
        guard kind != .array else { return }
        kind = .array
        members = [:]
    }

    /// Makes this node an object, keeping its members if it already is one.
    func becomeObject() {
        guard kind != .object else { return }
        kind = .object
        elements = []
    }
}
