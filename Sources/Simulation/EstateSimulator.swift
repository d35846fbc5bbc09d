import Entitlements

/// The synthetic estate of DOMAIN.md 6, as the estate's own topics would hold it.
///
/// Building it plans every claimant (deterministic for the seed and scale), lists every event
/// as a compact 24-byte entry, and sorts the entries by time, so each partition of each topic
/// receives its records in `occurredAt` order, as a mirrored estate would. Records are rendered
/// to JSON only when asked for, from the entry and the claimant's plan (rebuilt on demand), so
/// memory is the entries alone: about 24 bytes an event, at any scale.
public struct EstateSimulator: Sendable {
    public let settings: SimulationSettings
    private let planner: ClaimantPlanner
    private let entries: [Entry]

    /// Records by topic and by event type, for the summary.
    public let countsByType: [String: Int]

    public var count: Int { entries.count }

    public init(settings: SimulationSettings, calendar: PaymentCalendar = PaymentCalendar()) throws(SimulationError) {
        try settings.validate()
        self.settings = settings
        let planner = ClaimantPlanner(settings: settings, calendar: calendar)
        self.planner = planner
        let rules = PaymentRules(calendar: calendar, settings: try! RuleSettings())
        var entries: [Entry] = []
        entries.reserveCapacity(settings.claimants * 12)
        for index in 0..<settings.claimants {
            Self.appendEntries(of: planner.plan(index), planner: planner, rules: rules, to: &entries)
        }
        entries.sort()
        self.entries = entries
        var counts: [String: Int] = [:]
        for entry in entries { counts[entry.kind.typeName, default: 0] += 1 }
        countsByType = counts
    }

    /// The `i`th record in time order.
    public func record(at i: Int) -> SimulatedRecord {
        let entry = entries[i]
        let nino = planner.ninos.nino(for: Int(entry.claimant))
        var json = JSONText()
        json.field("type", entry.kind.typeName)
        json.field("eventId", "\(entry.kind.eventPrefix)-\(entry.claimant)-\(entry.slot)-\(entry.sub)-\(entry.dueDay)")
        json.field("occurredAt", Clock.rfc3339(entry.time))
        json.field("nino", nino.value)
        if entry.kind == .paymentIssued {
            // Everything a payment needs is in the entry: no plan to rebuild for the commonest event.
            let benefit = Benefit.allCases[Int(entry.sub)]
            json.field("awardId", "\(benefit.code)-\(nino.value)-\(entry.slot)")
            json.field("dueDate", CalendarDate(daysSinceEpoch: Int(entry.dueDay)).description)
            json.field("amountPence", Int64(entry.amount))
        } else {
            render(entry, plan: planner.plan(Int(entry.claimant)), into: &json)
        }
        return SimulatedRecord(
            topic: entry.kind.topic, key: nino.value, value: Array(json.closed.utf8),
            timestampMilliseconds: entry.time * 1_000)
    }

    private func render(_ entry: Entry, plan: ClaimantPlan, into json: inout JSONText) {
        func bankObject(_ bank: ClaimantPlan.Bank) -> JSONText {
            var b = JSONText()
            b.field("sortCode", bank.sortCode)
            b.field("accountNumber", bank.accountNumber)
            b.field("accountName", bank.accountName)
            return b
        }
        switch entry.kind {
        case .claimantUpserted, .claimantBankChanged:
            json.field("name", plan.name)
            json.field("dateOfBirth", plan.dateOfBirth.description)
            let bank = entry.kind == .claimantUpserted ? plan.bank : plan.bankChange!.bank
            json.field("bank", object: bankObject(bank))
        case .claimantDied:
            json.field("dateOfDeath", plan.death!.date.description)
        case .paymentIssued:
            preconditionFailure("PaymentIssued is rendered from its entry")
        default:
            let award = plan.awards[Int(entry.slot) - 1]
            json.field("awardId", award.awardID.value)
            switch entry.kind {
            case .awardStarted:
                json.field("benefit", award.benefit.code)
                json.field("frequency", award.frequency.rawValue)
                json.field("firstDueDate", award.firstDueDate.description)
                json.field("amountPence", award.amount)
                if let end = award.endDate { json.field("endDate", end.description) }
            case .awardRateChanged:
                let change = award.rateChanges[Int(entry.sub)]
                json.field("effectiveFrom", change.effectiveFrom.description)
                json.field("amountPence", change.amount)
            case .awardSuspended:
                json.field("from", award.suspension!.from.description)
            case .awardResumed:
                json.field("from", award.resumption!.from.description)
            case .awardEnded:
                json.field("endDate", award.ending!.endDate.description)
            case .deductionSet:
                let d = award.deductions[Int(entry.sub)]
                json.field("deductionId", d.id)
                json.field("amountPence", d.amount)
                json.field("from", d.from.description)
                if let to = d.to { json.field("to", to.description) }
            default:
                preconditionFailure("not an award event: \(entry.kind)")
            }
        }
    }

