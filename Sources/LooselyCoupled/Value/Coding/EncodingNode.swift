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
    /// In the order the keys were first encoded; a key encoded again keeps its place.
    var members: [(key: String, element: Element)] = []
    private var memberPositions: [CodePointKey: Int] = [:]

    init(_ kind: Kind = .empty) {
        self.kind = kind
    }

    /// The value encoded here; `nil` if nothing was.
    var encodedValue: Value? {
        switch kind {
        case .empty: nil
        case .single: single
        case .array: .array(elements.map(\.value))
        case .object: .object(Value.Object(members.map { ($0.key, $0.element.value) }))
        }
    }

    /// Makes this node a single value; a later value replaces an earlier one.
    func setSingle(_ value: Value) {
        kind = .single
        single = value
        elements = []
        removeMembers()
    }

    /// Makes this node an array, keeping its elements if it already is one.
    func becomeArray() {
        guard kind != .array else { return }
        kind = .array
        removeMembers()
    }

    /// Sets the member `key`, in place if it was encoded before.
    func setMember(_ key: String, _ element: Element) {
        let indexKey = CodePointKey(key)
        if let position = memberPositions[indexKey] {
            members[position].element = element
        } else {
            memberPositions[indexKey] = members.count
            members.append((key, element))
        }
    }

    private func removeMembers() {
        members = []
        memberPositions = [:]
    }

    /// Makes this node an object, keeping its members if it already is one.
    func becomeObject() {
        guard kind != .object else { return }
        kind = .object
        elements = []
    }
}
