import Entitlements

/// `report.md` of a run folder (DESIGN.md 2.3): totals by payment date and by benefit, the
/// exclusions by reason, late payments, and whether modulus checks were applied (DOMAIN.md 1).
/// Built from the manifest alone, so it always agrees with it.
public enum RunReport {
    /// Columns of figures, right-aligned.
    static let numericColumns: Set<String> = ["payments", "amount", "files"]

    public static func markdown(_ manifest: RunManifest) -> String {
        var lines: [String] = []
        func table(_ header: [String], _ rows: [[String]]) {
            lines.append("| " + header.joined(separator: " | ") + " |")
            lines.append("|" + header.map { numericColumns.contains($0) ? " ---: |" : " --- |" }.joined())
            for row in rows { lines.append("| " + row.joined(separator: " | ") + " |") }
            lines.append("")
        }
        let figures = manifest.figures

        lines.append("# Backstop run \(manifest.runID)")
        lines.append("")
        var facts = ["Files created \(manifest.creationDate)."]
        if let window = manifest.window { facts.append("Payment dates \(window.from) to \(window.to).") }
        lines.append(facts.joined(separator: " "))
        lines.append("")

        lines.append("## Totals")
        lines.append("")
        table(["", "payments", "amount"], [
            ["due", "\(figures.due.count)", figures.due.pence.formatted],
            ["paid", "\(figures.paid.count)", figures.paid.pence.formatted],
            ["excluded", "\(figures.totalExcluded.count)", figures.totalExcluded.pence.formatted],
            ["of which paid late", "\(figures.late.count)", figures.late.pence.formatted],
        ])
        lines.append(figures.reconciliationProblem.map { "**Does not reconcile: \($0).**" }
                     ?? "Reconciles: due = paid + excluded, in count and in pence.")
        lines.append("")

        lines.append("## Paid by payment date")
        lines.append("")
        let dates = Set(manifest.files.map(\.paymentDate)).sorted()
        table(["payment date", "processing day", "input day", "files", "payments", "amount"], dates.map { date in
            let files = manifest.files.filter { $0.paymentDate == date }
            return [date.description, files[0].processingDay.description, files[0].inputDay.description,
                    "\(files.count)", "\(files.reduce(0) { $0 + $1.count })", files.map(\.totalPence).sum().formatted]
        })

        lines.append("## Paid by benefit")
        lines.append("")
        table(["benefit", "payments", "amount"], manifest.paidByBenefit.map { ["\($0.benefit)", "\($0.count)", $0.totalPence.formatted] })

        lines.append("## Exclusions by reason")
        lines.append("")
        table(["reason", "payments", "amount"], ExclusionReason.allCases.map { reason in
            let tally = figures.excluded[reason] ?? .zero
            return [reason.rawValue, "\(tally.count)", tally.pence.formatted]
        })

        lines.append("## Late payments")
        lines.append("")
        if manifest.latePayments.isEmpty {
            lines.append("None: every payment is paid on the payment date it was scheduled for.")
            lines.append("")
        } else {
            let late = figures.late
            lines.append("\(late.count) payments of \(late.pence.formatted) could no longer reach their scheduled payment date when the run was created on \(manifest.creationDate). They are paid, with the same amounts and payment ids, on the run's earliest payment date instead.")
            lines.append("")
            table(["scheduled payment date", "paid on", "working days late", "payments", "amount"], manifest.latePayments.map {
                [$0.scheduledPaymentDate.description, $0.paymentDate.description, "\($0.workingDaysLate)", "\($0.count)", $0.totalPence.formatted]
            })
        }

        lines.append("## Bank details checks")
        lines.append("")
        lines.append(manifest.modulusChecksApplied
            ? "Sort codes and account numbers were modulus checked with the operator-supplied Vocalink tables."
            : "Modulus checks were not applied: no Vocalink tables (valacdos.txt, scsubtab.txt) were configured, so bank details had format checks only (DOMAIN.md 1).")
        lines.append("")

        lines.append("## Files")
        lines.append("")
        table(["file", "serial", "payment date", "payments", "amount", "sha256"], manifest.files.map {
            [$0.file, $0.serial.value, $0.paymentDate.description, "\($0.count)", $0.totalPence.formatted, "`\($0.sha256)`"]
        })
        return lines.joined(separator: "\n")
    }
}