    private static func appendEntries(
        of plan: ClaimantPlan, planner: ClaimantPlanner, rules: PaymentRules, to entries: inout [Entry]
    ) {
        let claimant = UInt32(plan.index)
        func add(_ kind: Entry.Kind, _ time: Int64, slot: Int = 0, sub: Int = 0, dueDay: Int32 = 0, amount: Int32 = 0) {
            precondition(time <= planner.asOfEnd, "the simulated estate has no events after its as-of date")
            entries.append(Entry(time: time, claimant: claimant, kind: kind, slot: UInt8(slot), sub: UInt8(sub), dueDay: dueDay, amount: amount))
        }
        add(.claimantUpserted, plan.registeredAt)
        if let change = plan.bankChange { add(.claimantBankChanged, change.at) }
        if let death = plan.death, death.at <= planner.asOfEnd { add(.claimantDied, death.at) }

        let latestBank = plan.bankChange?.bank ?? plan.bank
        let claimantFacts = ClaimantFacts(
            nino: plan.nino,
            bank: BankDetails(sortCode: try! SortCode(latestBank.sortCode), accountNumber: try! AccountNumber(latestBank.accountNumber),
                              accountName: latestBank.accountName),
            dateOfDeath: plan.death.flatMap { $0.at <= planner.asOfEnd ? $0.date : nil })
        let asOf = planner.settings.asOf
        let history = try! PaymentWindow(from: asOf.adding(days: -planner.settings.paymentHistoryDays), to: asOf.adding(days: 10))

        for award in plan.awards {
            add(.awardStarted, award.startedAt, slot: award.slot)
            var facts = AwardFacts(
                awardID: award.awardID, nino: plan.nino, benefit: award.benefit, frequency: award.frequency,
                firstDueDate: award.firstDueDate, startAmount: Pence(award.amount), startEndDate: award.endDate)
            for (i, change) in award.rateChanges.enumerated() {
                add(.awardRateChanged, change.at, slot: award.slot, sub: i)
                facts.rateChanges.append(.init(effectiveFrom: change.effectiveFrom, amount: Pence(change.amount), sequence: UInt64(change.at)))
            }
            if let s = award.suspension {
                add(.awardSuspended, s.at, slot: award.slot)
                facts.suspensionChanges.append(.init(.suspended, from: s.from, sequence: UInt64(s.at)))
            }
            if let r = award.resumption {
                add(.awardResumed, r.at, slot: award.slot)
                facts.suspensionChanges.append(.init(.resumed, from: r.from, sequence: UInt64(r.at)))
            }
            if let e = award.ending {
                add(.awardEnded, e.at, slot: award.slot)
                facts.endings.append(.init(endDate: e.endDate, sequence: UInt64(e.at)))
            }
            for (i, d) in award.deductions.enumerated() {
                add(.deductionSet, d.at, slot: award.slot, sub: i)
                facts.deductions.append(.init(deductionID: d.id, amount: Pence(d.amount), from: d.from, to: d.to, sequence: UInt64(d.at)))
            }
            // The estate has issued what the rules pay whose input day is on or before as-of.
            let benefitIndex = Benefit.allCases.firstIndex(of: award.benefit)!
            for due in rules.duePayments(award: facts, claimant: claimantFacts, window: history, scope: .all, ledger: Set<PaymentID>())
            where due.exclusion == nil {
                let inputDay = planner.calendar.inputDay(forPaymentDate: due.paymentDate)
                guard inputDay <= asOf else { continue }
                let issuedAt = Clock.seconds(inputDay) + 10 * 3_600 + Int64(claimant % 3_600)
                guard issuedAt > award.startedAt else { continue }
                add(.paymentIssued, issuedAt, slot: award.slot, sub: benefitIndex,
                    dueDay: Int32(due.dueDate.daysSinceEpoch), amount: Int32(due.amount.value))
            }
        }
    }
}

extension EstateSimulator {
    /// One event of the plan: 24 bytes, ordered by time, then claimant, then kind and slot.
    struct Entry: Comparable, Sendable {
        enum Kind: UInt8, Comparable, Sendable {
            case claimantUpserted, claimantBankChanged, claimantDied
            case awardStarted, awardRateChanged, awardSuspended, awardResumed, awardEnded, deductionSet
            case paymentIssued

            static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }

            var typeName: String {
                switch self {
                case .claimantUpserted, .claimantBankChanged: "ClaimantUpserted"
                case .claimantDied: "ClaimantDied"
                case .awardStarted: "AwardStarted"
                case .awardRateChanged: "AwardRateChanged"
                case .awardSuspended: "AwardSuspended"
                case .awardResumed: "AwardResumed"
                case .awardEnded: "AwardEnded"
                case .deductionSet: "DeductionSet"
                case .paymentIssued: "PaymentIssued"
                }
            }

            var eventPrefix: String {
                switch self {
                case .claimantUpserted, .claimantBankChanged, .claimantDied: "c\(rawValue)"
                case .paymentIssued: "p"
                default: "a\(rawValue)"
                }
            }

            var topic: EstateTopic {
                switch self {
                case .claimantUpserted, .claimantBankChanged, .claimantDied: .claimants
                case .paymentIssued: .payments
                default: .awards
                }
            }
        }

        let time: Int64
        let claimant: UInt32
        let kind: Kind
        let slot: UInt8
        let sub: UInt8
        let dueDay: Int32
        let amount: Int32

        static func < (a: Entry, b: Entry) -> Bool {
            (a.time, a.claimant, a.kind, a.slot, a.sub, a.dueDay) < (b.time, b.claimant, b.kind, b.slot, b.sub, b.dueDay)
        }
    }
}
