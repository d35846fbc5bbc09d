import Entitlements

/// Everything the simulated estate does for one claimant, derived from the seed and the
/// claimant's index alone (DOMAIN.md 6). Times are seconds since 1970-01-01T00:00:00Z.
struct ClaimantPlan {
    struct Bank {
        let sortCode: String
        let accountNumber: String
        let accountName: String
    }

    struct Deduction {
        let id: String
        let amount: Int64
        let from: CalendarDate
        let to: CalendarDate?
        let at: Int64
    }

    struct Award {
        let slot: Int
        let awardID: AwardID
        let benefit: Benefit
        let frequency: Frequency
        let firstDueDate: CalendarDate
        let amount: Int64
        let endDate: CalendarDate?
        let startedAt: Int64
        var rateChanges: [(effectiveFrom: CalendarDate, amount: Int64, at: Int64)] = []
        var suspension: (from: CalendarDate, at: Int64)?
        var resumption: (from: CalendarDate, at: Int64)?
        var ending: (endDate: CalendarDate, at: Int64)?
        var deductions: [Deduction] = []
    }

    let index: Int
    let nino: NINO
    let name: String
    let dateOfBirth: CalendarDate
    let registeredAt: Int64
    let bank: Bank
    var bankChange: (bank: Bank, at: Int64)?
    var death: (date: CalendarDate, at: Int64)?
    var awards: [Award] = []
}

/// Builds claimant plans. Holds what every plan shares: settings, calendar, benefit odds.
struct ClaimantPlanner: Sendable {
    let settings: SimulationSettings
    let ninos: NINOAllocator
    let calendar: PaymentCalendar
    /// The estate's "now": the end of the as-of day.
    let asOfEnd: Int64

    init(settings: SimulationSettings, calendar: PaymentCalendar) {
        self.settings = settings
        self.ninos = NINOAllocator(seed: settings.seed)
        self.calendar = calendar
        self.asOfEnd = Clock.seconds(settings.asOf.adding(days: 1)) - 1
    }

    func plan(_ index: Int) -> ClaimantPlan {
        var rng = SplitMix64(seed: settings.seed, stream: UInt64(index) &+ 1)
        let nino = ninos.nino(for: index)
        let asOf = settings.asOf
        let pensionerShare = settings.caseload[.statePension]! / settings.population
        let isPensioner = rng.chance(pensionerShare)
        let age = isPensioner ? rng.int(66...95) : rng.int(18...65)
        let dateOfBirth = asOf.adding(days: -(age * 365 + rng.int(0...364)))

        let given = rng.pick(Names.given)
        let family = rng.pick(Names.family)
        let benefits = chooseBenefits(pensioner: isPensioner, rng: &rng)

        // Registration comes before the first award starts.
        let firstStarts = benefits.map { _ in asOf.adding(days: -rng.int(0...(settings.maxAwardAgeYears * 365))) }
        let earliest = firstStarts.min()!
        let registeredAt = Clock.seconds(earliest.adding(days: -rng.int(20...60))) + Clock.officeHours(&rng)
        var plan = ClaimantPlan(
            index: index, nino: nino, name: "\(given) \(family)", dateOfBirth: dateOfBirth,
            registeredAt: registeredAt, bank: makeBank(given: given, family: family, rng: &rng))

        if rng.chance(settings.bankChangeRate) {
            let span = max(1, asOfEnd - registeredAt)
            let at = registeredAt + Int64(rng.int(1...Int(span)))
            plan.bankChange = (makeBank(given: given, family: family, rng: &rng), at)
        }
        if rng.chance(settings.annualDeathRate) {
            let date = asOf.adding(days: -rng.int(1...365))
            let at = Clock.seconds(date.adding(days: rng.int(2...20))) + Clock.officeHours(&rng)
            if date > earliest { plan.death = (date, at) }
        }
        for (slot, benefit) in benefits.enumerated() {
            plan.awards.append(makeAward(
                slot: slot + 1, benefit: benefit, nino: nino, notBefore: firstStarts[slot],
                death: plan.death, rng: &rng))
        }
        return plan
    }

