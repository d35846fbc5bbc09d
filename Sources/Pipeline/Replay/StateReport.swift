import Entitlements
import Foundation
import Store

/// What `backstop state` shows of a store: a claimant, an award, a summary or the digest, as
/// text or JSON. The store is keyed by estate partition, which Backstop never recomputes
/// (DESIGN.md 2): a claimant or an award is looked up in each partition the store holds.
/// Bank details are shown masked (sort code's first two digits, account number's last four):
/// enough to tell accounts apart, not to pay into one.
public struct StateReport {
    public let store: EntitlementStore

    public init(store: EntitlementStore) {
        self.store = store
    }

    /// A JSON-able value: only strings, integers, booleans, arrays and dictionaries.
    public typealias Fields = [String: any Sendable]

    public func claimant(_ nino: NINO) throws -> Fields? {
        for partition in try store.partitions() {
            let state = try store.claimant(nino, partition: partition)
            guard state.record != nil || state.death != nil else { continue }
            var fields: Fields = ["nino": nino.value, "partition": Int(partition)]
            if let record = state.record {
                fields["name"] = record.name
                fields["dateOfBirth"] = record.dateOfBirth.description
                fields["bank"] = Self.masked(record.bank)
                fields["offset"] = Int(record.arrival.offset)
            }
            if let death = state.death { fields["dateOfDeath"] = death.dateOfDeath.description }
            return fields
        }
        return nil
    }

    public func award(_ awardID: AwardID) throws -> Fields? {
        for partition in try store.partitions() {
            guard let award = try store.award(awardID, partition: partition) else { continue }
            var fields: Fields = ["awardId": award.awardID.value, "nino": award.nino.value, "partition": Int(award.partition)]
            if let start = award.start {
                fields["benefit"] = start.benefit.rawValue
                fields["frequency"] = start.frequency.rawValue
                fields["firstDueDate"] = start.firstDueDate.description
                fields["amountPence"] = Int(start.amount.value)
                if let end = start.endDate { fields["endDate"] = end.description }
            } else {
                fields["started"] = false
            }
            fields["rateChanges"] = award.rateChanges.map { ["effectiveFrom": $0.effectiveFrom.description, "amountPence": Int($0.amount.value)] as Fields }
            fields["suspensions"] = award.suspensions.map { ["from": $0.from.description, "suspended": $0.isSuspended] as Fields }
            if let end = award.end { fields["ended"] = end.endDate.description }
            fields["deductions"] = award.deductions.map { deduction in
                var entry: Fields = ["deductionId": deduction.id.value, "amountPence": Int(deduction.amount.value), "from": deduction.from.description]
                if let to = deduction.to { entry["to"] = to.description }
                return entry
            }
            fields["paidByEstate"] = award.paidByEstate.map { ["dueDate": $0.dueDate.description, "amountPence": Int($0.amount.value)] as Fields }
            fields["ledger"] = award.ledger.map { ["dueDate": $0.dueDate.description, "runId": $0.runID, "batchId": $0.batchID, "amountPence": Int($0.amount.value)] as Fields }
            return fields
        }
        return nil
    }

    public func summary() throws -> Fields {
        let counts = try store.counts()
        let offsets = try store.nextOffsets()
        return [
            "claimants": counts.claimants, "deaths": counts.deaths, "awards": counts.awards,
            "awardsWithoutStart": counts.awardsWithoutStart, "awardFacts": counts.awardFacts,
            "paidMarkers": counts.paidMarkers, "ledgerEntries": counts.ledgerEntries, "commands": counts.commands,
            "partitions": try store.partitions().map(Int.init),
            "nextOffsets": Dictionary(uniqueKeysWithValues: offsets.map { ($0.key.description, Int($0.value)) }) as Fields,
        ]
    }

    public func digest() throws -> Fields {
        ["digest": try store.digest()]
    }

    static func masked(_ bank: BankDetails) -> Fields {
        let sort = bank.sortCode.value
        let account = bank.accountNumber.value
        return [
            "sortCode": String(sort.prefix(2)) + "-**-**",
            "accountNumber": "****" + String(account.suffix(4)),
            "accountName": bank.accountName,
        ]
    }

    /// Pretty, key-sorted JSON.
    public static func json(_ fields: Fields) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: fields, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// `key: value` lines, nested values indented, keys sorted.
    public static func text(_ fields: Fields, indent: String = "") -> String {
        var lines: [String] = []
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            switch value {
            case let nested as Fields:
                lines.append("\(indent)\(key):")
                lines.append(text(nested, indent: indent + "  "))
            case let list as [Fields]:
                lines.append("\(indent)\(key): \(list.isEmpty ? "none" : "")")
                for item in list { lines.append(text(item, indent: indent + "  - ").replacingOccurrences(of: "\n\(indent)  - ", with: ", ")) }
            case let list as [Int]:
                lines.append("\(indent)\(key): \(list.map(String.init).joined(separator: ","))")
            default:
                lines.append("\(indent)\(key): \(value)")
            }
        }
        return lines.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