    /// Pensioners draw from SP, PC, AA and half of DLA; everyone else from the rest, with the
    /// odds that reproduce the national caseload's shares (DOMAIN.md 6).
    private func chooseBenefits(pensioner: Bool, rng: inout SplitMix64) -> [Benefit] {
        let c = settings.caseload
        let pensioners = c[.statePension]!
        let working = settings.population - pensioners
        var chosen: [Benefit] = []
        if pensioner {
            chosen.append(.statePension)
            for b in [Benefit.pensionCredit, .attendanceAllowance] where rng.chance((c[b] ?? 0) / pensioners) {
                chosen.append(b)
            }
            if rng.chance((c[.disabilityLivingAllowance] ?? 0) / 2 / pensioners) { chosen.append(.disabilityLivingAllowance) }
        } else {
            for b in [Benefit.universalCredit, .personalIndependencePayment, .employmentAndSupportAllowance,
                      .carersAllowance, .jobseekersAllowance] where rng.chance(min(1, (c[b] ?? 0) / working)) {
                chosen.append(b)
            }
            if rng.chance((c[.disabilityLivingAllowance] ?? 0) / 2 / working) { chosen.append(.disabilityLivingAllowance) }
            if chosen.isEmpty { chosen.append(.universalCredit) }
        }
        return chosen
    }

    private func makeBank(given: String, family: String, rng: inout SplitMix64) -> ClaimantPlan.Bank {
        let sort = String(format6(rng.int(0...999_999)))
        let account = String(rng.int(10_000_000...99_999_999))
        let initial = given.first.map(String.init) ?? ""
        // The estate sends at most 18 characters (DESIGN.md 2.1); long names are cut there.
        let name = String("\(initial) \(family)".prefix(18))
        return .init(sortCode: sort, accountNumber: account, accountName: name)
    }

    private func format6(_ n: Int) -> String {
        let text = String(n)
        return String(repeating: "0", count: 6 - text.count) + text
    }

    private func makeAward(
        slot: Int, benefit: Benefit, nino: NINO, notBefore: CalendarDate,
        death: (date: CalendarDate, at: Int64)?, rng: inout SplitMix64
    ) -> ClaimantPlan.Award {
        let asOf = settings.asOf
        let (frequency, payday) = Self.payPattern(benefit, nino: nino, rng: &rng)
        var start = notBefore
        if rng.chance(settings.newClaimRate) { start = asOf.adding(days: rng.int(1...28)) }
        let firstDueDate = Self.align(start, to: payday, frequency: frequency)
        let startedAt = min(
            asOfEnd - Int64(rng.int(0...86_400)),
            Clock.seconds(firstDueDate.adding(days: -rng.int(7...28))) + Clock.officeHours(&rng))
        let endDate: CalendarDate? = benefit == .jobseekersAllowance ? firstDueDate.adding(days: 182) : nil
        var award = ClaimantPlan.Award(
            slot: slot, awardID: try! AwardID("\(benefit.code)-\(nino.value)-\(slot)"), benefit: benefit,
            frequency: frequency, firstDueDate: firstDueDate, amount: Self.rate(benefit, rng: &rng),
            endDate: endDate, startedAt: startedAt)

        // April upratings: the estate announces each in early March, effective from the first
        // due date on or after 6 April, and sends the new per-payment amount.
        var amount = award.amount
        for year in stride(from: firstDueDate.year, through: asOf.year + 1, by: 1) {
            let sixth = try! CalendarDate(year: year, month: 4, day: 6)
            let announcedAt = Clock.seconds(try! CalendarDate(year: year, month: 3, day: rng.int(1...14))) + Clock.officeHours(&rng)
            guard announcedAt <= asOfEnd, firstDueDate < sixth,
                  let effective = NominalDueDates.dates(firstDueDate: firstDueDate, frequency: frequency,
                                                        in: sixth...sixth.adding(days: 40)).first else { continue }
            amount = amount + amount * Int64(settings.aprilUpratingBasisPoints) / 10_000
            award.rateChanges.append((effective, amount, announcedAt))
        }

        if rng.chance(settings.suspensionRate) {
            let from = max(firstDueDate, asOf.adding(days: -rng.int(-14...120)))
            let at = Clock.seconds(from.adding(days: -rng.int(2...10))) + Clock.officeHours(&rng)
            if at <= asOfEnd, at > startedAt {
                award.suspension = (from, at)
                if rng.chance(0.5) {
                    let resume = from.adding(days: rng.int(14...70))
                    let resumedAt = Clock.seconds(resume.adding(days: -2)) + Clock.officeHours(&rng)
                    if resumedAt <= asOfEnd { award.resumption = (resume, resumedAt) }
                }
            }
        }

        if benefit == .universalCredit, rng.chance(settings.universalCreditDeductionRate) {
            let from = max(firstDueDate, asOf.adding(days: -rng.int(0...180)))
            let to: CalendarDate? = rng.chance(0.5) ? from.adding(days: rng.int(90...365)) : nil
            let at = max(startedAt + 60, Clock.seconds(from.adding(days: -rng.int(3...14))) + Clock.officeHours(&rng))
            let first = Int64(rng.int(5...60)) * 100
            award.deductions.append(.init(id: "D1", amount: first, from: from, to: to, at: min(at, asOfEnd)))
            if rng.chance(0.2) {
                // A later DeductionSet with the same id replaces the first (DESIGN.md 2.1).
                let revisedAt = min(asOfEnd, award.deductions[0].at + Int64(rng.int(86_400...(30 * 86_400))))
                award.deductions.append(.init(id: "D1", amount: first / 2, from: from, to: to, at: revisedAt))
            }
        }

        if let death, death.date >= firstDueDate {
            let lastDue = NominalDueDates.dates(firstDueDate: firstDueDate, frequency: frequency,
                                                in: death.date.adding(days: -35)...death.date).last
            let at = death.at + Int64(rng.int(1...5)) * 86_400
            if let lastDue, at <= asOfEnd, rng.chance(0.5) { award.ending = (lastDue, at) }
        }
        return award
    }

    /// Frequency and payday of each benefit (DOMAIN.md 6). Weekday 0 is Monday.
    static func payPattern(_ benefit: Benefit, nino: NINO, rng: inout SplitMix64) -> (Frequency, Payday) {
        let fromNINO = Payday.weekday(nino.digits % 100 / 20)
        switch benefit {
        case .statePension, .pensionCredit: return (.fourWeekly, fromNINO)
        case .universalCredit: return (.monthly, .dayOfMonth(rng.chance(0.04) ? rng.int(29...31) : rng.int(1...28)))
        case .personalIndependencePayment, .attendanceAllowance, .disabilityLivingAllowance:
            return (.fourWeekly, .weekday(rng.int(0...4)))
        case .employmentAndSupportAllowance, .jobseekersAllowance, .incomeSupport: return (.fortnightly, fromNINO)
        case .carersAllowance: return (.weekly, .weekday(rng.int(0...4)))
        }
    }

    enum Payday {
        case weekday(Int)
        case dayOfMonth(Int)
    }

    /// The first date on or after `date` that falls on the payday.
    static func align(_ date: CalendarDate, to payday: Payday, frequency: Frequency) -> CalendarDate {
        switch payday {
        case .weekday(let target):
            let offset = (target - (date.weekday.rawValue - 1) + 7) % 7
            return date.adding(days: offset)
        case .dayOfMonth(let day):
            let thisMonth = CalendarDate.clamped(year: date.year, month: date.month, day: day)
            return thisMonth >= date ? thisMonth : date.addingMonths(1, anchorDay: day)
        }
    }

    /// Per-payment rates, 2026/27 figures of DOMAIN.md 6, in pence.
    static func rate(_ benefit: Benefit, rng: inout SplitMix64) -> Int64 {
        switch benefit {
        case .statePension: return rng.chance(0.7) ? 4 * 24_130 : 4 * 18_490
        case .pensionCredit: return 4 * Int64(rng.int(25...238)) * 100
        case .universalCredit: return 42_490 + Int64(rng.int(0...600)) * 100
        case .personalIndependencePayment:
            return 4 * (rng.pick([7_670, 11_460]) + rng.pick([0, 3_030, 8_000]))
        case .attendanceAllowance: return 4 * rng.pick([7_670, 11_460])
        case .disabilityLivingAllowance: return 4 * (rng.pick([3_030, 7_670, 11_460]) + rng.pick([0, 3_030, 8_000]))
        case .employmentAndSupportAllowance, .jobseekersAllowance, .incomeSupport: return 2 * rng.pick([9_205, 14_050])
        case .carersAllowance: return 8_645
        }
    }
}
